import * as Command from "effect/cli/Command"
import { handler, optionalText, switchFlag } from "../Command.ts"

/** `personalize-ops events map [--rules rules.json] [--json] < events.ndjson` */
export const eventsMap = Command.make("map", {
  rules: optionalText("rules", "rules.json", "mapping rules (default: the built-in Segment mapping)"),
  json: switchFlag("json", "print { requests, skipped, invalid, droppedProperties } as JSON")
}).pipe(
  Command.withDescription(
    "map Segment events (NDJSON on stdin) to the batched PutEvents requests the ingestion handler would send"
  ),
  Command.withHandler(
    handler("events map", async ({ rules, json }, io) => {
      const { runEventsMap } = await import("../ingestion/eventsMap.ts")
      return runEventsMap({ rules: rules, json }, io)
    })
  )
)
