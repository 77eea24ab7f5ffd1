import { type Command, ExitCode } from "./Command.ts"
import { commands as allCommands } from "./commands/index.ts"
import type { CliIo } from "./Io.ts"

const helpText = (commands: ReadonlyArray<Command>) =>
  [
    "personalize-ops — run Amazon Personalize in production and watch AWS Batch jobs",
    "",
    "Usage:",
    ...commands.map((c) => `  personalize-ops ${c.usage}\n      ${c.summary}`),
    ""
  ].join("\n")

/** Picks the command whose words are the longest prefix of argv and runs it. */
export const runCli = async (
  argv: ReadonlyArray<string>,
  io: CliIo,
  commands: ReadonlyArray<Command> = allCommands
): Promise<number> => {
  if (argv.length === 0 || argv[0] === "help" || argv[0] === "--help" || argv[0] === "-h") {
    io.stdout(helpText(commands))
    return argv.length === 0 ? ExitCode.Usage : ExitCode.Ok
  }
  const matches = commands
    .filter((c) => c.path.every((word, i) => argv[i] === word))
    .sort((a, b) => b.path.length - a.path.length)
  const command = matches[0]
  if (command === undefined) {
    io.stderr(`personalize-ops: unknown command '${argv.join(" ")}'\n\n${helpText(commands)}`)
    return ExitCode.Usage
  }
  try {
    return await command.run(argv.slice(command.path.length), io)
  } catch (error) {
    io.stderr(`personalize-ops ${command.path.join(" ")}: ${error instanceof Error ? error.message : String(error)}\n`)
    return ExitCode.Usage
  }
}
