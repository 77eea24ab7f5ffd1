import * as Command from "effect/cli/Command"
import { handler, switchFlag } from "../Command.ts"
import { targetFlags } from "./targetFlags.ts"

/** `personalize-ops apply <config> [--target memory|aws] [--state FILE] [--event-table T] [--json]` */
export const apply = Command.make("apply", {
  ...targetFlags("print the outcome per step as one JSON document"),
  quiet: switchFlag("quiet", "no progress on stderr for the resources being waited for")
}).pipe(
  Command.withDescription(
    "provision the config on the memory target's twin (state kept in .personalize-ops/state.db) or on AWS (credentials and region from the environment), a progress line per step"
  ),
  Command.withHandler(
    handler("apply", async (input, io) => {
      const [{ targetRequest }, { applyEntry }] = await Promise.all([
        import("../provisioning/targetCommand.ts"),
        import("../provisioning/applyEntry.ts")
      ])
      const request = await targetRequest("apply", input, io)
      if ("exit" in request) return request.exit
      // On AWS a wait takes minutes to hours: say what is being waited for (the twin's waits are instant).
      const progress = input.quiet || request.target._tag !== "aws" ? "off" : io.stderrIsTerminal ? "live" : "lines"
      return applyEntry(request.deployment, { ...request, progress }, io)
    })
  )
)
