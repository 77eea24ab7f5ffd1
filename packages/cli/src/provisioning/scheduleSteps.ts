import { Maintenance } from "@personalize-ops/core"
import { Effect } from "effect"
import type { MaintenanceTarget } from "./target.ts"

/**
 * The config's schedules in plan / apply / destroy: reconciled like any resource (the group, then each
 * schedule created, updated when its expression, zone, target or input changed, deleted when removed
 * or set to `"delete"`), shown in the same list as the resources with kind `ScheduleGroup` / `Schedule`.
 */

type Failure = { readonly _tag: string; readonly message: string }

/** A Scheduler error as the CLI prints it (its tag, and AWS's message). */
const asFailure = (e: Maintenance.SchedulerError): Failure => ({ _tag: e._tag, message: e.detail })

/**
 * `plan` (observe and plan) or `apply` (observe, plan, carry out) of the config's schedules: one way for
 * both. The schedules point at the target's state machine; on AWS a config without schedules may have none
 * (targetRequest refuses the rest), and then only deletions can be planned, which need no target.
 */
export const scheduleSteps = (
  deployment: Parameters<typeof Maintenance.desiredSchedules>[0],
  maintenance: MaintenanceTarget,
  mode: "plan" | "apply"
): Effect.Effect<ReadonlyArray<Maintenance.ScheduleStep>, Failure, Maintenance.Scheduler> =>
  (mode === "plan" ? Maintenance.planDeploymentSchedules : Maintenance.reconcileSchedules)(
    Maintenance.desiredSchedules(deployment, maintenance.settings),
    maintenance.targets
  ).pipe(Effect.mapError(asFailure))

/** `destroy`: the deployment's schedule group and its schedules go; false when there was none. */
export const destroySchedules = (
  deployment: Parameters<typeof Maintenance.desiredSchedules>[0],
  maintenance: MaintenanceTarget
): Effect.Effect<boolean, Failure, Maintenance.Scheduler> =>
  Maintenance.removeScheduleGroup(Maintenance.desiredSchedules(deployment, maintenance.settings).group).pipe(
    Effect.mapError(asFailure)
  )

const kindOf = (step: Maintenance.ScheduleStep) => (step.action === "CreateGroup" ? "ScheduleGroup" : "Schedule")
const nameOf = (step: Maintenance.ScheduleStep) => (step.action === "CreateGroup" ? step.group : step.name)
const actionOf = (step: Maintenance.ScheduleStep) => (step.action === "CreateGroup" ? "Create" : step.action)

const symbols = { Create: "+ create", Update: "~ update", Delete: "- delete", NoOp: "= no-op" } as const

/** One line per schedule step (as the resources' lines), with what changed or why it goes. */
export const renderScheduleSteps = (steps: ReadonlyArray<Maintenance.ScheduleStep>): ReadonlyArray<string> =>
  steps.map((step) => {
    const head = `${symbols[actionOf(step)].padEnd(10)} ${kindOf(step).padEnd(18)} ${nameOf(step)}`
    const detail =
      step.action === "Create"
        ? [`      ${step.request.expression}${step.request.timeZone === undefined ? "" : ` ${step.request.timeZone}`}`]
        : step.action === "Update"
          ? [`      changed: ${step.changed.join(", ")} → ${step.request.expression}`]
          : step.action === "Delete"
            ? [`      ${step.reason}`]
            : []
    return [head, ...detail].join("\n")
  })

/** How many steps change something, and how many schedules are as the config wants. */
export const countScheduleSteps = (steps: ReadonlyArray<Maintenance.ScheduleStep>) => ({
  create: steps.filter((s) => s.action === "Create" || s.action === "CreateGroup").length,
  update: steps.filter((s) => s.action === "Update").length,
  delete: steps.filter((s) => s.action === "Delete").length,
  unchanged: steps.filter((s) => s.action === "NoOp").length
})

/** The schedule steps as plan / apply JSON steps (`kind` ScheduleGroup or Schedule). */
export const scheduleStepsJson = (steps: ReadonlyArray<Maintenance.ScheduleStep>) =>
  steps
    .filter((s) => s.action !== "NoOp")
    .map((step) => ({
      action: actionOf(step),
      kind: kindOf(step),
      name: nameOf(step),
      ...(step.action === "Create" || step.action === "Update"
        ? {
            expression: step.request.expression,
            ...(step.request.timeZone === undefined ? {} : { timeZone: step.request.timeZone })
          }
        : {}),
      ...(step.action === "Update" ? { changed: step.changed } : {}),
      ...(step.action === "Delete" ? { reason: step.reason } : {})
    }))

/** A one-line summary: `Schedules (group g): 2 to create, 1 to update, 0 to delete, 5 unchanged.` */
export const scheduleSummary = (
  steps: ReadonlyArray<Maintenance.ScheduleStep>,
  group: string,
  tense: "plan" | "done"
): string => {
  const n = countScheduleSteps(steps)
  return tense === "plan"
    ? `Schedules (group ${group}): ${n.create} to create, ${n.update} to update, ${n.delete} to delete, ${n.unchanged} unchanged.`
    : `Schedules (group ${group}): ${n.create} created, ${n.update} updated, ${n.delete} deleted, ${n.unchanged} unchanged.`
}
