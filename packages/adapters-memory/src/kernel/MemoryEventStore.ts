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
 * expected version and writes all its events in one synchronous step, so it is atomic. Data is
 * round-tripped through JSON on append, as a real store would, so callers cannot mutate stored events
 * and data that would not survive a real store fails here too.
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
      let json: string
      try {
        json = JSON.stringify(events)
      } catch (cause) {
        return Effect.fail(new Kernel.EventStoreFailure({ operation: "append", cause }))
      }
      // A UTF-16 code unit is at most 3 UTF-8 bytes: most appends are judged without encoding them.
      const bytes = json.length * 3 <= limit ? json.length : utf8.encode(json).length
      if (bytes > limit) return Effect.fail(new Kernel.AppendTooLarge({ stream, bytes, limit }))
      const copies = JSON.parse(json) as ReadonlyArray<Kernel.NewEvent>
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
