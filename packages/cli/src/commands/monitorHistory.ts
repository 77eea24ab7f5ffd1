import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import { handler, optionalText, switchFlag } from "../Command.ts"

/** `personalize-ops monitor history <arn> [--state FILE | --event-table T] [--json]` */
export const monitorHistory = Command.make("history", {
  arn: Argument.String("arn").pipe(Argument.withDescription("a campaign or recommender ARN")),
  state: optionalText("state", "file", "the state file holding the event store (default .personalize-ops/state.db)"),
  eventTable: optionalText(
    "event-table",
    "dynamodb table",
    "the deployed monitor's event store table (EVENT_STORE_TABLE; AWS credentials from the environment)"
  ),
  json: switchFlag("json", "print the entries (time, summary, reason, the stored event) as JSON")
}).pipe(
  Command.withDescription(
    "the monitor's decisions for one campaign or recommender, with their reasons, from the event store"
  ),
  Command.withHandler(
    handler("monitor history", async ({ arn, state, eventTable, json }, io) => {
      const { runMonitorHistory } = await import("../monitoring/history.ts")
      return runMonitorHistory(
        {
          arn,
          state: state,
          eventTable: eventTable,
          json
        },
        io
      )
    })
  )
)
