import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import {
  decodeMappingRules,
  type IngestRecord,
  type MappingRules,
  mapDatasetRecords,
  PutRecordsLimits,
  planIngestion
} from "../../src/ingestion/index.ts"
import { showInputIssues } from "../../src/input/index.ts"
import { trackEvent } from "../../testing/ingestionRecords.ts"

const rules = (doc: unknown): MappingRules => {
  const r = decodeMappingRules(doc)
  if (Result.isFailure(r)) throw new Error(showInputIssues(r.failure.issues))
  return r.success
}
const issues = (doc: unknown) => {
  const r = decodeMappingRules(doc)
  return Result.isFailure(r) ? r.failure.issues : []
}

// Decoded in each test: decoding while the file loads would count as no test's coverage.

const shopRules = (): MappingRules =>
  rules({
    events: ["Product Viewed", "Order Completed"],
    itemId: ["properties.products[*].product_id", "properties.product_id"],
    users: { properties: { plan: "traits.plan", age: "traits.age", interests: "traits.interests" } },
    items: {
      events: ["Product Viewed", "Order Completed"],
      properties: {
        price: ["properties.products[*].price", "properties.price"],
        categoryL1: ["properties.products[*].category", "properties.category"]
      }
    }
  })

const identify = (overrides: Record<string, unknown> = {}) => ({
  type: "identify",
  messageId: "id-1",
  userId: "user-1",
  anonymousId: "anon-1",
  timestamp: "2024-03-01T12:00:00.000Z",
  traits: { plan: "pro", age: 37, interests: ["books", "music"], email: "a@example.com" },
  ...overrides
})

const text = (value: unknown, id: string): IngestRecord => ({
  id,
  payload: { _tag: "Text", text: JSON.stringify(value) }
})
const datasets = { users: "arn:users", items: "arn:items" }

