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
const productionLayer = (url: string) =>
  layerIngestionAws.pipe(
    Layer.provide(
      ConfigProvider.layer(
        ConfigProvider.fromUnknown({
          PERSONALIZE_TRACKING_ID: "tracking-1",
          AWS_REGION: "us-east-1",
          PERSONALIZE_EVENTS_ENDPOINT: url,
          SQS_ENDPOINT: url,
          DEAD_LETTER_QUEUE_URL: `${url}/123456789012/ingestion-dlq`
        })
      )
    ),
    Layer.provideMerge(Logger.layer([]))
  )

const b64 = (value: unknown) => Base64.encode(JSON.stringify(value))

describe("ingestion handlers on the AWS adapters (SDK against a local endpoint)", () => {
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
