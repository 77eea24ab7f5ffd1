import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { decodeMappingRules, type MappingRules, mapDatasetRecords, planIngestion } from "../../src/ingestion/index.ts"
import { trackEvent } from "../../testing/ingestionRecords.ts"

// mapDatasetRecords as whole results: each value rule at its bound (a joined list of 1,000 characters
// kept, 1,001 dropped), every reason exactly; and planIngestion's Users/Items batching as whole plans.

const rules = (doc: unknown): MappingRules => {
  const r = decodeMappingRules(doc)
  if (Result.isFailure(r)) throw new Error(JSON.stringify(r.failure.issues))
  return r.success
}
// Decoded in each test: decoding while the file loads would count as no test's coverage.
const shop = (): MappingRules =>
  rules({
    events: ["Product Viewed"],
    itemId: ["properties.products[*].id", "properties.id"],
    users: { userId: ["userId", "traits.uid"], properties: { plan: "traits.plan", tags: "traits.tags" } },
    items: { events: ["Product Viewed"], properties: { price: ["properties.products[*].price", "properties.price"] } }
  })
const identify = (traits: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  type: "identify",
  messageId: "m",
  userId: "u1",
  traits,
  ...over
})

describe("mapDatasetRecords: users", () => {
  it.each<[string, unknown, unknown]>([
    [
      "a string and a joined list",
      identify({ plan: "pro", tags: ["a", 2] }),
      { _tag: "Records", users: [{ id: "u1", properties: { plan: "pro", tags: "a|2" }, dropped: [] }], items: [] }
    ],
    [
      "a boolean and a number",
      identify({ plan: true, tags: 0 }),
      { _tag: "Records", users: [{ id: "u1", properties: { plan: true, tags: 0 }, dropped: [] }], items: [] }
    ],
    [
      "a 1,000-character joined list is kept",
      identify({ plan: "p", tags: ["x".repeat(499), "y".repeat(500)] }),
      {
        _tag: "Records",
        users: [{ id: "u1", properties: { plan: "p", tags: `${"x".repeat(499)}|${"y".repeat(500)}` }, dropped: [] }],
        items: []
      }
    ],
    [
      "a 1,001-character joined list is dropped and named",
      identify({ plan: "p", tags: ["x".repeat(500), "y".repeat(500)] }),
      { _tag: "Records", users: [{ id: "u1", properties: { plan: "p" }, dropped: ["tags"] }], items: [] }
    ],
    [
      "an empty list is dropped",
      identify({ plan: "p", tags: [] }),
      { _tag: "Records", users: [{ id: "u1", properties: { plan: "p" }, dropped: ["tags"] }], items: [] }
    ],
    [
      "the second user id path",
      identify({ plan: "p", uid: 7 }, { userId: null }),
      { _tag: "Records", users: [{ id: "7", properties: { plan: "p" }, dropped: [] }], items: [] }
    ],
    [
      "no user id",
      identify({ plan: "p" }, { userId: undefined }),
      {
        _tag: "Records",
        users: [],
        items: [],
        skipped: "identify without a user id (an anonymous visitor): no user to update"
      }
    ],
    [
      "none of the mapped traits",
      identify({ email: "e" }),
      { _tag: "Records", users: [], items: [], skipped: "identify carries none of the mapped traits" }
    ],
    [
      "only a dropped trait",
      identify({ tags: [] }),
      { _tag: "Records", users: [], items: [], skipped: "identify carries none of the mapped traits" }
    ],
    [
      "an infinite number",
      identify({ plan: Number.NaN }),
      { _tag: "Invalid", reason: "users.properties.plan: traits.plan must be a finite number" }
    ],
    [
      "a list with an object",
      identify({ tags: ["a", {}] }),
      { _tag: "Invalid", reason: "users.properties.tags: traits.tags must be a list of strings or numbers" }
    ],
    [
      "a list with an infinite number",
      identify({ tags: [1, Number.POSITIVE_INFINITY] }),
      { _tag: "Invalid", reason: "users.properties.tags: traits.tags must be a list of strings or numbers" }
    ],
    [
      "an object",
      identify({ plan: { a: 1 } }),
      {
        _tag: "Invalid",
        reason: "users.properties.plan: traits.plan must be a string, number, boolean or a list of them"
      }
    ],
    [
      "a 257-character user id",
      identify({ plan: "p" }, { userId: "u".repeat(257) }),
      { _tag: "Invalid", reason: "users.userId: userId is 257 characters; PutEvents allows 1–256" }
    ],
    ["not an object", "x", { _tag: "Records", users: [], items: [] }],
    ["a page event", { type: "page", name: "p" }, { _tag: "Records", users: [], items: [] }]
  ])("%s", (_, input, expected) => {
    expect(mapDatasetRecords(shop(), input)).toEqual(expected)
  })

  it("an identify without users rules gives nothing", () => {
    expect(mapDatasetRecords(rules({}), identify({ plan: "p" }))).toEqual({ _tag: "Records", users: [], items: [] })
  })
})