describe("users and items rules", () => {
  it("decodes users and items rules and fills the users' id path", () => {
    assert.deepStrictEqual(shopRules().users?.userId, [["userId"]])
    assert.deepStrictEqual([...(shopRules().items?.events ?? [])], ["Product Viewed", "Order Completed"])
  })

  it("rejects paths that can never have a value, naming each", () => {
    const found = issues({
      users: { userId: "properties.user", properties: { plan: "traits.list[*].plan", userId: "traits.id" } },
      items: { events: ["Product Viewed"], properties: { price: "properties.products[*].price", Price: "traits.x" } }
    })
    const at = (path: string) => found.filter((i) => i.path === path).map((i) => i.message)
    assert.match(at("users.userId")[0] ?? "", /identify event has no field 'properties'/)
    assert.match(at("users.properties.plan")[0] ?? "", /\[\*\] has no element/)
    assert.match(at("users.properties.userId")[0] ?? "", /record's id/)
    assert.match(at("items.properties.price")[0] ?? "", /no itemId path iterates properties.products/)
    assert.match(at("items.properties.Price").join(" "), /track event has no field 'traits'/)
    assert.match(at("items.properties.Price").join(" "), /name the same dataset field/)
  })

  it("needs at least one property for a dataset", () => {
    assert.match(issues({ users: { properties: {} } })[0]?.message ?? "", /at least one field/)
  })
})

describe("mapDatasetRecords", () => {
  it("an identify event gives its user: traits mapped, a list joined with |, unmapped traits left out", () => {
    assert.deepStrictEqual(mapDatasetRecords(shopRules(), identify()), {
      _tag: "Records",
      users: [{ id: "user-1", properties: { plan: "pro", age: 37, interests: "books|music" }, dropped: [] }],
      items: []
    })
  })

  it("a numeric userId is a user id; an anonymous identify is skipped; an object trait is invalid", () => {
    const numeric = mapDatasetRecords(shopRules(), identify({ userId: 1234 }))
    assert.strictEqual(numeric._tag === "Records" ? numeric.users[0]?.id : undefined, "1234")
    const anonymous = mapDatasetRecords(shopRules(), identify({ userId: null }))
    assert.match(anonymous._tag === "Records" ? (anonymous.skipped ?? "") : "", /no user to update/)
    const bad = mapDatasetRecords(shopRules(), identify({ traits: { plan: { tier: 1 } } }))
    assert.deepStrictEqual(bad, {
      _tag: "Invalid",
      reason: "users.properties.plan: traits.plan must be a string, number, boolean or a list of them"
    })
  })

  it("a categorical list over 1,000 characters is dropped and named, not the user", () => {
    const long = Array.from({ length: 200 }, (_, i) => `interest-${i}`)
    const r = mapDatasetRecords(shopRules(), identify({ traits: { plan: "pro", interests: long } }))
    assert.deepStrictEqual(r._tag === "Records" ? r.users : [], [
      { id: "user-1", properties: { plan: "pro" }, dropped: ["interests"] }
    ])
  })

  it("each product of a configured event is an item; a single-product event is one", () => {
    const order = trackEvent({
      event: "Order Completed",
      properties: {
        order_id: "o-1",
        products: [
          { product_id: "p-1", price: 10, category: "shoes" },
          { product_id: 2, price: 5.5 }
        ]
      }
    })
    const r = mapDatasetRecords(shopRules(), order)
    assert.deepStrictEqual(r._tag === "Records" ? r.items.map((i) => [i.id, i.properties]) : [], [
      ["p-1", { price: 10, categoryL1: "shoes" }],
      ["2", { price: 5.5 }]
    ])
    const viewed = trackEvent({
      event: "Product Viewed",
      properties: { product_id: "p-9", price: 3, category: "hats" }
    })
    const one = mapDatasetRecords(shopRules(), viewed)
    assert.deepStrictEqual(one._tag === "Records" ? one.items : [], [
      { id: "p-9", properties: { price: 3, categoryL1: "hats" }, dropped: [] }
    ])
  })

  it("an event not listed for items, and a track event under users-only rules, give nothing", () => {
    const r = mapDatasetRecords(shopRules(), trackEvent({ event: "Product Added" }))
    assert.deepStrictEqual(r, { _tag: "Records", users: [], items: [] })
  })
})

describe("planIngestion with users and items", () => {
  it("merges records of one user (later traits win), batches 10 per call, and sends item-only events", () => {
    const records = [
      ...Array.from({ length: 23 }, (_, i) => text(identify({ messageId: `i-${i}`, userId: `u-${i}` }), `r${i}`)),
      text(identify({ messageId: "again", userId: "u-0", traits: { plan: "team" } }), "r-again"),
      text(trackEvent({ event: "Product Viewed", messageId: "v", properties: { product_id: "p-1", price: 3 } }), "r-v")
    ]
    const plan = planIngestion({ trackingId: "t", rules: shopRules(), records, datasets })
    assert.deepStrictEqual(
      plan.users.map((r) => r.request.users.length),
      [10, 10, 3]
    )
    const first = plan.users[0]!
    assert.strictEqual(first.request.datasetArn, "arn:users")
    assert.deepStrictEqual(JSON.parse(first.request.users[0]!.properties!), {
      plan: "team",
      age: 37,
      interests: "books|music"
    })
    assert.deepStrictEqual(first.recordIds[0], ["r0", "r-again"])
    assert.deepStrictEqual(
      plan.items.map((r) => r.request.items),
      [[{ itemId: "p-1", properties: '{"price":3}' }]]
    )
    // The viewed product is also an interaction: one record, two calls.
    assert.deepStrictEqual(
      plan.requests.map((r) => r.recordIds),
      [["r-v"]]
    )
    assert.strictEqual(plan.skipped.length + plan.invalid.length, 0)
  })

  it("fits a user's properties to PutUsers' 24,000 characters by dropping the longest, counted", () => {
    const big = rules({ users: { properties: { bio: "traits.bio", plan: "traits.plan" } } })
    const bio = "x".repeat(PutRecordsLimits.users.propertiesChars.max)
    const plan = planIngestion({
      trackingId: "t",
      rules: big,
      records: [text(identify({ traits: { bio, plan: "pro" } }), "r1")],
      datasets
    })
    assert.deepStrictEqual(plan.users[0]?.request.users, [{ userId: "user-1", properties: '{"plan":"pro"}' }])
    assert.deepStrictEqual(plan.droppedProperties, [{ id: "r1", names: ["bio"] }])
  })

  it("without users rules an identify is skipped as before; without a dataset ARN it is invalid", () => {
    const none = planIngestion({ trackingId: "t", rules: rules({}), records: [text(identify(), "r1")] })
    assert.match(none.skipped[0]?.reason ?? "", /not a track event/)
    const noArn = planIngestion({ trackingId: "t", rules: shopRules(), records: [text(identify(), "r1")] })
    assert.deepStrictEqual(noArn.invalid, [{ id: "r1", reason: "no users dataset ARN is configured" }])
  })
})
