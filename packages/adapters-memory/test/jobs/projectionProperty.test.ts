import { generateDemoEvents, layerMemoryEventStore, layerMemoryJobReadModel } from "@personalize-ops/adapters-memory"
import { Jobs } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import * as fc from "fast-check"
import { assert, describe, it } from "vitest"

const rules: Jobs.ClassificationRules = {
  taskTypes: [
    { taskType: "Ingest", jobQueue: "ingest" },
    { taskType: "Storage", jobQueue: "storage" }
  ]
}

// What must not depend on delivery order: everything but arrival metadata (late flags, which event id won).
const canonical = (v: Jobs.JobView) => ({
  ...v,
  version: 0,
  raw: "",
  history: v.history.map(({ status, attempt, at }) => ({ status, attempt, at }))
})

const project = (events: ReadonlyArray<unknown>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      for (const e of events) yield* Jobs.ingestBatchEvent(e, rules)
      const rm = yield* Jobs.JobReadModel
      const page = yield* rm.list({ limit: 100 })
      const views: Array<ReturnType<typeof canonical>> = []
      for (const j of page.jobs) views.push(canonical((yield* rm.get(j.jobId))!))
      return { views, stats: yield* rm.stats({}) }
    }).pipe(Effect.provide(Layer.mergeAll(layerMemoryEventStore, layerMemoryJobReadModel)))
  )

describe("projection properties", () => {
  it("any delivery order, with redeliveries, gives the same views and the same counter-based stats", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1000 }).chain((seed) => {
          const events = generateDemoEvents({ jobs: 6, seed, now: Date.UTC(2026, 10, 23) })
          return fc.tuple(
            fc.constant(events),
            fc
              .array(fc.constantFrom(...events), { maxLength: 8 })
              .chain((dups) => fc.shuffledSubarray([...events, ...dups], { minLength: events.length + dups.length }))
          )
        }),
        async ([inOrder, shuffled]) => {
          const a = await project(inOrder)
          const b = await project(shuffled)
          assert.deepStrictEqual(b.views, a.views)
          assert.deepStrictEqual(b.stats, a.stats)
          // the counters equal a fresh count of the final views: no drift from late events and re-classification
          const recount = Jobs.computeStats(
            Jobs.applyDeltas(
              [],
              a.views.flatMap((v) => Jobs.statsDelta(undefined, Jobs.toSummary(v as unknown as Jobs.JobView)))
            )
          )
          assert.deepStrictEqual(b.stats, recount)
        }
      ),
      { numRuns: 40 }
    )
  })
})
