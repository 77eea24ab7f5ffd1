import { Jobs } from "@personalize-ops/core"
import { Effect, Layer } from "effect"

/** A job resubmitted by a retry. */
export interface Submission {
  readonly newJobId: string
  readonly retryOf: string
  readonly jobName: string
  readonly jobQueue: string
  readonly jobDefinition: string
  readonly parameters: { readonly [k: string]: string }
  readonly reason: string
}

/** A termination request. */
export interface Termination {
  readonly jobId: string
  readonly reason: string
}

/** The memory Batch: records submissions and terminations; a retry's new job id is `<jobId>-retry-<n>`. */
export interface MemoryBatch {
  readonly actions: Jobs.BatchActions["Service"]
  readonly submissions: ReadonlyArray<Submission>
  readonly terminations: ReadonlyArray<Termination>
  /** Makes the next calls for this job fail with `reason` (fault injection for tests). */
  readonly failFor: (jobId: string, reason: string) => void
}

/** Builds a memory Batch whose recordings tests can inspect. */
export const makeMemoryBatch = (): MemoryBatch => {
  const submissions: Array<Submission> = []
  const terminations: Array<Termination> = []
  const failures = new Map<string, string>()
  const actions = Jobs.BatchActions.of({
    retry: (job, reason) =>
      Effect.suspend(() => {
        const failure = failures.get(job.jobId)
        if (failure !== undefined) {
          return Effect.fail(new Jobs.BatchActionFailed({ action: "retry", jobId: job.jobId, reason: failure }))
        }
        const n = submissions.filter((s) => s.retryOf === job.jobId).length + 1
        const newJobId = `${job.jobId}-retry-${n}`
        submissions.push({ newJobId, retryOf: job.jobId, ...job, reason })
        return Effect.succeed({ newJobId })
      }),
    terminate: (jobId, reason) =>
      Effect.suspend(() => {
        const failure = failures.get(jobId)
        if (failure !== undefined) {
          return Effect.fail(new Jobs.BatchActionFailed({ action: "terminate", jobId, reason: failure }))
        }
        terminations.push({ jobId, reason })
        return Effect.void
      })
  })
  return { actions, submissions, terminations, failFor: (jobId, reason) => void failures.set(jobId, reason) }
}

/** A fresh memory BatchActions per layer build. */
export const layerMemoryBatchActions: Layer.Layer<Jobs.BatchActions> = Layer.sync(
  Jobs.BatchActions,
  () => makeMemoryBatch().actions
)
