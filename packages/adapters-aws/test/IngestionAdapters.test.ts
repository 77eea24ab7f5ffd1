import { PersonalizeEventsClient } from "@aws-sdk/client-personalize-events"
import { SQSClient } from "@aws-sdk/client-sqs"
import { assert, describe, it } from "@effect/vitest"
import { Ingestion } from "@personalize-ops/core"
import { deadLetterContract, putEventsContract, putRecordsContract } from "@personalize-ops/core/testing"
import { Effect, Schema } from "effect"
import { makePersonalizeEventsAws, makeSqsDeadLetter, SqsLimits } from "../src/ingestion/index.ts"
import { fakeCredentials, startFakeIngestionAws } from "../src/testing/index.ts"

const request: Ingestion.PutEventsRequest = {
  trackingId: "tracking-1",
  sessionId: "anon-1",
  userId: "user-1",
  eventList: [
    { eventType: "Product Added", sentAt: 1_700_000_000.123, eventId: "m-1", itemId: "sku-1", impression: ["a", "b"] }
  ]
}

const clients = (url: string) => ({
  events: new PersonalizeEventsClient({
    endpoint: url,
    region: "us-east-1",
    credentials: fakeCredentials,
    maxAttempts: 1
  }),
  sqs: new SQSClient({ endpoint: url, region: "us-east-1", credentials: fakeCredentials, maxAttempts: 1 })
})

describe("PersonalizeEvents on the SDK (local endpoint)", () => {
  it.live("retries throttling with backoff and then succeeds", () =>
    Effect.gen(function* () {
      const fake = yield* Effect.promise(() => startFakeIngestionAws({ throttleFirst: 2 }))
      yield* makePersonalizeEventsAws(clients(fake.url).events).putEvents(request)
      yield* Effect.promise(fake.close)
      assert.strictEqual(fake.putEventsAttempts(), 3)
      assert.strictEqual(fake.putEvents.length, 1)
    })
  )
})

const entry = (id: string, payload = "eyJ4IjoxfQ=="): Ingestion.DeadLetterEntry => ({
  id,
  source: "kinesis:test",
  bucket: "invalid",
  reason: "bad JSON",
  encoding: "base64",
  payload,
  at: 0,
  dedupeKey: `kinesis:test|${id}`
})

describe("DeadLetter on SQS (local endpoint)", () => {
  it.live("on a FIFO queue, letters of one record share a deduplication id (the queue keeps one)", () =>
    Effect.gen(function* () {
      const fake = yield* Effect.promise(() => startFakeIngestionAws())
      const dl = makeSqsDeadLetter(clients(fake.url).sqs, `${fake.url}/123456789012/dlq.fifo`)
      yield* dl.send([entry("a"), entry("b")])
      yield* dl.send([entry("a")])
      yield* Effect.promise(fake.close)
      const ids = fake.sqsMessages.map((m) => m.deduplicationId)
      assert.strictEqual(ids[0], ids[2])
      assert.notStrictEqual(ids[0], ids[1])
      assert.match(ids[0] ?? "", /^[0-9a-f]{16}$/)
      assert.strictEqual(JSON.parse(fake.sqsMessages[0]!.body).dedupeKey, "kinesis:test|a")
    })
  )

  it.live("truncates a payload larger than an SQS message, flagged", () =>
    Effect.gen(function* () {
      const fake = yield* Effect.promise(() => startFakeIngestionAws())
      const dl = makeSqsDeadLetter(clients(fake.url).sqs, `${fake.url}/123456789012/dlq`)
      yield* dl.send([entry("big", "x".repeat(300_000))])
      yield* Effect.promise(fake.close)
      const body = fake.sqsMessages[0]!.body
      assert.isAtMost(new TextEncoder().encode(body).length, SqsLimits.bytesPerMessage)
      assert.isTrue(JSON.parse(body).truncated)
    })
  )
})

const fakeAws = (options: Parameters<typeof startFakeIngestionAws>[0]) =>
  Effect.acquireRelease(
    Effect.promise(() => startFakeIngestionAws(options)),
    (fake) => Effect.promise(fake.close)
  )

const receivedRequest = Schema.decodeUnknownSync(Ingestion.PutEventsRequest)

putEventsContract("SDK against a local endpoint", (faultFor) =>
  Effect.map(fakeAws({ rejectPutEvents: (b) => faultFor(b.sessionId) }), (fake) => ({
    port: makePersonalizeEventsAws(clients(fake.url).events),
    accepted: () => fake.putEvents.map((b) => receivedRequest(b))
  }))
)

putRecordsContract("SDK against a local endpoint", (faultFor) =>
  Effect.map(fakeAws({ rejectPutRecords: (_, b) => faultFor(b.datasetArn) }), (fake) => ({
    port: makePersonalizeEventsAws(clients(fake.url).events),
    acceptedUsers: () => fake.putUsers.map((b) => Schema.decodeUnknownSync(Ingestion.PutUsersRequest)(b)),
    acceptedItems: () => fake.putItems.map((b) => Schema.decodeUnknownSync(Ingestion.PutItemsRequest)(b))
  }))
)

describe("PutUsers/PutItems on the SDK (local endpoint)", () => {
  it.live("retries throttling on PutItems with backoff and then succeeds", () =>
    Effect.gen(function* () {
      const fake = yield* Effect.promise(() => startFakeIngestionAws({ throttleFirst: 2 }))
      yield* makePersonalizeEventsAws(clients(fake.url).events).putItems({
        datasetArn: "arn:aws:personalize:us-east-1:123456789012:dataset/shop/ITEMS",
        items: [{ itemId: "sku-1", properties: '{"price":1}' }]
      })
      yield* Effect.promise(fake.close)
      assert.strictEqual(fake.putItems.length, 1)
    })
  )
})

const keptMessage = Schema.decodeUnknownSync(
  Schema.fromJsonString(Schema.Struct({ id: Schema.String, payload: Schema.String }))
)

deadLetterContract("SQS through the SDK against a local endpoint", ({ refuse, down }) =>
  Effect.gen(function* () {
    const fake = yield* fakeAws({ failSqsEntry: (body) => refuse?.(keptMessage(body).id) === true })
    if (down === true) yield* Effect.promise(fake.close)
    return {
      port: makeSqsDeadLetter(clients(fake.url).sqs, `${fake.url}/123456789012/dlq`),
      kept: () => fake.sqsMessages.map((m) => keptMessage(m.body))
    }
  })
)
