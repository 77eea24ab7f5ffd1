import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import fc from "fast-check"
import { defaultMappingRules, PutEventsLimits, PutEventsRequest, planIngestion } from "../../src/ingestion/index.ts"
import { arbitraryKinds, buildRecords } from "../../testing/ingestionRecords.ts"

const validRequest = Schema.decodeUnknownResult(PutEventsRequest)

describe("planIngestion (properties)", () => {
  it("sends every valid allowed event exactly once, within the limits, one session per request, every record in one bucket", () => {
    fc.assert(
      fc.property(arbitraryKinds, (kinds) => {
        const { records, expected, owner } = buildRecords(kinds)
        const plan = planIngestion({ trackingId: "t-1", rules: defaultMappingRules, records })
        const placed = [
          ...plan.requests.flatMap((r) => r.recordIds.map((id) => [id, "sent"] as const)),
          ...plan.skipped.map((v) => [v.id, "skipped"] as const),
          ...plan.invalid.map((v) => [v.id, "invalid"] as const)
        ]
        // exactly one bucket per record
        assert.strictEqual(placed.length, records.length)
        assert.strictEqual(new Set(placed.map(([id]) => id)).size, records.length)
        for (const [id, bucket] of placed) {
          const kind = expected.get(id)
          const want = kind === "valid" ? "sent" : kind === "unlisted" || kind === "duplicate" ? "skipped" : "invalid"
          assert.strictEqual(bucket, want, `${id} (${kind})`)
        }
        // every valid event once, by eventId
        const sentIds = plan.requests.flatMap((r) => r.request.eventList.map((e) => e.eventId))
        assert.strictEqual(new Set(sentIds).size, sentIds.length)
        assert.strictEqual(sentIds.length, [...expected.values()].filter((k) => k === "valid").length)
        for (const r of plan.requests) {
          assert.isTrue(Result.isSuccess(validRequest(r.request)), JSON.stringify(r.request))
          assert.isAtMost(r.request.eventList.length, PutEventsLimits.eventsPerRequest.max)
          assert.strictEqual(r.recordIds.length, r.request.eventList.length)
          // one session (and one user) per request: every event came from that session's records
          for (const id of r.recordIds) {
            assert.strictEqual(owner.get(id)?.sessionId, r.request.sessionId)
            assert.strictEqual(owner.get(id)?.userId, r.request.userId)
          }
        }
      }),
      { numRuns: 200 }
    )
  })

  it("keeps arrival order inside a session and fills requests to 10", () => {
    const { records } = buildRecords(
      Array.from({ length: 23 }, () => ({ kind: "valid" as const, session: 1, user: true }))
    )
    const plan = planIngestion({ trackingId: "t", rules: defaultMappingRules, records })
    assert.deepStrictEqual(
      plan.requests.map((r) => r.request.eventList.length),
      [10, 10, 3]
    )
    assert.deepStrictEqual(
      plan.requests.flatMap((r) => r.recordIds),
      records.map((r) => r.id)
    )
  })

  it("keeps a user's anonymous and logged-in events in separate requests", () => {
    const { records } = buildRecords([
      { kind: "valid", session: 1, user: false },
      { kind: "valid", session: 1, user: true }
    ])
    const plan = planIngestion({ trackingId: "t", rules: defaultMappingRules, records })
    assert.deepStrictEqual(
      plan.requests.map((r) => r.request.userId),
      [undefined, "user-1"]
    )
  })
})
