import { assert, describe, it } from "@effect/vitest"
import {
  generateDemoEvents,
  layerMemoryBatchActions,
  layerMemoryEventStore,
  layerMemoryJobReadModel,
  makeMemoryBatch
} from "@personalize-ops/adapters-memory"
import { Jobs } from "@personalize-ops/core"
import { jobActionsContract } from "@personalize-ops/core/testing"
import { Effect, Layer } from "effect"

const rules: Jobs.ClassificationRules = {
  taskTypes: [{ taskType: "Ingest", jobQueue: "ingest" }],
  ids: [{ id: "media_id", from: "commandArg", arg: "--media_id" }]
}

jobActionsContract("memory event store and read model", () =>
  Layer.mergeAll(layerMemoryEventStore, layerMemoryJobReadModel)
)

describe("jobs pipeline on memory adapters", () => {
  it.effect("ingesting shuffled events with redeliveries projects each job once, idempotently", () =>
    Effect.gen(function* () {
      const events = generateDemoEvents({ jobs: 30, seed: 7, now: Date.UTC(2026, 10, 23) })
      const outcomes = []
      for (const e of events) outcomes.push(yield* Jobs.ingestBatchEvent(e, rules))
      const rm = yield* Jobs.JobReadModel
      const page = yield* rm.list({ limit: 100 })
      assert.strictEqual(page.jobs.length, 30)
      const stats = yield* rm.stats({})
      assert.strictEqual(stats.total, 30)
      // redelivering everything again changes nothing
      for (const e of events) {
        const again = yield* Jobs.ingestBatchEvent(e, rules)
        assert.isFalse(again.recorded)
      }
      assert.deepStrictEqual(yield* rm.stats({}), stats)
      const ingest = page.jobs.find((j) => j.taskType === "Ingest")
      assert.isDefined(ingest)
      assert.match(ingest?.ids["media_id"] ?? "", /^[0-9a-f]{24}$/)
      assert.isTrue(outcomes.some((o) => !o.recorded))
    }).pipe(Effect.provide(Layer.mergeAll(layerMemoryEventStore, layerMemoryJobReadModel)))
  )

  it.effect("retry and terminate are audited on the job's stream with actor and reason", () => {
    const batch = makeMemoryBatch()
    return Effect.gen(function* () {
      const events = generateDemoEvents({ jobs: 40, seed: 3, now: Date.UTC(2026, 10, 23) })
      for (const e of events) {
        batch.observe(e)
        yield* Jobs.ingestBatchEvent(e, rules)
      }
      const rm = yield* Jobs.JobReadModel
      const failed = (yield* rm.list({ statuses: ["FAILED"], limit: 1 })).jobs[0]!
      const running = (yield* rm.list({ statuses: ["RUNNING"], limit: 1 })).jobs[0]!
      const refused = yield* Effect.flip(
        Jobs.performAction({ jobId: running.jobId, action: "retry", actor: "alice", reason: "x" }, rules)
      )
      assert.strictEqual(refused._tag, "ActionNotAllowed")
      const stale = yield* Effect.flip(
        Jobs.performAction(
          { jobId: failed.jobId, action: "retry", actor: "alice", reason: "x", expectedVersion: failed.version - 1 },
          rules
        )
      )
      assert.strictEqual(stale._tag, "StaleConfirmation")
      const out = yield* Jobs.performAction(
        { jobId: failed.jobId, action: "retry", actor: "alice", reason: "flaky node", expectedVersion: failed.version },
        rules
      )
      assert.strictEqual(out.newJobId, `${failed.jobId}-retry-1`)
      assert.strictEqual(batch.submissions[0]?.jobDefinition.includes("job-definition/"), true)
      yield* Jobs.performAction({ jobId: running.jobId, action: "terminate", actor: "bob", reason: "stuck" }, rules)
      assert.deepStrictEqual(batch.terminations, [{ jobId: running.jobId, reason: "stuck" }])
      batch.failFor(running.jobId, "AccessDenied")
      const failedCall = yield* Effect.flip(
        Jobs.performAction({ jobId: running.jobId, action: "terminate", actor: "bob", reason: "again" }, rules)
      )
      assert.strictEqual(failedCall._tag, "BatchActionFailed")
      const view = yield* rm.get(running.jobId)
      assert.deepStrictEqual(
        view?.actions.map((a) => [a.action, a.actor, a.reason, a.outcome]),
        [
          ["terminate", "bob", "stuck", "succeeded"],
          ["terminate", "bob", "again", "failed"]
        ]
      )
      const retried = yield* rm.get(failed.jobId)
      assert.strictEqual(retried?.actions[0]?.newJobId, `${failed.jobId}-retry-1`)
    }).pipe(
      Effect.provide(Layer.mergeAll(layerMemoryEventStore, layerMemoryJobReadModel, layerMemoryBatchActions(batch)))
    )
  })

  it.effect("reprojecting after a rules change reclassifies a job and moves its counters", () =>
    Effect.gen(function* () {
      const events = generateDemoEvents({ jobs: 5, seed: 9, now: Date.UTC(2026, 10, 23) })
      for (const e of events) yield* Jobs.ingestBatchEvent(e, Jobs.emptyRules)
      const rm = yield* Jobs.JobReadModel
      const jobs = (yield* rm.list({})).jobs
      assert.deepStrictEqual(Object.keys((yield* rm.stats({})).byTaskType), ["Other"])
      const everything: Jobs.ClassificationRules = { taskTypes: [{ taskType: "All", jobName: "." }] }
      for (const j of jobs) yield* Jobs.reprojectJob(j.jobId, everything)
      assert.strictEqual((yield* rm.get(jobs[0]!.jobId))?.taskType, "All")
      const stats = yield* rm.stats({})
      assert.deepStrictEqual(Object.keys(stats.byTaskType), ["All"])
      assert.strictEqual(stats.total, 5)
      // the same view again changes nothing
      assert.strictEqual(yield* rm.upsert((yield* rm.get(jobs[0]!.jobId))!), "unchanged")
    }).pipe(Effect.provide(Layer.mergeAll(layerMemoryEventStore, layerMemoryJobReadModel)))
  )
})
