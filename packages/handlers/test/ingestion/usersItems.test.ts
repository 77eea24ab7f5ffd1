import { assert, describe, it } from "@effect/vitest"
import { makeMemoryDeadLetter, makeMemoryPersonalizeEvents } from "@personalize-ops/adapters-memory/ingestion"
import { Effect } from "effect"
import { Base64 } from "effect/encoding"
import { IngestionSettings, makeKinesisHandler, makeSegmentHandler } from "../../src/ingestion/index.ts"
import { kinesisEvent, layerMemoryIngestion, layerSettings, trackEvent } from "./support.ts"

const b64 = (value: unknown) => Base64.encode(JSON.stringify(value))
const usersArn = "arn:aws:personalize:us-east-1:123456789012:dataset/shop/USERS"
const itemsArn = "arn:aws:personalize:us-east-1:123456789012:dataset/shop/ITEMS"
const rules = {
  events: ["Order Completed"],
  itemId: ["properties.products[*].product_id", "properties.product_id"],
  users: { properties: { plan: "traits.plan", interests: "traits.interests" } },
  items: {
    events: ["Order Completed", "Product Viewed"],
    properties: { price: ["properties.products[*].price", "properties.price"] }
  }
}
const env = {
  PERSONALIZE_TRACKING_ID: "tracking-1",
  INGESTION_RULES: JSON.stringify(rules),
  USERS_DATASET_ARN: usersArn,
  ITEMS_DATASET_ARN: itemsArn
}
const identify = (i: number, traits: Record<string, unknown> = { plan: "pro", interests: ["a", "b"] }) => ({
  type: "identify",
  messageId: `id-${i}`,
  userId: `user-${i}`,
  timestamp: "2024-03-01T12:00:00.000Z",
  traits
})
const viewed = (i: number, price: unknown = 10 + i) =>
  trackEvent({ event: "Product Viewed", messageId: `v-${i}`, properties: { product_id: `p-${i}`, price } })

