import { Clock, Effect, Result } from "effect"
import { encodeEvent } from "../kernel/EventCodec.ts"
import { EventStore } from "../kernel/EventStore.ts"
import { handleCommand, load } from "../kernel/handleCommand.ts"
import {
  ActionInProgress,
  ActionNotAllowed,
  actionAllowed,
  type BatchActionFailed,
  BatchActions,
  QueueNotAllowed,
  RetryRefused,
  StaleConfirmation
} from "./BatchActions.ts"
import type { ClassificationRules } from "./Classification.ts"
import { projectState } from "./ingestBatchEvent.ts"
import { currentEntry, JobNotFound, jobDecider, jobStream } from "./JobDecider.ts"
import { type JobAction, jobEventCodec, OperatorActionRequested } from "./JobEvents.ts"
import { retryShape } from "./JobShape.ts"

/** An operator's request. `expectedVersion` is the job version the operator saw when confirming. */
export interface ActionRequest {
  readonly jobId: string
  readonly action: JobAction
  readonly actor: string
  readonly reason: string
  readonly expectedVersion?: number
}

/** Where actions are allowed. */
export interface ActionPolicy {
  /** The job queues (as the events name them: ARNs) whose jobs may be acted on; absent: any queue. */
  readonly queues?: ReadonlyArray<string>
}

/** How long a claimed, unrecorded action blocks others (its caller may have died after claiming). */
export const actionClaimTimeoutMs = 5 * 60_000

/** What an action did. */
export interface ActionOutcome {
  readonly jobId: string
  readonly action: JobAction
  readonly newJobId?: string
}

/**
 * Runs an operator action against Batch (`mark-broken` calls nothing) and records it, with its actor,
 * reason and outcome, on the job's stream: the audit log. A failed Batch call is recorded too, then
 * reported. Before Batch is called the action is claimed (`OperatorActionRequested`) at the version it
 * was checked against, so two confirmations of one action call Batch once: the other gets
 * `StaleConfirmation` (or, arriving after the claim, `ActionInProgress`). Jobs outside `policy.queues`
 * are refused (`QueueNotAllowed`).
 */
export const performAction = Effect.fnUntraced(function* (
  request: ActionRequest,
  rules: ClassificationRules,
  policy: ActionPolicy = {}
) {
  const { jobId, action } = request
  const stream = jobStream(jobId)
  const loaded = yield* load(jobDecider, jobEventCodec, stream)
  const current = currentEntry(loaded.state)
  const info = loaded.state.info
  if (current === undefined || info === undefined) return yield* new JobNotFound({ jobId })
  if (policy.queues !== undefined && !policy.queues.includes(info.jobQueue))
    return yield* new QueueNotAllowed({ jobId, queue: info.jobQueue })
  if (request.expectedVersion !== undefined && request.expectedVersion !== loaded.version) {
    return yield* new StaleConfirmation({ jobId, expected: request.expectedVersion, actual: loaded.version })
  }
  const claimedAt = yield* Clock.currentTimeMillis
  const pending = loaded.state.pending
  if (pending !== undefined && claimedAt - pending.at < actionClaimTimeoutMs)
    return yield* new ActionInProgress({ jobId, action: pending.action })
  if (!actionAllowed(action, current.status))
    return yield* new ActionNotAllowed({ jobId, action, status: current.status })
  if (action === "retry") {
    const shape = retryShape(jobId, info.shape)
    if (Result.isFailure(shape)) return yield* new RetryRefused({ jobId, why: shape.failure })
  }
  const claim = OperatorActionRequested.make({ action, actor: request.actor, reason: request.reason, at: claimedAt })
  const metadata = { at: claimedAt, correlationId: `${action}-${jobId}-${claimedAt}`, actor: request.actor }
  yield* (yield* EventStore)
    .append(stream, [encodeEvent(jobEventCodec, claim, metadata)], loaded.version)
    .pipe(
      Effect.catchTag("VersionConflict", (conflict) =>
        Effect.fail(new StaleConfirmation({ jobId, expected: loaded.version, actual: conflict.actual }))
      )
    )
  const batch = yield* BatchActions
  const call: Effect.Effect<{ readonly newJobId?: string }, BatchActionFailed> =
    action === "mark-broken"
      ? Effect.succeed({})
      : action === "retry"
        ? batch.retry(
            {
              jobId,
              jobName: info.jobName,
              jobQueue: info.jobQueue,
              jobDefinition: info.jobDefinition,
              parameters: info.parameters ?? {},
              ...(info.shape === undefined ? {} : { shape: info.shape })
            },
            request.reason
          )
        : Effect.as(batch.terminate(jobId, request.reason), {})
  const result = yield* Effect.result(call)
  const at = yield* Clock.currentTimeMillis
  const newJobId = Result.isSuccess(result) ? result.success.newJobId : undefined
  const handled = yield* handleCommand({
    decider: jobDecider,
    codec: jobEventCodec,
    stream,
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
    context: metadata
  })
  yield* projectState(handled.state, handled.version, rules)
  if (Result.isFailure(result)) return yield* result.failure
  return { jobId, action, ...(newJobId === undefined ? {} : { newJobId }) } satisfies ActionOutcome
})
