import { Clock, Effect } from "effect"
import { load } from "../kernel/index.ts"
import { describeMonitored, parseMonitoredArn } from "../personalize/monitoring.ts"
import type { MonitorSettings } from "./MonitorSettings.ts"
import { decideIdle, decideStepDown, WatermarkDays } from "./policies.ts"
import { MonitorCommandRejected, monitorEventCodec, monitorStream, resourceMonitorDecider } from "./resourceDecider.ts"
import { fetchSeries, requestSumQuery } from "./runMonitor.ts"
import { MonitorInstanceField, type RemoveResourceDetail, type UpdateMinTpsDetail } from "./seedEvents.ts"

const HOUR = 3_600_000

/** How a command reached its handler: an EventBridge event (anyone allowed to put events) or a direct invocation (IAM-gated). */
export type CommandOrigin = "event" | "direct"

/** A command to check: the detail as decoded, and which handler got it. */
export type MonitorCommand =
  | { readonly _tag: "UpdateMinTps"; readonly detail: UpdateMinTpsDetail }
  | { readonly _tag: "RemoveResource"; readonly detail: RemoveResourceDetail }

/** Why the monitor does not watch `arn`, or undefined when it does (the settings' lists, regions and account). */
export const notWatchedReason = (
  settings: Pick<MonitorSettings, "campaigns" | "recommenders" | "regions" | "accountId">,
  arn: string
): string | undefined => {
  const parsed = parseMonitoredArn(arn)
  if (parsed === undefined) return "not a campaign or recommender ARN"
  if (settings.accountId !== undefined && parsed.account !== settings.accountId)
    return `account ${parsed.account} is not the monitored account ${settings.accountId}`
  const list = parsed.kind === "campaign" ? settings.campaigns : settings.recommenders
  const setting = parsed.kind === "campaign" ? "CampaignARNs" : "RecommenderARNs"
  if (list === "all")
    return settings.regions.includes(parsed.region)
      ? undefined
      : `region ${parsed.region} is not one the monitor scans (Regions)`
  return list.includes(arn) ? undefined : `not listed in ${setting}`
}

/** The instance id an event names (`detail.MonitorInstanceId`), if any. */
export const eventInstanceId = (detail: unknown): string | undefined => {
  if (typeof detail !== "object" || detail === null) return undefined
  const id = (detail as Record<string, unknown>)[MonitorInstanceField]
  return typeof id === "string" ? id : undefined
}

/**
 * Checks a command before it acts, so that a forged or stale event cannot delete, stop or resize
 * anything: the resource must be one this monitor watches; the action must be switched on
 * (AutoDeleteOrStopIdleResources for removals; AutoAdjustMinTPS for step-downs from the bus; a raise or
 * pre-warm only by direct invocation); and the policy's reasons are checked again on fresh metrics —
 * idle really idle over IdleThresholdHours, a step-down no lower than the watermark rule allows now.
 * Fails with `MonitorCommandRejected` naming why.
 */
export const checkMonitorCommand = Effect.fnUntraced(function* (
  command: MonitorCommand,
  settings: MonitorSettings,
  origin: CommandOrigin
) {
  const arn = command.detail.ARN
  const reject = (reason: string) => Effect.fail(new MonitorCommandRejected({ arn, reason }))
  const notWatched = notWatchedReason(settings, arn)
  if (notWatched !== undefined) return yield* reject(`not monitored: ${notWatched}`)
  if (command._tag === "RemoveResource" && !settings.autoDeleteOrStopIdleResources)
    return yield* reject("AutoDeleteOrStopIdleResources is off")
  if (command._tag === "UpdateMinTps" && origin === "direct") return
  if (command._tag === "UpdateMinTps" && !settings.autoAdjustMinTPS) return yield* reject("AutoAdjustMinTPS is off")
  if (command._tag === "UpdateMinTps" && command.detail.PreWarmUntil !== undefined)
    return yield* reject("a pre-warm is an operator's: invoke the function directly")

  const loaded = yield* load(resourceMonitorDecider, monitorEventCodec, monitorStream(arn))
  // A redelivered removal: the log says it was done, and the action does nothing again.
  if (command._tag === "RemoveResource" && loaded.state.removed) return

  // Only the resource itself not found means gone: a related one not found (its solution, say) is a failure,
  // never a reason to act without the checks below.
  const resource = yield* describeMonitored(arn).pipe(
    Effect.catchTag("ResourceNotFound", (e) => (e.arn === arn ? Effect.succeed(undefined) : Effect.fail(e)))
  )
  // Gone already: the removal's outcome; the handler records it without calling Personalize.
  if (resource === undefined) return command._tag === "RemoveResource" ? undefined : yield* reject("no such resource")
  const clockNow = yield* Clock.currentTimeMillis
  const now = clockNow - (clockNow % 60_000)

  if (command._tag === "RemoveResource") {
    const period = settings.idleThresholdHours * 3600
    const recent = yield* fetchSeries(
      [requestSumQuery(resource, "idle", period), requestSumQuery(resource, "now", 300)],
      {
        start: now - period * 1000,
        end: now
      }
    )
    const lastWindow = (recent.get("now") ?? []).filter((p) => p.timestamp >= now - 300_000)
    const decision = decideIdle({
      resource,
      now,
      utilization: lastWindow.reduce((s, p) => s + p.value, 0) > 0 ? 1 : 0,
      requests: recent.get("idle") ?? [],
      requestsPeriodSeconds: period,
      settings
    })
    return decision === undefined
      ? yield* reject(`not idle now: requests in the last ${settings.idleThresholdHours} hours, or not removable`)
      : undefined
  }

  const newMin = command.detail.NewMinTPS
  if (newMin >= resource.minTPS) return yield* reject(`a step-down lowers the minimum (now ${resource.minTPS})`)
  const hourStart = Math.floor(now / HOUR) * HOUR
  const hourly = yield* fetchSeries([requestSumQuery(resource, "hourly", 3600)], {
    start: hourStart - WatermarkDays * 24 * HOUR,
    end: hourStart
  })
  const decision = decideStepDown({
    resource,
    now,
    utilization: 0,
    hourlySums: hourly.get("hourly") ?? [],
    settings,
    ...(loaded.state.protectedUntil === undefined ? {} : { protectedUntil: loaded.state.protectedUntil })
  })
  if (decision === undefined) return yield* reject("the step-down rule does not lower this resource now")
  if (newMin < decision.NewMinTPS)
    return yield* reject(`NewMinTPS ${newMin} is below what the watermark rule allows now (${decision.NewMinTPS})`)
})