describe("mapDatasetRecords: items", () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    [
      "one item per product, those with a mapped property",
      { properties: { products: [{ id: "a", price: 1 }, { id: "b" }, { id: "c", price: 3 }] } },
      {
        _tag: "Records",
        users: [],
        items: [
          { id: "a", properties: { price: 1 }, dropped: [] },
          { id: "c", properties: { price: 3 }, dropped: [] }
        ]
      }
    ],
    [
      "a single-product event",
      { properties: { id: "s", price: 2 } },
      { _tag: "Records", users: [], items: [{ id: "s", properties: { price: 2 }, dropped: [] }] }
    ],
    [
      "no mapped property",
      { properties: { id: "s" } },
      { _tag: "Records", users: [], items: [], skipped: "'Product Viewed' carries none of the mapped item properties" }
    ],
    [
      "a product without an id",
      { properties: { products: [{ id: "a", price: 1 }, { price: 2 }] } },
      { _tag: "Invalid", reason: "itemId: missing properties.products[1].id or properties.id" }
    ],
    [
      "a product id that is an object",
      { properties: { products: [{ id: {} }] } },
      { _tag: "Invalid", reason: "itemId: properties.products[0].id must be a string or a number" }
    ],
    [
      "a product price that is an object",
      { properties: { products: [{ id: "a", price: {} }] } },
      {
        _tag: "Invalid",
        reason:
          "items.properties.price: properties.products[0].price must be a string, number, boolean or a list of them"
      }
    ]
  ])("%s", (_, over, expected) => {
    expect(mapDatasetRecords(shop(), trackEvent({ event: "Product Viewed", ...over }))).toEqual(expected)
  })

  it.each<[string, Record<string, unknown>]>([
    ["an event not listed", { event: "Product Added" }],
    ["an alias event", { type: "alias" }],
    ["a screen event", { type: "screen" }],
    ["an event name that is not a string", { event: 5 }]
  ])("%s gives nothing", (_, over) => {
    expect(
      mapDatasetRecords(shop(), trackEvent({ event: "Product Viewed", properties: { id: "s", price: 1 }, ...over }))
    ).toEqual({ _tag: "Records", users: [], items: [] })
  })

  it("an event without a type is a track event", () => {
    const r = mapDatasetRecords(
      shop(),
      trackEvent({ type: undefined, event: "Product Viewed", properties: { id: "s", price: 1 } })
    )
    expect(r).toEqual({ _tag: "Records", users: [], items: [{ id: "s", properties: { price: 1 }, dropped: [] }] })
  })
})

describe("planIngestion: Users and Items", () => {
  const text = (id: string, value: unknown) => ({ id, payload: { _tag: "Text" as const, text: JSON.stringify(value) } })
  const datasets = { users: "arn:users", items: "arn:items" }

  it("merges one user's records (later wins), names every record behind an entry, and cuts 10 per call", () => {
    const records = [
      text("r1", identify({ plan: "free" }, { messageId: "m1" })),
      text("r2", identify({ tags: ["a"] }, { messageId: "m2" })),
      text("r3", identify({ plan: "pro" }, { messageId: "m3" })),
      ...Array.from({ length: 10 }, (_, i) =>
        text(`o${i}`, identify({ plan: "x" }, { messageId: `n${i}`, userId: `o${i}` }))
      )
    ]
    const plan = planIngestion({ trackingId: "t", rules: shop(), records, datasets })
    expect(plan.users.map((u) => u.request.users.length)).toEqual([10, 1])
    expect(plan.users[0]!.request.datasetArn).toBe("arn:users")
    expect(plan.users[0]!.request.users[0]).toEqual({ userId: "u1", properties: '{"plan":"pro","tags":"a"}' })
    expect(plan.users[0]!.recordIds[0]).toEqual(["r1", "r2", "r3"])
    expect(plan.users[1]!.recordIds).toEqual([["o9"]])
    expect([plan.requests, plan.items, plan.skipped, plan.invalid, plan.droppedProperties]).toEqual([
      [],
      [],
      [],
      [],
      []
    ])
  })

  it("a users-only event is deduplicated by its messageId, or by its content when that is empty", () => {
    const plan = planIngestion({
      trackingId: "t",
      rules: shop(),
      records: [
        text("a", identify({ plan: "p" })),
        text("b", identify({ plan: "q" })),
        text("c", identify({ plan: "p" }, { messageId: "" })),
        text("d", identify({ plan: "p" }, { messageId: "" }))
      ],
      datasets
    })
    expect(plan.skipped.map((s) => s.id)).toEqual(["b", "d"])
    expect(plan.skipped[0]!.reason).toBe("duplicate of record a (eventId m)")
    expect(plan.skipped[1]!.reason).toMatch(/^duplicate of record c \(eventId content-[0-9a-f]{16}\)$/)
  })

  it("users or items without their dataset ARN are invalid, naming which", () => {
    const plan = planIngestion({
      trackingId: "t",
      rules: shop(),
      records: [
        text("u", identify({ plan: "p" })),
        text("i", trackEvent({ event: "Product Viewed", messageId: "x", properties: { id: "s", price: 1 } }))
      ],
      datasets: {}
    })
    expect(plan.invalid).toEqual([
      { id: "u", reason: "no users dataset ARN is configured" },
      { id: "i", reason: "no items dataset ARN is configured" }
    ])
    const itemsOnly = planIngestion({
      trackingId: "t",
      rules: shop(),
      records: [text("i", trackEvent({ event: "Product Viewed", messageId: "x", properties: { id: "s", price: 1 } }))],
      datasets: { items: "arn:items" }
    })
    expect(itemsOnly.items).toEqual([
      { request: { datasetArn: "arn:items", items: [{ itemId: "s", properties: '{"price":1}' }] }, recordIds: [["i"]] }
    ])
    expect(itemsOnly.requests.map((r) => r.recordIds)).toEqual([["i"]])
  })

  it("a dropped categorical list is counted once per record, under the record", () => {
    const plan = planIngestion({
      trackingId: "t",
      rules: shop(),
      records: [text("u", identify({ plan: "p", tags: ["x".repeat(1001)] }))],
      datasets
    })
    expect(plan.droppedProperties).toEqual([{ id: "u", names: ["tags"] }])
    expect(plan.users[0]!.request.users).toEqual([{ userId: "u1", properties: '{"plan":"p"}' }])
  })
})
