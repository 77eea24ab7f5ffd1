import { describe, expect, it } from "vitest"
import { fold } from "../../src/kernel/index.ts"
import {
  type MaintenanceEvent,
  maintenanceDecider,
  OutcomeNotAllowed,
  RunFailed,
  RunSkipped,
  RunStarted,
  RunSucceeded,
  runRecordOf,
  UnknownRun,
  VersionKept,
  VersionPromoted
} from "../../src/maintenance/index.ts"
import { deciderSpec } from "../../testing/index.ts"

const spec = deciderSpec(maintenanceDecider)
const t0 = Date.parse("2026-11-29T02:00:00Z")
const started = RunStarted.make({ runId: "r1", task: "full", target: "ranking", at: t0, mode: "FULL" })
const metrics = { normalized_discounted_cumulative_gain_at_25: 0.31 }
const promoted = VersionPromoted.make({
  runId: "r1",
  task: "full",
  target: "ranking",
  at: t0 + 3_600_000,
  versionArn: "arn:aws:personalize:us-east-1:000000000000:solution/ranking/v2",
  reason: "no version is serving yet",
  metrics
})

describe("maintenance runs (decider)", () => {
  it("a run starts, then ends in one outcome", () => {
    spec
      .given([])
      .when({ _tag: "StartRun", runId: "r1", task: "full", target: "ranking", at: t0, mode: "FULL" })
      .then([started])
    const state = spec.given([started]).when({ _tag: "EndRun", event: promoted }).then([promoted])
    expect(state.serving).toEqual({ versionArn: promoted.versionArn, metrics })
    expect(state.running).toBeUndefined()
    expect(state.lastOutcome).toBe("promoted")
  })

  it("a run firing while an earlier one runs is recorded as skipped, and the earlier keeps running", () => {
    const state = spec
      .given([started])
      .when({ _tag: "StartRun", runId: "r2", task: "full", target: "ranking", at: t0 + 60_000 })
      .then([
        RunSkipped.make({
          runId: "r2",
          task: "full",
          target: "ranking",
          at: t0 + 60_000,
          reason: "an earlier run (r1, started 2026-11-29T02:00:00.000Z) is still running"
        })
      ])
    expect(state.running?.runId).toBe("r1")
  })

  it("starting or ending the same run twice does nothing (retried Lambda invocations)", () => {
    spec.given([started]).when({ _tag: "StartRun", runId: "r1", task: "full", target: "ranking", at: t0 }).thenNothing()
    spec.given([started, promoted]).when({ _tag: "EndRun", event: promoted }).thenNothing()
  })

  it("ending a run that is not running is an error naming both", () => {
    spec
      .given([])
      .when({ _tag: "EndRun", event: promoted })
      .thenError(new UnknownRun({ runId: "r1" }))
    const other = RunStarted.make({ runId: "r0", task: "full", target: "ranking", at: t0 })
    spec
      .given([other])
      .when({ _tag: "EndRun", event: promoted })
      .thenError(new UnknownRun({ runId: "r1", running: "r0" }))
  })

  it("only retraining is promoted or kept", () => {
    const imp = RunStarted.make({ runId: "i1", task: "import", target: "users", at: t0 })
    spec
      .given([imp])
      .when({ _tag: "EndRun", event: { ...promoted, runId: "i1" } })
      .thenError(new OutcomeNotAllowed({ runId: "i1", task: "import", outcome: "promoted" }))
  })

  it("a kept version leaves the serving version as it was", () => {
    const second = RunStarted.make({ runId: "r2", task: "update", target: "ranking", at: t0 + 86_400_000 })
    const kept = VersionKept.make({
      runId: "r2",
      task: "update",
      target: "ranking",
      at: t0 + 90_000_000,
      versionArn: "arn:aws:personalize:us-east-1:000000000000:solution/ranking/v3",
      servingVersionArn: promoted.versionArn,
      reason: "normalized_discounted_cumulative_gain_at_25 0.2 < serving 0.31",
      metrics: { normalized_discounted_cumulative_gain_at_25: 0.2 }
    })
    const state = spec.given([started, promoted, second]).when({ _tag: "EndRun", event: kept }).then([kept])
    expect(state.serving?.versionArn).toBe(promoted.versionArn)
    expect(state.lastOutcome).toBe("kept")
  })

  it("imports remember when the last one started and whether it succeeded (the skip rules' input)", () => {
    const events: Array<MaintenanceEvent> = [
      RunStarted.make({ runId: "i1", task: "import", target: "users", at: t0 }),
      RunSucceeded.make({ runId: "i1", task: "import", target: "users", at: t0 + 600_000 }),
      RunStarted.make({ runId: "i2", task: "import", target: "users", at: t0 + 6 * 3_600_000 }),
      RunFailed.make({ runId: "i2", task: "import", target: "users", at: t0 + 6 * 3_600_000 + 1, reason: "boom" })
    ]
    expect(fold(maintenanceDecider, events.slice(0, 2)).lastImport).toEqual({ startedAt: t0, status: "ACTIVE" })
    expect(fold(maintenanceDecider, events).lastImport).toEqual({
      startedAt: t0 + 6 * 3_600_000,
      status: "CREATE FAILED"
    })
  })

  it("a run's record is the simulate --json row", () => {
    expect(runRecordOf(promoted, t0)).toEqual({
      task: "full",
      target: "ranking",
      at: "2026-11-29T02:00:00.000Z",
      outcome: "promoted",
      reason: "no version is serving yet",
      metrics
    })
  })
})
