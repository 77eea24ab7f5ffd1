import { Kernel } from "@personalize-ops/core"
import { Effect, Layer } from "effect"

/**
 * The largest append the memory store accepts: the DynamoDB item limit (400 KB), so an append that
 * works offline also fits the AWS store.
 */
export const memoryAppendLimitBytes = 400 * 1024

export interface MemoryEventStoreOptions {
  /** The largest append, in UTF-8 bytes of its JSON (default `memoryAppendLimitBytes`). */
  readonly appendLimitBytes?: number
}

const utf8 = new TextEncoder()

/** What `PlainCopier.copy` gives for data JSON would change or refuse. */
const notPlain: unique symbol = Symbol("notPlain")

/** Bytes a string takes in JSON at most: its quotes, and 6 per code unit (`\u0000`; a character is at most 3 per unit). */
const stringBound = (s: string) => 2 + 6 * s.length

const isPlainObject = (value: object): value is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(value)
  return (proto === Object.prototype || proto === null) && !Object.hasOwn(value, "toJSON")
}

/**
 * Copies data that JSON would carry unchanged (strings, finite numbers but -0, booleans, null, arrays and
 * plain objects of those) without a JSON round trip, adding up an upper bound of its JSON's UTF-8 size in
 * `bound`. Anything JSON would change or refuse (undefined, NaN, -0, Dates, class instances, toJSON,
 * functions, bigints, cycles: too deep) gives `notPlain`, and the append takes the round trip, which says
 * exactly what JSON does.
 */
class PlainCopier {
  bound = 0

  copy(value: unknown, depth: number): unknown {
    switch (typeof value) {
      case "string":
        this.bound += stringBound(value)
        return value
      case "number":
        this.bound += 24
        return Number.isFinite(value) && !Object.is(value, -0) ? value : notPlain
      case "boolean":
        this.bound += 5
        return value
      case "object":
        this.bound += 4
        if (value === null) return null
        if (depth > 64) return notPlain
        if (Array.isArray(value)) return this.array(value, depth)
        return isPlainObject(value) ? this.object(value, depth) : notPlain
      default:
        return notPlain
    }
  }

  private array(value: ReadonlyArray<unknown>, depth: number): unknown {
    const copy: Array<unknown> = new Array(value.length)
    this.bound += value.length
    for (let i = 0; i < value.length; i++) {
      const item = this.copy(value[i], depth + 1)
      if (item === notPlain) return notPlain
      copy[i] = item
    }
    return copy
  }

  private object(value: Record<string, unknown>, depth: number): unknown {
    const copy: Record<string, unknown> = {}
    // A plain object inherits nothing enumerable: for-in walks its own keys, as Object.keys would, without the array.
    for (const key in value) {
      const item = this.copy(value[key], depth + 1)
      if (item === notPlain) return notPlain
      copy[key] = item
      this.bound += stringBound(key) + 2
    }
    return copy
  }
}

/** The events as the store keeps them (a JSON copy), or why they cannot be stored: too large, or not JSON. */
const jsonCopy = (
  stream: Kernel.StreamId,
  events: ReadonlyArray<Kernel.NewEvent>,
  limit: number
): ReadonlyArray<Kernel.NewEvent> | Kernel.AppendTooLarge | Kernel.EventStoreFailure => {
  const copier = new PlainCopier()
  const copy = copier.copy(events, 0)
  // Most appends are plain data well under the limit: copied without serializing, their size only bounded.
  if (copy !== notPlain && copier.bound <= limit) return copy as ReadonlyArray<Kernel.NewEvent>
  let json: string
  try {
    json = JSON.stringify(events)
  } catch (cause) {
    return new Kernel.EventStoreFailure({ operation: "append", cause })
  }
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most appends are judged without encoding them.
  const bytes = json.length * 3 <= limit ? json.length : utf8.encode(json).length
  if (bytes > limit) return new Kernel.AppendTooLarge({ stream, bytes, limit })
  return JSON.parse(json) as ReadonlyArray<Kernel.NewEvent>
}

/** New events as stored after `version` of their stream and `position` of the store. */
const storedEvents = (
  stream: Kernel.StreamId,
  events: ReadonlyArray<Kernel.NewEvent>,
  version: number,
  position: number
): Array<Kernel.StoredEvent> =>
  events.map((e, i) => ({
    stream,
    version: version + i + 1,
    position: position + i + 1,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata
  }))

/**
 * The in-memory event store: one array per stream plus the store-wide log. An append checks the
 * expected version and writes all its events in one synchronous step, so it is atomic. Data is stored
 * as a JSON copy, as a real store would keep it, so callers cannot mutate stored events and data that
 * would not survive a real store fails here too (plain data is copied directly, the rest round-tripped).
 */
export const makeMemoryEventStore = (options: MemoryEventStoreOptions = {}): Kernel.EventStore["Service"] => {
  const limit = options.appendLimitBytes ?? memoryAppendLimitBytes
  const streams = new Map<string, Array<Kernel.StoredEvent>>()
  const all: Array<Kernel.StoredEvent> = []

  const read: Kernel.EventStore["Service"]["read"] = (stream, options) =>
    Effect.sync(() => (streams.get(stream) ?? []).slice(Math.max(0, options?.from ?? 0)))

  const append: Kernel.EventStore["Service"]["append"] = (stream, events, expected) =>
    Effect.suspend((): Effect.Effect<Kernel.AppendResult, Kernel.AppendError> => {
      let current = streams.get(stream)
      if (current === undefined) {
        current = []
        streams.set(stream, current)
      }
      if (expected !== "any" && expected !== current.length) {
        return Effect.fail(new Kernel.VersionConflict({ stream, expected, actual: current.length }))
      }
      const copies = jsonCopy(stream, events, limit)
      if (copies instanceof Kernel.AppendTooLarge || copies instanceof Kernel.EventStoreFailure)
        return Effect.fail(copies)
      const stored = storedEvents(stream, copies, current.length, all.length)
      // Appended in place: copying the stream on every append made a long apply quadratic.
      for (const e of stored) {
        current.push(e)
        all.push(e)
      }
      return Effect.succeed({ nextVersion: current.length })
    })

  const readAll: Kernel.EventStore["Service"]["readAll"] = ({ after, limit = 100 }) =>
    Effect.sync(() => {
      const from = Math.max(0, after)
      const events = all.slice(from, from + Math.max(1, limit))
      return { events, next: events.at(-1)?.position ?? after }
    })

  return Kernel.EventStore.of({ read, append, readAll })
}

/** A fresh in-memory event store per layer build. */
export const layerMemoryEventStore: Layer.Layer<Kernel.EventStore> = Layer.sync(Kernel.EventStore, () =>
  makeMemoryEventStore()
)

/** A fresh in-memory event store with non-default options (a smaller append limit, say). */
export const layerMemoryEventStoreWith = (options: MemoryEventStoreOptions): Layer.Layer<Kernel.EventStore> =>
  Layer.sync(Kernel.EventStore, () => makeMemoryEventStore(options))
