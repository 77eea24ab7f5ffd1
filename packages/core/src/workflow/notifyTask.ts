import { Effect } from "effect"
import { type NotificationFailure, Notifications } from "../notify/Notifications.ts"
import type { ProvisioningExecution } from "./ProvisioningExecution.ts"
import { executionNotification } from "./provisioningMessages.ts"
import { correlationIdOf, decodeExecutionState, type TaskInputInvalid } from "./reconcileTask.ts"

/**
 * The state machine's Notify task (NotifySucceeded / NotifyFailed): sends the execution's outcome and
 * returns the state unchanged, so the execution's output is its final state.
 */
export const notifyTask = (
  input: unknown,
  region: string
): Effect.Effect<ProvisioningExecution, TaskInputInvalid | NotificationFailure, Notifications> =>
  Effect.gen(function* () {
    const state = yield* decodeExecutionState(input)
    const notification = executionNotification(state, region)
    yield* (yield* Notifications).publish(notification)
    yield* Effect.logInfo(notification.subject)
    return state
  }).pipe(Effect.annotateLogs({ correlationId: correlationIdOf(input) }))
