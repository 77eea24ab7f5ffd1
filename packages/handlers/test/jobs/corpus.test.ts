// Replays the AWS Batch corpus (core/testing/corpus) through the jobs EventBridge handler on memory adapters.
import { assert, describe, it } from "@effect/vitest"
import { layerMemoryEventStore, layerMemoryJobReadModel } from "@personalize-ops/adapters-memory"
import { Jobs } from "@personalize-ops/core"
import { batchCorpus, batchCorpusJobs, batchCorpusRules, batchJobMismatches } from "@personalize-ops/core/testing"
import { JobsHandlers } from "@personalize-ops/handlers"
import { ConfigProvider, Effect, Layer, Logger } from "effect"

const settings = JobsHandlers.JobsSettings.layer.pipe(
  Layer.provide(
    ConfigProvider.layer(
      ConfigProvider.fromUnknown({ JOBS_TABLE: "jobs", JOBS_RULES: JSON.stringify(batchCorpusRules()) })
    )
  )
)

describe("corpus through the jobs EventBridge handler", () => {
  it("answers every delivery as the corpus says and ends every job as expected", async () => {
    const layer = Layer.mergeAll(settings, layerMemoryEventStore, layerMemoryJobReadModel).pipe(
      Layer.provideMerge(Logger.layer([]))
    )
    const handler = JobsHandlers.makeJobsEventsHandler(layer)
    const answers: Array<string> = []
    for (const d of batchCorpus()) {
      const r = await handler(d.event)
      answers.push(r.status === "rejected" ? `rejected:${r.reason}` : r.status)
    }
    const expected = batchCorpus().map((d) => d.expect)
    assert.deepStrictEqual(
      answers.map((a, i) => (expected[i]!.startsWith("rejected:") && a.startsWith(expected[i]!) ? expected[i] : a)),
      expected
    )
    const jobs = batchCorpusJobs()
    const views = await handler.runtime.runPromise(
      Effect.gen(function* () {
        const rm = yield* Jobs.JobReadModel
        return yield* Effect.forEach(Object.keys(jobs), (id) => rm.get(id))
      })
    )
    await handler.runtime.dispose()
    const mismatches = Object.keys(jobs).flatMap((id, i) => {
      const view = views[i]
      return batchJobMismatches(
        id,
        jobs[id]!,
        view === undefined
          ? undefined
          : {
              ...view,
              history: view.history.map((h) => h.status),
              ...(view.shape?.kind === "array" ? { memberCounts: Jobs.memberCounts({ job: view, members: [] }) } : {})
            }
      )
    })
    assert.deepStrictEqual(mismatches, [])
  })
})
