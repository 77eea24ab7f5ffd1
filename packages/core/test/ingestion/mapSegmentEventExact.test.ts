import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  decodeMappingRules,
  defaultMappingRules,
  fitProperties,
  idText,
  type MappingRules,
  mapSegmentEvent
} from "../../src/ingestion/index.ts"
import { trackEvent } from "../../testing/ingestionRecords.ts"

// mapSegmentEvent as whole results: every reason an event is skipped or invalid, exactly, and each
// PutEvents limit at its bound (the last value allowed, the first refused).

const rules = (doc: unknown): MappingRules => {
  const r = decodeMappingRules(doc)
  if (Result.isFailure(r)) throw new Error(JSON.stringify(r.failure.issues))
  return r.success
}
const sentAt = Date.parse("2024-03-01T12:34:56.789Z") / 1000
const mapped = (r: ReturnType<typeof mapSegmentEvent>) => {
  if (r._tag !== "Mapped") throw new Error(`${r._tag}: ${r.reason}`)
  return r
}

describe("mapSegmentEvent: the seed's rules, whole results", () => {
  it("maps a track event to one PutEvents event", () => {
    expect(mapSegmentEvent(defaultMappingRules, trackEvent())).toEqual({
      _tag: "Mapped",
      sessionId: "anon-1",
      userId: "user-1",
      eventId: "msg-1",
      events: [{ eventType: "Product Added", sentAt, itemId: "SKU-1", eventId: "msg-1" }],
      droppedProperties: []
    })
  })

  it.each<[string, unknown, { _tag: "Skipped" | "Invalid"; reason: string }]>([
    ["not an object", "x", { _tag: "Invalid", reason: "not a JSON object" }],
    ["null", null, { _tag: "Invalid", reason: "not a JSON object" }],
    ["an array", [trackEvent()], { _tag: "Invalid", reason: "not a JSON object" }],
    [
      "an identify event",
      trackEvent({ type: "identify" }),
      { _tag: "Skipped", reason: "type 'identify' is not a track event" }
    ],
    ["no event name", trackEvent({ event: undefined }), { _tag: "Invalid", reason: "event: missing" }],
    ["a numeric event name", trackEvent({ event: 3 }), { _tag: "Invalid", reason: "event: must be a string" }],
    [
      "an event not listed",
      trackEvent({ event: "Page Viewed" }),
      { _tag: "Skipped", reason: "event 'Page Viewed' is not in the allowlist" }
    ],
    [
      "a spec type error, with its path",
      trackEvent({ messageId: 5 }),
      { _tag: "Invalid", reason: "messageId: Expected string" }
    ],
    [
      "no session id",
      trackEvent({ anonymousId: undefined, userId: null }),
      { _tag: "Invalid", reason: "sessionId: missing anonymousId or userId" }
    ],
    [
      "an empty session id",
      trackEvent({ anonymousId: "" }),
      { _tag: "Invalid", reason: "sessionId: anonymousId is 0 characters; PutEvents allows 1–256" }
    ],
    [
      "a 257-character session id",
      trackEvent({ anonymousId: "a".repeat(257) }),
      { _tag: "Invalid", reason: "sessionId: anonymousId is 257 characters; PutEvents allows 1–256" }
    ],
    [
      "a 257-character user id",
      trackEvent({ userId: "u".repeat(257) }),
      { _tag: "Invalid", reason: "userId: userId is 257 characters; PutEvents allows 1–256" }
    ],
    [
      "a 257-character event id",
      trackEvent({ messageId: "m".repeat(257) }),
      { _tag: "Invalid", reason: "eventId: messageId is 257 characters; PutEvents allows 1–256" }
    ],
    ["no timestamp", trackEvent({ timestamp: undefined }), { _tag: "Invalid", reason: "sentAt: missing timestamp" }],
    [
      "a timestamp without offset",
      trackEvent({ timestamp: "2024-03-01T12:34:56" }),
      { _tag: "Invalid", reason: expect.stringMatching(/^sentAt: /) as unknown as string }
    ],
    [
      "no item id",
      trackEvent({ properties: { price: 1 } }),
      { _tag: "Invalid", reason: "itemId: missing properties.sku or properties.product_id" }
    ],
    [
      "an item id that is an object",
      trackEvent({ properties: { sku: { id: 1 } } }),
      { _tag: "Invalid", reason: "itemId: properties.sku must be a string or a number" }
    ],
    [
      "a 257-character item id",
      trackEvent({ properties: { sku: "s".repeat(257) } }),
      { _tag: "Invalid", reason: "itemId: properties.sku is 257 characters; PutEvents allows 1–256" }
    ]
  ])("%s", (_, input, expected) => {
    expect(mapSegmentEvent(defaultMappingRules, input)).toEqual(expected)
  })

  it("ids at 256 characters pass; numbers are ids; the fallback item id path is used", () => {
    const long = "x".repeat(256)
    const r = mapped(
      mapSegmentEvent(
        defaultMappingRules,
        trackEvent({ anonymousId: long, userId: 42, messageId: long, properties: { product_id: 7 } })
      )
    )
    expect([r.sessionId, r.userId, r.eventId, r.events[0]?.itemId]).toEqual([long, "42", long, "7"])
  })

  it("the session falls back to the userId when anonymousId is null", () => {
    expect(mapped(mapSegmentEvent(defaultMappingRules, trackEvent({ anonymousId: null }))).sessionId).toBe("user-1")
  })

  it("an explicit non-track type is skipped; an absent type is a track event", () => {
    expect(mapSegmentEvent(defaultMappingRules, trackEvent({ type: undefined }))._tag).toBe("Mapped")
  })
})

