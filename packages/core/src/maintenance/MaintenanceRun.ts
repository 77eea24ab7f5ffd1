import { Result, Schema } from "effect"
import type { Decider } from "../kernel/Decider.ts"
import { makeEventCodec } from "../kernel/EventCodec.ts"
import { type StreamId, streamId } from "../kernel/Stream.ts"
import type { LastImport } from "./ImportRules.ts"
import type { SolutionMetrics } from "./PromotionGate.ts"
import { MaintenanceTask } from "./Schedules.ts"

/**
 * The runs of maintenance on one target (a dataset's imports, a solution's retraining, a batch job's
 * runs) as an event-sourced aggregate: a run starts, then ends in exactly one outcome — succeeded,
 * skipped, failed, promoted or kept — each its own event. The state it folds to is what the next run
 * needs: the last import (skip rules) and the version campaigns serve with its metrics (the gate).
 */

/** The run outcomes, as `simulate --json` spells them. */
export const RunOutcome = Schema.Literals(["succeeded", "skipped", "failed", "promoted", "kept"])
export type RunOutcome = typeof RunOutcome.Type

const Metrics = Schema.Record(Schema.String, Schema.Number)
const runFields = {
  runId: Schema.String,
  task: MaintenanceTask,
  target: Schema.String,
  /** Epoch ms. */
  at: Schema.Number
}

export const RunStarted = Schema.TaggedStruct("RunStarted", {
  ...runFields,
  mode: Schema.optionalKey(Schema.Literals(["FULL", "INCREMENTAL", "UPDATE"]))
})
/** The run did its work: an import job or a batch job finished, or a version trained (without campaigns to move). */
export const RunSucceeded = Schema.TaggedStruct("RunSucceeded", {
  ...runFields,
  resourceArn: Schema.optionalKey(Schema.String),
  reason: Schema.optionalKey(Schema.String),
  metrics: Schema.optionalKey(Metrics)
})
/** Nothing to do (data unchanged, within maxAge, an earlier run still running, no version to run on). */
export const RunSkipped = Schema.TaggedStruct("RunSkipped", { ...runFields, reason: Schema.String })
export const RunFailed = Schema.TaggedStruct("RunFailed", {
  ...runFields,
  reason: Schema.String,
  resourceArn: Schema.optionalKey(Schema.String)
})
/** The gate passed: campaigns now serve the new version. */
export const VersionPromoted = Schema.TaggedStruct("VersionPromoted", {
  ...runFields,
  versionArn: Schema.String,
  previousVersionArn: Schema.optionalKey(Schema.String),
  reason: Schema.String,
  metrics: Metrics
})
/** The gate held: campaigns stay on the serving version; both numbers are in `reason` and `metrics`. */
export const VersionKept = Schema.TaggedStruct("VersionKept", {
  ...runFields,
  versionArn: Schema.String,
  servingVersionArn: Schema.optionalKey(Schema.String),
  reason: Schema.String,
  metrics: Metrics
})

export const MaintenanceEvent = Schema.Union([
  RunStarted,
  RunSucceeded,
  RunSkipped,
  RunFailed,
  VersionPromoted,
  VersionKept
])
export type MaintenanceEvent = typeof MaintenanceEvent.Type
export type RunEnded = Exclude<MaintenanceEvent, { readonly _tag: "RunStarted" }>

export const maintenanceCodec = makeEventCodec(MaintenanceEvent)

/** The outcome an ending event records. */
export const outcomeOf = (event: RunEnded): RunOutcome =>
  event._tag === "RunSucceeded"
    ? "succeeded"
    : event._tag === "RunSkipped"
      ? "skipped"
      : event._tag === "RunFailed"
        ? "failed"
        : event._tag === "VersionPromoted"
          ? "promoted"
          : "kept"

/** The stream of a target's runs: a dataset's imports, a solution's retraining (FULL and UPDATE share it), a batch job's runs. */
export const maintenanceStream = (task: MaintenanceTask, target: string): StreamId =>
  streamId(
    task === "import"
      ? "maintenance-dataset"
      : task === "full" || task === "update"
        ? "maintenance-solution"
        : "maintenance-batch",
    target
  )

export interface MaintenanceState {
  readonly running?: { readonly runId: string; readonly task: MaintenanceTask; readonly at: number }
  /** Run ids that have ended (a repeated end is a no-op). */
  readonly ended: ReadonlySet<string>
  readonly lastImport?: LastImport
  /** The version campaigns serve, as this tool last moved them, and its metrics. */
  readonly serving?: { readonly versionArn: string; readonly metrics: SolutionMetrics }
  readonly lastOutcome?: RunOutcome
}

export const initialMaintenanceState: MaintenanceState = { ended: new Set() }

