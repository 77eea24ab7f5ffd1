import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Stream } from "effect"
import { TestClock } from "effect/testing"
import * as Kernel from "../../src/kernel/index.ts"
import { makeFakeEventStore } from "./fakeEventStore.ts"

const meta = { at: 0, correlationId: "c", actor: "a" }
const ev = (n: number): Kernel.NewEvent => ({ type: "N", schemaVersion: 1, data: { n }, metadata: meta })

const seeded = Effect.gen(function* () {
  const fake = makeFakeEventStore()
  const a = Kernel.streamId("s", "a")
  const b = Kernel.streamId("s", "b")
  yield* fake.store.append(a, [ev(1), ev(2), ev(3)], 0)
  yield* fake.store.append(b, [ev(4), ev(5)], 0)
  yield* fake.store.append(a, [ev(6), ev(7)], 3)
  return fake
})

describe("catchUp and follow", () => {
  it.effect("catchUp applies every event after the cursor once, in order, across pages", () =>
    Effect.gen(function* () {
      const fake = yield* seeded
      for (const pageSize of [1, 2, 3, 100]) {
        const seen: Array<number> = []
        let reads = 0
        const counting = Kernel.EventStore.of({
          ...fake.store,
          readAll: (o) =>
            Effect.suspend(() => {
              reads += 1
              return fake.store.readAll(o)
            })
        })
        const cursor = yield* Kernel.catchUp(0, (e) => Effect.sync(() => seen.push((e.data as { n: number }).n)), {
          pageSize
        }).pipe(Effect.provideService(Kernel.EventStore, counting))
        assert.deepStrictEqual(seen, [1, 2, 3, 4, 5, 6, 7], `page size ${pageSize}`)
        assert.strictEqual(cursor, 7)
        assert.strictEqual(reads, Math.ceil(7 / pageSize) + 1, "stops one read after the last page")
      }
      const later: Array<number> = []
      const from4 = yield* Kernel.catchUp(4, (e) => Effect.sync(() => later.push(e.position)), {
        pageSize: 2
      }).pipe(Effect.provideService(Kernel.EventStore, fake.store))
      assert.deepStrictEqual(later, [5, 6, 7])
      assert.strictEqual(from4, 7)
    })
  )

  it.effect("catchUp keeps going past a page that only skipped positions", () =>
    Effect.gen(function* () {
      // A store whose log has tombstoned positions 3–4: the page covering them holds no events.
      const pages: Record<number, Kernel.AllPage> = {
        0: { events: [], next: 2 },
        2: { events: [], next: 4 },
        4: { events: [], next: 4 }
      }
      const fake = makeFakeEventStore()
      const store = Kernel.EventStore.of({ ...fake.store, readAll: ({ after }) => Effect.succeed(pages[after]!) })
      const cursor = yield* Kernel.catchUp(0, () => Effect.void).pipe(Effect.provideService(Kernel.EventStore, store))
      assert.strictEqual(cursor, 4)
    })
  )

  it.effect("follow streams the log and picks up later appends after polling", () =>
    Effect.gen(function* () {
      const fake = yield* seeded
      const fiber = yield* Effect.forkChild(
        Kernel.follow(0, { interval: "1 second", pageSize: 3 }).pipe(
          Stream.take(9),
          Stream.runCollect,
          Effect.provideService(Kernel.EventStore, fake.store)
        )
      )
      yield* TestClock.adjust("1 second")
      yield* fake.store.append(Kernel.streamId("s", "c"), [ev(8), ev(9)], 0)
      yield* TestClock.adjust("1 second")
      const events = yield* Fiber.join(fiber)
      assert.deepStrictEqual(
        events.map((e) => e.position),
        [1, 2, 3, 4, 5, 6, 7, 8, 9]
      )
    })
  )
})
