import * as Command from "effect/cli/Command"
import { handler } from "../Command.ts"
import { targetFlags } from "./targetFlags.ts"

/** `personalize-ops plan <config> [--target memory|aws] [--state FILE] [--event-table T] [--json]` */
export const plan = Command.make("plan", targetFlags("print the plan as JSON: {steps:[{action,kind,name,…}]}")).pipe(
  Command.withDescription(
    "the steps apply would take for the config (create/update/adopt/wait/drift) against the target's state (memory: .personalize-ops/state.db)"
  ),
  Command.withHandler(
    handler("plan", async (input, io) => {
      const [{ targetRequest }, { planEntry }] = await Promise.all([
        import("../provisioning/targetCommand.ts"),
        import("../provisioning/planEntry.ts")
      ])
      const request = await targetRequest("plan", input, io)
      if ("exit" in request) return request.exit
      return planEntry(request.deployment, request, io)
    })
  )
)
