import { Kernel } from "@personalize-ops/core"
import { Effect, Layer } from "effect"

/**
 * The in-memory event store: one array per stream plus the store-wide log. An append checks the
 * expected version and writes all its events in one synchronous step, so it is atomic.
 */
export const makeMemoryEventStore = (): Kernel.EventStore["Service"] => {
  const streams = new Map<string, Array<Kernel.StoredEvent>>()
  const all: Array<Kernel.StoredEvent> = []

  const read: Kernel.EventStore["Service"]["read"] = (stream, options) =>
    Effect.sync(() => (streams.get(stream) ?? []).slice(options?.from ?? 0))

  const append: Kernel.EventStore["Service"]["append"] = (stream, events, expected) =>
    Effect.suspend(() => {
      const current = streams.get(stream) ?? []
      if (expected !== "any" && expected !== current.length) {
        return Effect.fail(new Kernel.VersionConflict({ stream, expected, actual: current.length }))
      }
      const stored = events.map((e, i) => ({
        stream,
        version: current.length + i + 1,
        position: all.length + i + 1,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: structuredClone(e.data),
        metadata: e.metadata
      }))
      streams.set(stream, [...current, ...stored])
      all.push(...stored)
      return Effect.succeed({ nextVersion: current.length + stored.length, position: all.length })
    })

  const readAll: Kernel.EventStore["Service"]["readAll"] = ({ after, limit = 100 }) =>
    Effect.sync(() => {
      const events = all.slice(after, after + limit)
      return { events, next: after + events.length }
    })

  return Kernel.EventStore.of({ read, append, readAll })
}

/** A fresh in-memory event store per layer build. */
export const layerMemoryEventStore: Layer.Layer<Kernel.EventStore> = Layer.sync(Kernel.EventStore, makeMemoryEventStore)
