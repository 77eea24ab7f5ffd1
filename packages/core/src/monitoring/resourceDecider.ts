import { Result, Schema } from "effect"
import { type Decider, type EventCodec, makeEventCodec, type StreamId, streamId } from "../kernel/index.ts"
import type { MonitoredKind } from "../personalize/monitoring.ts"
import { MonitorEvent } from "./MonitorEvents.ts"
import type { IdleDecision, MinTpsDecision } from "./policies.ts"

/** What the log remembers about one monitored resource. */
export interface ResourceMonitorState {
  readonly lastStepDownAt?: number
  /** Step-down is suspended until this time (a pre-warm). */
  readonly protectedUntil?: number
  /** An idle action was decided (delete/stop): nothing else is decided afterwards. */
  readonly idleActionAt?: number
  /** The resource was deleted or stopped by the monitor. */
  readonly removed: boolean
  readonly removedAt?: number
  readonly minTPS?: number
}

/** Commands of the per-resource decider. Time arrives inside the command. */
export type ResourceMonitorCommand =
  | {
      readonly _tag: "RecordStepDown"
      readonly kind: MonitoredKind
      readonly at: number
      /** Creation time of the resource seen now: a re-created campaign (same ARN) starts a fresh history. */
      readonly createdAt: number
      readonly decision: MinTpsDecision
    }
  | {
      readonly _tag: "RecordIdleAction"
      readonly kind: MonitoredKind
      readonly at: number
      readonly createdAt: number
      readonly decision: IdleDecision
    }
  | {
      readonly _tag: "RequestPreWarm"
      readonly arn: string
      readonly kind: MonitoredKind
      readonly at: number
      readonly newMinTPS: number
      readonly until: number
      readonly reason: string
    }
  | {
      readonly _tag: "RecordMinTpsUpdated"
      readonly arn: string
      readonly kind: MonitoredKind
      readonly at: number
      readonly newMinTPS: number
      readonly reason: string
    }
  | {
      readonly _tag: "RecordRemoved"
      readonly arn: string
      readonly kind: MonitoredKind
      readonly at: number
      readonly reason: string
      readonly alarmsDeleted: number
    }

/** Why the decider refused a command. */
export class MonitorCommandRejected extends Schema.TaggedError<MonitorCommandRejected>()("MonitorCommandRejected", {
  arn: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `${this.arn}: ${this.reason}`
  }
}

/** Step-down decisions closer together than this are duplicates (a retried run), not a new hour. */
export const StepDownSpacingMs = 55 * 60_000

/**
 * The monitor decides only for ACTIVE resources. After a removal that means a new incarnation: a
 * campaign re-created under the same name (created after the removal) or a recommender started again.
 */
const current = (state: ResourceMonitorState, kind: MonitoredKind, createdAt: number): ResourceMonitorState => {
  if (state.removed && kind === "recommender") return { removed: false }
  const endedAt = state.removedAt ?? state.idleActionAt
  return endedAt !== undefined && createdAt > endedAt ? { removed: false } : state
}

const decide = (
  command: ResourceMonitorCommand,
  loaded: ResourceMonitorState
): Result.Result<ReadonlyArray<MonitorEvent>, MonitorCommandRejected> => {
  const state = "createdAt" in command ? current(loaded, command.kind, command.createdAt) : loaded
  switch (command._tag) {
    case "RecordStepDown": {
      // Nothing to record is not an error: the run simply does not act twice.
      if (state.removed || state.idleActionAt !== undefined) return Result.succeed([])
      if (state.protectedUntil !== undefined && command.at < state.protectedUntil) return Result.succeed([])
      if (state.lastStepDownAt !== undefined && command.at - state.lastStepDownAt < StepDownSpacingMs)
        return Result.succeed([])
      return Result.succeed([
        { _tag: "MinTpsStepDownDecided", kind: command.kind, at: command.at, decision: command.decision }
      ])
    }
    case "RecordIdleAction": {
      if (state.removed || state.idleActionAt !== undefined) return Result.succeed([])
      return Result.succeed([
        { _tag: "IdleActionDecided", kind: command.kind, at: command.at, decision: command.decision }
      ])
    }
    case "RequestPreWarm": {
      if (!Number.isInteger(command.newMinTPS) || command.newMinTPS < 1)
        return Result.fail(new MonitorCommandRejected({ arn: command.arn, reason: "NewMinTPS must be an integer ≥ 1" }))
      if (command.until <= command.at)
        return Result.fail(
          new MonitorCommandRejected({ arn: command.arn, reason: "the pre-warm must end in the future" })
        )
      if (state.removed)
        return Result.fail(new MonitorCommandRejected({ arn: command.arn, reason: "the resource was removed" }))
      return Result.succeed([{ ...command, _tag: "PreWarmRequested" }])
    }
    case "RecordMinTpsUpdated":
      return Result.succeed([{ ...command, _tag: "MinTpsUpdated" }])
    case "RecordRemoved": {
      if (state.removed) return Result.succeed([])
      return Result.succeed(
        command.kind === "campaign"
          ? [
              {
                _tag: "CampaignDeleted",
                arn: command.arn,
                at: command.at,
                reason: command.reason,
                alarmsDeleted: command.alarmsDeleted
              }
            ]
          : [
              {
                _tag: "RecommenderStopped",
                arn: command.arn,
                at: command.at,
                reason: command.reason,
                alarmsDeleted: command.alarmsDeleted
              }
            ]
      )
    }
  }
}

const evolve = (state: ResourceMonitorState, event: MonitorEvent): ResourceMonitorState => {
  switch (event._tag) {
    // decide only emits these for a live resource: after a removal they belong to a re-created one.
    case "MinTpsStepDownDecided":
      return state.removed ? { removed: false, lastStepDownAt: event.at } : { ...state, lastStepDownAt: event.at }
    case "IdleActionDecided":
      return state.removed ? { removed: false, idleActionAt: event.at } : { ...state, idleActionAt: event.at }
    case "PreWarmRequested":
      return { ...state, protectedUntil: Math.max(state.protectedUntil ?? 0, event.until), minTPS: event.newMinTPS }
    case "MinTpsUpdated":
      return { ...state, minTPS: event.newMinTPS }
    case "CampaignDeleted":
    case "RecommenderStopped":
      return { ...state, removed: true, removedAt: event.at }
  }
}

/** The per-resource decider: keeps the monitor from acting twice and remembers pre-warms. */
export const resourceMonitorDecider: Decider<
  ResourceMonitorCommand,
  MonitorEvent,
  ResourceMonitorState,
  MonitorCommandRejected
> = { initialState: { removed: false }, decide, evolve }

/** How monitor events are stored. */
export const monitorEventCodec: EventCodec<MonitorEvent> = makeEventCodec(MonitorEvent)

/** The stream of one monitored resource: `monitor-<arn>`. */
export const monitorStream = (arn: string): StreamId => streamId("monitor", arn)
