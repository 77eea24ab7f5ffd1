// A minimal EventStore for core's own tests (core cannot depend on adapters-memory). The contract
// suite in ../../testing runs against the real adapters; this one only needs to be obviously right.
import { Effect } from "effect"
import * as Kernel from "../../src/kernel/index.ts"

export interface FakeEventStore {
  readonly store: Kernel.EventStore["Service"]
  readonly appends: Array<{
    readonly stream: string
    readonly count: number
    readonly expected: Kernel.ExpectedVersion
  }>
}

/** An in-memory store that records every append attempt. */
export const makeFakeEventStore = (): FakeEventStore => {
  const streams = new Map<string, Array<Kernel.StoredEvent>>()
  const all: Array<Kernel.StoredEvent> = []
  const appends: FakeEventStore["appends"] = []
  const store = Kernel.EventStore.of({
    read: (stream, options) => Effect.sync(() => (streams.get(stream) ?? []).slice(options?.from ?? 0)),
    append: (stream, events, expected) =>
      Effect.suspend(() => {
        appends.push({ stream, count: events.length, expected })
        const current = streams.get(stream) ?? []
        if (expected !== "any" && expected !== current.length) {
          return Effect.fail(new Kernel.VersionConflict({ stream, expected, actual: current.length }))
        }
        const stored = events.map((e, i) => ({
          ...e,
          stream,
          version: current.length + i + 1,
          position: all.length + i + 1
        }))
        streams.set(stream, [...current, ...stored])
        all.push(...stored)
        return Effect.succeed({ nextVersion: current.length + stored.length })
      }),
    readAll: ({ after, limit = 100 }) =>
      Effect.sync(() => {
        const events = all.slice(after, after + limit)
        return { events, next: events.at(-1)?.position ?? after }
      })
  })
  return { store, appends }
}
