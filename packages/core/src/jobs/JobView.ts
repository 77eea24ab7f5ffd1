import { Schema } from "effect"
import { arnName } from "./BatchJobStateChange.ts"
import { BatchJobStatus, isTerminal } from "./BatchJobStatus.ts"
import { type ClassificationRules, classifyTaskType, extractIds } from "./Classification.ts"
import { currentEntry, type JobState } from "./JobDecider.ts"
import { JobAction } from "./JobEvents.ts"
import { FailureKind, failureKindOf, JobShape } from "./JobShape.ts"
import { phaseDurations } from "./phases.ts"

const Millis = Schema.Finite
const StringMap = Schema.Record(Schema.String, Schema.String)

export const PhaseDurationsSchema = Schema.Struct({
  PENDING: Schema.optionalKey(Schema.Finite),
  RUNNABLE: Schema.optionalKey(Schema.Finite),
  STARTING: Schema.optionalKey(Schema.Finite),
  RUNNING: Schema.optionalKey(Schema.Finite),
  total: Schema.optionalKey(Schema.Finite)
})

/** What the dashboard lists: one row per job. */
export const JobSummary = Schema.Struct({
  jobId: Schema.String,
  jobName: Schema.String,
  status: BatchJobStatus,
  statusReason: Schema.optionalKey(Schema.String),
  taskType: Schema.String,
  ids: StringMap,
  queue: Schema.String,
  definition: Schema.String,
  region: Schema.String,
  attempts: Schema.Int,
  /** Submission time (epoch ms): the list order, newest first. */
  createdAt: Millis,
  /** When the current status was entered (epoch ms). */
  since: Millis,
  durations: PhaseDurationsSchema,
  /** The job stream version this view was projected from. */
  version: Schema.Int,
  /** Container, ECS, EKS, array parent or child, multi-node job or node (absent in views projected before shapes). */
  shape: Schema.optionalKey(JobShape),
  /** From the detail's `startedAt` to `stoppedAt`: known even when only the final event was seen. */
  runTimeMillis: Schema.optionalKey(Millis),
  /** When the job started running (epoch ms), for the elapsed time of a running job. */
  startedAt: Schema.optionalKey(Millis),
  exitCode: Schema.optionalKey(Schema.Finite),
  /** A failure an operator handles differently: out of memory, Spot reclaim. */
  failureKind: Schema.optionalKey(FailureKind),
  /** The CloudWatch log stream of the current (or last) attempt. */
  logStreamName: Schema.optionalKey(Schema.String),
  /** The operator's latest "mark as broken" (who, why, when), kept on the job's stream. */
  broken: Schema.optionalKey(Schema.Struct({ actor: Schema.String, reason: Schema.String, at: Millis }))
})
export type JobSummary = typeof JobSummary.Type

export const HistoryEntrySchema = Schema.Struct({
  status: BatchJobStatus,
  attempt: Schema.Int,
  at: Millis,
  eventId: Schema.String,
  late: Schema.Boolean,
  statusReason: Schema.optionalKey(Schema.String),
  exitCode: Schema.optionalKey(Schema.Finite)
})

export const ActionEntrySchema = Schema.Struct({
  action: JobAction,
  actor: Schema.String,
  reason: Schema.String,
  at: Millis,
  outcome: Schema.Literals(["succeeded", "failed"]),
  newJobId: Schema.optionalKey(Schema.String),
  error: Schema.optionalKey(Schema.String)
})

/** The job page: the summary plus everything known about the job. */
export const JobView = Schema.Struct({
  ...JobSummary.fields,
  jobQueue: Schema.String,
  jobDefinition: Schema.String,
  account: Schema.String,
  parameters: StringMap,
  command: Schema.Array(Schema.String),
  tags: StringMap,
  history: Schema.Array(HistoryEntrySchema),
  actions: Schema.Array(ActionEntrySchema),
  raw: Schema.String
})
export type JobView = typeof JobView.Type

/** The summary part of a view. */
export const toSummary = (view: JobView): JobSummary => {
  const { jobQueue, jobDefinition, account, parameters, command, tags, history, actions, raw, ...summary } = view
  return summary
}

/** Projects a job's state (at stream `version`) into its read-model view; undefined before the first observation. */
export const projectJob = (state: JobState, version: number, rules: ClassificationRules): JobView | undefined => {
  const current = currentEntry(state)
  const info = state.info
  if (current === undefined || info === undefined || state.jobId === undefined) return undefined
  const first = state.history[0]!
  const createdAt = info.createdAt ?? first.at
  const attempts = Math.max(...state.history.map((h) => h.attempt))
  const runTimeMillis =
    info.startedAt !== undefined && info.stoppedAt !== undefined && info.stoppedAt >= info.startedAt
      ? info.stoppedAt - info.startedAt
      : undefined
  const failureKind =
    current.status === "FAILED" ? failureKindOf([current.statusReason, info.containerReason]) : undefined
  const broken = state.actions.findLast((a) => a.action === "mark-broken" && a.outcome === "succeeded")
  return {
    jobId: state.jobId,
    jobName: info.jobName,
    status: current.status,
    ...(current.statusReason === undefined ? {} : { statusReason: current.statusReason }),
    taskType: classifyTaskType(rules, info),
    ids: extractIds(rules, info),
    queue: arnName(info.jobQueue),
    definition: arnName(info.jobDefinition),
    region: info.region,
    attempts: isTerminal(current.status) || attempts > 0 ? attempts : 1,
    createdAt,
    since: current.at,
    durations: phaseDurations(state.history, info.createdAt),
    version,
    ...(info.shape === undefined ? {} : { shape: info.shape }),
    ...(runTimeMillis === undefined ? {} : { runTimeMillis }),
    ...(info.startedAt === undefined ? {} : { startedAt: info.startedAt }),
    ...(current.exitCode === undefined ? {} : { exitCode: current.exitCode }),
    ...(failureKind === undefined ? {} : { failureKind }),
    ...(info.logStreamName === undefined ? {} : { logStreamName: info.logStreamName }),
    ...(broken === undefined ? {} : { broken: { actor: broken.actor, reason: broken.reason, at: broken.at } }),
    jobQueue: info.jobQueue,
    jobDefinition: info.jobDefinition,
    account: info.account,
    parameters: info.parameters ?? {},
    command: info.command ?? [],
    tags: info.tags ?? {},
    history: state.history,
    actions: state.actions,
    raw: state.raw ?? ""
  }
}
