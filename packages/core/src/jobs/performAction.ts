import { Clock, Effect, Result } from "effect"
import { handleCommand, load } from "../kernel/handleCommand.ts"
import {
  ActionNotAllowed,
  actionAllowed,
  type BatchActionFailed,
  BatchActions,
  RetryRefused,
  StaleConfirmation
} from "./BatchActions.ts"
import type { ClassificationRules } from "./Classification.ts"
import { projectState } from "./ingestBatchEvent.ts"
import { currentEntry, JobNotFound, jobDecider, jobStream } from "./JobDecider.ts"
import { type JobAction, jobEventCodec } from "./JobEvents.ts"
import { retryShape } from "./JobShape.ts"

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
 * Runs an operator action against Batch (`mark-broken` calls nothing) and records it, with its actor, reason and outcome, on the
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
  if (action === "retry") {
    const shape = retryShape(jobId, info.shape)
    if (Result.isFailure(shape)) return yield* new RetryRefused({ jobId, why: shape.failure })
  }
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
