import { Effect, Result } from "effect"
import { decodeEvent, EventStore } from "../kernel/index.ts"
import { kindNames } from "./MetricNames.ts"
import type { MonitorEvent } from "./MonitorEvents.ts"
import { monitorEventCodec, monitorStream } from "./resourceDecider.ts"

/** One decision or action of a monitored resource, as `monitor history` prints it. */
export interface HistoryEntry {
  /** Epoch ms of the decision or action. */
  readonly at: number
  /** Position in the resource's stream (1 = first). */
  readonly version: number
  readonly type: MonitorEvent["_tag"]
  /** One line: what was decided or done. */
  readonly summary: string
  /** Why (the decision's reason, or the requester's). */
  readonly reason: string
  /** Saving per hour a step-down recorded (with the price table's currency). */
  readonly savingPerHour?: { readonly amount: number; readonly currency: string }
  readonly event: MonitorEvent
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z")

/** The summary line and reason of one event. */
export const describeMonitorEvent = (
  event: MonitorEvent
): Pick<HistoryEntry, "summary" | "reason" | "savingPerHour"> => {
  switch (event._tag) {
    case "MinTpsStepDownDecided": {
      const d = event.decision
      const rate = kindNames[event.kind].rate
      const saving =
        d.EstimatedSavingPerHour === undefined || d.Currency === undefined
          ? undefined
          : { amount: d.EstimatedSavingPerHour, currency: d.Currency }
      return {
        summary:
          `step-down decided: min ${rate} ${d.CurrentMinTPS} → ${d.NewMinTPS}` +
          ` (−${d.CurrentMinTPS - d.NewMinTPS} ${rate}` +
          (saving === undefined ? ")" : `, saves ${saving.amount} ${saving.currency}/h)`),
        reason: d.Reason,
        ...(saving === undefined ? {} : { savingPerHour: saving })
      }
    }
    case "IdleActionDecided":
      return {
        summary: `idle: ${event.kind === "campaign" ? "delete" : "stop"} decided after ${event.decision.IdleThresholdHours} h without requests`,
        reason: event.decision.Reason
      }
    case "PreWarmRequested":
      return {
        summary: `pre-warm: min ${kindNames[event.kind].rate} ${event.newMinTPS} until ${iso(event.until)}`,
        reason: event.reason
      }
    case "MinTpsUpdated":
      return { summary: `min ${kindNames[event.kind].rate} set to ${event.newMinTPS}`, reason: event.reason }
    case "CampaignDeleted":
      return { summary: `campaign deleted (${event.alarmsDeleted} alarms deleted)`, reason: event.reason }
    case "RecommenderStopped":
      return { summary: `recommender stopped (${event.alarmsDeleted} alarms deleted)`, reason: event.reason }
  }
}

/**
 * The decisions and actions recorded for one campaign or recommender (stream `monitor-<arn>`), oldest
 * first, each with its reason. An ARN the monitor never acted on has an empty history.
 */
export const monitorHistory = Effect.fn("Monitoring.monitorHistory")(function* (arn: string) {
  const store = yield* EventStore
  const stored = yield* store.read(monitorStream(arn))
  const entries: Array<HistoryEntry> = []
  for (const s of stored) {
    const decoded = decodeEvent(monitorEventCodec, s)
    if (Result.isFailure(decoded)) return yield* decoded.failure
    const event = decoded.success
    entries.push({ at: event.at, version: s.version, type: event._tag, ...describeMonitorEvent(event), event })
  }
  return entries
})
