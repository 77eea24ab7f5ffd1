import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { handler, optionalFlag, optionalText, switchFlag } from "../Command.ts"

/** `personalize-ops jobs serve [--port 8080] [--host 127.0.0.1] [--rules rules.json] [--demo | --events FILE | --table NAME]` */
export const jobsServe = Command.make("serve", {
  port: Flag.Int("port").pipe(
    Flag.filter(
      (port) => port >= 0 && port <= 65535,
      (port) => `--port must be a port number (0–65535), got ${port}`
    ),
    Flag.withDefault(8080),
    Flag.withDescription("the port to listen on (0: any free one)")
  ),
  host: Flag.String("host").pipe(optionalFlag, Flag.withDescription("the address to listen on (default 127.0.0.1)")),
  rules: optionalText("rules", "rules.json", "classification rules (task types, ids, stuck thresholds)"),
  demo: switchFlag("demo", "fill the store with 250 generated jobs"),
  events: optionalText(
    "events",
    "events.ndjson",
    "fill the store with these EventBridge Batch Job State Change events (one JSON per line)"
  ),
  table: optionalText(
    "table",
    "NAME",
    "serve the deployed DynamoDB read model table NAME (read-only; AWS credentials from the environment)"
  )
}).pipe(
  Command.withDescription(
    "serve the jobs dashboard locally: on the in-memory store (--demo: generated jobs, --events FILE: your events) or on a deployed read model (--table NAME)"
  ),
  Command.withHandler(
    handler("jobs serve", async ({ port, host, rules, demo, events, table }, io) => {
      const { serveJobs } = await import("../jobs/server.ts")
      return serveJobs(
        {
          port,
          host: host,
          rules: rules,
          demo,
          events: events,
          table: table
        },
        io
      )
    })
  )
)
