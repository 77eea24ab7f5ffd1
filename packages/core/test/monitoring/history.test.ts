// `monitor history`: each recorded event's summary line, and a stored event that no longer decodes.
import { assert, describe, it } from "@effect/vitest"
import { Monitoring } from "@personalize-ops/core"
import { Effect } from "effect"
import { campaignArn, monitorWorld } from "./fakeMonitor.ts"

const c1 = campaignArn("c1")
const metadata = { at: 0, correlationId: "t", actor: "test" }

describe("monitor history", () => {
  it("a pre-warm's end is shown to the second, in UTC; min-TPS updates name the rate of the kind", () => {
    assert.deepStrictEqual(
      Monitoring.describeMonitorEvent({
        _tag: "PreWarmRequested",
        arn: c1,
        kind: "campaign",
        at: 0,
        newMinTPS: 12,
        until: Date.UTC(2026, 10, 27, 8, 30, 15, 999),
        reason: "launch"
      }),
      { summary: "pre-warm: min TPS 12 until 2026-11-27T08:30:15Z", reason: "launch" }
    )
    assert.deepStrictEqual(
      Monitoring.describeMonitorEvent({
        _tag: "MinTpsUpdated",
        arn: c1,
        kind: "recommender",
        at: 0,
        newMinTPS: 4,
        reason: "ops"
      }),
      { summary: "min RPS set to 4", reason: "ops" }
    )
  })

  it.effect("an event of the stream that does not decode fails the history, naming its position", () => {
    const world = monitorWorld({ descriptions: [] })
    return Effect.gen(function* () {
      const stream = Monitoring.monitorStream(c1)
      yield* world.events.store.append(
        stream,
        [
          {
            type: "MinTpsUpdated",
            schemaVersion: 1,
            data: { arn: c1, kind: "campaign", at: 1, newMinTPS: 2, reason: "ok" },
            metadata
          },
          { type: "MinTpsUpdated", schemaVersion: 1, data: { arn: c1, kind: "campaign", at: 2 }, metadata }
        ],
        "any"
      )
      const error = yield* Effect.flip(Monitoring.monitorHistory(c1))
      assert.strictEqual(error._tag, "EventDecodeFailure")
      if (error._tag === "EventDecodeFailure")
        assert.deepStrictEqual([error.stream, error.version, error.type], [stream, 2, "MinTpsUpdated"])
    }).pipe(Effect.provide(world.layer))
  })
})
