import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { handler, optionalFlag, optionalText, switchFlag } from "../Command.ts"

/** The twin's fault profiles (`faultProfiles` of adapters-memory; a test keeps the two equal). */
export const faultChoices = ["none", "light", "heavy"] as const
/** The twin's seed and fault rate, as every command that runs a twin takes them. */
export const twinSeedFlag = Flag.Int("seed").pipe(
  Flag.withDefault(1),
  Flag.withDescription("the twin's seed: the same seed, the same run")
)
export const twinFaultsFlag = Flag.Literals("faults", faultChoices).pipe(
  Flag.withDefault("none"),
  Flag.withDescription("how often the twin injects failures")
)

/** `personalize-ops simulate <config> [--days N] [--seed N] [--faults none|light|heavy] [--json] [--report out.html]` */
export const simulate = Command.make("simulate", {
  config: Argument.String("config").pipe(Argument.withDescription("the config file (any of the three formats)")),
  days: Flag.Int("days").pipe(
    Flag.filter(
      (days) => days >= 1 && days <= 3660,
      (days) => `--days must be an integer from 1 to 3660, got ${days}`
    ),
    optionalFlag,
    Flag.withDescription("after provisioning, run every maintenance schedule for N days of virtual time")
  ),
  seed: twinSeedFlag,
  faults: twinFaultsFlag,
  json: switchFlag("json", "print the timeline and resources (and the maintenance runs) as JSON"),
  report: optionalText(
    "report",
    "file.html",
    "also write a self-contained HTML report: the steps as a Gantt chart, the failures, with --days the runs and metrics"
  )
}).pipe(
  Command.withDescription(
    "provision the config on the in-memory Personalize twin under virtual time; timeline and final resources; --days N then runs every schedule for N days"
  ),
  Command.withHandler(
    handler("simulate", async ({ config, days, seed, faults, json, report }, io) => {
      const [{ loadDeployment }, { simulateEntry }] = await Promise.all([
        import("../provisioning/loadDeployment.ts"),
        import("../provisioning/entries.ts")
      ])
      const loaded = await loadDeployment("simulate", config, io)
      if ("exit" in loaded) return loaded.exit
      return simulateEntry(
        loaded.deployment,
        {
          seed,
          faults,
          json,
          ...(days === undefined ? {} : { days }),
          ...(report === undefined ? {} : { report })
        },
        io
      )
    })
  )
)