/** Commands: start a run; end it with one outcome (the ending event, minus what the state knows). */
export type MaintenanceCommand =
  | {
      readonly _tag: "StartRun"
      readonly runId: string
      readonly task: MaintenanceTask
      readonly target: string
      readonly at: number
      readonly mode?: "FULL" | "INCREMENTAL" | "UPDATE"
    }
  | { readonly _tag: "EndRun"; readonly event: RunEnded }

export class UnknownRun extends Schema.TaggedError<UnknownRun>()("UnknownRun", {
  runId: Schema.String,
  running: Schema.optionalKey(Schema.String)
}) {
  override get message() {
    return `run ${this.runId} is not running${this.running === undefined ? "" : ` (${this.running} is)`}`
  }
}

export class OutcomeNotAllowed extends Schema.TaggedError<OutcomeNotAllowed>()("OutcomeNotAllowed", {
  runId: Schema.String,
  task: MaintenanceTask,
  outcome: RunOutcome
}) {
  override get message() {
    return `a ${this.task} run cannot end ${this.outcome}: only retraining (full/update) is promoted or kept`
  }
}

export type MaintenanceError = UnknownRun | OutcomeNotAllowed

const isTraining = (task: MaintenanceTask) => task === "full" || task === "update"

const decide = (
  command: MaintenanceCommand,
  state: MaintenanceState
): Result.Result<ReadonlyArray<MaintenanceEvent>, MaintenanceError> => {
  if (command._tag === "StartRun") {
    const { runId, task, target, at } = command
    if (state.ended.has(runId) || state.running?.runId === runId) return Result.succeed([])
    if (state.running !== undefined)
      return Result.succeed([
        RunSkipped.make({
          runId,
          task,
          target,
          at,
          reason: `an earlier run (${state.running.runId}, started ${new Date(state.running.at).toISOString()}) is still running`
        })
      ])
    return Result.succeed([
      RunStarted.make({ runId, task, target, at, ...(command.mode === undefined ? {} : { mode: command.mode }) })
    ])
  }
  const event = command.event
  if (state.ended.has(event.runId)) return Result.succeed([])
  if (state.running?.runId !== event.runId)
    return Result.fail(
      new UnknownRun({ runId: event.runId, ...(state.running === undefined ? {} : { running: state.running.runId }) })
    )
  if ((event._tag === "VersionPromoted" || event._tag === "VersionKept") && !isTraining(state.running.task))
    return Result.fail(
      new OutcomeNotAllowed({ runId: event.runId, task: state.running.task, outcome: outcomeOf(event) })
    )
  return Result.succeed([{ ...event, task: state.running.task }])
}

const evolve = (state: MaintenanceState, event: MaintenanceEvent): MaintenanceState => {
  if (event._tag === "RunStarted") return { ...state, running: { runId: event.runId, task: event.task, at: event.at } }
  const ended = new Set(state.ended).add(event.runId)
  const startedAt = state.running?.runId === event.runId ? state.running.at : event.at
  const next: MaintenanceState = {
    ended,
    ...(state.lastImport === undefined ? {} : { lastImport: state.lastImport }),
    ...(state.serving === undefined ? {} : { serving: state.serving }),
    // A skipped overlapping run leaves the earlier one running.
    ...(state.running !== undefined && state.running.runId !== event.runId ? { running: state.running } : {}),
    lastOutcome: outcomeOf(event)
  }
  if (event.task === "import" && (event._tag === "RunSucceeded" || event._tag === "RunFailed"))
    return { ...next, lastImport: { startedAt, status: event._tag === "RunSucceeded" ? "ACTIVE" : "CREATE FAILED" } }
  if (event._tag === "VersionPromoted")
    return { ...next, serving: { versionArn: event.versionArn, metrics: event.metrics } }
  return next
}

/** The maintenance runs of one target as a decider. */
export const maintenanceDecider: Decider<MaintenanceCommand, MaintenanceEvent, MaintenanceState, MaintenanceError> = {
  initialState: initialMaintenanceState,
  decide,
  evolve
}

/** One row of `simulate --json`'s `maintenance.runs`. */
export interface RunRecord {
  readonly task: MaintenanceTask
  readonly target: string
  readonly at: string
  readonly outcome: RunOutcome
  readonly reason?: string
  readonly metrics?: SolutionMetrics
}

/** The run record of an ending event (its `at` is when the run started, as the schedule fired). */
export const runRecordOf = (event: RunEnded, startedAt: number = event.at): RunRecord => ({
  task: event.task,
  target: event.target,
  at: new Date(startedAt).toISOString(),
  outcome: outcomeOf(event),
  ...("reason" in event && event.reason !== undefined ? { reason: event.reason } : {}),
  ...("metrics" in event && event.metrics !== undefined ? { metrics: event.metrics } : {})
})
