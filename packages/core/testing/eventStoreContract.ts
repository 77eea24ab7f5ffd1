// The contract every EventStore adapter must pass. An adapter's test file calls
// `eventStoreContract("memory", () => layerMemoryEventStore)`; each test builds the layer afresh
// (`Layer.fresh`, since layers are memoized across provides), so readAll sees only that test's events.
import { assert, describe, it } from "@effect/vitest"
import * as Kernel from "@personalize-ops/core/kernel"
import { Context, Effect, Fiber, Layer, Result, Schema, type Scope } from "effect"
import fc from "fast-check"

/** What the contract needs to know about a store besides how to build it. */
export interface EventStoreContractOptions {
  /**
   * The largest append the store should accept. The contract reads the limit from the store's own
   * `AppendTooLarge` error; when this is given it must state exactly this value.
   */
  readonly appendLimitBytes?: number
  /** Runs of each fast-check property (default 40; keep it small for stores behind a network). */
  readonly numRuns?: number
  /**
   * Builds one fresh store twice: `clean`, and `faulty(fault)`, which asks `fault(call)` before every
   * call the store makes to its backend (a DynamoDB store: each SDK command) and acts it out. Without it,
   * the fault property injects crashes at the port (before or after each store operation): a store with
   * no backend calls has no other place to fail.
   */
  readonly faultyStores?: () => Effect.Effect<FaultyStores, unknown, Scope.Scope>
}

/**
 * A fault to act out at one backend call:
 * - `throttle`: the backend refuses the call as throttled (the store's retry must resend it);
 * - `lose-response`: the call commits, its response is lost, and the SDK retries the same request;
 * - `crash-before` / `crash-after`: the process dies before the call, or after it committed.
 */
export type Fault = "none" | "throttle" | "lose-response" | "crash-before" | "crash-after"

export interface FaultyStores {
  readonly clean: Kernel.EventStore["Service"]
  readonly faulty: (fault: (call: string) => Fault) => Kernel.EventStore["Service"]
}

/** The error a faulty store's backend raises for a crash: the operation fails, the caller stops. */
export class SimulatedCrash extends Error {
  override readonly name = "SimulatedCrash"
}

/** Port-level faults for a store without backend calls: a crash before or after each operation. */
const portFaults = (
  store: Kernel.EventStore["Service"],
  fault: (call: string) => Fault
): Kernel.EventStore["Service"] => {
  const around = <A, E>(call: string, op: Effect.Effect<A, E>) =>
    Effect.gen(function* () {
      const f = fault(call)
      if (f === "crash-before") {
        return yield* new Kernel.EventStoreFailure({ operation: call, cause: new SimulatedCrash(call) })
      }
      const a = yield* op
      if (f === "crash-after") {
        return yield* new Kernel.EventStoreFailure({ operation: call, cause: new SimulatedCrash(call) })
      }
      return a
    })
  return Kernel.EventStore.of({
    read: (stream, options) => around("read", store.read(stream, options)),
    append: (stream, events, expected) => around("append", store.append(stream, events, expected)),
    readAll: (options) => around("readAll", store.readAll(options))
  })
}

const meta: Kernel.EventMetadata = { at: 1_700_000_000_000, correlationId: "corr-1", actor: "contract" }

const ev = (n: number, extra: Partial<Kernel.NewEvent> = {}): Kernel.NewEvent => ({
  type: "Counted",
  schemaVersion: 1,
  data: { n },
  metadata: meta,
  ...extra
})

const evs = (from: number, count: number) => Array.from({ length: count }, (_, i) => ev(from + i))

const sid = (name: string) => Kernel.streamId("contract", name)

/** Reads the whole store-wide log after `after`, page by page, until the cursor stops moving. */
const readAllPages = (store: Kernel.EventStore["Service"], after: number, limit: number) =>
  Effect.gen(function* () {
    const events: Array<Kernel.StoredEvent> = []
    let cursor = after
    while (true) {
      const page = yield* store.readAll({ after: cursor, limit })
      assert.isAtMost(page.events.length, limit, "a page holds at most `limit` events")
      assert.isAtLeast(page.next, cursor, "the cursor never moves back")
      events.push(...page.events)
      if (page.next === cursor) return { events, next: cursor }
      cursor = page.next
    }
  })

