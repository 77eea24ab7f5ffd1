import { Clock, Effect, Result } from "effect"
import { handleCommand, load } from "../kernel/handleCommand.ts"
import { ActionNotAllowed, actionAllowed, BatchActions, StaleConfirmation } from "./BatchActions.ts"
import { type BatchJobStateChange, decodeBatchJobStateChange } from "./BatchJobStateChange.ts"
import type { ClassificationRules } from "./Classification.ts"
import { currentEntry, JobNotFound, type JobState, jobDecider, jobStream } from "./JobDecider.ts"
import { type JobAction, jobEventCodec } from "./JobEvents.ts"
import { JobReadModel } from "./JobReadModel.ts"
import { type JobView, projectJob } from "./JobView.ts"

/** What ingesting one event did. `recorded` is false for duplicates (a redelivery). */
export interface IngestOutcome {
  readonly jobId: string
  readonly recorded: boolean
  readonly late: boolean
  readonly view: JobView | undefined
}

const projectState = (state: JobState, version: number, rules: ClassificationRules) =>
  Effect.gen(function* () {
    const view = projectJob(state, version, rules)
    if (view !== undefined) yield* (yield* JobReadModel).upsert(view)
    return view
  })

/**
 * Records one decoded Batch event on the job's stream and projects the job. Idempotent: a redelivery
 * appends nothing and re-projects the same version, which also repairs a projection that failed before.
 */
export const recordBatchEvent = Effect.fnUntraced(function* (
  event: BatchJobStateChange,
  raw: string,
  rules: ClassificationRules,
  actor = "eventbridge"
) {
  const handled = yield* handleCommand({
    decider: jobDecider,
    codec: jobEventCodec,
    stream: jobStream(event.detail.jobId),
    command: { _tag: "ObserveBatchEvent", event, raw },
    context: { correlationId: event.id, actor }
  })
  const view = yield* projectState(handled.state, handled.version, rules)
  const first = handled.events[0]
  return {
    jobId: event.detail.jobId,
    recorded: handled.events.length > 0,
    late: first?._tag === "JobStatusObserved" && first.late,
    view
  } satisfies IngestOutcome
})

/** Decodes an EventBridge event (parsed JSON) and records it; bad input fails with `InvalidBatchEvent`. */
export const ingestBatchEvent = (input: unknown, rules: ClassificationRules, raw?: string) =>
  Effect.gen(function* () {
    const decoded = decodeBatchJobStateChange(input)
    if (Result.isFailure(decoded)) return yield* decoded.failure
    return yield* recordBatchEvent(decoded.success, raw ?? JSON.stringify(input), rules)
  })

/** Rebuilds one job's view from its stream (after a rules change, or to repair the read model). */
export const reprojectJob = Effect.fnUntraced(function* (jobId: string, rules: ClassificationRules) {
  const loaded = yield* load(jobDecider, jobEventCodec, jobStream(jobId))
  return yield* projectState(loaded.state, loaded.version, rules)
})

/** An operator's request. `expectedVersion` is the job version the operator saw when confirming. */
export interface ActionRequest {
  readonly jobId: string
  readonly action: JobAction
  readonly actor: string
  readonly reason: string
  readonly expectedVersion?: number
}

/** What an action did. */
export interface ActionOutcome {
  readonly jobId: string
  readonly action: JobAction
  readonly newJobId?: string
}

/**
 * Runs an operator action against Batch and records it, with its actor, reason and outcome, on the
 * job's stream: the audit log. A failed Batch call is recorded too, then reported.
 */
export const performAction = Effect.fnUntraced(function* (request: ActionRequest, rules: ClassificationRules) {
  const { jobId, action } = request
  const loaded = yield* load(jobDecider, jobEventCodec, jobStream(jobId))
  const current = currentEntry(loaded.state)
  const info = loaded.state.info
  if (current === undefined || info === undefined) return yield* new JobNotFound({ jobId })
  if (request.expectedVersion !== undefined && request.expectedVersion !== loaded.version) {
    return yield* new StaleConfirmation({ jobId, expected: request.expectedVersion, actual: loaded.version })
  }
  if (!actionAllowed(action, current.status))
    return yield* new ActionNotAllowed({ jobId, action, status: current.status })
  const batch = yield* BatchActions
  const call =
    action === "retry"
      ? batch.retry(
          {
            jobId,
            jobName: info.jobName,
            jobQueue: info.jobQueue,
            jobDefinition: info.jobDefinition,
            parameters: info.parameters ?? {}
          },
          request.reason
        )
      : Effect.as(batch.terminate(jobId, request.reason), {})
  const result = yield* Effect.result(call)
  const at = yield* Clock.currentTimeMillis
  const newJobId = Result.isSuccess(result) ? (result.success as { readonly newJobId?: string }).newJobId : undefined
  const handled = yield* handleCommand({
    decider: jobDecider,
    codec: jobEventCodec,
    stream: jobStream(jobId),
    command: {
      _tag: "RecordOperatorAction",
      jobId,
      action,
      actor: request.actor,
      reason: request.reason,
      at,
      outcome: Result.isSuccess(result) ? "succeeded" : "failed",
      ...(newJobId === undefined ? {} : { newJobId }),
      ...(Result.isFailure(result) ? { error: result.failure.reason } : {})
    },
    context: { correlationId: `${action}-${jobId}-${at}`, actor: request.actor }
  })
  yield* projectState(handled.state, handled.version, rules)
  if (Result.isFailure(result)) return yield* result.failure
  return { jobId, action, ...(newJobId === undefined ? {} : { newJobId }) } satisfies ActionOutcome
})