describe("mapSegmentEvent: rules as data, at their bounds", () => {
  // Decoded in each test: decoding while the file loads would count as no test's coverage.
  const asData = (): MappingRules =>
    rules({
      events: ["Product Added", "Product List Viewed"],
      eventTypes: { "Product Added": "add" },
      itemIdRequired: false,
      eventValue: "properties.price",
      recommendationId: "properties.rid",
      impression: "properties.shown",
      properties: { color: "properties.color", size: ["properties.size", "context.size"] }
    })

  it("renames the event type, reads value, recommendation id, impression and properties", () => {
    expect(
      mapSegmentEvent(
        asData(),
        trackEvent({
          properties: { sku: "s", price: "2.5", rid: "r1", shown: ["a", 2], color: "red" },
          context: { size: 3 }
        })
      )
    ).toEqual({
      _tag: "Mapped",
      sessionId: "anon-1",
      userId: "user-1",
      eventId: "msg-1",
      events: [
        {
          eventType: "add",
          sentAt,
          recommendationId: "r1",
          impression: ["a", "2"],
          itemId: "s",
          eventValue: 2.5,
          eventId: "msg-1",
          properties: '{"color":"red","size":3}'
        }
      ],
      droppedProperties: []
    })
  })

  it.each<[string, Record<string, unknown>, string | undefined]>([
    ["a 40-character recommendation id", { rid: "r".repeat(40) }, undefined],
    [
      "a 41-character recommendation id",
      { rid: "r".repeat(41) },
      "recommendationId: properties.rid is 41 characters; PutEvents allows 1–40"
    ],
    ["25 impression items", { shown: Array.from({ length: 25 }, (_, i) => `i${i}`) }, undefined],
    [
      "26 impression items",
      { shown: Array.from({ length: 26 }, (_, i) => `i${i}`) },
      "impression: properties.shown has 26 items; PutEvents allows 1–25"
    ],
    ["no impression items", { shown: [] }, "impression: properties.shown has 0 items; PutEvents allows 1–25"],
    ["an impression that is not a list", { shown: "a" }, "impression: properties.shown must be a list of item ids"],
    [
      "an impression item that is an object",
      { shown: ["a", {}] },
      "impression: properties.shown must be a list of item ids"
    ],
    ["a 256-character impression item", { shown: ["i".repeat(256)] }, undefined],
    [
      "a 257-character impression item",
      { shown: ["i".repeat(257)] },
      "impression: properties.shown holds an item id outside 1–256 characters"
    ],
    [
      "an empty impression item",
      { shown: [""] },
      "impression: properties.shown holds an item id outside 1–256 characters"
    ],
    ["a blank eventValue", { price: " " }, "eventValue: properties.price must be a number"],
    ["a text eventValue", { price: "abc" }, "eventValue: properties.price must be a number"],
    ["an infinite eventValue", { price: "Infinity" }, "eventValue: properties.price must be a number"],
    ["a boolean eventValue", { price: true }, "eventValue: properties.price must be a number"],
    [
      "an object property",
      { color: { r: 1 } },
      "properties.color: properties.color must be a string, number or boolean"
    ],
    ["a boolean property", { color: false }, undefined],
    ["no item id (not required here)", {}, undefined]
  ])("%s", (_, properties, reason) => {
    const result = mapSegmentEvent(asData(), trackEvent({ properties }))
    if (reason === undefined) expect(result._tag).toBe("Mapped")
    else expect(result).toEqual({ _tag: "Invalid", reason })
  })

  it("an event without a value, properties or item id has none of those keys", () => {
    const e = mapped(mapSegmentEvent(asData(), trackEvent({ properties: {} }))).events[0]
    expect(e).toEqual({ eventType: "add", sentAt, eventId: "msg-1" })
  })

  it("an impression given as [*] reads one id per element, skipping absent ones", () => {
    const listed = rules({
      itemId: "properties.products[*].id",
      impression: "properties.products[*].id",
      impressionEvents: [],
      itemIdRequired: false
    })
    const e = mapped(
      mapSegmentEvent(listed, trackEvent({ properties: { products: [{ id: "a" }, { name: "b" }, { id: 3 }] } }))
    ).events
    expect(e.map((x) => x.impression)).toEqual([
      ["a", "3"],
      ["a", "3"],
      ["a", "3"]
    ])
  })
})

