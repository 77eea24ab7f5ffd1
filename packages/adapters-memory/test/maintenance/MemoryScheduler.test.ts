import { assert, describe, it } from "@effect/vitest"
import type { Maintenance } from "@personalize-ops/core"
import { schedulerContract } from "@personalize-ops/core/testing"
import { Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import { layerMemoryScheduler, makeMemoryScheduler } from "../../src/index.ts"

schedulerContract("memory", () => Layer.fresh(layerMemoryScheduler))

const target = {
  arn: "arn:aws:states:us-east-1:000000000000:stateMachine:m",
  roleArn: "arn:aws:iam::000000000000:role/r",
  input: "{}"
}
const start = Date.parse("2026-11-27T00:00:00Z")
const day = 86_400_000

describe("memory Scheduler fires in virtual time", () => {
  it.effect("each ENABLED schedule fires at exactly its fire times; a disabled one does not", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      const { scheduler, run } = makeMemoryScheduler()
      yield* scheduler.createGroup("g")
      const put = (name: string, expression: string, state: Maintenance.ScheduleState = "ENABLED", timeZone?: string) =>
        scheduler.createSchedule({
          name,
          group: "g",
          expression,
          state,
          target,
          ...(timeZone === undefined ? {} : { timeZone })
        })
      yield* put("import", "cron(0 */6 * * ? *)")
      yield* put("batch", "cron(0 3 * * ? *)", "ENABLED", "Europe/Berlin")
      yield* put("weekly", "cron(0 0 ? * 1 *)")
      yield* put("off", "rate(1 hour)", "DISABLED")
      const fired: Array<readonly [string, string]> = []
      const fiber = yield* Effect.forkChild(
        run((s, at) => Effect.sync(() => fired.push([s.name, new Date(at).toISOString()])))
      )
      yield* TestClock.adjust(3 * day)
      yield* Fiber.interrupt(fiber)
      const times = (name: string) => fired.filter(([n]) => n === name).map(([, t]) => t)
      assert.deepStrictEqual(times("import").slice(0, 5), [
        "2026-11-27T06:00:00.000Z",
        "2026-11-27T12:00:00.000Z",
        "2026-11-27T18:00:00.000Z",
        "2026-11-28T00:00:00.000Z",
        "2026-11-28T06:00:00.000Z"
      ])
      assert.strictEqual(times("import").length, 12)
      assert.deepStrictEqual(times("batch"), [
        "2026-11-27T02:00:00.000Z",
        "2026-11-28T02:00:00.000Z",
        "2026-11-29T02:00:00.000Z"
      ])
      assert.deepStrictEqual(times("weekly"), ["2026-11-29T00:00:00.000Z"])
      assert.deepStrictEqual(times("off"), [])
    })
  )

  it.effect("a schedule changed while the loop sleeps fires on its new expression; a deleted one stops", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      const { scheduler, run } = makeMemoryScheduler()
      const fired: Array<string> = []
      yield* scheduler.createSchedule({
        name: "a",
        group: "default",
        expression: "cron(0 12 * * ? *)",
        state: "ENABLED",
        target
      })
      const fiber = yield* Effect.forkChild(
        run((s, at) => Effect.sync(() => fired.push(`${s.name}@${new Date(at).toISOString()}`)))
      )
      yield* TestClock.adjust(day)
      yield* scheduler.updateSchedule({
        name: "a",
        group: "default",
        expression: "rate(6 hours)",
        state: "ENABLED",
        target
      })
      yield* TestClock.adjust(day)
      yield* scheduler.deleteSchedule("default", "a")
      yield* TestClock.adjust(day)
      yield* Fiber.interrupt(fiber)
      assert.deepStrictEqual(fired, [
        "a@2026-11-27T12:00:00.000Z",
        // A rate schedule without a start date fires at once, then every period.
        "a@2026-11-28T00:00:00.000Z",
        "a@2026-11-28T06:00:00.000Z",
        "a@2026-11-28T12:00:00.000Z",
        "a@2026-11-28T18:00:00.000Z",
        "a@2026-11-29T00:00:00.000Z"
      ])
    })
  )
})

describe("memory Scheduler snapshot (the memory target's state file keeps it between runs)", () => {
  it.effect("a restored scheduler has the same groups and schedules, and fires where the first left off", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(start)
      const first = makeMemoryScheduler()
      yield* first.scheduler.createGroup("g")
      yield* first.scheduler.createSchedule({
        name: "daily",
        group: "g",
        expression: "cron(0 3 * * ? *)",
        state: "ENABLED",
        target
      })
      yield* first.scheduler.createSchedule({
        name: "off",
        group: "g",
        expression: "rate(1 hour)",
        state: "DISABLED",
        target
      })
      const snapshot = JSON.parse(JSON.stringify(first.snapshot()))
      const second = makeMemoryScheduler({ restore: snapshot })
      assert.deepStrictEqual(yield* second.scheduler.listSchedules("g"), yield* first.scheduler.listSchedules("g"))
      assert.deepStrictEqual(
        yield* second.scheduler.describeSchedule("g", "daily"),
        yield* first.scheduler.describeSchedule("g", "daily")
      )
      assert.deepStrictEqual(
        (yield* second.scheduler.listGroups()).map((g) => g.name),
        ["default", "g"]
      )
      const fired: Array<string> = []
      const fiber = yield* Effect.forkChild(
        second.run((s, at) => Effect.sync(() => fired.push(`${s.name}@${new Date(at).toISOString()}`)))
      )
      yield* TestClock.adjust(day)
      yield* Fiber.interrupt(fiber)
      assert.deepStrictEqual(fired, ["daily@2026-11-27T03:00:00.000Z"])
    })
  )
})