const strictlyIncreasing = (xs: ReadonlyArray<number>) => xs.every((x, i) => i === 0 || x > xs[i - 1]!)

// The events of the concurrency properties: a counter (decided by handleCommand) and raw batches.
const Added = Schema.TaggedStruct("Added", { appender: Schema.Number, seq: Schema.Number, value: Schema.Number })
const Noted = Schema.TaggedStruct("Noted", { appender: Schema.Number, seq: Schema.Number, index: Schema.Number })
const CounterEvent = Schema.Union([Added, Noted])
type CounterEvent = typeof CounterEvent.Type
const counterCodec = Kernel.makeEventCodec<CounterEvent>(CounterEvent)

interface Add {
  readonly appender: number
  readonly seq: number
  readonly count: number
}

/** Counts `Added` events; each new one carries the count it brings the stream to. */
const counter: Kernel.Decider<Add, CounterEvent, number, never> = {
  initialState: 0,
  decide: (command, state) =>
    Result.succeed(
      Array.from({ length: command.count }, (_, i) => ({
        _tag: "Added" as const,
        appender: command.appender,
        seq: command.seq,
        value: state + i + 1
      }))
    ),
  evolve: (state, event) => (event._tag === "Added" ? event.value : state)
}

interface Op {
  readonly stream: number
  readonly mode: "command" | "any"
  readonly count: number
}

/** Wraps a store so that every call first waits for the fast-check scheduler to release it. */
const scheduled = (store: Kernel.EventStore["Service"], s: fc.Scheduler): Kernel.EventStore["Service"] => {
  const gate = (label: string) => Effect.promise(() => s.schedule(Promise.resolve(label), label))
  return Kernel.EventStore.of({
    read: (stream, options) => gate(`read ${stream}`).pipe(Effect.andThen(store.read(stream, options))),
    append: (stream, events, expected) =>
      gate(`append ${stream} @${expected} ×${events.length}`).pipe(
        Effect.andThen(store.append(stream, events, expected))
      ),
    readAll: (options) => gate(`readAll ${options.after}`).pipe(Effect.andThen(store.readAll(options)))
  })
}

/**
 * Runs the appenders concurrently (each one's ops in sequence) against `store`, interleaved by the
 * scheduler, then checks every stream and the store-wide log.
 */
