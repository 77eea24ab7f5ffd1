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
      events: [{ eventType: "Product Added", sentAt: 1709296496.789, eventId: "msg-1", itemId: "SKU-1" }],
      droppedProperties: []
    })
  })

  it("falls back to product_id and accepts anonymous sessions", () => {
    const r = mapSegmentEvent(defaultMappingRules, trackEvent({ userId: null, properties: { product_id: 42 } }))
    assert.strictEqual(r._tag, "Mapped")
    if (r._tag === "Mapped") {
      assert.strictEqual(r.userId, undefined)
      assert.strictEqual(r.events[0]?.itemId, "42")
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
    assert.strictEqual(
      reason(trackEvent({ anonymousId: undefined, userId: undefined })),
      "sessionId: missing anonymousId or userId"
    )
    assert.strictEqual(
      reason(trackEvent({ properties: {} })),
      "itemId: missing properties.sku or properties.product_id"
    )
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
      assert.deepStrictEqual(r.events[0], {
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

  it("marks long recommendation ids and 26 impressions invalid", () => {
    const custom = rules({
      properties: { note: "properties.note" },
      recommendationId: "properties.rec",
      impression: "properties.shown"
    })
    const reason = (props: Record<string, unknown>) => {
      const r = mapSegmentEvent(custom, trackEvent({ properties: { sku: "S", ...props } }))
      return r._tag === "Invalid" ? r.reason : r._tag
    }
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

describe("e-commerce events, sessions and ids", () => {
  // Decoded in each test: decoding while the file loads would count as no test's coverage.
  const ecommerce = (): MappingRules =>
    rules({
      events: ["Order Completed", "Product List Viewed", "Product Added"],
      impressionEvents: ["Product List Viewed"],
      eventTypes: { "Order Completed": "Purchase" },
      itemId: ["properties.products[*].product_id", "properties.products[*].sku", "properties.product_id"],
      eventValue: ["properties.products[*].price", "properties.price"],
      properties: { quantity: ["properties.products[*].quantity", "properties.quantity"], note: "properties.note" }
    })
  const order = trackEvent({
    event: "Order Completed",
    properties: {
      order_id: "o-1",
      products: [
        { product_id: "P1", price: 19, quantity: 1 },
        { sku: "S2", price: "3.50", quantity: 2 }
      ]
    }
  })

  it("one interaction per product, with its price as value and quantity, under one session", () => {
    const r = mapSegmentEvent(ecommerce(), order)
    assert.strictEqual(r._tag, "Mapped")
    if (r._tag !== "Mapped") return
    assert.deepStrictEqual(
      r.events.map((e) => [e.eventType, e.eventId, e.itemId, e.eventValue, e.properties]),
      [
        ["Purchase", "msg-1#0", "P1", 19, '{"quantity":1}'],
        ["Purchase", "msg-1#1", "S2", 3.5, '{"quantity":2}']
      ]
    )
    assert.strictEqual(r.sessionId, "anon-1")
  })

  it("a product list becomes impressions of at most 25 items", () => {
    const products = Array.from({ length: 27 }, (_, i) => ({ product_id: `p${i}` }))
    const r = mapSegmentEvent(ecommerce(), trackEvent({ event: "Product List Viewed", properties: { products } }))
    assert.strictEqual(r._tag, "Mapped")
    if (r._tag !== "Mapped") return
    assert.deepStrictEqual(
      r.events.map((e) => [e.itemId, e.impression?.length]),
      [
        [undefined, 25],
        [undefined, 2]
      ]
    )
  })

  it("names the element that has no item id, and a products value that is not a list", () => {
    const bad = trackEvent({
      event: "Order Completed",
      properties: { products: [{ product_id: "P1" }, { name: "x" }] }
    })
    const r = mapSegmentEvent(ecommerce(), bad)
    assert.strictEqual(r._tag, "Invalid")
    if (r._tag === "Invalid") assert.match(r.reason, /^itemId: missing properties\.products\[1\]\.product_id/)
    const notList = mapSegmentEvent(ecommerce(), trackEvent({ event: "Order Completed", properties: { products: {} } }))
    assert.deepStrictEqual(notList, { _tag: "Invalid", reason: "properties.products must be a list" })
  })

  it("drops the longest optional property to fit 1,024 characters, and says which", () => {
    const r = mapSegmentEvent(
      ecommerce(),
      trackEvent({ event: "Product Added", properties: { product_id: "P", quantity: 3, note: "n".repeat(1100) } })
    )
    assert.strictEqual(r._tag, "Mapped")
    if (r._tag === "Mapped") {
      assert.deepStrictEqual(r.droppedProperties, ["note"])
      assert.strictEqual(r.events[0]?.properties, '{"quantity":3}')
    }
  })

  it("session falls back to the userId; a numeric userId is an id; no messageId gives a content id", () => {
    const r = mapSegmentEvent(defaultMappingRules, trackEvent({ anonymousId: undefined, userId: 1234567 }))
    assert.strictEqual(r._tag, "Mapped")
    if (r._tag === "Mapped") assert.deepStrictEqual([r.sessionId, r.userId], ["1234567", "1234567"])
    const a = mapSegmentEvent(defaultMappingRules, trackEvent({ messageId: undefined }))
    const b = mapSegmentEvent(defaultMappingRules, {
      ...trackEvent({ messageId: undefined, sentAt: "2030-01-01T00:00:00Z" })
    })
    const c = mapSegmentEvent(defaultMappingRules, trackEvent({ messageId: undefined, properties: { sku: "other" } }))
    assert.isTrue(a._tag === "Mapped" && b._tag === "Mapped" && c._tag === "Mapped")
    if (a._tag === "Mapped" && b._tag === "Mapped" && c._tag === "Mapped") {
      assert.match(a.eventId, /^content-[0-9a-f]{16}$/)
      assert.strictEqual(a.eventId, b.eventId, "delivery-time fields do not change the id")
      assert.notStrictEqual(a.eventId, c.eventId)
    }
  })

  it("the session chain is configurable: the first path with a value wins", () => {
    const chain = rules({ events: ["Product Added"], sessionId: ["context.session_id", "userId", "anonymousId"] })
    const withSession = mapSegmentEvent(
      chain,
      trackEvent({ context: { session_id: "s-77" }, userId: "u-1", anonymousId: "anon-1" })
    )
    const withUser = mapSegmentEvent(chain, trackEvent({ userId: "u-1", anonymousId: "anon-1" }))
    const anonymous = mapSegmentEvent(chain, trackEvent({ userId: undefined, anonymousId: "anon-1" }))
    assert.deepStrictEqual(
      [withSession, withUser, anonymous].map((r) => (r._tag === "Mapped" ? r.sessionId : r._tag)),
      ["s-77", "u-1", "anon-1"]
    )
  })

  it("rejects rule paths that can never mean anything", () => {
    const issues = (doc: unknown) => {
      const r = decodeMappingRules(doc)
      return Result.isFailure(r) ? r.failure.issues.map((i) => `${i.path}: ${i.message}`) : []
    }
    assert.match(
      issues({ itemId: "product.sku" }).join("\n"),
      /^itemId: product\.sku: a Segment track event has no field 'product'/
    )
    assert.match(issues({ userId: "userId.id" }).join("\n"), /nothing below it ever has a value/)
    assert.match(issues({ sessionId: "properties.products[*].id" }).join("\n"), /sessionId takes one value per event/)
    assert.match(issues({ itemId: "properties[*].id" }).join("\n"), /'properties' is an object, not a list/)
    assert.match(
      issues({ itemId: ["properties.products[*].id", "properties.items[*].id"] }).join("\n"),
      /one event expands over one list/
    )
    assert.match(issues({ eventValue: "properties.products[*].price" }).join("\n"), /no itemId path iterates/)
    assert.match(issues({ impressionEvents: ["Product List Viewed"] }).join("\n"), /not in events/)
    assert.match(
      issues({ eventTypes: { "Signed Up": "signup" } }).join("\n"),
      /eventTypes\["Signed Up"\]: .Signed Up. is not in events/
    )
    assert.match(issues({ itemId: "properties.a[*].b[*].c" }).join("\n"), /only one \[\*\]/)
    assert.deepStrictEqual(
      issues({
        itemId: ["properties.products[*].product_id", "properties.sku"],
        properties: { q: "properties.products[*].quantity" }
      }),
      []
    )
  })
})
