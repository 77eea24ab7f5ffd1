import * as Command from "effect/cli/Command"
import { handler } from "../Command.ts"
import { targetFlags } from "./targetFlags.ts"

/** `personalize-ops destroy <config> [--target memory|aws] [--state FILE] [--event-table T] [--json]` */
export const destroy = Command.make("destroy", targetFlags("print every resource's final state as JSON")).pipe(
  Command.withDescription(
    "delete the config's resources, children first, waiting as needed; destroying twice is a no-op"
  ),
  Command.withHandler(
    handler("destroy", async (input, io) => {
      const [{ targetRequest }, { destroyEntry }] = await Promise.all([
        import("../provisioning/targetCommand.ts"),
        import("../provisioning/destroyEntry.ts")
      ])
      const request = await targetRequest("destroy", input, io)
      if ("exit" in request) return request.exit
      return destroyEntry(request.deployment, request, io)
    })
  )
)
