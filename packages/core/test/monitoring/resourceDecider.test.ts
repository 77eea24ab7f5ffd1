import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import fc from "fast-check"
import { Kernel, Monitoring } from "../../src/index.ts"
import { deciderSpec } from "../../testing/index.ts"

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
const spec = deciderSpec(d)
const given = (events: ReadonlyArray<Monitoring.MonitorEvent>) => Kernel.fold(d, events)
const when = (events: ReadonlyArray<Monitoring.MonitorEvent>, command: Monitoring.ResourceMonitorCommand) =>
  spec.given(events).when(command).result
const HOUR = 3_600_000

describe("resourceMonitorDecider", () => {
  it("records a step-down at most once per hour", () => {
    const first = when([], { _tag: "RecordStepDown", kind: "campaign", at: HOUR, createdAt: 0, decision })
    assert.strictEqual(Result.getOrThrow(first).length, 1)
    const events = Result.getOrThrow(first)
    spec
      .given(events)
      .when({ _tag: "RecordStepDown", kind: "campaign", at: HOUR + 5 * 60_000, createdAt: 0, decision })
      .thenNothing()
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

describe("resourceMonitorDecider properties", () => {
  const commandArb = fc.oneof(
    fc.record({ _tag: fc.constant("RecordStepDown" as const) }),
    fc.record({ _tag: fc.constant("RecordIdleAction" as const) }),
    fc.record({ _tag: fc.constant("RecordRemoved" as const) }),
    fc.record({ _tag: fc.constant("RequestPreWarm" as const), hours: fc.integer({ min: 1, max: 48 }) })
  )
  it("never steps down twice within 55 minutes or during a pre-warm; decides removal once per incarnation", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(commandArb, fc.integer({ min: 0, max: 3 * HOUR })), { maxLength: 60 }), (steps) => {
        let state = d.initialState
        let at = 0
        let lastStepDown = Number.NEGATIVE_INFINITY
        let protectedUntil = 0
        let idleDecisions = 0
        for (const [c, gap] of steps) {
          at += gap
          const command: Monitoring.ResourceMonitorCommand =
            c._tag === "RecordStepDown"
              ? { _tag: c._tag, kind: "campaign", at, createdAt: 0, decision }
              : c._tag === "RecordIdleAction"
                ? { _tag: c._tag, kind: "campaign", at, createdAt: 0, decision: idle }
                : c._tag === "RecordRemoved"
                  ? { _tag: c._tag, arn, kind: "campaign", at, reason: "r", alarmsDeleted: 0 }
                  : {
                      _tag: c._tag,
                      arn,
                      kind: "campaign",
                      at,
                      newMinTPS: 9,
                      until: at + c.hours * HOUR,
                      reason: "sale"
                    }
          const result = d.decide(command, state)
          if (Result.isFailure(result)) continue
          for (const e of result.success) {
            if (e._tag === "MinTpsStepDownDecided") {
              if (e.at - lastStepDown < Monitoring.StepDownSpacingMs || e.at < protectedUntil) return false
              lastStepDown = e.at
            }
            if (e._tag === "PreWarmRequested") protectedUntil = Math.max(protectedUntil, e.until)
            if (e._tag === "IdleActionDecided") idleDecisions++
            state = d.evolve(state, e)
          }
        }
        // createdAt stays 0: the same campaign throughout, so at most one removal decision.
        return idleDecisions <= 1
      }),
      { numRuns: 300 }
    )
  })
})
