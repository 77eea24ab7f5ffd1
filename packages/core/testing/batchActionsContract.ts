// The contract every BatchActions adapter must pass. An adapter's test file calls
// `batchActionsContract("memory", (jobs) => Effect.succeed(...))`; each test makes a fresh subject.
import { assert, describe, it } from "@effect/vitest"
import { Effect, type Scope } from "effect"
import type * as Jobs from "../src/jobs/index.ts"

/** A job Batch holds, with its status. */
export interface KnownJob extends Jobs.JobRef {
  readonly status: "SUBMITTED" | "RUNNABLE" | "RUNNING" | "SUCCEEDED" | "FAILED"
}

/** What a submission asked Batch to run. */
export type Submitted = Omit<Jobs.JobRef, "jobId">

/** A port under test and what its Batch did: the jobs submitted and the terminations asked, in order. */
export interface BatchActionsSubject {
  readonly port: Jobs.BatchActions["Service"]
  readonly submitted: () => ReadonlyArray<Submitted>
  readonly terminated: () => ReadonlyArray<{ readonly jobId: string; readonly reason: string }>
}

/** Builds a subject whose Batch holds `jobs` (and nothing else). */
export type MakeBatchActionsSubject = (
  jobs: ReadonlyArray<KnownJob>
) => Effect.Effect<BatchActionsSubject, never, Scope.Scope>

const failed: KnownJob = {
  jobId: "job-failed",
  jobName: "ingest-m1",
  jobQueue: "arn:aws:batch:eu-west-1:123456789012:job-queue/ingest",
  jobDefinition: "arn:aws:batch:eu-west-1:123456789012:job-definition/ingest:3",
  parameters: { mode: "full" },
  status: "FAILED"
}
const submittedOf = (job: Jobs.JobRef): Submitted => ({
  jobName: job.jobName,
  jobQueue: job.jobQueue,
  jobDefinition: job.jobDefinition,
  parameters: job.parameters
})
const running: KnownJob = { ...failed, jobId: "job-running", jobName: "ingest-m2", status: "RUNNING" }

export const batchActionsContract = (name: string, make: MakeBatchActionsSubject) =>
  describe(`BatchActions contract: ${name}`, () => {
    it.live("retry resubmits the job as Batch holds it (not as the caller remembers it), under a new id", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make([failed, running])
          const stale = { ...failed, jobQueue: "q-stale", jobDefinition: "d-stale", parameters: {} }
          const first = yield* subject.port.retry(stale, "flaky node")
          const second = yield* subject.port.retry(stale, "again")
          assert.notStrictEqual(first.newJobId, failed.jobId)
          assert.notStrictEqual(first.newJobId, second.newJobId)
          const held = submittedOf(failed)
          assert.deepStrictEqual(subject.submitted(), [held, held])
        })
      )
    )

    it.live("a retried job is a job Batch holds: it can be terminated", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make([failed])
          const { newJobId } = yield* subject.port.retry(failed, "flaky node")
          yield* subject.port.terminate(newJobId, "not needed")
          assert.deepStrictEqual(subject.terminated(), [{ jobId: newJobId, reason: "not needed" }])
        })
      )
    )

    it.live("retry of a job Batch does not hold fails with BatchActionFailed and submits nothing", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make([running])
          const error = yield* Effect.flip(subject.port.retry({ ...failed, jobId: "job-unknown" }, "r"))
          assert.strictEqual(error._tag, "BatchActionFailed")
          assert.strictEqual(error.action, "retry")
          assert.strictEqual(error.jobId, "job-unknown")
          assert.deepStrictEqual(subject.submitted(), [])
        })
      )
    )

    it.live("terminate stops a job with the operator's reason", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make([failed, running])
          yield* subject.port.terminate(running.jobId, "stuck in RUNNABLE")
          assert.deepStrictEqual(subject.terminated(), [{ jobId: running.jobId, reason: "stuck in RUNNABLE" }])
          assert.deepStrictEqual(subject.submitted(), [])
        })
      )
    )
  })
