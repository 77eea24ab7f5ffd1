// The contract every PersonalizeEvents (PutEvents) adapter must pass. An adapter's test file calls
// `putEventsContract("memory", (faults) => Effect.succeed(...))`; each test makes a fresh subject.
import { assert, describe, it } from "@effect/vitest"
import * as Ingestion from "@personalize-ops/core/ingestion"
import { Effect, type Scope } from "effect"

/** What the service answers for a session: a permanent refusal, a retryable 5xx, or (undefined) success. */
export type PutEventsFault = "InvalidInputException" | "ServiceUnavailableException" | undefined

/** A port under test and what its backend accepted (the service side, however the adapter reaches it). */
export interface PutEventsSubject {
  readonly port: Ingestion.PersonalizeEvents["Service"]
  readonly accepted: () => ReadonlyArray<Ingestion.PutEventsRequest>
}

/** Builds a subject whose backend answers each call by `faultFor(sessionId)`. */
export type MakePutEventsSubject = (
  faultFor: (sessionId: string) => PutEventsFault
) => Effect.Effect<PutEventsSubject, never, Scope.Scope>

const request = (sessionId: string): Ingestion.PutEventsRequest => ({
  trackingId: "tracking-1",
  sessionId,
  userId: "user-1",
  eventList: [
    { eventType: "Product Added", sentAt: 1_700_000_000.123, eventId: "m-1", itemId: "sku-1", impression: ["a", "b"] },
    { eventType: "Product Viewed", sentAt: 1_700_000_001, eventId: "m-2", eventValue: 2.5 }
  ]
})

export const putEventsContract = (name: string, make: MakePutEventsSubject) =>
  describe(`PersonalizeEvents contract: ${name}`, () => {
    it.live("delivers a request as given: session, user, events in order, sentAt with its millisecond", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make(() => undefined)
          yield* subject.port.putEvents(request("anon-1"))
          const [sent, ...more] = subject.accepted()
          assert.strictEqual(more.length, 0)
          assert.strictEqual(sent?.sessionId, "anon-1")
          assert.strictEqual(sent?.userId, "user-1")
          assert.deepStrictEqual(
            sent?.eventList.map((e) => [e.eventId, e.sentAt]),
            [
              ["m-1", 1_700_000_000.123],
              ["m-2", 1_700_000_001]
            ]
          )
          assert.deepStrictEqual(sent?.eventList[0]?.impression, ["a", "b"])
          assert.strictEqual(sent?.eventList[1]?.eventValue, 2.5)
        })
      )
    )

    it.live("types a permanent refusal as not retryable and a 5xx as retryable; neither is accepted", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make((session) =>
            session === "bad" ? "InvalidInputException" : session === "down" ? "ServiceUnavailableException" : undefined
          )
          const invalid = yield* Effect.flip(subject.port.putEvents(request("bad")))
          const unavailable = yield* Effect.flip(subject.port.putEvents(request("down")))
          yield* subject.port.putEvents(request("ok"))
          assert.strictEqual(invalid.reason, "InvalidInputException")
          assert.isFalse(invalid.retryable)
          assert.isTrue(Ingestion.putEventsPermanentErrors.has(invalid.reason))
          assert.strictEqual(unavailable.reason, "ServiceUnavailableException")
          assert.isTrue(unavailable.retryable)
          assert.deepStrictEqual(
            subject.accepted().map((r) => r.sessionId),
            ["ok"]
          )
        })
      )
    )
  })
