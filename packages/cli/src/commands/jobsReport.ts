import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { handler, optionalFlag, optionalText, switchFlag } from "../Command.ts"

const filterFlag = (name: string, metavar: string, description: string) =>
  Flag.String(name).pipe(optionalFlag, Flag.withMetavar(metavar), Flag.withDescription(description))

/** `personalize-ops jobs report [--rules rules.json] [filters] [--json] < events.ndjson` */
export const jobsReport = Command.make("report", {
  rules: optionalText("rules", "rules.json", "classification rules (task types, ids, stuck thresholds)"),
  json: switchFlag("json", "print { jobs, stats, rejected } as JSON"),
  status: filterFlag("status", "S,…", "only jobs in any of these statuses"),
  type: filterFlag("type", "T,…", "only jobs of any of these task types"),
  queue: filterFlag("queue", "Q,…", "only jobs on any of these queues (queue names)"),
  region: filterFlag("region", "R,…", "only jobs in any of these regions"),
  since: filterFlag("since", "time", "only jobs submitted at or after (ISO-8601 or epoch ms)"),
  until: filterFlag("until", "time", "only jobs submitted at or before (ISO-8601 or epoch ms)"),
  search: filterFlag("search", "text", "only jobs whose id or name contains this text (any case), as the page's search")
}).pipe(
  Command.withDescription(
    "ingest AWS Batch Job State Change events (one per line on stdin) and print every job's history and the stats of the jobs listed"
  ),
  Command.withHandler(
    handler("jobs report", async ({ rules, json, ...filterFlags }, io) => {
      const { runJobsReport } = await import("../jobs/report.ts")
      const filters = new Map(
        Object.entries(filterFlags).flatMap(([name, v]) => (v === undefined ? [] : [[name, v] as const]))
      )
      return runJobsReport({ rules: rules, json, filters }, io)
    })
  )
)
