import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import {
  decodeMappingRules,
  defaultMappingRules,
  type MappingRules,
  mapSegmentEvent,
  parseIsoTimestamp
} from "../../src/ingestion/index.ts"
import { showInputIssues } from "../../src/input/index.ts"
import { trackEvent } from "../../testing/ingestionRecords.ts"

const rules = (doc: unknown): MappingRules => {
  const r = decodeMappingRules(doc)
  if (Result.isFailure(r)) throw new Error(showInputIssues(r.failure.issues))
  return r.success
}

describe("parseIsoTimestamp", () => {
  it("keeps the millisecond and honours any offset", () => {
    const utc = Date.UTC(2024, 2, 1, 12, 34, 56, 789)
    assert.deepStrictEqual(parseIsoTimestamp("2024-03-01T12:34:56.789Z"), Result.succeed(utc))
    assert.deepStrictEqual(parseIsoTimestamp("2024-03-01T14:34:56.789+02:00"), Result.succeed(utc))
    assert.deepStrictEqual(parseIsoTimestamp("2024-03-01T07:04:56.789123-0530"), Result.succeed(utc))
    assert.deepStrictEqual(parseIsoTimestamp("2024-03-01T13:34:56.789+01"), Result.succeed(utc))
    assert.deepStrictEqual(parseIsoTimestamp("2024-03-01T12:34Z"), Result.succeed(Date.UTC(2024, 2, 1, 12, 34)))
  })

  it("rejects a timestamp without an offset (local time) and impossible dates", () => {
    for (const bad of [
      "2024-03-01T12:34:56",
      "2023-02-29T00:00:00Z",
      "2024-13-01T00:00:00Z",
      "yesterday",
      "1969-12-31T23:59:59Z"
    ])
      assert.isTrue(Result.isFailure(parseIsoTimestamp(bad)), bad)
  })
})

describe("mapSegmentEvent with the seed's rules", () => {
  it("maps sku, anonymousId, userId, messageId and timestamp", () => {
    const r = mapSegmentEvent(defaultMappingRules, trackEvent())
    assert.deepStrictEqual(r, {
      _tag: "Mapped",
      sessionId: "anon-1",
      userId: "user-1",
      eventId: "msg-1",
      event: { eventType: "Product Added", sentAt: 1709296496.789, eventId: "msg-1", itemId: "SKU-1" }
    })
  })

  it("falls back to product_id and accepts anonymous sessions", () => {
    const r = mapSegmentEvent(defaultMappingRules, trackEvent({ userId: null, properties: { product_id: 42 } }))
    assert.strictEqual(r._tag, "Mapped")
    if (r._tag === "Mapped") {
      assert.strictEqual(r.userId, undefined)
      assert.strictEqual(r.event.itemId, "42")
    }
  })

  it("skips non-track and unlisted events", () => {
    assert.strictEqual(mapSegmentEvent(defaultMappingRules, trackEvent({ type: "identify" }))._tag, "Skipped")
    const r = mapSegmentEvent(defaultMappingRules, trackEvent({ event: "Product Viewed" }))
    assert.deepStrictEqual(r, { _tag: "Skipped", reason: "event 'Product Viewed' is not in the allowlist" })
  })

  it("says why an event is invalid", () => {
    const reason = (e: unknown) => {
      const r = mapSegmentEvent(defaultMappingRules, e)
      return r._tag === "Invalid" ? r.reason : `not invalid: ${r._tag}`
    }
    assert.strictEqual(reason([1]), "not a JSON object")
    assert.strictEqual(reason(trackEvent({ anonymousId: undefined })), "sessionId: missing anonymousId")
    assert.strictEqual(
      reason(trackEvent({ properties: {} })),
      "itemId: missing properties.sku or properties.product_id"
    )
    assert.strictEqual(reason(trackEvent({ messageId: undefined })), "eventId: missing messageId")
    assert.match(reason(trackEvent({ timestamp: "2024-03-01 12:00" })), /^sentAt: /)
    assert.match(reason(trackEvent({ properties: "x" })), /^properties: /)
    assert.match(reason(trackEvent({ anonymousId: "a".repeat(257) })), /sessionId: anonymousId is 257 characters/)
  })
})

describe("mapping rules as data", () => {
  it("renames, carries properties, reads value, impression and recommendation id", () => {
    const custom = rules({
      events: ["Order Completed"],
      eventTypes: { "Order Completed": "purchase" },
      itemId: "properties.product_id",
      eventValue: "properties.revenue",
      impression: "properties.shown",
      recommendationId: "properties.rec",
      properties: { discount: "properties.discount", device: "context.device.type" }
    })
    const r = mapSegmentEvent(
      custom,
      trackEvent({
        event: "Order Completed",
        properties: { product_id: "P", revenue: 12.5, shown: ["P", "Q"], rec: "RID-1", discount: 0.1 },
        context: { device: { type: "ios" } }
      })
    )
    assert.strictEqual(r._tag, "Mapped")
    if (r._tag === "Mapped")
      assert.deepStrictEqual(r.event, {
        eventType: "purchase",
        sentAt: 1709296496.789,
        eventId: "msg-1",
        itemId: "P",
        eventValue: 12.5,
        recommendationId: "RID-1",
        impression: ["P", "Q"],
        properties: '{"discount":0.1,"device":"ios"}'
      })
  })

  it("marks oversize properties, long recommendation ids and 26 impressions invalid", () => {
    const custom = rules({
      properties: { note: "properties.note" },
      recommendationId: "properties.rec",
      impression: "properties.shown"
    })
    const reason = (props: Record<string, unknown>) => {
      const r = mapSegmentEvent(custom, trackEvent({ properties: { sku: "S", ...props } }))
      return r._tag === "Invalid" ? r.reason : r._tag
    }
    assert.match(reason({ note: "n".repeat(1020) }), /^properties: JSON is 1031 characters/)
    assert.strictEqual(reason({ note: "n".repeat(1000) }), "Mapped")
    assert.match(reason({ rec: "r".repeat(41) }), /^recommendationId: /)
    assert.match(reason({ shown: Array.from({ length: 26 }, (_, i) => `i${i}`) }), /^impression: .* 26 items/)
  })

  it("reports every problem of a rules file with its field path", () => {
    const r = decodeMappingRules({ events: ["ok", 3], properties: { userId: "userId", "bad-name": "x" }, itemID: "x" })
    assert.isTrue(Result.isFailure(r))
    if (Result.isFailure(r)) {
      const paths = r.failure.issues.map((i) => i.path)
      assert.includeMembers(paths, ["events[1]", "properties.userId", "properties.bad-name", "itemID"])
    }
  })
})
