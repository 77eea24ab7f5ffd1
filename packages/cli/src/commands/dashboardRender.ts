import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { handler, optionalFlag, optionalText, switchFlag } from "../Command.ts"

/** `personalize-ops dashboard render --campaigns <campaigns.json> [--solutions <solutions.json> [--at <iso>]] [--prices <prices.json>] [--json] [--name <dashboard>] [--home-region <region>]` */
export const dashboardRender = Command.make("render", {
  campaigns: Flag.String("campaigns").pipe(
    Flag.withMetavar("campaigns.json"),
    Flag.withDescription("the campaigns and recommenders to monitor")
  ),
  json: switchFlag("json", "print the dashboard bodies as JSON"),
  name: Flag.String("name").pipe(optionalFlag, Flag.withDescription("the dashboard's name (1–255 of A-Z a-z 0-9 - _)")),
  homeRegion: Flag.String("home-region").pipe(
    Flag.withDefault("us-east-1"),
    Flag.withDescription("the monitor's region (metrics of other regions are labelled)")
  ),
  solutions: optionalText(
    "solutions",
    "solutions.json",
    "solutions and their newest version, for the retraining-freshness table the Lambda adds"
  ),
  at: optionalText("at", "iso time", "with --solutions: count each version's age (hours) from this time"),
  prices: optionalText(
    "prices",
    "prices.json",
    "a price table: each section also charts the estimated cost per hour (as with PriceTable)"
  )
}).pipe(
  Command.withDescription(
    "render the monitoring dashboards (bodies exactly as PutDashboard receives them) for campaigns.json"
  ),
  Command.withHandler(
    handler("dashboard render", async ({ campaigns, json, name, homeRegion, solutions, at, prices }, io) => {
      const { runDashboardRender } = await import("../monitoring/dashboardRender.ts")
      return runDashboardRender(
        {
          campaigns,
          json,
          name,
          homeRegion,
          solutions,
          at,
          prices
        },
        io
      )
    })
  )
)