const runAppenders = (
  store: Kernel.EventStore["Service"],
  s: fc.Scheduler,
  appenders: ReadonlyArray<ReadonlyArray<Op>>
) =>
  Effect.gen(function* () {
    const start = (yield* readAllPages(store, Kernel.START, 1000)).next
    const gated = scheduled(store, s)
    const streams = [sid("p-0"), sid("p-1"), sid("p-2")]
    const run = (appender: number, ops: ReadonlyArray<Op>) =>
      Effect.forEach(
        ops,
        (op, seq) => {
          const stream = streams[op.stream]!
          if (op.mode === "command") {
            return Kernel.handleCommand({
              decider: counter,
              codec: counterCodec,
              stream,
              command: { appender, seq, count: op.count },
              context: { correlationId: `a${appender}-${seq}`, actor: `appender-${appender}` },
              maxRetries: 1000
            }).pipe(Effect.asVoid)
          }
          const batch = Array.from({ length: op.count }, (_, index) =>
            Kernel.encodeEvent(counterCodec, { _tag: "Noted", appender, seq, index }, meta)
          )
          return gated.append(stream, batch, "any").pipe(Effect.asVoid)
        },
        { discard: true }
      ).pipe(Effect.provideService(Kernel.EventStore, gated))
    yield* Effect.forEach(appenders, (ops, appender) => run(appender, ops), { concurrency: "unbounded", discard: true })

    const byStream = new Map<string, ReadonlyArray<Kernel.StoredEvent>>()
    for (const [index, stream] of streams.entries()) {
      const events = yield* store.read(stream)
      byStream.set(stream, events)
      const expected = appenders.flatMap((ops, appender) =>
        ops.flatMap((op, seq) => (op.stream === index ? [{ key: `${appender}/${seq}`, op }] : []))
      )
      assert.deepStrictEqual(
        events.map((e) => e.version),
        Array.from({ length: events.length }, (_, i) => i + 1),
        "versions are contiguous from 1"
      )
      assert.isTrue(strictlyIncreasing(events.map((e) => e.position)), "positions increase with versions")
      const decoded = events.map((e) => {
        const d = Kernel.decodeEvent(counterCodec, e)
        assert.isTrue(Result.isSuccess(d))
        return (d as Result.Success<CounterEvent, never>).success
      })
      // No lost update: each Added was decided against every Added before it.
      assert.deepStrictEqual(
        decoded.flatMap((e) => (e._tag === "Added" ? [e.value] : [])),
        Array.from({ length: decoded.filter((e) => e._tag === "Added").length }, (_, i) => i + 1)
      )
      // Each op's events are present exactly once, contiguous (atomic), in the order each appender issued them.
      const versionsByKey = new Map<string, Array<number>>()
      decoded.forEach((e, i) => {
        const key = `${e.appender}/${e.seq}`
        versionsByKey.set(key, [...(versionsByKey.get(key) ?? []), i + 1])
      })
      assert.sameMembers(
        [...versionsByKey.keys()],
        expected.map((x) => x.key),
        "no op lost, none invented"
      )
      for (const { key, op } of expected) {
        const versions = versionsByKey.get(key)!
        assert.strictEqual(versions.length, op.count, `op ${key} appended once, whole`)
        assert.strictEqual(versions.at(-1)! - versions[0]!, op.count - 1, `op ${key} is contiguous`)
      }
      for (let appender = 0; appender < appenders.length; appender++) {
        const seqs = decoded.filter((e) => e.appender === appender).map((e) => e.seq)
        assert.isTrue(
          seqs.every((x, i) => i === 0 || x >= seqs[i - 1]!),
          "one appender's ops keep their order"
        )
      }
    }

    // The store-wide log: every event of these streams exactly once, in an order consistent with versions.
    const all = (yield* readAllPages(store, start, 7)).events.filter((e) => byStream.has(e.stream))
    assert.isTrue(strictlyIncreasing(all.map((e) => e.position)), "readAll is in position order")
    for (const [stream, events] of byStream) {
      assert.deepStrictEqual(
        all.filter((e) => e.stream === stream),
        events,
        "readAll holds each stream's events once, in version order"
      )
    }
  })

interface FaultOp {
  readonly stream: number
  readonly mode: "read-then-expected" | "any"
  readonly count: number
}

const FaultData = Schema.Struct({ writer: Schema.Number, seq: Schema.Number, index: Schema.Number })

/**
 * Writers append under injected faults while a follower reads the store-wide log under faults of its
 * own, restarting from its last cursor after each failure. A writer whose call fails stops (a crash).
 * Then: every acknowledged append is stored exactly once, whole; a failed one at most once; a rejected
 * one not at all; versions stay contiguous; and the follower saw every stored event exactly once, in
 * each stream's version order, with the positions `read` reports.
 */
