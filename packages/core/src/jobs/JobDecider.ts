import { Result, Schema } from "effect"
import type { Decider } from "../kernel/Decider.ts"
import { type StreamId, streamId } from "../kernel/Stream.ts"
import {
  attemptOf,
  type BatchJobStateChange,
  envelopeMillis,
  observationKey,
  statusEnteredAt
} from "./BatchJobStateChange.ts"
import { type BatchJobStatus, isTerminal, statusRank } from "./BatchJobStatus.ts"
import { type JobAction, type JobEvent, JobStatusObserved, OperatorActionRecorded, rawEventLimit } from "./JobEvents.ts"
import { type JobShape, shapeOf } from "./JobShape.ts"

/** One point of a job's history. */
export interface HistoryEntry {
  readonly status: BatchJobStatus
  readonly attempt: number
  readonly at: number
  readonly eventId: string
  readonly late: boolean
  readonly statusReason?: string
  readonly exitCode?: number
}

/** What a job is: constant over its life, taken from its events. */
export interface JobInfo {
  readonly jobName: string
  readonly jobQueue: string
  readonly jobDefinition: string
  readonly region: string
  readonly account: string
  readonly createdAt?: number
  readonly parameters?: { readonly [k: string]: string }
  readonly command?: ReadonlyArray<string>
  readonly tags?: { readonly [k: string]: string }
  readonly shape?: JobShape
  readonly startedAt?: number
  readonly stoppedAt?: number
  readonly containerReason?: string
  readonly logStreamName?: string
}

/** An audit log entry. */
export interface ActionEntry {
  readonly action: JobAction
  readonly actor: string
  readonly reason: string
  readonly at: number
  readonly outcome: "succeeded" | "failed"
  readonly newJobId?: string
  readonly error?: string
}

/**
 * A job's state. `history` is kept in progress order (attempt, then status order), whatever order
 * the events arrived in, so any delivery order of the same events yields the same history.
 */
export interface JobState {
  readonly jobId: string | undefined
  readonly info: JobInfo | undefined
  readonly history: ReadonlyArray<HistoryEntry>
  readonly seenEventIds: ReadonlyArray<string>
  readonly seenKeys: ReadonlyArray<string>
  readonly actions: ReadonlyArray<ActionEntry>
  /** The raw event of the current (most advanced) observation. */
  readonly raw: string | undefined
  /** An action claimed and not recorded yet (its Batch call is under way, or its caller died). */
  readonly pending?: { readonly action: JobAction; readonly at: number }
}

export const initialJobState: JobState = {
  jobId: undefined,
  info: undefined,
  history: [],
  seenEventIds: [],
  seenKeys: [],
  actions: [],
  raw: undefined
}

/** Record a Batch Job State Change event. `raw` is the event as received (JSON text). */
export interface ObserveBatchEvent {
  readonly _tag: "ObserveBatchEvent"
  readonly event: BatchJobStateChange
  readonly raw: string
}

/** Record an operator action and its outcome. */
export interface RecordOperatorAction {
  readonly _tag: "RecordOperatorAction"
  readonly jobId: string
  readonly action: JobAction
  readonly actor: string
  readonly reason: string
  readonly at: number
  readonly outcome: "succeeded" | "failed"
  readonly newJobId?: string
  readonly error?: string
}

export type JobCommand = ObserveBatchEvent | RecordOperatorAction

/** An event for another job was sent to this job's stream. */
export class WrongJob extends Schema.TaggedError<WrongJob>()("WrongJob", {
  expected: Schema.String,
  actual: Schema.String
}) {
  override get message() {
    return `event for job ${this.actual} sent to the stream of job ${this.expected}`
  }
}

/** No event was ever recorded for this job. */
export class JobNotFound extends Schema.TaggedError<JobNotFound>()("JobNotFound", { jobId: Schema.String }) {
  override get message() {
    return `job ${this.jobId} is unknown`
  }
}

