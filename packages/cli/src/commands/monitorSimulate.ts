import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { handler, optionalText, switchFlag } from "../Command.ts"

const file = (name: string, description: string) => optionalText(name, "file", description)

/** `personalize-ops monitor simulate --campaigns FILE --traffic PROFILE --days N [--settings F] [--prices F] [--state F] [--json]` */
export const monitorSimulate = Command.make("simulate", {
  campaigns: Flag.String("campaigns").pipe(
    Flag.withMetavar("campaigns.json"),
    Flag.withDescription("the campaigns and recommenders (as for dashboard render; minProvisionedTPS default 1)")
  ),
  traffic: Flag.String("traffic").pipe(
    Flag.withMetavar("profile"),
    Flag.withDescription(
      "requests/second: constant:R, step:BEFORE:AFTER:AT (AT like 2d, 36h), daily:PEAK:TROUGH, each with optional ~NOISE; or a .json of { arn|name|*: spec }"
    )
  ),
  days: Flag.Int("days").pipe(
    Flag.filter(
      (days) => days >= 1 && days <= 90,
      (days) => `--days must be an integer from 1 to 90, got ${days}`
    ),
    Flag.withDescription("how many days of virtual time to replay")
  ),
  settings: file(
    "settings",
    'the monitor\'s parameters to try, by their deploy names ({ "AutoAdjustMinTPS": "Yes", … })'
  ),
  prices: file("prices", "a price table per region (see examples/monitoring/prices.json) for costs in money"),
  state: file("state", "also record the decisions in this state file (read them with monitor history --state)"),
  seed: Flag.Int("seed").pipe(
    Flag.withDefault(1),
    Flag.withDescription("seed of the ~NOISE: the same seed, the same run")
  ),
  json: switchFlag("json", "print the decisions, per-resource costs and totals as JSON")
}).pipe(
  Command.withDescription(
    "replay the monitor's step-down and idle policies over a traffic profile in virtual time; prints the decisions and what they save"
  ),
  Command.withHandler(
    handler("monitor simulate", async (input, io) => {
      const { runMonitorSimulate } = await import("../monitoring/simulate.ts")
      return runMonitorSimulate(input, io)
    })
  )
)