const runUnderFaults = (
  stores: FaultyStores,
  writers: ReadonlyArray<{ readonly ops: ReadonlyArray<FaultOp>; readonly faults: ReadonlyArray<Fault> }>,
  followerFaults: ReadonlyArray<Fault>
) =>
  Effect.gen(function* () {
    const streams = [sid("f-0"), sid("f-1"), sid("f-2")]
    const scripted = (faults: ReadonlyArray<Fault>) => {
      let i = 0
      return () => faults[i++] ?? "none"
    }
    const outcome = new Map<string, "acked" | "failed" | "rejected">()
    const writer = (w: number, ops: ReadonlyArray<FaultOp>, faults: ReadonlyArray<Fault>) =>
      Effect.gen(function* () {
        const store = stores.faulty(scripted(faults))
        for (const [seq, op] of ops.entries()) {
          const stream = streams[op.stream]!
          const batch = Array.from({ length: op.count }, (_, index) => ev(0, { data: { writer: w, seq, index } }))
          const key = `${w}/${seq}`
          const appended = Effect.gen(function* () {
            const expected = op.mode === "any" ? ("any" as const) : (yield* store.read(stream)).length
            return yield* store.append(stream, batch, expected)
          })
          const result = yield* Effect.result(appended)
          if (result._tag === "Success") outcome.set(key, "acked")
          else if (result.failure._tag === "VersionConflict") outcome.set(key, "rejected")
          else {
            outcome.set(key, "failed")
            return // crashed: this writer is gone
          }
          yield* Effect.yieldNow
        }
      })
    const seen: Array<Kernel.StoredEvent> = []
    let cursor = Kernel.START
    let writing = true
    const followerStore = stores.faulty(scripted(followerFaults))
    const follow = Effect.gen(function* () {
      for (let rounds = 0; rounds < 10_000; rounds++) {
        const page = yield* Effect.result(followerStore.readAll({ after: cursor, limit: 3 }))
        if (page._tag === "Success") {
          seen.push(...page.success.events)
          const caughtUp = page.success.next === cursor
          cursor = page.success.next
          if (caughtUp && !writing) return
        }
        yield* Effect.yieldNow
      }
      assert.fail("the follower never caught up")
    })
    const follower = yield* Effect.forkChild(follow)
    yield* Effect.forEach(writers, (spec, w) => writer(w, spec.ops, spec.faults), {
      concurrency: "unbounded",
      discard: true
    })
    // Drain: every committed append must reach the follower (a clean read first settles the log).
    yield* stores.clean.readAll({ after: cursor, limit: 1 })
    writing = false
    yield* Fiber.join(follower)

    for (const stream of streams) {
      const events = yield* stores.clean.read(stream)
      assert.deepStrictEqual(
        events.map((e) => e.version),
        Array.from({ length: events.length }, (_, i) => i + 1),
        "versions are contiguous from 1"
      )
      assert.deepStrictEqual(
        seen.filter((e) => e.stream === stream),
        events,
        "the follower saw each stored event once, in version order, at its position"
      )
    }
    assert.isTrue(strictlyIncreasing(seen.map((e) => e.position)), "the follower's log is in position order")
    const stored = new Map<string, Array<number>>()
    for (const stream of streams) {
      for (const e of yield* stores.clean.read(stream)) {
        const d = Schema.decodeUnknownSync(FaultData)(e.data)
        const key = `${d.writer}/${d.seq}`
        stored.set(key, [...(stored.get(key) ?? []), d.index])
      }
    }
    for (const [w, spec] of writers.entries()) {
      for (const [seq, op] of spec.ops.entries()) {
        const key = `${w}/${seq}`
        const indexes = stored.get(key) ?? []
        const whole = Array.from({ length: op.count }, (_, i) => i)
        const state = outcome.get(key)
        if (state === "acked") assert.deepStrictEqual(indexes, whole, `acknowledged append ${key} stored once, whole`)
        else if (state === "failed") {
          assert.isTrue(
            indexes.length === 0 || JSON.stringify(indexes) === JSON.stringify(whole),
            `failed append ${key} stored at most once: ${indexes}`
          )
        } else assert.deepStrictEqual(indexes, [], `append ${key} (${state ?? "never tried"}) not stored`)
      }
    }
  })

/**
 * Registers the EventStore contract tests for one adapter: `eventStoreContract("memory", () => layer)`.
 * `makeLayer` must build a fresh, empty store on every call (readAll tests see the whole store).
 */
