import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { handler, usageError } from "../Command.ts"

/** `personalize-ops apply <config> [--target memory|aws] [--event-table <table>]` */
export const apply = Command.make("apply", {
  config: Argument.String("config").pipe(Argument.withDescription("the config file (any of the three formats)")),
  target: Flag.Literals("target", ["memory", "aws"]).pipe(
    Flag.withDefault("memory"),
    Flag.withDescription("the in-memory twin, or AWS (credentials and region from the environment)")
  ),
  eventTable: Flag.String("event-table").pipe(
    Flag.optional,
    Flag.withMetavar("dynamodb table"),
    Flag.withDescription("with --target aws: keep the provisioning ledger in this DynamoDB table across runs")
  )
}).pipe(
  Command.withDescription(
    "provision the config on the in-memory twin or on AWS (credentials and region from the environment), a progress line per step"
  ),
  Command.withHandler(
    handler("apply", async ({ config, target, eventTable }, io) => {
      if (eventTable._tag === "Some" && target !== "aws")
        return usageError(io, "apply", "--event-table <table> goes with --target aws")
      const [{ loadDeployment }, { applyEntry }] = await Promise.all([
        import("../provisioning/loadDeployment.ts"),
        import("../provisioning/entries.ts")
      ])
      const loaded = await loadDeployment("apply", config, io)
      if ("exit" in loaded) return loaded.exit
      return applyEntry(
        loaded.deployment,
        { target, ...(eventTable._tag === "Some" ? { eventTable: eventTable.value } : {}) },
        io
      )
    })
  )
)
