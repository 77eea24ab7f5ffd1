import { type Command, ExitCode } from "../Command.ts"
import { parseArgs } from "../flags.ts"
import { applyEntry } from "../provisioning/entries.ts"
import { loadDeployment } from "../provisioning/loadDeployment.ts"

/** `personalize-ops apply <config> [--target memory|aws] [--event-table <table>]` */
export const apply: Command = {
  path: ["apply"],
  usage: "apply <config> [--target memory|aws] [--event-table <dynamodb table>]",
  summary:
    "provision the config on the in-memory twin or on AWS (credentials and region from the environment), a progress line per step",
  run: async (args, io) => {
    const parsed = parseArgs(args, { values: ["target", "event-table"] })
    const problem =
      typeof parsed === "string"
        ? parsed
        : parsed.positionals.length !== 1
          ? "expected exactly one config path"
          : !["memory", "aws"].includes(parsed.values.get("target") ?? "memory")
            ? "--target must be memory or aws"
            : parsed.values.has("event-table") && parsed.values.get("target") !== "aws"
              ? "--event-table <table> goes with --target aws"
              : undefined
    if (problem !== undefined || typeof parsed === "string") {
      io.stderr(`personalize-ops apply: ${problem}\nusage: personalize-ops ${apply.usage}\n`)
      return ExitCode.Usage
    }
    const path = parsed.positionals[0] as string
    const target = parsed.values.get("target") === "aws" ? "aws" : "memory"
    const eventTable = parsed.values.get("event-table")
    const loaded = await loadDeployment("apply", path, io)
    if ("exit" in loaded) return loaded.exit
    return applyEntry(loaded.deployment, { target, ...(typeof eventTable === "string" ? { eventTable } : {}) }, io)
  }
}
