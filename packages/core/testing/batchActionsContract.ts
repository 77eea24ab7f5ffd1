// The contract every BatchActions adapter must pass. An adapter's test file calls
// `batchActionsContract("memory", (jobs) => Effect.succeed(...))`; each test makes a fresh subject.
import { assert, describe, it } from "@effect/vitest"
import * as Jobs from "@personalize-ops/core/jobs"
import { Effect, Result, type Scope } from "effect"

/** A job Batch holds, with its status. */
export interface KnownJob extends Jobs.JobRef {
  readonly status: "SUBMITTED" | "RUNNABLE" | "RUNNING" | "SUCCEEDED" | "FAILED"
}

/** What a submission asked Batch to run, in which shape. */
export interface Submitted extends Omit<Jobs.JobRef, "jobId" | "shape"> {
  readonly shape: Jobs.SubmitShape
}

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
const submittedOf = (job: Jobs.JobRef): Submitted => {
  const shape = Jobs.retryShape(job.jobId, job.shape)
  if (Result.isFailure(shape)) throw new Error(shape.failure)
  return {
    jobName: job.jobName,
    jobQueue: job.jobQueue,
    jobDefinition: job.jobDefinition,
    parameters: job.parameters,
    shape: shape.success
  }
}
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

    it.live("retry resubmits the same shape: an array's size, a multi-node job's nodes, ECS and EKS containers", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const shaped: ReadonlyArray<KnownJob> = [
            {
              ...failed,
              jobId: "arr",
              shape: { kind: "array", size: 50, statusSummary: { FAILED: 2, SUCCEEDED: 48 } }
            },
            {
              ...failed,
              jobId: "mnp",
              shape: { kind: "multi-node", numNodes: 4, mainNode: 0, nodeRanges: ["0:0", "1:3"] }
            },
            { ...failed, jobId: "ecs", shape: { kind: "ecs", containers: [{ name: "app" }, { name: "sidecar" }] } },
            { ...failed, jobId: "eks", shape: { kind: "eks", podName: "p", containers: [{ name: "main" }] } }
          ]
          const subject = yield* make(shaped)
          for (const job of shaped) yield* subject.port.retry(job, "rerun")
          assert.deepStrictEqual(
            subject.submitted().map((s) => s.shape),
            [
              { kind: "array", size: 50 },
              { kind: "multi-node", numNodes: 4, nodeRanges: ["0:0", "1:3"] },
              { kind: "ecs", containers: ["app", "sidecar"] },
              { kind: "eks", containers: ["main"] }
            ]
          )
        })
      )
    )

    it.live("retry refuses an array child and a node, saying why and what to retry; nothing is submitted", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const child: KnownJob = {
            ...failed,
            jobId: "arr:7",
            shape: { kind: "array-child", parentJobId: "arr", index: 7 }
          }
          const node: KnownJob = {
            ...failed,
            jobId: "mnp#2",
            shape: { kind: "node", mainJobId: "mnp", nodeIndex: 2, isMainNode: false }
          }
          const subject = yield* make([child, node])
          const childError = yield* Effect.flip(subject.port.retry(child, "r"))
          const nodeError = yield* Effect.flip(subject.port.retry(node, "r"))
          assert.match(childError.reason, /child 7 of array job arr.*retry arr/)
          assert.match(nodeError.reason, /node 2 of multi-node job mnp.*retry mnp/)
          assert.deepStrictEqual(subject.submitted(), [])
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
