import { assert, describe, it } from "@effect/vitest"
import type { Ingestion } from "@personalize-ops/core"
import { deadLetterContract, putEventsContract, putRecordsContract } from "@personalize-ops/core/testing"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { makeMemoryDeadLetter, makeMemoryPersonalizeEvents } from "../src/ingestion/index.ts"

const request = (events: number, sessionId = "s-1"): Ingestion.PutEventsRequest => ({
  trackingId: "t",
  sessionId,
  eventList: Array.from({ length: events }, (_, i) => ({ eventType: "click", sentAt: 1, eventId: `e${i}` }))
})

describe("memory PersonalizeEvents", () => {
  it.effect("takes its latency on Effect's clock", () =>
    Effect.gen(function* () {
      const memory = makeMemoryPersonalizeEvents({ latency: "20 millis" })
      const fiber = yield* Effect.forkChild(memory.service.putEvents(request(1)))
      yield* TestClock.adjust("19 millis")
      assert.strictEqual(memory.accepted().length, 0)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      assert.strictEqual(memory.accepted().length, 1)
    })
  )

  it.effect("rejects a request that breaks the PutEvents limits, as the service does", () =>
    Effect.gen(function* () {
      const memory = makeMemoryPersonalizeEvents()
      const error = yield* Effect.flip(memory.service.putEvents(request(11)))
      assert.strictEqual(error.reason, "InvalidInputException")
      assert.isFalse(error.retryable)
      const forbidden = { ...request(1), eventList: [{ eventType: "x", sentAt: 1, properties: '{"UserId":"u"}' }] }
      assert.strictEqual((yield* Effect.flip(memory.service.putEvents(forbidden))).reason, "InvalidInputException")
    })
  )

  it.effect("throttles under a seed, retries with backoff, and gives up retryably", () =>
    Effect.gen(function* () {
      const run = (seed: number, throttleRate: number) =>
        Effect.gen(function* () {
          const memory = makeMemoryPersonalizeEvents({ seed, throttleRate, retries: 3 })
          const fiber = yield* Effect.forkChild(
            Effect.forEach([1, 2, 3, 4, 5], (i) => Effect.result(memory.service.putEvents(request(1, `s-${i}`))))
          )
          yield* TestClock.adjust("1 minute")
          const results = yield* Fiber.join(fiber)
          return { results: results.map((r) => r._tag), attempts: memory.attempts() }
        })
      const a = yield* run(42, 0.5)
      assert.deepStrictEqual(a, yield* run(42, 0.5)) // same seed, same faults
      assert.isAbove(a.attempts, 5)
      const always = yield* run(1, 1)
      assert.deepStrictEqual(always.results, ["Failure", "Failure", "Failure", "Failure", "Failure"])
      assert.strictEqual(always.attempts, 5 * 4)
    })
  )

  it.effect("fails chosen requests deterministically", () =>
    Effect.gen(function* () {
      const memory = makeMemoryPersonalizeEvents({
        failWhen: (r) => (r.sessionId === "down" ? "ServiceUnavailableException" : undefined)
      })
      const e = yield* Effect.flip(memory.service.putEvents(request(1, "down")))
      yield* memory.service.putEvents(request(2))
      assert.isTrue(e.retryable)
      assert.strictEqual(memory.calls().length, 2)
      assert.strictEqual(memory.accepted().length, 1)
    })
  )
})

describe("memory DeadLetter", () => {
  const entry = (id: string): Ingestion.DeadLetterEntry => ({
    id,
    source: "test",
    bucket: "invalid",
    reason: "r",
    encoding: "utf8",
    payload: "{",
    at: 0,
    dedupeKey: `test|${id}`
  })

  it.effect("keeps entries and reports refused ones", () =>
    Effect.gen(function* () {
      const dl = makeMemoryDeadLetter({ failWhen: (e) => e.id === "b" })
      const result = yield* dl.service.send([entry("a"), entry("b")])
      assert.deepStrictEqual(result.failedIds, ["b"])
      assert.deepStrictEqual(
        dl.entries().map((e) => e.id),
        ["a"]
      )
      yield* dl.service.send([entry("a")])
      assert.strictEqual(dl.entries().length, 1, "a second letter with the same dedupe key is kept once")
      const down = makeMemoryDeadLetter({ failAll: true })
      assert.strictEqual((yield* Effect.flip(down.service.send([entry("a")])))._tag, "DeadLetterFailure")
    })
  )
})

putEventsContract("memory", (faultFor) =>
  Effect.sync(() => {
    const memory = makeMemoryPersonalizeEvents({ failWhen: (r) => faultFor(r.sessionId) })
    return { port: memory.service, accepted: memory.accepted }
  })
)

putRecordsContract("memory", (faultFor) =>
  Effect.sync(() => {
    const memory = makeMemoryPersonalizeEvents({ failRecordsWhen: (_, r) => faultFor(r.datasetArn) })
    return { port: memory.service, acceptedUsers: memory.acceptedUsers, acceptedItems: memory.acceptedItems }
  })
)

describe("memory PutUsers/PutItems", () => {
  it.effect("refuses a record whose property is not a field of the dataset schema, as the service does", () =>
    Effect.gen(function* () {
      const memory = makeMemoryPersonalizeEvents({ datasetFields: { items: ["ITEM_ID", "PRICE", "CATEGORY_L1"] } })
      yield* memory.service.putItems({
        datasetArn: "items",
        items: [{ itemId: "a", properties: JSON.stringify({ price: 1, categoryL1: "x" }) }]
      })
      const error = yield* Effect.flip(
        memory.service.putItems({ datasetArn: "items", items: [{ itemId: "b", properties: '{"colour":"red"}' }] })
      )
      assert.strictEqual(error.reason, "InvalidInputException")
      assert.include(error.detail, "colour")
      assert.strictEqual(memory.acceptedItems().length, 1)
    })
  )

  it.effect("rejects more than 10 users in one call (InvalidInputException, not retryable)", () =>
    Effect.gen(function* () {
      const memory = makeMemoryPersonalizeEvents()
      const users = Array.from({ length: 11 }, (_, i) => ({ userId: `u${i}`, properties: '{"a":1}' }))
      const error = yield* Effect.flip(memory.service.putUsers({ datasetArn: "users", users }))
      assert.deepStrictEqual(
        [error.operation, error.reason, error.retryable],
        ["PutUsers", "InvalidInputException", false]
      )
    })
  )
})

deadLetterContract("memory", ({ refuse, down }) =>
  Effect.sync(() => {
    const memory = makeMemoryDeadLetter({
      failAll: down === true,
      ...(refuse === undefined ? {} : { failWhen: (e: Ingestion.DeadLetterEntry) => refuse(e.id) })
    })
    return { port: memory.service, kept: memory.entries }
  })
)
