import type { Config } from "@personalize-ops/core"
import type { CliIo } from "./Io.ts"

/** A config file read and decoded, or why not: `usage` for I/O and JSON syntax (exit 2), `invalid` for content (exit 1). */
export type ConfigFileResult =
  | { readonly _tag: "Valid"; readonly format: Config.ConfigFormat; readonly deployment: Config.Deployment }
  | {
      readonly _tag: "Invalid"
      readonly format: Config.ConfigFormat | "unknown"
      readonly issues: ReadonlyArray<Config.ConfigIssue>
    }
  | { readonly _tag: "Unreadable"; readonly message: string }

/** Reads a JSON config file and decodes it (any of the three formats). */
export const readConfigFile = async (path: string, _io: CliIo): Promise<ConfigFileResult> => ({
  _tag: "Unreadable",
  message: `${path}: reading config files is not built yet`
})
