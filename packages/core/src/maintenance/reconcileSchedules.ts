import { Effect, Result } from "effect"
import {
  type ScheduleDescription,
  type ScheduleRequest,
  ScheduleRequestInvalid,
  Scheduler,
  type SchedulerError,
  type ScheduleTarget
} from "./Scheduler.ts"
import type { DesiredSchedules, MaintenanceSettings, ScheduleSpec } from "./Schedules.ts"

/**
 * Schedules reconciled like any resource: the desired schedules of a config against what exists in its
 * schedule group → create the group, create what is missing, update what changed (expression, time zone,
 * target), delete what the config removed or set to `"delete"`. A schedule an operator deactivated stays
 * deactivated across updates.
 */

/** What the schedules are pointed at: the maintenance state machine and the role Scheduler assumes. */
export interface ScheduleTargetSettings {
  readonly stateMachineArn: string
  readonly roleArn: string
}

/** The maintenance state machine's name for an instance (the CDK example names it so). */
export const maintenanceStateMachineName = (settings: MaintenanceSettings): string => `${settings.instance}-maintenance`

/** The name of the role Scheduler assumes for an instance (it may only start the maintenance state machine). */
export const schedulerRoleName = (settings: MaintenanceSettings): string => `${settings.instance}-scheduler`

/** Targets named after the instance in one account and region (the memory target points its schedules so). */
export const instanceScheduleTargets = (
  settings: MaintenanceSettings,
  account: string,
  region: string
): ScheduleTargetSettings => ({
  stateMachineArn: `arn:aws:states:${region}:${account}:stateMachine:${maintenanceStateMachineName(settings)}`,
  roleArn: `arn:aws:iam::${account}:role/${schedulerRoleName(settings)}`
})

/** What exists: whether the group does, and its schedules (described). */
export interface ObservedSchedules {
  readonly groupExists: boolean
  readonly schedules: ReadonlyArray<ScheduleDescription>
}

export type ScheduleStep =
  | { readonly action: "CreateGroup"; readonly group: string }
  | { readonly action: "Create"; readonly name: string; readonly request: ScheduleRequest }
  | {
      readonly action: "Update"
      readonly name: string
      readonly request: ScheduleRequest
      readonly changed: ReadonlyArray<string>
    }
  | { readonly action: "Delete"; readonly name: string; readonly group: string; readonly reason: string }
  | { readonly action: "NoOp"; readonly name: string }

const targetOf = (spec: ScheduleSpec, settings: ScheduleTargetSettings): ScheduleTarget => ({
  arn: settings.stateMachineArn,
  roleArn: settings.roleArn,
  input: JSON.stringify(spec.input)
})

/** The request that makes a schedule what the config says (keeping an operator's DISABLED). */
const requestOf = (
  spec: ScheduleSpec,
  settings: ScheduleTargetSettings,
  existing: ScheduleDescription | undefined
): ScheduleRequest => ({
  name: spec.name,
  group: spec.group,
  expression: spec.expression.expression,
  ...(spec.timeZone === undefined ? {} : { timeZone: spec.timeZone }),
  state: existing?.state ?? "ENABLED",
  target: targetOf(spec, settings),
  description: `personalize-ops ${spec.task} ${spec.target}`
})

/** The fields that differ between what exists and what is wanted. */
const differences = (existing: ScheduleDescription, wanted: ScheduleRequest): ReadonlyArray<string> => {
  const out: Array<string> = []
  if (existing.expression !== wanted.expression) out.push("expression")
  if ((existing.timeZone ?? "UTC") !== (wanted.timeZone ?? "UTC")) out.push("timeZone")
  if (existing.target.arn !== wanted.target.arn) out.push("target")
  if (existing.target.roleArn !== wanted.target.roleArn) out.push("role")
  if (existing.target.input !== wanted.target.input) out.push("input")
  return out
}

/** Schedules the config wants cannot be pointed anywhere: no state machine and role were given. */
const noTargets = (desired: DesiredSchedules) =>
  new ScheduleRequestInvalid({
    detail: `the config has ${desired.schedules.length} schedule(s) (${desired.schedules
      .map((s) => s.name)
      .join(
        ", "
      )}) but no target: name the maintenance state machine and the role EventBridge Scheduler assumes to start it`
  })

/**
 * Plans the schedules: pure, in a stable order (group first, then by name). `targets` may be absent only
 * when the config wants no schedule (deleting needs no target); otherwise the plan fails, naming them.
 */
