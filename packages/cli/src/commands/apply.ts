import { type Command, ExitCode } from "../Command.ts"
import { parseArgs } from "../provisioning/args.ts"
import { applyEntry } from "../provisioning/entries.ts"
import { loadDeployment } from "../provisioning/loadDeployment.ts"

/** `personalize-ops apply <config> [--target memory|aws] [--event-table <table>]` */
export const apply: Command = {
  path: ["apply"],
  usage: "apply <config> [--target memory|aws] [--event-table <dynamodb table>]",
  summary:
    "provision the config on the in-memory twin or on AWS (credentials and region from the environment), a progress line per step",
  run: async (args, io) => {
    const { positionals, flags, error } = parseArgs(args, [])
    const path = positionals[0]
    const target = flags.get("target") ?? "memory"
    const eventTable = flags.get("event-table")
    if (
      error !== undefined ||
      path === undefined ||
      positionals.length > 1 ||
      (target !== "memory" && target !== "aws") ||
      eventTable === true ||
      (eventTable !== undefined && target !== "aws")
    ) {
      io.stderr(
        `personalize-ops apply: ${error ?? (path === undefined || positionals.length > 1 ? "expected exactly one config path" : target !== "memory" && target !== "aws" ? "--target must be memory or aws" : "--event-table <table> goes with --target aws")}\nusage: personalize-ops ${apply.usage}\n`
      )
      return ExitCode.Usage
    }
    const loaded = await loadDeployment("apply", path, io)
    if ("exit" in loaded) return loaded.exit
    return applyEntry(loaded.deployment, { target, ...(typeof eventTable === "string" ? { eventTable } : {}) }, io)
  }
}
