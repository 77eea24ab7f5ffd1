import { Kernel } from "@personalize-ops/core"
import { eventStoreContract } from "@personalize-ops/core/testing"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import {
  layerMemoryEventStore,
  layerMemoryEventStoreWith,
  makeMemoryEventStore,
  memoryAppendLimitBytes
} from "../src/index.ts"

eventStoreContract("memory", () => layerMemoryEventStore, { appendLimitBytes: memoryAppendLimitBytes })

// A custom limit is honoured and stated (the contract discovers it from the store's error).
eventStoreContract("memory, 64 KB appends", () => layerMemoryEventStoreWith({ appendLimitBytes: 64 * 1024 }), {
  numRuns: 10
})

describe("memory store: events are kept as their JSON", () => {
  const meta = { at: 1, correlationId: "c", actor: "test" }
  const stream = Kernel.streamId("copy", "one")
  const appendRead = (data: unknown) =>
    Effect.runSync(
      Effect.gen(function* () {
        const store = makeMemoryEventStore()
        yield* store.append(stream, [{ type: "T", schemaVersion: 1, data, metadata: meta }], "any")
        return { store, stored: (yield* store.read(stream))[0]?.data }
      })
    )

  it("plain data is copied: changing what was appended leaves the stored event as it was", () => {
    const data = { list: [1, { a: "b" }], nested: { n: 2 } }
    const { store, stored } = appendRead(data)
    data.list.push(3)
    data.nested.n = 5
    expect(stored).toEqual({ list: [1, { a: "b" }], nested: { n: 2 } })
    expect(stored).not.toBe(data)
    expect(Effect.runSync(store.read(stream))[0]?.data).toEqual(stored)
  })

  it("what JSON changes is stored as JSON has it (undefined fields, -0, NaN, Dates, toJSON)", () => {
    const data = {
      gone: undefined,
      zero: -0,
      nan: Number.NaN,
      when: new Date(0),
      custom: { toJSON: () => "custom" },
      holes: [1, undefined]
    }
    expect(appendRead(data).stored).toEqual(JSON.parse(JSON.stringify(data)))
    expect(Object.is((appendRead({ zero: -0 }).stored as { zero: number }).zero, 0)).toBe(true)
  })

  it("data JSON refuses (a cycle, a bigint) fails the append with EventStoreFailure", () => {
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    for (const data of [cycle, { n: 1n }]) {
      const store = makeMemoryEventStore()
      const failure = Effect.runSync(
        Effect.flip(store.append(stream, [{ type: "T", schemaVersion: 1, data, metadata: meta }], "any"))
      )
      expect(failure._tag).toBe("EventStoreFailure")
      expect(Effect.runSync(store.read(stream))).toEqual([])
    }
  })
})
