import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import { handler, switchFlag } from "../Command.ts"

/** `personalize-ops plan <config> [--json]` */
export const plan = Command.make("plan", {
  config: Argument.String("config").pipe(Argument.withDescription("the config file (any of the three formats)")),
  json: switchFlag("json", "print the plan as JSON")
}).pipe(
  Command.withDescription(
    "the steps apply would take for the config (create/update/adopt/wait/no-op/drift) against the current state"
  ),
  Command.withHandler(
    handler("plan", async ({ config, json }, io) => {
      const [{ loadDeployment }, { planEntry }] = await Promise.all([
        import("../provisioning/loadDeployment.ts"),
        import("../provisioning/entries.ts")
      ])
      const loaded = await loadDeployment("plan", config, io)
      if ("exit" in loaded) return loaded.exit
      return planEntry(loaded.deployment, { json }, io)
    })
  )
)
