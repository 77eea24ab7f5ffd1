import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Kernel } from "@personalize-ops/core"
import { eventStoreContract } from "@personalize-ops/core/testing"
import { Effect, Layer } from "effect"
import { afterAll } from "vitest"
import { layerSqliteEventStore, memoryAppendLimitBytes } from "../../src/index.ts"

const dir = mkdtempSync(join(tmpdir(), "sqlite-store-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

// A fresh file per store (the contract's readAll tests see the whole store).
eventStoreContract("sqlite (node:sqlite, a file)", () => layerSqliteEventStore(join(dir, `c${++files}.db`)), {
  appendLimitBytes: memoryAppendLimitBytes,
  numRuns: 20
})

const meta = { at: 1, correlationId: "c", actor: "test" }
const ev = (n: number): Kernel.NewEvent => ({ type: "Counted", schemaVersion: 1, data: { n }, metadata: meta })
const inStore = <A, E>(path: string, f: (store: Kernel.EventStore["Service"]) => Effect.Effect<A, E>) =>
  Effect.flatMap(Kernel.EventStore, f).pipe(Effect.provide(Layer.fresh(layerSqliteEventStore(path))))

describe("sqlite event store across runs", () => {
  it.effect("what one run appended, the next run reads, versions and positions continuing", () =>
    Effect.gen(function* () {
      const path = join(dir, "runs", "state.db")
      const s = Kernel.streamId("runs", "a")
      yield* inStore(path, (store) => store.append(s, [ev(1), ev(2)], 0))
      const second = yield* inStore(path, (store) =>
        Effect.gen(function* () {
          const before = yield* store.read(s)
          const appended = yield* store.append(s, [ev(3)], 2)
          return { before, appended }
        })
      )
      assert.deepStrictEqual(
        second.before.map((e) => e.data),
        [{ n: 1 }, { n: 2 }]
      )
      assert.deepStrictEqual(second.appended, { nextVersion: 3 })
      const all = yield* inStore(path, (store) => store.readAll({ after: 0 }))
      assert.deepStrictEqual(
        all.events.map((e) => [e.version, e.position]),
        [
          [1, 1],
          [2, 2],
          [3, 3]
        ]
      )
    })
  )

  it.effect("a file that is not a state file fails with a typed error naming the path", () =>
    Effect.gen(function* () {
      const path = join(dir, "not-a-db")
      const { writeFileSync } = yield* Effect.promise(() => import("node:fs"))
      writeFileSync(path, "this is not sqlite".repeat(100))
      const result = yield* Effect.flip(inStore(path, (store) => store.read(Kernel.streamId("x", "y"))))
      assert.strictEqual(result._tag, "StateFileError")
      assert.include(result.message, path)
    })
  )
})
