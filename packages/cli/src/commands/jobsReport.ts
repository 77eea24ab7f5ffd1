import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { handler, switchFlag } from "../Command.ts"

/** `personalize-ops jobs report [--rules rules.json] [--json] < events.ndjson` */
export const jobsReport = Command.make("report", {
  rules: Flag.String("rules").pipe(
    Flag.optional,
    Flag.withMetavar("rules.json"),
    Flag.withDescription("classification rules (task types, ids, stuck thresholds)")
  ),
  json: switchFlag("json", "print { jobs, stats, rejected } as JSON")
}).pipe(
  Command.withDescription(
    "ingest AWS Batch Job State Change events (one per line on stdin) and print every job's history and the stats"
  ),
  Command.withHandler(
    handler("jobs report", async ({ rules, json }, io) => {
      const { runJobsReport } = await import("../jobs/report.ts")
      return runJobsReport({ rules: rules._tag === "Some" ? rules.value : undefined, json }, io)
    })
  )
)
