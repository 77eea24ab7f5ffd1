import { readFileSync } from "node:fs"
import { format } from "node:util"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as CliConfig from "effect/cli/CliConfig"
import * as CliOutput from "effect/cli/CliOutput"
import * as Command from "effect/cli/Command"
import * as GlobalFlag from "effect/cli/GlobalFlag"
import * as TerminalCapabilities from "effect/cli/TerminalCapabilities"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Path from "effect/Path"
import * as ChildProcessSpawner from "effect/process/ChildProcessSpawner"
import * as Stdio from "effect/Stdio"
import * as Terminal from "effect/Terminal"
import { CommandIo, ExitCode } from "./Command.ts"
import { commands } from "./commands/index.ts"
import type { CliIo } from "./Io.ts"

/** The package's version (`personalize-ops --version`), from its package.json (beside src/ and dist/). */
export const version: string = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version

/** The whole command tree. */
export const cli = Command.make("personalize-ops").pipe(
  Command.withDescription("run Amazon Personalize in production and watch AWS Batch jobs"),
  Command.withSubcommands(commands)
)

const unused = (what: string) => Effect.die(`personalize-ops: ${what} is not used by the CLI`)

// What effect/cli asks of the platform. The commands read and write through CliIo instead, so these
// are inert: no file arguments (paths are strings the body reads), no prompts, no child processes.
const platform = Layer.mergeAll(
  FileSystem.layerNoop({}),
  Path.layer,
  Stdio.layerTest({}),
  Layer.succeed(
    Terminal.Terminal,
    Terminal.make({
      columns: Effect.sync(() => process.stdout.columns ?? 100),
      rows: Effect.sync(() => process.stdout.rows ?? 24),
      size: unused("terminal size"),
      readInput: unused("terminal input"),
      readLine: unused("terminal input"),
      display: () => Effect.void
    })
  ),
  Layer.succeed(
    ChildProcessSpawner.ChildProcessSpawner,
    ChildProcessSpawner.make(() => unused("a child process"))
  ),
  // --help, --version, --completions (no --wizard: prompts are not for scripts; no --log-level: nothing logs)
  CliConfig.layer({ builtIns: [GlobalFlag.Help, GlobalFlag.Version, GlobalFlag.Completions] })
)

/** Help to stdout (`--help`, exit 0); a usage error to stderr, then the command's help (exit 2). */
const presenter = (io: CliIo, usage: () => void) => {
  const formatter = CliOutput.defaultFormatter({ colors: false })
  return CliOutput.layerPresenter({
    present: (event) =>
      Effect.sync(() => {
        switch (event._tag) {
          case "Help":
            if (event.reason === "Implicit") usage()
            return (event.reason === "Implicit" ? io.stderr : io.stdout)(`${formatter.formatHelpDoc(event.helpDoc)}\n`)
          case "InvalidInvocation":
            usage()
            io.stderr(`${formatter.formatErrors(event.errors)}\n\n${formatter.formatHelpDoc(event.helpDoc)}\n`)
            return
          case "Version":
            return io.stdout(`${event.version}\n`)
        }
      })
  })
}

/** `Console` on the Io (the completion scripts are printed with Console.log). */
const consoleOn = (io: CliIo): Console.Console => ({
  ...globalThis.console,
  log: (...args) => io.stdout(`${format(...args)}\n`),
  info: (...args) => io.stdout(`${format(...args)}\n`),
  error: (...args) => io.stderr(`${format(...args)}\n`),
  warn: (...args) => io.stderr(`${format(...args)}\n`)
})

/** Runs `personalize-ops <argv…>` against `io`; resolves to the exit code (0 ok, 1 findings, 2 usage / I/O). */
export const runCli = async (argv: ReadonlyArray<string>, io: CliIo): Promise<number> => {
  let exit: number = ExitCode.Ok
  const setExit = (code: number) => {
    exit = code
  }
  // `personalize-ops help [command…]` is `personalize-ops [command…] --help`
  const args = argv[0] === "help" ? [...argv.slice(1), "--help"] : argv
  const program = Command.runWith(cli, { version })(args).pipe(
    Effect.provideService(CommandIo, { io, exit: setExit }),
    Effect.provideService(Console.Console, consoleOn(io)),
    Effect.provideService(TerminalCapabilities.TerminalCapabilities, {
      canColor: false,
      canAnimate: false,
      canPrompt: false
    }),
    Effect.provide(
      Layer.merge(
        platform,
        presenter(io, () => setExit(ExitCode.Usage))
      )
    )
  )
  const result = await Effect.runPromiseExit(program)
  if (result._tag === "Failure") {
    // A usage error was presented above (and set exit 2); anything else is a bug worth its message.
    if (exit === ExitCode.Ok) {
      io.stderr(`personalize-ops: ${Cause.pretty(result.cause)}\n`)
      exit = ExitCode.Usage
    }
  }
  return exit
}
