import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { Kernel, Monitoring } from "../../src/index.ts"

const d = Monitoring.resourceMonitorDecider
const arn = "arn:aws:personalize:us-east-1:123456789012:campaign/shop"
const decision: Monitoring.MinTpsDecision = {
  ARN: arn,
  Utilization: 5,
  AgeHours: 100,
  CurrentMinTPS: 8,
  NewMinTPS: 6,
  MinAverageTPS: 1,
  MaxAverageTPS: 2,
  Datapoints: 300,
  Reason: "r"
}
const idle: Monitoring.IdleDecision = {
  ARN: arn,
  Utilization: 0,
  AgeHours: 100,
  IdleThresholdHours: 24,
  TotalRequestsDuringIdleThresholdHours: 0,
  Reason: "idle"
}
const given = (events: ReadonlyArray<Monitoring.MonitorEvent>) => Kernel.fold(d, events)
const when = (events: ReadonlyArray<Monitoring.MonitorEvent>, command: Monitoring.ResourceMonitorCommand) =>
  d.decide(command, given(events))
const HOUR = 3_600_000

describe("resourceMonitorDecider", () => {
  it("records a step-down at most once per hour", () => {
    const first = when([], { _tag: "RecordStepDown", kind: "campaign", at: HOUR, createdAt: 0, decision })
    assert.strictEqual(Result.getOrThrow(first).length, 1)
    const events = Result.getOrThrow(first)
    assert.deepStrictEqual(
      Result.getOrThrow(
        when(events, { _tag: "RecordStepDown", kind: "campaign", at: HOUR + 5 * 60_000, createdAt: 0, decision })
      ),
      []
    )
    assert.strictEqual(
      Result.getOrThrow(
        when(events, { _tag: "RecordStepDown", kind: "campaign", at: 2 * HOUR, createdAt: 0, decision })
      ).length,
      1
    )
  })

  it("does not step down during a pre-warm, and validates it", () => {
    const warm = Result.getOrThrow(
      when([], {
        _tag: "RequestPreWarm",
        arn,
        kind: "campaign",
        at: 0,
        newMinTPS: 50,
        until: 10 * HOUR,
        reason: "sale"
      })
    )
    assert.deepStrictEqual(
      Result.getOrThrow(when(warm, { _tag: "RecordStepDown", kind: "campaign", at: 5 * HOUR, createdAt: 0, decision })),
      []
    )
    assert.strictEqual(
      Result.getOrThrow(when(warm, { _tag: "RecordStepDown", kind: "campaign", at: 10 * HOUR, createdAt: 0, decision }))
        .length,
      1
    )
    const bad = when([], {
      _tag: "RequestPreWarm",
      arn,
      kind: "campaign",
      at: 0,
      newMinTPS: 0,
      until: HOUR,
      reason: "x"
    })
    assert.isTrue(Result.isFailure(bad))
  })

  it("decides an idle removal once, and starts afresh for a re-created campaign", () => {
    const decided = Result.getOrThrow(
      when([], { _tag: "RecordIdleAction", kind: "campaign", at: HOUR, createdAt: 0, decision: idle })
    )
    assert.strictEqual(decided.length, 1)
    assert.deepStrictEqual(
      Result.getOrThrow(
        when(decided, { _tag: "RecordIdleAction", kind: "campaign", at: 2 * HOUR, createdAt: 0, decision: idle })
      ),
      []
    )
    const removed = [
      ...decided,
      ...Result.getOrThrow(
        when(decided, { _tag: "RecordRemoved", arn, kind: "campaign", at: 2 * HOUR, reason: "idle", alarmsDeleted: 2 })
      )
    ]
    assert.isTrue(given(removed).removed)
    assert.deepStrictEqual(
      Result.getOrThrow(
        when(removed, { _tag: "RecordRemoved", arn, kind: "campaign", at: 3 * HOUR, reason: "again", alarmsDeleted: 0 })
      ),
      []
    )
    // Same name, created after the removal: a new campaign.
    assert.strictEqual(
      Result.getOrThrow(
        when(removed, { _tag: "RecordStepDown", kind: "campaign", at: 40 * HOUR, createdAt: 3 * HOUR, decision })
      ).length,
      1
    )
  })

  it("resumes a recommender started again after the monitor stopped it", () => {
    const stopped = [
      ...Result.getOrThrow(
        when([], { _tag: "RecordIdleAction", kind: "recommender", at: HOUR, createdAt: 0, decision: idle })
      ),
      { _tag: "RecommenderStopped" as const, arn, at: HOUR, reason: "idle", alarmsDeleted: 2 }
    ]
    assert.isTrue(given(stopped).removed)
    const again = Result.getOrThrow(
      when(stopped, { _tag: "RecordIdleAction", kind: "recommender", at: 80 * HOUR, createdAt: 0, decision: idle })
    )
    assert.strictEqual(again.length, 1)
  })
})
