import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import * as Kernel from "../../src/kernel/index.ts"
import { type CounterCommand, counter, counterCodec, LimitExceeded } from "./counter.ts"
import { makeFakeEventStore } from "./fakeEventStore.ts"

const stream = Kernel.streamId("counter", "c1")
const context = { correlationId: "req-1", actor: "alice" }

const handle = (command: CounterCommand, options: { readonly maxRetries?: number } = {}) =>
  Kernel.handleCommand({ decider: counter, codec: counterCodec, stream, command, context, ...options })

describe("handleCommand", () => {
  it.effect("loads, decides and appends at the loaded version", () =>
    Effect.gen(function* () {
      const fake = makeFakeEventStore()
      const run = <A, E>(e: Effect.Effect<A, E, Kernel.EventStore>) =>
        e.pipe(Effect.provideService(Kernel.EventStore, fake.store))
      const first = yield* run(handle({ _tag: "Increment", by: 3 }))
      assert.deepStrictEqual(first, { events: [{ _tag: "Incremented", by: 3 }], state: 3, version: 1 })
      const second = yield* run(handle({ _tag: "Increment", by: 4 }))
      assert.deepStrictEqual(second, { events: [{ _tag: "Incremented", by: 4 }], state: 7, version: 2 })
      assert.deepStrictEqual(
        fake.appends.map((a) => a.expected),
        [0, 1]
      )
      const loaded = yield* run(Kernel.load(counter, counterCodec, stream))
      assert.deepStrictEqual(loaded, { state: 7, version: 2 })
    })
  )

  it.effect("a domain error fails the command and appends nothing", () =>
    Effect.gen(function* () {
      const fake = makeFakeEventStore()
      const error = yield* Effect.flip(
        handle({ _tag: "Increment", by: 11 }).pipe(Effect.provideService(Kernel.EventStore, fake.store))
      )
      assert.instanceOf(error, LimitExceeded)
      assert.include(error, { current: 0, by: 11, max: 10 })
      assert.deepStrictEqual(fake.appends, [])
    })
  )

  it.effect("a command that decides no events does not append", () =>
    Effect.gen(function* () {
      const fake = makeFakeEventStore()
      const run = <A, E>(e: Effect.Effect<A, E, Kernel.EventStore>) =>
        e.pipe(Effect.provideService(Kernel.EventStore, fake.store))
      yield* run(handle({ _tag: "Increment", by: 2 }))
      const touched = yield* run(handle({ _tag: "Touch" }))
      assert.deepStrictEqual(touched, { events: [], state: 2, version: 1 })
      assert.strictEqual(fake.appends.length, 1)
    })
  )

  it.effect("stamps metadata from the Clock and the command context", () =>
    Effect.gen(function* () {
      const fake = makeFakeEventStore()
      yield* TestClock.setTime(1_700_000_123_456)
      yield* Kernel.handleCommand({
        decider: counter,
        codec: counterCodec,
        stream,
        command: { _tag: "Increment", by: 1 },
        context: { correlationId: "req-9", causationId: "evt-3", actor: "scheduler" }
      }).pipe(Effect.provideService(Kernel.EventStore, fake.store))
      yield* handle({ _tag: "Increment", by: 1 }).pipe(Effect.provideService(Kernel.EventStore, fake.store))
      const [one, two] = yield* fake.store.read(stream)
      assert.deepStrictEqual(one!.metadata, {
        at: 1_700_000_123_456,
        correlationId: "req-9",
        causationId: "evt-3",
        actor: "scheduler"
      })
      assert.deepStrictEqual(two!.metadata, { at: 1_700_000_123_456, correlationId: "req-1", actor: "alice" })
      assert.deepStrictEqual(one!.data, { _tag: "Incremented", by: 1 })
      assert.strictEqual(one!.type, "Incremented")
      assert.strictEqual(one!.schemaVersion, 1)
    })
  )

  it.effect("after a conflicting concurrent append it reloads and decides again", () =>
    Effect.gen(function* () {
      const fake = makeFakeEventStore()
      const rival = Kernel.encodeEvent(
        counterCodec,
        { _tag: "Incremented", by: 8 },
        { at: 0, correlationId: "r", actor: "bob" }
      )
      let injected = false
      // Another writer appends between our load and our append, once.
      const racing = Kernel.EventStore.of({
        ...fake.store,
        append: (s, events, expected) =>
          Effect.gen(function* () {
            if (!injected) {
              injected = true
              yield* fake.store.append(s, [rival], expected)
            }
            return yield* fake.store.append(s, events, expected)
          })
      })
      const run = <A, E>(e: Effect.Effect<A, E, Kernel.EventStore>) =>
        e.pipe(Effect.provideService(Kernel.EventStore, racing))
      const result = yield* run(handle({ _tag: "Increment", by: 2 }))
      assert.deepStrictEqual(result, { events: [{ _tag: "Incremented", by: 2 }], state: 10, version: 2 })
      // The retry decides against the rival's event: a second +2 would now exceed the limit.
      const error = yield* Effect.flip(run(handle({ _tag: "Increment", by: 2 })))
      assert.instanceOf(error, LimitExceeded)
      assert.include(error, { current: 10 })
      assert.deepStrictEqual(
        fake.appends.map((a) => [a.count, a.expected]),
        [
          [1, 0], // the rival
          [1, 0], // ours: conflict
          [1, 1] // ours, retried at the fresh version
        ]
      )
    })
  )

  it.effect("gives up with VersionConflict after maxRetries", () =>
    Effect.gen(function* () {
      const fake = makeFakeEventStore()
      const alwaysBehind = Kernel.EventStore.of({
        ...fake.store,
        append: (s, _events, expected) => Effect.fail(new Kernel.VersionConflict({ stream: s, expected, actual: 99 }))
      })
      let attempts = 0
      const counting = Kernel.EventStore.of({
        ...alwaysBehind,
        append: (s, e, x) =>
          Effect.suspend(() => {
            attempts += 1
            return alwaysBehind.append(s, e, x)
          })
      })
      const error = yield* Effect.flip(
        handle({ _tag: "Increment", by: 1 }, { maxRetries: 3 }).pipe(Effect.provideService(Kernel.EventStore, counting))
      )
      assert.instanceOf(error, Kernel.VersionConflict)
      assert.strictEqual(attempts, 4, "the first try and three retries")
    })
  )

  it.effect("a stored event the codec cannot read fails with EventDecodeFailure", () =>
    Effect.gen(function* () {
      const fake = makeFakeEventStore()
      yield* fake.store.append(
        stream,
        [{ type: "Exploded", schemaVersion: 1, data: {}, metadata: { at: 0, correlationId: "x", actor: "x" } }],
        0
      )
      const error = yield* Effect.flip(
        handle({ _tag: "Increment", by: 1 }).pipe(Effect.provideService(Kernel.EventStore, fake.store))
      )
      assert.instanceOf(error, Kernel.EventDecodeFailure)
      assert.include(error, { stream, version: 1, type: "Exploded" })
      assert.strictEqual(fake.appends.length, 1, "nothing appended after the failure")
    })
  )
})
