import type { Config } from "@personalize-ops/core"
import { ExitCode } from "../Command.ts"
import { readConfigFile } from "../configFile.ts"
import type { CliIo } from "../Io.ts"

/** Reads and decodes a config file, or prints why not and returns the exit code. */
export const loadDeployment = async (
  command: string,
  path: string,
  io: CliIo
): Promise<{ readonly deployment: Config.Deployment } | { readonly exit: number }> => {
  const result = await readConfigFile(path, io)
  switch (result._tag) {
    case "Valid":
      return { deployment: result.deployment }
    case "Invalid":
      io.stderr(
        `personalize-ops ${command}: ${path} is not a valid config:\n${result.issues.map((i) => `  ${i.path || "(root)"}: ${i.message}`).join("\n")}\n`
      )
      return { exit: ExitCode.Invalid }
    case "Unreadable":
      io.stderr(`personalize-ops ${command}: ${result.message}\n`)
      return { exit: ExitCode.Usage }
  }
}