export type JobDomainError = WrongJob | JobNotFound

/** The stream of one job. */
export const jobStream = (jobId: string): StreamId => streamId("job", jobId)

/** Orders observations by progress: terminal last, then attempt, then status order, then time. */
const progress = (e: { readonly status: BatchJobStatus; readonly attempt: number; readonly at: number }) =>
  [isTerminal(e.status) ? 1 : 0, e.attempt, statusRank[e.status], e.at] as const

/** Compares two observations by progress (negative: `a` is earlier). */
export const compareProgress = (
  a: { readonly status: BatchJobStatus; readonly attempt: number; readonly at: number },
  b: { readonly status: BatchJobStatus; readonly attempt: number; readonly at: number }
): number => {
  const pa = progress(a)
  const pb = progress(b)
  for (let i = 0; i < pa.length; i++) {
    const d = pa[i]! - pb[i]!
    if (d !== 0) return d
  }
  return 0
}

/** The job's current observation: the most advanced one. */
export const currentEntry = (state: JobState): HistoryEntry | undefined => state.history[state.history.length - 1]

const decideObservation = (
  command: ObserveBatchEvent,
  state: JobState
): Result.Result<ReadonlyArray<JobEvent>, JobDomainError> => {
  const { event } = command
  const { detail } = event
  if (state.jobId !== undefined && state.jobId !== detail.jobId) {
    return Result.fail(new WrongJob({ expected: state.jobId, actual: detail.jobId }))
  }
  const key = observationKey(detail)
  if (state.seenEventIds.includes(event.id) || state.seenKeys.includes(key)) return Result.succeed([])
  const attempt = attemptOf(detail)
  // One entry per (attempt, status): a second, differently-timed report of the same point is a duplicate.
  if (state.history.some((h) => h.attempt === attempt && h.status === detail.status)) return Result.succeed([])
  const at = statusEnteredAt(event)
  const current = currentEntry(state)
  const late = current !== undefined && compareProgress({ status: detail.status, attempt, at }, current) < 0
  const lastAttempt = detail.attempts?.[detail.attempts.length - 1]
  const shape = shapeOf(detail)
  const containers = shape.kind === "ecs" || shape.kind === "eks" ? shape.containers : []
  // ECS and EKS jobs report per container: the first non-zero exit is the job's.
  const failedContainer = containers.find((c) => c.exitCode !== undefined && c.exitCode !== 0)
  const exitCode =
    detail.container?.exitCode ??
    lastAttempt?.container?.exitCode ??
    failedContainer?.exitCode ??
    containers.find((c) => c.exitCode !== undefined)?.exitCode
  const containerReason = detail.container?.reason ?? lastAttempt?.container?.reason ?? failedContainer?.reason
  const logStreamName =
    detail.container?.logStreamName ??
    lastAttempt?.container?.logStreamName ??
    containers.find((c) => c.logStreamName !== undefined)?.logStreamName
  const statusReason = detail.statusReason ?? (isTerminal(detail.status) ? lastAttempt?.statusReason : undefined)
  return Result.succeed([
    JobStatusObserved.make({
      eventId: event.id,
      observationKey: key,
      jobId: detail.jobId,
      status: detail.status,
      attempt,
      at,
      time: envelopeMillis(event),
      late,
      ...(statusReason === undefined ? {} : { statusReason }),
      ...(exitCode === undefined || !isTerminal(detail.status) ? {} : { exitCode }),
      jobName: detail.jobName,
      jobQueue: detail.jobQueue,
      jobDefinition: detail.jobDefinition,
      region: event.region,
      account: event.account,
      ...(detail.createdAt === undefined ? {} : { createdAt: detail.createdAt }),
      ...(detail.parameters === undefined ? {} : { parameters: detail.parameters }),
      ...(detail.container?.command === undefined ? {} : { command: detail.container.command }),
      ...(detail.tags === undefined ? {} : { tags: detail.tags }),
      shape,
      ...(detail.startedAt === undefined ? {} : { startedAt: detail.startedAt }),
      ...(detail.stoppedAt === undefined ? {} : { stoppedAt: detail.stoppedAt }),
      ...(containerReason === undefined ? {} : { containerReason }),
      ...(logStreamName === undefined ? {} : { logStreamName }),
      raw: command.raw.length > rawEventLimit ? command.raw.slice(0, rawEventLimit) : command.raw
    })
  ])
}

