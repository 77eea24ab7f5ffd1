import { Schema } from "effect"
import type { Deployment, ScheduleExpression } from "../config/Deployment.ts"

/**
 * A deployment's maintenance schedules as desired state: one EventBridge Scheduler schedule per scheduled
 * task in the config, in one schedule group per dataset group, named from the deployment's instance
 * prefix so several deployments share an account. Each fires the maintenance state machine with a
 * {@link MaintenanceInput}.
 */

/** What a schedule runs (the `task` of `simulate --json`'s maintenance runs). */
export const MaintenanceTask = Schema.Literals(["import", "full", "update", "batch-inference", "batch-segment"])
export type MaintenanceTask = typeof MaintenanceTask.Type

/** The typed input every schedule sends to the maintenance state machine. */
export const MaintenanceInput = Schema.Struct({
  task: MaintenanceTask,
  /** The dataset (import), solution (full/update) or batch job (batch-*) the run acts on. */
  target: Schema.String,
  datasetGroup: Schema.String,
  /** The schedule that fired (absent when a run is started by hand). */
  schedule: Schema.optionalKey(Schema.String)
})
export type MaintenanceInput = typeof MaintenanceInput.Type

/** Settings of a deployment's maintenance: its instance prefix and the time zone crons are evaluated in. */
export interface MaintenanceSettings {
  /** Prefix of every schedule group and schedule of this deployment (default `personalize-ops`). */
  readonly instance: string
  /** IANA time zone for every cron of the deployment when its config names none (`datasetGroup.scheduleTimezone`); UTC when absent. */
  readonly timeZone?: string
}

export const defaultMaintenanceSettings: MaintenanceSettings = { instance: "personalize-ops" }

/** One schedule the deployment wants. */
export interface ScheduleSpec {
  readonly name: string
  readonly group: string
  readonly task: MaintenanceTask
  readonly target: string
  readonly expression: ScheduleExpression
  readonly timeZone?: string
  readonly input: MaintenanceInput
}

/** What the config says about schedules: the ones it wants, and the ones it asks to delete (`"delete"`). */
export interface DesiredSchedules {
  readonly group: string
  readonly schedules: ReadonlyArray<ScheduleSpec>
  /** Names of schedules the config sets to `"delete"` (removed if they exist). */
  readonly deleted: ReadonlyArray<string>
}

/** EventBridge Scheduler names: 1–64 characters of `[0-9a-zA-Z-_.]`. */
export const schedulerNameLimit = 64
const schedulerNamePattern = /^[0-9a-zA-Z\-_.]+$/

/** FNV-1a, 32 bits, as 8 hex digits: a short stable suffix for names that had to be shortened. */
const shortHash = (text: string): string => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, "0")
}

/** A Scheduler name from parts: invalid characters become `-`; over 64 characters, shortened with a hash of the whole. */
export const schedulerName = (...parts: ReadonlyArray<string>): string => {
  const full = parts.join("-").replace(/[^0-9a-zA-Z\-_.]/g, "-")
  return full.length <= schedulerNameLimit ? full : `${full.slice(0, schedulerNameLimit - 9)}-${shortHash(full)}`
}

/** Why a name is not a valid Scheduler name, or undefined. */
export const schedulerNameProblem = (name: string): string | undefined =>
  name.length < 1 || name.length > schedulerNameLimit
    ? `must be 1–${schedulerNameLimit} characters (got ${name.length})`
    : schedulerNamePattern.test(name)
      ? undefined
      : `"${name}" may contain only letters, digits, - _ and .`

/** The schedule group of a dataset group. */
export const scheduleGroupName = (settings: MaintenanceSettings, datasetGroup: string): string =>
  schedulerName(settings.instance, datasetGroup)

/** The schedule of one task on one target. */
export const scheduleName = (settings: MaintenanceSettings, task: MaintenanceTask, target: string): string =>
  schedulerName(settings.instance, task, target)

/** The name provisioning gives the batch jobs a config declares without one (runs add a date to it). */
export const batchJobBaseName = (
  solution: string,
  kind: "batch-inference" | "batch-segment",
  index: number,
  name?: string
): string => name ?? `${solution}-${kind}${index === 0 ? "" : `-${index + 1}`}`.slice(0, 63)

/** Flattens a deployment's schedules (imports, FULL/UPDATE retraining, batch jobs) into desired schedules. */
export const desiredSchedules = (
  deployment: Deployment,
  settings: MaintenanceSettings = defaultMaintenanceSettings
): DesiredSchedules => {
  const datasetGroup = deployment.datasetGroup.name
  const group = scheduleGroupName(settings, datasetGroup)
  const schedules: Array<ScheduleSpec> = []
  const deleted: Array<string> = []
  const timeZone = deployment.datasetGroup.scheduleTimezone ?? settings.timeZone
  const add = (task: MaintenanceTask, target: string, expression: ScheduleExpression | undefined, remove?: boolean) => {
    const name = scheduleName(settings, task, target)
    if (remove === true) deleted.push(name)
    if (expression === undefined) return
    schedules.push({
      name,
      group,
      task,
      target,
      expression,
      ...(timeZone === undefined ? {} : { timeZone }),
      input: { task, target, datasetGroup, schedule: name }
    })
  }
  for (const dataset of deployment.datasets) {
    const scheduled = dataset.imports.find((i) => i.schedule !== undefined)
    add(
      "import",
      dataset.name,
      scheduled?.schedule,
      dataset.imports.some((i) => i.scheduleDeleted === true)
    )
  }
  for (const solution of deployment.solutions) {
    add("full", solution.name, solution.schedules.full, solution.schedules.fullDeleted)
    add("update", solution.name, solution.schedules.update, solution.schedules.updateDeleted)
    for (const [kind, jobs] of [
      ["batch-inference", solution.batchInferenceJobs],
      ["batch-segment", solution.batchSegmentJobs]
    ] as const)
      for (const [i, job] of jobs.entries())
        add(kind, batchJobBaseName(solution.name, kind, i, job.name), job.schedule, job.scheduleDeleted)
  }
  return { group, schedules, deleted }
}
