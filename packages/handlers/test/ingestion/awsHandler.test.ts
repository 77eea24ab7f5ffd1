import { assert, describe, it } from "@effect/vitest"
import { startFakeIngestionAws } from "@personalize-ops/adapters-aws/testing"
import { ConfigProvider, Layer, Logger } from "effect"
import { Base64 } from "effect/encoding"
import { afterAll, beforeAll } from "vitest"
import { layerIngestionAws, makeKinesisHandler, makeSegmentHandler } from "../../src/ingestion/index.ts"
import { kinesisEvent, trackEvent } from "./support.ts"

// The SDK's default credential chain reads these first, so nothing looks for real credentials.
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY }
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = "AKIDTEST"
  process.env.AWS_SECRET_ACCESS_KEY = "secret"
})
afterAll(() => {
  if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID
  else process.env.AWS_ACCESS_KEY_ID = saved.id
  if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY
  else process.env.AWS_SECRET_ACCESS_KEY = saved.secret
})

/** The production layer, configured from a fake environment that points at the local endpoint. */
const productionLayer = (url: string, more: Record<string, string> = {}) =>
  layerIngestionAws.pipe(
    Layer.provide(
      ConfigProvider.layer(
        ConfigProvider.fromUnknown({
          PERSONALIZE_TRACKING_ID: "tracking-1",
          AWS_REGION: "us-east-1",
          PERSONALIZE_EVENTS_ENDPOINT: url,
          SQS_ENDPOINT: url,
          DEAD_LETTER_QUEUE_URL: `${url}/123456789012/ingestion-dlq`,
          ...more
        })
      )
    ),
    Layer.provideMerge(Logger.layer([]))
  )

const b64 = (value: unknown) => Base64.encode(JSON.stringify(value))

describe("ingestion handlers on the AWS adapters (SDK against a local endpoint)", () => {
  it("Kinesis: identify → PutUsers, products → PutItems; a refused item is isolated and dead-lettered", async () => {
    const usersArn = "arn:aws:personalize:us-east-1:123456789012:dataset/shop/USERS"
    const itemsArn = "arn:aws:personalize:us-east-1:123456789012:dataset/shop/ITEMS"
    const fake = await startFakeIngestionAws({
      throttleFirst: 1,
      rejectPutRecords: (_, b) => (b.items?.some((i) => i.itemId === "p-3") ? "InvalidInputException" : undefined)
    })
    const rules = {
      users: { properties: { plan: "traits.plan" } },
      items: { events: ["Product Viewed"], properties: { price: "properties.price" } },
      itemId: "properties.product_id"
    }
    const handler = makeKinesisHandler(
      productionLayer(fake.url, {
        INGESTION_RULES: JSON.stringify(rules),
        USERS_DATASET_ARN: usersArn,
        ITEMS_DATASET_ARN: itemsArn
      }),
      { emit: () => {} }
    )
    try {
      const records = [
        { id: "10", data: b64({ type: "identify", messageId: "i1", userId: 7, traits: { plan: "pro" } }) },
        ...Array.from({ length: 5 }, (_, i) => ({
          id: `${20 + i}`,
          data: b64(
            trackEvent({ event: "Product Viewed", messageId: `v${i}`, properties: { product_id: `p-${i}`, price: i } })
          )
        }))
      ]
      const response = await handler(kinesisEvent(records))
      assert.deepStrictEqual(response, { batchItemFailures: [] })
      assert.deepStrictEqual(fake.putUsers, [
        { datasetArn: usersArn, users: [{ userId: "7", properties: '{"plan":"pro"}' }] }
      ])
      assert.deepStrictEqual(
        fake.putItems.flatMap((r) => r.items?.map((i) => i.itemId) ?? []),
        ["p-0", "p-1", "p-2", "p-4"]
      )
      assert.deepStrictEqual(
        fake.sqsMessages.map((m) => JSON.parse(m.body).id),
        ["23"]
      )
    } finally {
      await handler.runtime.dispose()
      await fake.close()
    }
  })

  it("Kinesis: sends batches through throttling, dead-letters bad input, reports 5xx records for retry", async () => {
    const fake = await startFakeIngestionAws({
      throttleFirst: 1,
      rejectPutEvents: (b) => (b.sessionId === "anon-down" ? "ServiceUnavailableException" : undefined)
    })
    const handler = makeKinesisHandler(productionLayer(fake.url), { emit: () => {} })
    try {
      const records = [
        ...Array.from({ length: 11 }, (_, i) => ({ id: `${10 + i}`, data: b64(trackEvent({ messageId: `m${i}` })) })),
        { id: "30", data: b64(trackEvent({ messageId: "d1", anonymousId: "anon-down" })) },
        { id: "31", data: b64({ not: "segment" }) },
        { id: "32", data: b64(trackEvent({ messageId: "d2", anonymousId: "anon-down" })) }
      ]
      const response = await handler(kinesisEvent(records))
      assert.deepStrictEqual(response, { batchItemFailures: [{ itemIdentifier: "30" }, { itemIdentifier: "32" }] })
      assert.deepStrictEqual(
        fake.putEvents.map((r) => [r.trackingId, r.sessionId, r.eventList.length]),
        [
          ["tracking-1", "anon-1", 10],
          ["tracking-1", "anon-1", 1]
        ]
      )
      assert.strictEqual(fake.putEvents[0]!.eventList[0]!.sentAt, 1709296496.789)
      assert.strictEqual(fake.sqsMessages.length, 1)
      const letter = JSON.parse(fake.sqsMessages[0]!.body)
      assert.strictEqual(letter.id, "31")
      assert.strictEqual(letter.bucket, "invalid")
      assert.strictEqual(fake.sqsMessages[0]!.queueUrl, `${fake.url}/123456789012/ingestion-dlq`)
    } finally {
      await handler.runtime.dispose()
      await fake.close()
    }
  })

  it("Segment destination: one event sent; a 5xx makes Segment retry; invalid is dead-lettered", async () => {
    const fake = await startFakeIngestionAws({
      rejectPutEvents: (b) => (b.sessionId === "anon-down" ? "ServiceUnavailableException" : undefined)
    })
    const handler = makeSegmentHandler(productionLayer(fake.url), { emit: () => {} })
    try {
      assert.deepStrictEqual(await handler(trackEvent()), { status: "sent" })
      assert.deepStrictEqual(await handler(trackEvent({ event: "Signed Up" })), {
        status: "skipped",
        reason: "event 'Signed Up' is not in the allowlist"
      })
      assert.deepStrictEqual(await handler(trackEvent({ properties: {} })), {
        status: "invalid",
        reason: "itemId: missing properties.sku or properties.product_id"
      })
      let retried = ""
      await handler(trackEvent({ anonymousId: "anon-down" })).catch((e: Error) => {
        retried = e.name
      })
      assert.strictEqual(retried, "SegmentRetryableFailure")
      assert.strictEqual(fake.putEvents.length, 1)
      assert.strictEqual(fake.sqsMessages.length, 1)
    } finally {
      await handler.runtime.dispose()
      await fake.close()
    }
  })
})
