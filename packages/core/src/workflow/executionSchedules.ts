import { Effect } from "effect"
import {
  reconcileSchedules,
  removeScheduleGroup,
  type ScheduleStep,
  type ScheduleTargetSettings
} from "../maintenance/reconcileSchedules.ts"
import type { Scheduler, SchedulerError } from "../maintenance/Scheduler.ts"
import { desiredSchedules, type MaintenanceSettings } from "../maintenance/Schedules.ts"
import type { ExecutionResource, ProvisioningExecution } from "./ProvisioningExecution.ts"
import { executionDeployment, type TaskInputInvalid } from "./reconcileTask.ts"

/**
 * The deployed provisioning workflow reconciles the config's maintenance schedules like any resource:
 * once the pass that finishes the Personalize resources is done, the schedule group and its schedules
 * are created, updated (expression, zone, target or input changed) or deleted (removed, or `"delete"`)
 * through the Scheduler. A teardown deletes the group at its first pass, before any resource goes (no
 * run fires on a half-deleted deployment), and makes sure it is gone at every pass. They join the execution's resources (kind
 * `ScheduleGroup` / `Schedule`), so the notification lists them; a Scheduler error fails the execution
 * naming the group and AWS's message.
 */

/** Where the deployment's schedules live (its instance prefix) and what they start (absent: not deployed). */
export interface ExecutionScheduleSettings {
  readonly settings: MaintenanceSettings
  readonly targets: ScheduleTargetSettings | undefined
}

/** A schedule step as a row of the execution's resources (what was done in `reason`; no Personalize status). */
export const scheduleRow = (step: ScheduleStep): ExecutionResource => ({
  kind: step.action === "CreateGroup" ? "ScheduleGroup" : "Schedule",
  name: step.action === "CreateGroup" ? step.group : step.name,
  state: step.action === "Delete" ? "gone" : "ready",
  reason:
    step.action === "Update"
      ? `updated: ${step.changed.join(", ")}`
      : step.action === "Delete"
        ? `deleted: ${step.reason}`
        : step.action === "NoOp"
          ? "unchanged"
          : "created"
})

const failed = (state: ProvisioningExecution, group: string, e: SchedulerError): ProvisioningExecution => {
  const cause = `${e._tag}: ${e.detail}`
  return {
    ...state,
    status: "failed",
    cause: `ScheduleGroup ${group}: ${cause}`,
    failures: [...(state.failures ?? []), { kind: "ScheduleGroup", name: group, cause, dependents: [] }]
  }
}

/**
 * After a Reconcile pass. Apply: when the pass finished (`done`), the config's schedules are reconciled;
 * any other pass is returned as it is. Destroy: every pass removes the schedule group if it is there; the
 * last one lists it as gone.
 */
export const reconcileExecutionSchedules = (
  state: ProvisioningExecution,
  schedules: ExecutionScheduleSettings
): Effect.Effect<ProvisioningExecution, TaskInputInvalid, Scheduler> =>
  Effect.gen(function* () {
    if (state.mode === "apply" && state.status !== "done") return state
    const deployment = yield* executionDeployment(state)
    const desired = desiredSchedules(deployment, schedules.settings)
    const gone = (removed: boolean): ReadonlyArray<ExecutionResource> =>
      removed || state.status === "done"
        ? [{ kind: "ScheduleGroup", name: desired.group, state: "gone", reason: removed ? "deleted" : "not there" }]
        : []
    const rows: Effect.Effect<ReadonlyArray<ExecutionResource>, SchedulerError, Scheduler> = state.mode === "apply"
      ? Effect.map(reconcileSchedules(desired, schedules.targets), (steps) => steps.map(scheduleRow))
      : Effect.map(removeScheduleGroup(desired.group), gone)
    return yield* rows.pipe(
      Effect.map((r): ProvisioningExecution => ({ ...state, resources: [...(state.resources ?? []), ...r] })),
      Effect.catch((e) => Effect.succeed(failed(state, desired.group, e)))
    )
  })
