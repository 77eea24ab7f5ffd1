import * as Command from "effect/cli/Command"
import { ExitCode, handler } from "../Command.ts"

/** `personalize-ops monitor report`: not built yet (the live cost report); says so and what works instead. */
export const monitorReport = Command.make("report", {}).pipe(
  Command.withDescription(
    "per-campaign/recommender cost from live CloudWatch readings (not supported yet: use monitor simulate --prices)"
  ),
  Command.withHandler(
    handler("monitor report", async (_input, io) => {
      io.stderr(
        "personalize-ops monitor report: not supported yet — the live per-resource cost report is not built; " +
          "`monitor simulate --prices FILE` estimates costs and savings offline, and each step-down records its saving (monitor history)\n"
      )
      return ExitCode.Usage
    })
  )
)
