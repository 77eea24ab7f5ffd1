import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { handler, optionalFlag, switchFlag } from "../Command.ts"

const optional = (name: string, metavar: string, description: string) =>
  Flag.String(name).pipe(optionalFlag, Flag.withMetavar(metavar), Flag.withDescription(description))

/** `personalize-ops monitor report --prices FILE --regions R[,R…] [--campaigns …] [--recommenders …] [--hours N] [--json]` */
export const monitorReport = Command.make("report", {
  prices: Flag.String("prices").pipe(
    Flag.withMetavar("file"),
    Flag.withDescription("a price table per region, in monthly tiers (see examples/monitoring/prices.json)")
  ),
  regions: optional(
    "regions",
    "r1,r2",
    "the regions to scan (the monitor's Regions); default AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1"
  ),
  campaigns: optional("campaigns", "all|arn,…", "the campaigns to report (the monitor's CampaignARNs; default all)"),
  recommenders: optional(
    "recommenders",
    "all|arn,…",
    "the recommenders to report (the monitor's RecommenderARNs; default all)"
  ),
  hours: Flag.Int("hours").pipe(
    Flag.withDefault(24),
    Flag.filter(
      (hours) => hours >= 1 && hours <= 24 * 15,
      (hours) => `--hours must be an integer from 1 to 360, got ${hours}`
    ),
    Flag.withDescription("the window read, ending at the last whole five minutes (default 24)")
  ),
  json: switchFlag("json", "print the report (rows, totals, window) as JSON")
}).pipe(
  Command.withDescription(
    "what each campaign and recommender cost over the last hours, from Personalize and CloudWatch (AWS credentials, region and endpoints from the environment) and a price table: billed, unused, a month at that pace"
  ),
  Command.withHandler(
    handler("monitor report", async (input, io) => {
      const { runMonitorReport } = await import("../monitoring/report.ts")
      return runMonitorReport(input, io)
    })
  )
)