/** Decides what a command means for a job. Duplicates decide to nothing. */
export const decideJob = (
  command: JobCommand,
  state: JobState
): Result.Result<ReadonlyArray<JobEvent>, JobDomainError> => {
  switch (command._tag) {
    case "ObserveBatchEvent":
      return decideObservation(command, state)
    case "RecordOperatorAction": {
      if (state.jobId === undefined) return Result.fail(new JobNotFound({ jobId: command.jobId }))
      const { _tag, jobId, ...fields } = command
      return Result.succeed([OperatorActionRecorded.make(fields)])
    }
  }
}

const infoOf = (e: JobStatusObserved, previous: JobInfo | undefined): JobInfo => {
  // Name, queue and definition never change; optional parts may be missing from some deliveries.
  const createdAt = e.createdAt ?? previous?.createdAt
  const parameters = e.parameters ?? previous?.parameters
  const command = e.command ?? previous?.command
  const tags = e.tags ?? previous?.tags
  const shape = e.shape ?? previous?.shape
  const startedAt = e.startedAt ?? previous?.startedAt
  const stoppedAt = e.stoppedAt ?? previous?.stoppedAt
  const containerReason = e.containerReason ?? previous?.containerReason
  const logStreamName = e.logStreamName ?? previous?.logStreamName
  return {
    jobName: e.jobName,
    jobQueue: e.jobQueue,
    jobDefinition: e.jobDefinition,
    region: e.region,
    account: e.account,
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(parameters === undefined ? {} : { parameters }),
    ...(command === undefined ? {} : { command }),
    ...(tags === undefined ? {} : { tags }),
    ...(shape === undefined ? {} : { shape }),
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(stoppedAt === undefined ? {} : { stoppedAt }),
    ...(containerReason === undefined ? {} : { containerReason }),
    ...(logStreamName === undefined ? {} : { logStreamName })
  }
}

/** Folds one event into a job's state. */
export const evolveJob = (state: JobState, event: JobEvent): JobState => {
  switch (event._tag) {
    case "JobStatusObserved": {
      const entry: HistoryEntry = {
        status: event.status,
        attempt: event.attempt,
        at: event.at,
        eventId: event.eventId,
        late: event.late,
        ...(event.statusReason === undefined ? {} : { statusReason: event.statusReason }),
        ...(event.exitCode === undefined ? {} : { exitCode: event.exitCode })
      }
      const history = [...state.history, entry].sort(compareProgress)
      const becomesCurrent = history[history.length - 1] === entry
      return {
        ...state,
        jobId: event.jobId,
        info: becomesCurrent || state.info === undefined ? infoOf(event, state.info) : state.info,
        history,
        seenEventIds: [...state.seenEventIds, event.eventId],
        seenKeys: [...state.seenKeys, event.observationKey],
        raw: becomesCurrent ? event.raw : state.raw
      }
    }
    case "OperatorActionRequested":
      return { ...state, pending: { action: event.action, at: event.at } }
    case "OperatorActionRecorded": {
      const { _tag, ...entry } = event
      const { pending: _done, ...rest } = state
      return { ...rest, actions: [...state.actions, entry] }
    }
  }
}

/** The job decider for `Kernel.handleCommand`. */
export const jobDecider: Decider<JobCommand, JobEvent, JobState, JobDomainError> = {
  initialState: initialJobState,
  decide: decideJob,
  evolve: evolveJob
}
