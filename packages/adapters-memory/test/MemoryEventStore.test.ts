import { assert, describe, it } from "@effect/vitest"
import { Kernel } from "@personalize-ops/core"
import { Effect } from "effect"
import { layerMemoryEventStore } from "../src/index.ts"

const meta = { at: 0, correlationId: "c", actor: "test" }
const ev = (n: number) => ({ type: "Counted", schemaVersion: 1, data: { n }, metadata: meta })

describe("memory event store", () => {
  it.effect("appends and rejects a stale expected version", () =>
    Effect.gen(function* () {
      const store = yield* Kernel.EventStore
      const s = Kernel.streamId("counter", "a")
      yield* store.append(s, [ev(1), ev(2)], 0)
      const err = yield* Effect.flip(store.append(s, [ev(3)], 1))
      assert.strictEqual(err._tag, "VersionConflict")
      assert.deepStrictEqual(
        (yield* store.read(s)).map((e) => e.version),
        [1, 2]
      )
    }).pipe(Effect.provide(layerMemoryEventStore))
  )
})
