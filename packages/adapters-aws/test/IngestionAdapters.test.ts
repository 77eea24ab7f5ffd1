import { PersonalizeEventsClient } from "@aws-sdk/client-personalize-events"
import { SQSClient } from "@aws-sdk/client-sqs"
import { assert, describe, it } from "@effect/vitest"
import type { Ingestion } from "@personalize-ops/core"
import { Effect } from "effect"
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
  it.live("sends PutEvents with sentAt in epoch seconds, millisecond kept", () =>
    Effect.gen(function* () {
      const fake = yield* Effect.promise(() => startFakeIngestionAws())
      yield* makePersonalizeEventsAws(clients(fake.url).events).putEvents(request)
      yield* Effect.promise(fake.close)
      assert.strictEqual(fake.putEvents.length, 1)
      const sent = fake.putEvents[0]!
      assert.strictEqual(sent.sessionId, "anon-1")
      assert.strictEqual(sent.userId, "user-1")
      assert.strictEqual(sent.eventList[0]!.sentAt, 1_700_000_000.123)
      assert.deepStrictEqual(sent.eventList[0]!.impression, ["a", "b"])
    })
  )

  it.live("retries throttling with backoff and then succeeds", () =>
    Effect.gen(function* () {
      const fake = yield* Effect.promise(() => startFakeIngestionAws({ throttleFirst: 2 }))
      yield* makePersonalizeEventsAws(clients(fake.url).events).putEvents(request)
      yield* Effect.promise(fake.close)
      assert.strictEqual(fake.putEventsAttempts(), 3)
      assert.strictEqual(fake.putEvents.length, 1)
    })
  )

  it.live("types a permanent rejection as not retryable, a 5xx as retryable", () =>
    Effect.gen(function* () {
      const fake = yield* Effect.promise(() =>
        startFakeIngestionAws({
          rejectPutEvents: (b) => (b.sessionId === "bad" ? "InvalidInputException" : "ServiceUnavailable")
        })
      )
      const port = makePersonalizeEventsAws(clients(fake.url).events)
      const invalid = yield* Effect.flip(port.putEvents({ ...request, sessionId: "bad" }))
      const unavailable = yield* Effect.flip(port.putEvents(request))
      yield* Effect.promise(fake.close)
      assert.strictEqual(invalid.reason, "InvalidInputException")
      assert.isFalse(invalid.retryable)
      assert.strictEqual(unavailable.reason, "ServiceUnavailable")
      assert.isTrue(unavailable.retryable)
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
  at: 0
})

describe("DeadLetter on SQS (local endpoint)", () => {
  it.live("sends entries in batches of at most 10 and reports refused entries", () =>
    Effect.gen(function* () {
      const fake = yield* Effect.promise(() => startFakeIngestionAws({ failSqsEntry: (b) => b.includes('"id":"r-7"') }))
      const dl = makeSqsDeadLetter(clients(fake.url).sqs, `${fake.url}/123456789012/dlq`)
      const result = yield* dl.send(Array.from({ length: 23 }, (_, i) => entry(`r-${i}`)))
      yield* Effect.promise(fake.close)
      assert.deepStrictEqual(result.failedIds, ["r-7"])
      assert.strictEqual(fake.sqsMessages.length, 22)
      const first = JSON.parse(fake.sqsMessages[0]!.body)
      assert.strictEqual(first.id, "r-0")
      assert.strictEqual(first.payload, "eyJ4IjoxfQ==")
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

  it.live("reports every entry when the queue is unreachable", () =>
    Effect.gen(function* () {
      const fake = yield* Effect.promise(() => startFakeIngestionAws())
      yield* Effect.promise(fake.close)
      const dl = makeSqsDeadLetter(clients(fake.url).sqs, `${fake.url}/123456789012/dlq`)
      const result = yield* dl.send([entry("a"), entry("b")])
      assert.deepStrictEqual(result.failedIds, ["a", "b"])
    })
  )
})
