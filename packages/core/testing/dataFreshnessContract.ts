// The contract every DataFreshness adapter must pass: when a data location last changed, as time goes by.
// An adapter's test file calls `dataFreshnessContract("memory", () => Effect.succeed(...))`.
import { assert, describe, it } from "@effect/vitest"
import type * as Maintenance from "@personalize-ops/core/maintenance"
import { Effect, type Scope } from "effect"
import { TestClock } from "effect/testing"

/** A port under test and a location that receives new data at least once a day. */
export interface DataFreshnessSubject {
  readonly port: Maintenance.DataFreshness["Service"]
  readonly location: string
}

export type MakeDataFreshnessSubject = () => Effect.Effect<DataFreshnessSubject, never, Scope.Scope>

const start = Date.parse("2026-01-05T00:00:00Z")

export const dataFreshnessContract = (name: string, make: MakeDataFreshnessSubject) =>
  describe(`DataFreshness contract: ${name}`, () => {
    it.effect("the last change is never in the future, never moves back, and moves on as data lands", () =>
      Effect.scoped(
        Effect.gen(function* () {
          yield* TestClock.setTime(start)
          const subject = yield* make()
          const seen: Array<number> = []
          for (let hour = 0; hour < 72; hour++) {
            const now = start + hour * 3_600_000
            yield* TestClock.setTime(now)
            const last = yield* subject.port.lastModified(subject.location)
            if (last === undefined) {
              assert.strictEqual(seen.length, 0, "a location that changed does not become unknown")
              continue
            }
            assert.isAtMost(last, now)
            assert.isAtLeast(last, seen.at(-1) ?? Number.NEGATIVE_INFINITY)
            seen.push(last)
          }
          assert.isAtLeast(new Set(seen).size, 2, "new data landed at least twice in three days")
        })
      )
    )
  })