describe("product lists and impressions", () => {
  const lists = (): MappingRules =>
    rules({
      events: ["Order Completed", "Product List Viewed"],
      impressionEvents: ["Product List Viewed"],
      itemId: ["properties.products[*].id", "properties.clicked"],
      eventValue: ["properties.products[*].price"]
    })

  it("an impression event reads the clicked item once and lists every element's id", () => {
    const products = Array.from({ length: 26 }, (_, i) => ({ id: `p${i}` }))
    const r = mapped(
      mapSegmentEvent(lists(), trackEvent({ event: "Product List Viewed", properties: { products, clicked: "c" } }))
    )
    expect(r.events.map((e) => [e.eventId, e.itemId, e.impression])).toEqual([
      ["msg-1#0", "c", products.slice(0, 25).map((p) => p.id)],
      ["msg-1#1", "c", ["p25"]]
    ])
  })

  it("exactly 25 products give one impression event with the payload's own id", () => {
    const products = Array.from({ length: 25 }, (_, i) => ({ id: `p${i}` }))
    const r = mapped(mapSegmentEvent(lists(), trackEvent({ event: "Product List Viewed", properties: { products } })))
    expect(r.events.map((e) => [e.eventId, e.itemId, e.impression?.length])).toEqual([["msg-1", undefined, 25]])
  })

  it("an impression element without an id is named", () => {
    expect(
      mapSegmentEvent(
        lists(),
        trackEvent({ event: "Product List Viewed", properties: { products: [{ id: "a" }, {}] } })
      )
    ).toEqual({ _tag: "Invalid", reason: "itemId: missing properties.products[1].id" })
    expect(
      mapSegmentEvent(
        lists(),
        trackEvent({ event: "Product List Viewed", properties: { products: [{ id: "a" }, { id: [] }] } })
      )
    ).toEqual({ _tag: "Invalid", reason: "itemId: properties.products[1].id must be a string or a number" })
  })

  it("an empty or absent list is one event read without elements", () => {
    expect(
      mapped(
        mapSegmentEvent(lists(), trackEvent({ event: "Order Completed", properties: { products: [], clicked: "c" } }))
      ).events
    ).toEqual([{ eventType: "Order Completed", sentAt, itemId: "c", eventId: "msg-1" }])
    expect(
      mapSegmentEvent(lists(), trackEvent({ event: "Order Completed", properties: { products: null, clicked: "c" } }))
        ._tag
    ).toBe("Mapped")
  })

  it("a per-element value names its element", () => {
    expect(
      mapSegmentEvent(
        lists(),
        trackEvent({
          event: "Order Completed",
          properties: {
            products: [
              { id: "a", price: 1 },
              { id: "b", price: "x" }
            ]
          }
        })
      )
    ).toEqual({ _tag: "Invalid", reason: "eventValue: properties.products[1].price must be a number" })
  })

  it("the element ids with their # suffix must fit 256 characters", () => {
    const products = [{ id: "a" }, { id: "b" }]
    const fits = mapped(
      mapSegmentEvent(
        lists(),
        trackEvent({ event: "Order Completed", messageId: "m".repeat(254), properties: { products } })
      )
    )
    expect(fits.events.map((e) => e.eventId?.length)).toEqual([256, 256])
    expect(
      mapSegmentEvent(
        lists(),
        trackEvent({ event: "Order Completed", messageId: "m".repeat(255), properties: { products } })
      )
    ).toEqual({
      _tag: "Invalid",
      reason: `eventId: ${"m".repeat(255)}#0 is longer than 256 characters`
    })
  })
})

describe("fitProperties and idText", () => {
  it("keeps properties that fit exactly, drops the longest first, and names them in order", () => {
    expect(fitProperties({ a: "x" }, 9)).toEqual({ json: '{"a":"x"}', dropped: [] })
    expect(fitProperties({ a: "x" }, 8)).toEqual({ json: undefined, dropped: ["a"] })
  })

  it("drops until it fits, the longest value each time (the first of equals)", () => {
    expect(fitProperties({ a: "xx", b: "yyy", c: 1 }, 16)).toEqual({ json: '{"a":"xx","c":1}', dropped: ["b"] })
    expect(fitProperties({ a: "xx", b: "yyy", c: 1 }, 15)).toEqual({ json: '{"c":1}', dropped: ["b", "a"] })
    expect(fitProperties({ a: "zz", b: "yy" }, 10)).toEqual({ json: '{"b":"yy"}', dropped: ["a"] })
    expect(fitProperties({}, 2)).toEqual({ json: undefined, dropped: [] })
  })

  it.each<[unknown, number, string]>([
    ["abc", 3, "abc"],
    [12, 2, "12"],
    [0, 256, "0"]
  ])("idText(%j, max %i) is %s", (value, max, text) => {
    expect(idText(value, "w", max)).toEqual(Result.succeed(text))
  })

  it.each<[unknown, number, string]>([
    ["abcd", 3, "w is 4 characters; PutEvents allows 1–3"],
    ["", 3, "w is 0 characters; PutEvents allows 1–3"],
    [Number.NaN, 3, "w must be a string or a number"],
    [Number.POSITIVE_INFINITY, 3, "w must be a string or a number"],
    [true, 3, "w must be a string or a number"]
  ])("idText(%j, max %i) fails: %s", (value, max, reason) => {
    expect(idText(value, "w", max)).toEqual(Result.fail(reason))
  })
})
