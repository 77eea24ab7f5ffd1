import { Context, type Effect, Schema } from "effect"
import type { JobAction } from "./JobEvents.ts"
import type { JobShape } from "./JobShape.ts"

/** What a retry needs to know of the job (the AWS adapter re-reads the full definition with DescribeJobs). */
export interface JobRef {
  readonly jobId: string
  readonly jobName: string
  readonly jobQueue: string
  readonly jobDefinition: string
  readonly parameters: { readonly [k: string]: string }
  /** The job's shape as last seen (array parent or child, multi-node job or node, ECS, EKS, container). */
  readonly shape?: JobShape
}

/** Batch refused or failed an action. */
export class BatchActionFailed extends Schema.TaggedError<BatchActionFailed>()("BatchActionFailed", {
  action: Schema.Literals(["retry", "terminate"]),
  jobId: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `${this.action} of job ${this.jobId} failed: ${this.reason}`
  }
}

/**
 * Operator actions on AWS Batch. `retry` resubmits the job in the same shape (definition, queue,
 * parameters, container overrides; an array job's size; a multi-node job's nodes; an ECS task's or EKS
 * pod's containers) and returns the new job id, or fails with why Batch cannot (an array child or a
 * node alone); `terminate` stops it with a reason.
 */
export class BatchActions extends Context.Service<
  BatchActions,
  {
    readonly retry: (job: JobRef, reason: string) => Effect.Effect<{ readonly newJobId: string }, BatchActionFailed>
    readonly terminate: (jobId: string, reason: string) => Effect.Effect<void, BatchActionFailed>
  }
>()("@personalize-ops/core/jobs/BatchActions") {}

/** An action that the job's status does not allow (retry needs a finished job; terminate an unfinished one). */
export class ActionNotAllowed extends Schema.TaggedError<ActionNotAllowed>()("ActionNotAllowed", {
  jobId: Schema.String,
  action: Schema.Literals(["retry", "terminate", "mark-broken"]),
  status: Schema.String
}) {
  override get message() {
    return `cannot ${this.action} job ${this.jobId}: it is ${this.status}`
  }
}

/** A retry Batch cannot make for this job's shape (a child of an array job, a node of a multi-node job), and why. */
export class RetryRefused extends Schema.TaggedError<RetryRefused>()("RetryRefused", {
  jobId: Schema.String,
  why: Schema.String
}) {
  override get message() {
    return `cannot retry job ${this.jobId}: ${this.why}`
  }
}

/** The job changed since the operator confirmed the action: confirm again. */
export class StaleConfirmation extends Schema.TaggedError<StaleConfirmation>()("StaleConfirmation", {
  jobId: Schema.String,
  expected: Schema.Int,
  actual: Schema.Int
}) {
  override get message() {
    return `job ${this.jobId} changed since the action was confirmed (version ${this.expected} → ${this.actual})`
  }
}

/** Another operator's action on this job is under way (claimed, not yet recorded). */
export class ActionInProgress extends Schema.TaggedError<ActionInProgress>()("ActionInProgress", {
  jobId: Schema.String,
  action: Schema.Literals(["retry", "terminate", "mark-broken"])
}) {
  override get message() {
    return `a ${this.action} of job ${this.jobId} is under way: reload the job`
  }
}

/** The job is in a queue this deployment may not act in (`ActionPolicy.queues`). */
export class QueueNotAllowed extends Schema.TaggedError<QueueNotAllowed>()("QueueNotAllowed", {
  jobId: Schema.String,
  queue: Schema.String
}) {
  override get message() {
    return `job ${this.jobId} is in queue ${this.queue}, where actions are not allowed`
  }
}

/** Whether an action fits a job's status (any job can be marked broken). */
export const actionAllowed = (action: JobAction, status: string): boolean =>
  action === "mark-broken"
    ? true
    : action === "retry"
      ? status === "SUCCEEDED" || status === "FAILED"
      : status !== "SUCCEEDED" && status !== "FAILED"
