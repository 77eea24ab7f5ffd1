import { type Command, ExitCode } from "../Command.ts"
import { parseArgs } from "../flags.ts"
import { planEntry } from "../provisioning/entries.ts"
import { loadDeployment } from "../provisioning/loadDeployment.ts"

/** `personalize-ops plan <config> [--json]` */
export const plan: Command = {
  path: ["plan"],
  usage: "plan <config> [--json]",
  summary: "the steps apply would take for the config (create/update/adopt/wait/no-op/drift) against the current state",
  run: async (args, io) => {
    const parsed = parseArgs(args, { switches: ["json"] })
    const path = typeof parsed === "string" ? undefined : parsed.positionals[0]
    if (typeof parsed === "string" || path === undefined || parsed.positionals.length > 1) {
      io.stderr(
        `personalize-ops plan: ${typeof parsed === "string" ? parsed : "expected exactly one config path"}\nusage: personalize-ops ${plan.usage}\n`
      )
      return ExitCode.Usage
    }
    const loaded = await loadDeployment("plan", path, io)
    if ("exit" in loaded) return loaded.exit
    return planEntry(loaded.deployment, { json: parsed.switches.has("json") }, io)
  }
}