export const planSchedules = (
  desired: DesiredSchedules,
  observed: ObservedSchedules,
  targets: ScheduleTargetSettings | undefined
): Result.Result<ReadonlyArray<ScheduleStep>, ScheduleRequestInvalid> => {
  if (targets === undefined && desired.schedules.length > 0) return Result.fail(noTargets(desired))
  const steps: Array<ScheduleStep> = []
  if (!observed.groupExists && desired.schedules.length > 0) steps.push({ action: "CreateGroup", group: desired.group })
  const existing = new Map(observed.schedules.map((s) => [s.name, s]))
  const wanted = new Set(desired.schedules.map((s) => s.name))
  if (targets !== undefined)
    for (const spec of [...desired.schedules].sort((a, b) => a.name.localeCompare(b.name))) {
      const current = existing.get(spec.name)
      const request = requestOf(spec, targets, current)
      if (current === undefined) steps.push({ action: "Create", name: spec.name, request })
      else {
        const changed = differences(current, request)
        steps.push(
          changed.length === 0
            ? { action: "NoOp", name: spec.name }
            : { action: "Update", name: spec.name, request, changed }
        )
      }
    }
  const removed = [...existing.values()].filter((s) => !wanted.has(s.name)).sort((a, b) => a.name.localeCompare(b.name))
  for (const s of removed)
    steps.push({
      action: "Delete",
      name: s.name,
      group: s.group,
      reason: desired.deleted.includes(s.name) ? 'set to "delete" in the config' : "no longer in the config"
    })
  return Result.succeed(steps)
}

/** Reads what exists in the deployment's schedule group. */
export const observeSchedules = (group: string): Effect.Effect<ObservedSchedules, SchedulerError, Scheduler> =>
  Effect.gen(function* () {
    const scheduler = yield* Scheduler
    const exists = yield* scheduler.describeGroup(group).pipe(
      Effect.as(true),
      Effect.catchTag("ScheduleNotFound", () => Effect.succeed(false))
    )
    if (!exists) return { groupExists: false, schedules: [] }
    const listed = yield* scheduler.listSchedules(group)
    const schedules = yield* Effect.forEach(listed, (s) => scheduler.describeSchedule(group, s.name))
    return { groupExists: true, schedules }
  })

/** Carries out a schedule plan through the Scheduler port, in order. */
export const applyScheduleSteps = (
  steps: ReadonlyArray<ScheduleStep>
): Effect.Effect<void, SchedulerError, Scheduler> =>
  Effect.gen(function* () {
    const scheduler = yield* Scheduler
    for (const step of steps) {
      if (step.action === "CreateGroup") yield* scheduler.createGroup(step.group)
      else if (step.action === "Create") yield* scheduler.createSchedule(step.request)
      else if (step.action === "Update") yield* scheduler.updateSchedule(step.request)
      else if (step.action === "Delete") yield* scheduler.deleteSchedule(step.group, step.name)
    }
  })

/** Observe → plan the schedules of a deployment (what `plan` shows); `targets` as {@link planSchedules} takes them. */
export const planDeploymentSchedules = (
  desired: DesiredSchedules,
  targets: ScheduleTargetSettings | undefined
): Effect.Effect<ReadonlyArray<ScheduleStep>, SchedulerError, Scheduler> =>
  Effect.flatMap(observeSchedules(desired.group), (observed) =>
    Effect.fromResult(planSchedules(desired, observed, targets))
  )

/** Deletes a deployment's schedule group and every schedule in it (`destroy`); false when there was none. */
export const removeScheduleGroup = (group: string): Effect.Effect<boolean, SchedulerError, Scheduler> =>
  Effect.gen(function* () {
    const scheduler = yield* Scheduler
    return yield* scheduler.deleteGroup(group).pipe(
      Effect.as(true),
      Effect.catchTag("ScheduleNotFound", () => Effect.succeed(false))
    )
  })

/** Observe → plan → apply the schedules of a deployment; returns the steps taken. */
export const reconcileSchedules = (
  desired: DesiredSchedules,
  targets: ScheduleTargetSettings | undefined
): Effect.Effect<ReadonlyArray<ScheduleStep>, SchedulerError, Scheduler> =>
  Effect.gen(function* () {
    const steps = yield* planDeploymentSchedules(desired, targets)
    yield* applyScheduleSteps(steps)
    return steps
  })