export const eventStoreContract = <E>(
  name: string,
  makeLayer: () => Layer.Layer<Kernel.EventStore, E>,
  options: EventStoreContractOptions = {}
): void => {
  const withStore = <A, E2>(f: (store: Kernel.EventStore["Service"]) => Effect.Effect<A, E2>) =>
    Effect.gen(function* () {
      return yield* f(yield* Kernel.EventStore)
    }).pipe(Effect.provide(Layer.fresh(makeLayer())))
  const numRuns = options.numRuns ?? 40
  // Only catches a hang: on a loaded 2-core machine (load 25) 15 runs against DynamoDB Local took over
  // 3 minutes, which is slow, not wrong.
  const propertyTimeout = 600_000

  const faultyStores =
    options.faultyStores ??
    (() =>
      Effect.gen(function* () {
        // Built in the property run's scope: a store with resources (a database file) stays open for it.
        const store = Context.get(yield* Layer.build(Layer.fresh(makeLayer())), Kernel.EventStore)
        return { clean: store, faulty: (fault: (call: string) => Fault) => portFaults(store, fault) }
      }))

  describe(`EventStore contract: ${name}`, () => {
    it.effect("reads an unknown stream as empty", () =>
      withStore((store) =>
        Effect.gen(function* () {
          assert.deepStrictEqual(yield* store.read(sid("nothing")), [])
          assert.deepStrictEqual(yield* store.read(sid("nothing"), { from: 3 }), [])
        })
      )
    )

    it.effect("appends at expected version 0, then n, with versions contiguous from 1", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const s = sid("a")
          assert.strictEqual((yield* store.append(s, evs(1, 2), 0)).nextVersion, 2)
          assert.strictEqual((yield* store.append(s, evs(3, 1), 2)).nextVersion, 3)
          assert.strictEqual((yield* store.append(s, evs(4, 3), 3)).nextVersion, 6)
          const read = yield* store.read(s)
          assert.deepStrictEqual(
            read.map((e) => e.version),
            [1, 2, 3, 4, 5, 6]
          )
          assert.deepStrictEqual(
            read.map((e) => e.data),
            [1, 2, 3, 4, 5, 6].map((n) => ({ n }))
          )
          assert.isTrue(read.every((e) => e.stream === s && e.type === "Counted"))
          assert.isTrue(strictlyIncreasing(read.map((e) => e.position)))
        })
      )
    )

    it.effect('appends with "any" to a new and to an existing stream', () =>
      withStore((store) =>
        Effect.gen(function* () {
          const s = sid("any")
          assert.strictEqual((yield* store.append(s, evs(1, 2), "any")).nextVersion, 2)
          assert.strictEqual((yield* store.append(s, evs(3, 1), "any")).nextVersion, 3)
          assert.deepStrictEqual(
            (yield* store.read(s)).map((e) => [e.version, e.data]),
            [
              [1, { n: 1 }],
              [2, { n: 2 }],
              [3, { n: 3 }]
            ]
          )
        })
      )
    )

    it.effect("rejects a stale or future expected version with VersionConflict(expected, actual)", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const s = sid("conflict")
          const onEmpty = yield* Effect.flip(store.append(s, evs(1, 1), 1))
          assert.instanceOf(onEmpty, Kernel.VersionConflict)
          assert.include(onEmpty, { stream: s, expected: 1, actual: 0 })
          yield* store.append(s, evs(1, 3), 0)
          for (const expected of [0, 2, 5]) {
            const e = yield* Effect.flip(store.append(s, evs(9, 2), expected))
            assert.instanceOf(e, Kernel.VersionConflict)
            assert.include(e, { stream: s, expected, actual: 3 })
          }
          assert.strictEqual((yield* store.read(s)).length, 3, "a rejected append writes nothing")
        })
      )
    )

    it.effect("a multi-event append is atomic and streams are independent", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const a = sid("atomic-a")
          const b = sid("atomic-b")
          yield* store.append(a, evs(1, 1), 0)
          yield* Effect.flip(store.append(a, evs(2, 5), 0))
          assert.strictEqual((yield* store.read(a)).length, 1, "no part of a conflicting append is written")
          const result = yield* store.append(a, evs(2, 5), 1)
          assert.strictEqual(result.nextVersion, 6)
          const read = yield* store.read(a)
          assert.deepStrictEqual(
            read.map((e) => e.version),
            [1, 2, 3, 4, 5, 6]
          )
          assert.strictEqual((yield* store.append(b, evs(1, 2), 0)).nextVersion, 2, "b starts at 0 whatever a holds")
          assert.deepStrictEqual(
            (yield* store.read(b)).map((e) => e.version),
            [1, 2]
          )
        })
      )
    )

    it.effect("an empty append checks the version and writes nothing", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const s = sid("empty")
          yield* store.append(s, evs(1, 2), 0)
          assert.deepStrictEqual(yield* store.append(s, [], 2), { nextVersion: 2 })
          assert.include(yield* Effect.flip(store.append(s, [], 1)), { _tag: "VersionConflict", actual: 2 })
          assert.strictEqual((yield* store.read(s)).length, 2)
        })
      )
    )

    it.effect("reads from a version: events with version > from", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const s = sid("from")
          yield* store.append(s, evs(1, 3), 0)
          yield* store.append(s, evs(4, 2), 3)
          yield* store.append(s, evs(6, 1), 5)
          for (let from = 0; from <= 7; from++) {
            assert.deepStrictEqual(
              (yield* store.read(s, { from })).map((e) => e.version),
              [1, 2, 3, 4, 5, 6].filter((v) => v > from),
              `from ${from}`
            )
          }
        })
      )
    )

    it.effect("readAll returns all streams in append order, paged by cursor and limit", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const [a, b, c] = [sid("all-a"), sid("all-b"), sid("all-c")]
          const plan: ReadonlyArray<readonly [Kernel.StreamId, number]> = [
            [a, 2],
            [b, 1],
            [a, 1],
            [c, 3],
            [b, 2]
          ]
          const versions = new Map<string, number>()
          const expected: Array<readonly [string, number]> = []
          for (const [stream, count] of plan) {
            const at = versions.get(stream) ?? 0
            yield* store.append(stream, evs(at + 1, count), at)
            versions.set(stream, at + count)
            for (let i = 1; i <= count; i++) expected.push([stream, at + i])
          }
          const full = yield* store.readAll({ after: Kernel.START, limit: 1000 })
          assert.deepStrictEqual(
            full.events.map((e) => [e.stream, e.version] as const),
            expected
          )
          assert.isTrue(strictlyIncreasing(full.events.map((e) => e.position)))
          assert.strictEqual(full.next, full.events.at(-1)!.position, "next is the last position returned")
          for (const stream of [a, b, c]) {
            assert.deepStrictEqual(
              full.events.filter((e) => e.stream === stream),
              yield* store.read(stream),
              "readAll and read return the same stored events"
            )
          }
          for (const limit of [1, 2, 3, 4]) {
            const paged = yield* readAllPages(store, Kernel.START, limit)
            assert.deepStrictEqual(paged.events, full.events, `pages of ${limit}`)
            assert.strictEqual(paged.next, full.next)
          }
          const first = yield* store.readAll({ after: Kernel.START, limit: 3 })
          assert.strictEqual(first.events.length, 3)
          const rest = yield* store.readAll({ after: first.next })
          assert.deepStrictEqual([...first.events, ...rest.events], full.events, "a cursor inside one append resumes")
          const end = yield* store.readAll({ after: full.next, limit: 10 })
          assert.deepStrictEqual(end, { events: [], next: full.next }, "past the end: an empty page, same cursor")
          const caught = yield* Kernel.catchUp(Kernel.START, () => Effect.void, { pageSize: 2 }).pipe(
            Effect.provideService(Kernel.EventStore, store)
          )
          assert.strictEqual(caught, full.next)
        })
      )
    )

    it.effect("keeps metadata: at, correlationId, causationId and actor", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const s = sid("meta")
          const withCause: Kernel.EventMetadata = {
            at: 1_234_567_890_123,
            correlationId: "corr-⚙-42",
            causationId: "cause-7",
            actor: "user:ana@example.com"
          }
          const without: Kernel.EventMetadata = { at: 0, correlationId: "c", actor: "scheduler" }
          yield* store.append(s, [ev(1, { metadata: withCause }), ev(2, { metadata: without })], 0)
          const [one, two] = yield* store.read(s)
          assert.deepStrictEqual(one!.metadata, withCause)
          assert.deepStrictEqual(two!.metadata, without)
          assert.isFalse("causationId" in two!.metadata, "an absent causationId stays absent")
        })
      )
    )

    it.effect("keeps type, schemaVersion and JSON data exactly (nested, unicode)", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const s = sid("data")
          const data = {
            name: "Zoë — 東京 🚀 e\u0301",
            nested: {
              list: [1, -2.5, 1e21, 0, true, false, null, "x"],
              empty: {},
              none: [],
              deep: { a: { b: { c: "d" } } }
            },
            quote: 'he said "hi"\n\t\\',
            big: Number.MAX_SAFE_INTEGER
          }
          yield* store.append(
            s,
            [
              ev(0, { type: "Renamed", schemaVersion: 3, data }),
              ev(0, { type: "Listed", schemaVersion: 1, data: [1, "two"] })
            ],
            0
          )
          const [one, two] = yield* store.read(s)
          assert.strictEqual(one!.type, "Renamed")
          assert.strictEqual(one!.schemaVersion, 3)
          assert.deepStrictEqual(one!.data, data)
          assert.strictEqual(two!.schemaVersion, 1)
          assert.deepStrictEqual(two!.data, [1, "two"])
        })
      )
    )

    it.effect("rejects an oversize append with AppendTooLarge before writing anything", () =>
      withStore((store) =>
        Effect.gen(function* () {
          const s = sid("large")
          const big = (bytes: number) => ev(0, { data: { blob: "x".repeat(bytes) } })
          // Every store has a limit below 4 MiB (DynamoDB's is 400 KB); the error states it.
          const probe = options.appendLimitBytes === undefined ? 4 * 1024 * 1024 : options.appendLimitBytes + 1
          const single = yield* Effect.flip(store.append(s, [big(probe)], 0))
          assert.instanceOf(single, Kernel.AppendTooLarge)
          const limit = single.limit
          if (options.appendLimitBytes !== undefined) assert.strictEqual(limit, options.appendLimitBytes)
          assert.isAbove(single.bytes, limit)
          assert.strictEqual(single.stream, s)
          const justOver = yield* Effect.flip(store.append(s, [big(limit + 1)], 0))
          assert.instanceOf(justOver, Kernel.AppendTooLarge, "one byte of data over the limit is too large")
          // Multi-byte characters count by their UTF-8 size, not their string length.
          const wide = yield* Effect.flip(store.append(s, [ev(0, { data: { blob: "é".repeat(limit / 2 + 1) } })], 0))
          assert.instanceOf(wide, Kernel.AppendTooLarge)
          const many = yield* Effect.flip(store.append(s, [big(limit * 0.4), big(limit * 0.4), big(limit * 0.4)], 0))
          assert.instanceOf(many, Kernel.AppendTooLarge, "the limit holds for the whole append")
          assert.deepStrictEqual(yield* store.read(s), [], "nothing written")
          yield* store.append(s, [big(limit * 0.45), big(limit * 0.45)], 0)
          const fits = "x".repeat(limit * 0.45).length
          assert.deepStrictEqual(
            (yield* store.read(s)).map((e) => (e.data as { blob: string }).blob.length),
            [fits, fits],
            "an append under the limit is written whole"
          )
        })
      )
    )

    it(
      "property: concurrent handleCommand appenders on one stream lose, duplicate and reorder nothing",
      async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.scheduler(),
            fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), {
              minLength: 2,
              maxLength: 4
            }),
            async (s, counts) => {
              const appenders = counts.map((ops) => ops.map((count): Op => ({ stream: 0, mode: "command", count })))
              const program = withStore((store) => runAppenders(store, s, appenders))
              await s.waitFor(Effect.runPromise(program))
            }
          ),
          { numRuns }
        )
      },
      propertyTimeout
    )

    it(
      "property: concurrent appenders on several streams; readAll sees every event once, in version order",
      async () => {
        const op = fc.record({
          stream: fc.integer({ min: 0, max: 2 }),
          mode: fc.constantFrom("command" as const, "any" as const),
          count: fc.integer({ min: 1, max: 3 })
        })
        await fc.assert(
          fc.asyncProperty(
            fc.scheduler(),
            fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 4 }),
            async (s, appenders) => {
              const program = withStore((store) => runAppenders(store, s, appenders))
              await s.waitFor(Effect.runPromise(program))
            }
          ),
          { numRuns }
        )
      },
      propertyTimeout
    )

    it(
      "property: under faults (lost responses, throttling, crashes) nothing acknowledged is lost or stored twice and followers skip nothing",
      async () => {
        const fault = fc.constantFrom<Fault>("none", "none", "throttle", "lose-response", "crash-before", "crash-after")
        const op = fc.record({
          stream: fc.integer({ min: 0, max: 2 }),
          mode: fc.constantFrom("read-then-expected" as const, "any" as const),
          count: fc.integer({ min: 1, max: 2 })
        })
        const writer = fc.record({
          ops: fc.array(op, { minLength: 1, maxLength: 4 }),
          faults: fc.array(fault, { maxLength: 6 })
        })
        await fc.assert(
          fc.asyncProperty(
            fc.array(writer, { minLength: 1, maxLength: 3 }),
            fc.array(fault, { maxLength: 6 }),
            async (writers, followerFaults) => {
              const program = Effect.gen(function* () {
                const stores = yield* faultyStores()
                yield* runUnderFaults(stores, writers, followerFaults)
              })
              await Effect.runPromise(Effect.scoped(program))
            }
          ),
          { numRuns }
        )
      },
      propertyTimeout
    )
  })
}
