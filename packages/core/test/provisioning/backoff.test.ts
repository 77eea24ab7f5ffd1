import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Fiber, type Schedule } from "effect"
import { TestClock } from "effect/testing"
import { InvalidInput, Throttled } from "../../src/personalize/errors.ts"
import { backoff, retryBackoff, retrySchedule, withRetry } from "../../src/provisioning/retry.ts"
import { defaultWaitPolicies, pollBackoff, pollSchedule, type WaitPolicy } from "../../src/provisioning/waitPolicy.ts"

/** When a schedule runs an effect (epoch ms on the TestClock), repeated until the schedule stops. */
const scheduleTimes = (schedule: Schedule.Schedule<unknown>, days: number) =>
  Effect.gen(function* () {
    const times: Array<number> = []
    const record = Effect.flatMap(Clock.currentTimeMillis, (t) => Effect.sync(() => times.push(t)))
    const fiber = yield* Effect.forkChild(Effect.repeat(record, schedule))
    yield* TestClock.adjust(`${days} days`)
    yield* Fiber.join(fiber)
    return times.map((t) => t - (times[0] ?? 0))
  })

/** The same, stepped by hand through a backoff. */
const backoffTimes = (next: (now: number) => number | undefined) => {
  const times = [0]
  let now = 0
  for (let delay = next(now); delay !== undefined; delay = next(now)) {
    now += delay
    times.push(now)
  }
  return times
}

describe("backoff, stepped by hand", () => {
  it.effect("polls at the same times as pollSchedule and stops with it (every kind's policy, and odd ones)", () =>
    Effect.gen(function* () {
      const odd: ReadonlyArray<WaitPolicy> = [
        { initialSeconds: 1, factor: 1.5, maxIntervalSeconds: 7.3, timeoutSeconds: 100 },
        { initialSeconds: 0.25, factor: 3, maxIntervalSeconds: 1000, timeoutSeconds: 5000 },
        { initialSeconds: 2, factor: 1.5, maxIntervalSeconds: 30, timeoutSeconds: 0 }
      ]
      for (const p of [...Object.values(defaultWaitPolicies), ...odd]) {
        const expected = yield* scheduleTimes(pollSchedule(p), Math.ceil(p.timeoutSeconds / 86400) + 1)
        assert.deepStrictEqual(backoffTimes(pollBackoff(p)), expected, JSON.stringify(p))
      }
    })
  )

  it.effect("retries at the same times as retrySchedule", () =>
    Effect.gen(function* () {
      for (const p of [
        { initialSeconds: 1, maxIntervalSeconds: 300, timeoutSeconds: 24 * 3600 },
        { initialSeconds: 0.5, maxIntervalSeconds: 10, timeoutSeconds: 95 }
      ]) {
        const expected = yield* scheduleTimes(retrySchedule(p), 2)
        assert.deepStrictEqual(backoffTimes(retryBackoff(p)), expected, JSON.stringify(p))
      }
    })
  )

  it.effect(
    "withRetry attempts a throttled call at retrySchedule's times, then fails; a non-retryable error at once",
    () =>
      Effect.gen(function* () {
        const p = { initialSeconds: 0.5, maxIntervalSeconds: 10, timeoutSeconds: 95 }
        const attempts: Array<number> = []
        const throttled = Effect.flatMap(Clock.currentTimeMillis, (t) => {
          attempts.push(t)
          return Effect.fail(new Throttled({ operation: "ListSolutions", message: "Rate exceeded" }))
        })
        const fiber = yield* Effect.forkChild(Effect.flip(withRetry(p)(throttled)))
        yield* TestClock.adjust("1 day")
        const error = yield* Fiber.join(fiber)
        assert.strictEqual(error._tag, "Throttled")
        const expected = yield* scheduleTimes(retrySchedule(p), 2)
        assert.deepStrictEqual(
          attempts.map((t) => t - (attempts[0] ?? 0)),
          expected
        )
        let calls = 0
        const invalid = Effect.suspend(() => {
          calls++
          return Effect.fail(new InvalidInput({ kind: "Solution", field: "name", message: "bad" }))
        })
        assert.strictEqual((yield* Effect.flip(withRetry(p)(invalid)))._tag, "InvalidInput")
        assert.strictEqual(calls, 1)
      })
  )

  it("gives each delay as initial × factor^n capped at the maximum, then stops past the timeout", () => {
    const next = backoff(1, 2, 5, 10)
    assert.deepStrictEqual(
      [next(0), next(1000), next(3000), next(7000), next(11000)],
      [1000, 2000, 4000, 5000, undefined]
    )
  })
})