describe("users and items in real time (Kinesis handler, memory adapters)", () => {
  it("identify → PutUsers and products → PutItems, 10 per call, beside the interactions", async () => {
    const events = makeMemoryPersonalizeEvents()
    const dl = makeMemoryDeadLetter()
    const lines: Array<string> = []
    const handler = makeKinesisHandler(layerMemoryIngestion(events, dl, env), { emit: (l) => lines.push(l) })
    const order = trackEvent({
      event: "Order Completed",
      messageId: "o-1",
      properties: {
        products: [
          { product_id: "p-100", price: 5 },
          { product_id: "p-101", price: 6 }
        ]
      }
    })
    const records = [
      ...Array.from({ length: 12 }, (_, i) => ({ id: `${100 + i}`, data: b64(identify(i)) })),
      ...Array.from({ length: 3 }, (_, i) => ({ id: `${200 + i}`, data: b64(viewed(i)) })),
      { id: "300", data: b64(order) }
    ]
    const response = await handler(kinesisEvent(records))
    await handler.runtime.dispose()
    assert.deepStrictEqual(response, { batchItemFailures: [] })
    assert.deepStrictEqual(
      events.acceptedUsers().map((r) => [r.datasetArn, r.users.length]),
      [
        [usersArn, 10],
        [usersArn, 2]
      ]
    )
    assert.deepStrictEqual(events.acceptedUsers()[0]?.users[0], {
      userId: "user-0",
      properties: '{"plan":"pro","interests":"a|b"}'
    })
    assert.deepStrictEqual(
      events.acceptedItems().flatMap((r) => r.items.map((i) => [i.itemId, i.properties])),
      [
        ["p-0", '{"price":10}'],
        ["p-1", '{"price":11}'],
        ["p-2", '{"price":12}'],
        ["p-100", '{"price":5}'],
        ["p-101", '{"price":6}']
      ]
    )
    // The order is also two interactions (it is in `events`); the views are items only.
    assert.deepStrictEqual(
      events.accepted().flatMap((r) => r.eventList.map((e) => e.itemId)),
      ["p-100", "p-101"]
    )
    const emf = JSON.parse(lines[0]!)
    assert.deepStrictEqual(
      [emf.Received, emf.Sent, emf.Skipped, emf.PutUsersCalls, emf.PutItemsCalls, emf.PutEventsCalls],
      [16, 16, 0, 2, 1, 1]
    )
    assert.strictEqual(dl.entries().length, 0)
  })

  it("isolates a refused item by halving: only its record is dead-lettered", async () => {
    // The Items schema has no COLOUR field: the service refuses the record that carries one.
    const events = makeMemoryPersonalizeEvents({ datasetFields: { items: ["ITEM_ID", "PRICE"] } })
    const dl = makeMemoryDeadLetter()
    const withColour = {
      ...rules,
      items: { ...rules.items, properties: { ...rules.items.properties, colour: "properties.colour" } }
    }
    const handler = makeKinesisHandler(
      layerMemoryIngestion(events, dl, { ...env, INGESTION_RULES: JSON.stringify(withColour) }),
      { emit: () => {} }
    )
    const records = Array.from({ length: 10 }, (_, i) => ({
      id: `${100 + i}`,
      data: b64(
        trackEvent({
          event: "Product Viewed",
          messageId: `v-${i}`,
          properties: { product_id: `p-${i}`, price: i, ...(i === 7 ? { colour: "red" } : {}) }
        })
      )
    }))
    const response = await handler(kinesisEvent(records))
    await handler.runtime.dispose()
    assert.deepStrictEqual(response, { batchItemFailures: [] })
    assert.deepStrictEqual(
      dl.entries().map((e) => [e.id, e.bucket]),
      [["107", "failed"]]
    )
    assert.match(dl.entries()[0]?.reason ?? "", /PutItems refused: InvalidInputException: property colour/)
    assert.deepStrictEqual(
      events.acceptedItems().flatMap((r) => r.items.map((i) => i.itemId)),
      ["p-0", "p-1", "p-2", "p-3", "p-4", "p-5", "p-6", "p-8", "p-9"]
    )
    assert.isAtMost(events.recordCalls().length, 1 + 2 * Math.ceil(Math.log2(10)))
  })

  it("a missing dataset dead-letters the request without halving; a 5xx asks for the records again", async () => {
    const gone = makeMemoryPersonalizeEvents({
      failRecordsWhen: (op) => (op === "PutUsers" ? "ResourceNotFoundException" : undefined)
    })
    const dl = makeMemoryDeadLetter()
    const handler = makeKinesisHandler(layerMemoryIngestion(gone, dl, env), { emit: () => {} })
    const records = Array.from({ length: 4 }, (_, i) => ({ id: `${100 + i}`, data: b64(identify(i)) }))
    assert.deepStrictEqual(await handler(kinesisEvent(records)), { batchItemFailures: [] })
    await handler.runtime.dispose()
    assert.strictEqual(gone.recordCalls().length, 1)
    assert.deepStrictEqual(
      dl.entries().map((e) => e.id),
      ["100", "101", "102", "103"]
    )

    const down = makeMemoryPersonalizeEvents({ failRecordsWhen: () => "ServiceUnavailableException" })
    const retry = makeKinesisHandler(layerMemoryIngestion(down, makeMemoryDeadLetter(), env), { emit: () => {} })
    const response = await retry(kinesisEvent([...records, { id: "200", data: b64(viewed(0)) }]))
    await retry.runtime.dispose()
    assert.deepStrictEqual(
      response.batchItemFailures.map((f) => f.itemIdentifier),
      ["100", "101", "102", "103", "200"]
    )
  })

  it("the Segment destination sends an identify as one PutUsers", async () => {
    const events = makeMemoryPersonalizeEvents()
    const handler = makeSegmentHandler(layerMemoryIngestion(events, makeMemoryDeadLetter(), env), { emit: () => {} })
    assert.deepStrictEqual(await handler(identify(1)), { status: "sent" })
    assert.deepStrictEqual(await handler(identify(2, { email: "x@example.com" })), {
      status: "skipped",
      reason: "identify carries none of the mapped traits"
    })
    await handler.runtime.dispose()
    assert.deepStrictEqual(
      events.acceptedUsers().map((r) => r.users.map((u) => u.userId)),
      [["user-1"]]
    )
  })
})

describe("users and items settings", () => {
  const load = (vars: Record<string, string>) =>
    Effect.runPromise(
      Effect.flip(
        Effect.gen(function* () {
          return yield* IngestionSettings
        }).pipe(Effect.provide(layerSettings(vars)))
      )
    )

  it("names the dataset ARN the rules need, and refuses one that is not a dataset's", async () => {
    const { USERS_DATASET_ARN: _, ...noUsers } = env
    const missing = await load(noUsers)
    assert.strictEqual(missing.variable, "USERS_DATASET_ARN")
    assert.match(missing.detail, /required: INGESTION_RULES maps users/)
    const wrong = await load({ ...env, ITEMS_DATASET_ARN: "arn:aws:personalize:us-east-1:123456789012:campaign/shop" })
    assert.strictEqual(wrong.variable, "ITEMS_DATASET_ARN")
  })
})
