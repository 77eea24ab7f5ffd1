import { Jobs } from "@personalize-ops/core"
import { Context, Effect, type Layer, Result } from "effect"
import { layerMemoryAdapter, type MemoryAdapter } from "../kernel/memoryAdapter.ts"

/** A job resubmitted by a retry. */
export interface Submission {
  readonly newJobId: string
  readonly retryOf: string
  readonly jobName: string
  readonly jobQueue: string
  readonly jobDefinition: string
  readonly parameters: { readonly [k: string]: string }
  /** The shape submitted: the held job's (an array's size, a multi-node job's nodes, ECS/EKS containers). */
  readonly shape: Jobs.SubmitShape
  readonly reason: string
}

/** A termination request. */
export interface Termination {
  readonly jobId: string
  readonly reason: string
}

/** Test access to the memory Batch: the jobs it holds, what it was asked to do, and fault injection. */
export interface BatchInspector {
  readonly submissions: ReadonlyArray<Submission>
  readonly terminations: ReadonlyArray<Termination>
  /** Makes the next calls for this job fail with `reason` (fault injection for tests). */
  readonly failFor: (jobId: string, reason: string) => void
  /** Holds a job, as Batch does from its submission on. */
  readonly hold: (job: Jobs.JobRef) => void
  /** Holds the job a Batch Job State Change event describes (an event this Batch would have sent); ignores other input. */
  readonly observe: (event: unknown) => void
}

/**
 * The memory Batch: holds jobs (`hold` / `observe`), and, like Batch, refuses actions on a job it does not
 * hold. A retry resubmits the job as held (its name, queue, definition, parameters and shape) under the
 * new id `<jobId>-retry-<n>`, which it then holds too; it refuses an array child or a node, as SubmitJob
 * cannot make one alone.
 */
export type MemoryBatch = MemoryAdapter<Jobs.BatchActions["Service"], BatchInspector>

const notHeld = (jobId: string) => `Job ${jobId} not found`

const retriesOf = (submissions: ReadonlyArray<Submission>, jobId: string) =>
  submissions.filter((s) => s.retryOf === jobId).length

/** Builds a memory Batch holding `jobs`, whose recordings tests can inspect. */
export const makeMemoryBatch = (jobs: ReadonlyArray<Jobs.JobRef> = []): MemoryBatch => {
  const held = new Map<string, Jobs.JobRef>(jobs.map((j) => [j.jobId, j]))
  const submissions: Array<Submission> = []
  const terminations: Array<Termination> = []
  const failures = new Map<string, string>()
  const refusal = (jobId: string) => failures.get(jobId) ?? (held.has(jobId) ? undefined : notHeld(jobId))
  const actions = Jobs.BatchActions.of({
    retry: (job, reason) =>
      Effect.suspend(() => {
        const refused = refusal(job.jobId)
        const current = held.get(job.jobId)
        if (refused !== undefined || current === undefined) {
          return Effect.fail(
            new Jobs.BatchActionFailed({ action: "retry", jobId: job.jobId, reason: refused ?? notHeld(job.jobId) })
          )
        }
        // Like SubmitJob: an array child or a node is not a job Batch can make alone.
        const shape = Jobs.retryShape(job.jobId, current.shape)
        if (Result.isFailure(shape))
          return Effect.fail(new Jobs.BatchActionFailed({ action: "retry", jobId: job.jobId, reason: shape.failure }))
        const n = retriesOf(submissions, job.jobId) + 1
        const newJobId = `${job.jobId}-retry-${n}`
        const { jobName, jobQueue, jobDefinition, parameters } = current
        submissions.push({
          newJobId,
          retryOf: job.jobId,
          jobName,
          jobQueue,
          jobDefinition,
          parameters,
          shape: shape.success,
          reason
        })
        held.set(newJobId, { ...current, jobId: newJobId })
        return Effect.succeed({ newJobId })
      }),
    terminate: (jobId, reason) =>
      Effect.suspend(() => {
        const refused = refusal(jobId)
        if (refused !== undefined) {
          return Effect.fail(new Jobs.BatchActionFailed({ action: "terminate", jobId, reason: refused }))
        }
        terminations.push({ jobId, reason })
        return Effect.void
      })
  })
  const hold = (job: Jobs.JobRef) => void held.set(job.jobId, job)
  const observe = (event: unknown) => {
    const decoded = Jobs.decodeBatchJobStateChange(event)
    if (Result.isFailure(decoded)) return
    const detail = decoded.success.detail
    const { jobId, jobName, jobQueue, jobDefinition, parameters } = detail
    hold({ jobId, jobName, jobQueue, jobDefinition, parameters: parameters ?? {}, shape: Jobs.shapeOf(detail) })
  }
  return {
    service: actions,
    submissions,
    terminations,
    failFor: (jobId, reason) => void failures.set(jobId, reason),
    hold,
    observe
  }
}

/** The memory Batch's inspection handle, provided next to `BatchActions` by `layerMemoryBatchActions`. */
export class MemoryBatchInspector extends Context.Service<MemoryBatchInspector, BatchInspector>()(
  "@personalize-ops/adapters-memory/jobs/MemoryBatchInspector"
) {}

/** `BatchActions` and its inspector: over a Batch made by `makeMemoryBatch`, or a fresh one holding `jobs` per build. */
export const layerMemoryBatchActions = (
  from: MemoryBatch | ReadonlyArray<Jobs.JobRef> = []
): Layer.Layer<Jobs.BatchActions | MemoryBatchInspector> =>
  layerMemoryAdapter(Jobs.BatchActions, MemoryBatchInspector, makeMemoryBatch, from)
