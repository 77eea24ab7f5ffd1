import { Schema } from "effect"

/** AWS Batch `JobStatus` values (aws-facts §5.2). */
export const batchJobStatuses = [
  "SUBMITTED",
  "PENDING",
  "RUNNABLE",
  "STARTING",
  "RUNNING",
  "SUCCEEDED",
  "FAILED"
] as const
export const BatchJobStatus = Schema.Literals(batchJobStatuses)
export type BatchJobStatus = typeof BatchJobStatus.Type

/** Statuses a job never leaves (kept by Batch for at least 7 days). */
export const terminalStatuses: ReadonlySet<BatchJobStatus> = new Set(["SUCCEEDED", "FAILED"])

/** Whether a status is terminal. */
export const isTerminal = (status: BatchJobStatus): boolean => terminalStatuses.has(status)

/**
 * Progress order within one attempt. A job only moves up this order, except through a transition
 * marked `retry` in `batchTransitions`, which starts a new attempt.
 */
export const statusRank: { readonly [S in BatchJobStatus]: number } = {
  SUBMITTED: 0,
  PENDING: 1,
  RUNNABLE: 2,
  STARTING: 3,
  RUNNING: 4,
  SUCCEEDED: 5,
  FAILED: 5
}

/** One documented Batch transition. `retry` marks the edge that begins the next attempt. */
export interface BatchTransition {
  readonly from: BatchJobStatus
  readonly to: BatchJobStatus
  readonly when: string
  readonly retry?: true
}

/** The transition table of aws-facts §5.2, as data. */
export const batchTransitions: ReadonlyArray<BatchTransition> = [
  { from: "SUBMITTED", to: "PENDING", when: "has unmet dependencies" },
  { from: "SUBMITTED", to: "RUNNABLE", when: "no dependencies" },
  { from: "PENDING", to: "RUNNABLE", when: "dependencies met" },
  { from: "RUNNABLE", to: "STARTING", when: "scheduled to a host" },
  { from: "STARTING", to: "RUNNING", when: "container up" },
  { from: "RUNNING", to: "SUCCEEDED", when: "exit code 0" },
  { from: "RUNNING", to: "RUNNABLE", when: "failed attempt with retries left", retry: true },
  { from: "RUNNING", to: "FAILED", when: "all attempts failed, TerminateJob or timeout" },
  { from: "SUBMITTED", to: "FAILED", when: "CancelJob" },
  { from: "PENDING", to: "FAILED", when: "CancelJob" },
  { from: "RUNNABLE", to: "FAILED", when: "CancelJob" },
  { from: "STARTING", to: "FAILED", when: "TerminateJob" }
]

/** The documented transition from `from` to `to`, if any. */
export const findTransition = (from: BatchJobStatus, to: BatchJobStatus): BatchTransition | undefined =>
  batchTransitions.find((t) => t.from === from && t.to === to)

/** Phases whose durations are measured: the time spent in each of these statuses. */
export const measuredPhases = ["PENDING", "RUNNABLE", "STARTING", "RUNNING"] as const
export type MeasuredPhase = (typeof measuredPhases)[number]
