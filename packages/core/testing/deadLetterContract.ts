// The contract every DeadLetter adapter must pass. An adapter's test file calls
// `deadLetterContract("memory", (options) => Effect.succeed(...))`; each test makes a fresh subject.
import { assert, describe, it } from "@effect/vitest"
import type * as Ingestion from "@personalize-ops/core/ingestion"
import { Effect, type Scope } from "effect"

/** A port under test and what its store kept (ids and payloads, in the order they were kept). */
export interface DeadLetterSubject {
  readonly port: Ingestion.DeadLetter["Service"]
  readonly kept: () => ReadonlyArray<{ readonly id: string; readonly payload: string }>
}

/** Builds a subject whose store refuses the entries `refuse` names, or is unreachable when `down`. */
export type MakeDeadLetterSubject = (options: {
  readonly refuse?: (id: string) => boolean
  readonly down?: boolean
}) => Effect.Effect<DeadLetterSubject, never, Scope.Scope>

const entry = (id: string): Ingestion.DeadLetterEntry => ({
  id,
  source: "kinesis:contract",
  bucket: "invalid",
  reason: "bad JSON",
  encoding: "base64",
  payload: `eyJ${id}`,
  at: 1_700_000_000_000,
  dedupeKey: `kinesis:contract|${id}`
})

export const deadLetterContract = (name: string, make: MakeDeadLetterSubject) =>
  describe(`DeadLetter contract: ${name}`, () => {
    it.live("keeps every entry, in order, with its payload (more than one SQS batch of 10)", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make({})
          const ids = Array.from({ length: 23 }, (_, i) => `r-${i}`)
          const result = yield* subject.port.send(ids.map(entry))
          assert.deepStrictEqual(result.failedIds, [])
          assert.deepStrictEqual(
            subject.kept().map((k) => k.id),
            ids
          )
          assert.strictEqual(subject.kept()[0]?.payload, "eyJr-0")
        })
      )
    )

    it.live("answers with the ids it could not keep and keeps the others", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make({ refuse: (id) => id === "r-7" || id === "r-12" })
          const result = yield* subject.port.send(Array.from({ length: 15 }, (_, i) => entry(`r-${i}`)))
          assert.deepStrictEqual(result.failedIds, ["r-7", "r-12"])
          assert.strictEqual(subject.kept().length, 13)
          assert.notInclude(
            subject.kept().map((k) => k.id),
            "r-7"
          )
        })
      )
    )

    it.live("keeps nothing when the store is down: a DeadLetterFailure or every id back as failed", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make({ down: true })
          const result = yield* Effect.result(subject.port.send([entry("a"), entry("b")]))
          if (result._tag === "Success") assert.deepStrictEqual(result.success.failedIds, ["a", "b"])
          else assert.strictEqual(result.failure._tag, "DeadLetterFailure")
          assert.deepStrictEqual(subject.kept(), [])
        })
      )
    )
  })
