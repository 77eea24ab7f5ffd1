import { Clock, Effect } from "effect"
import { type CommandContext, handleCommand, load } from "../kernel/index.ts"
import {
  campaignDeletedMessage,
  minTpsUpdatedMessage,
  Notifications,
  recommenderStoppedMessage
} from "../notify/index.ts"
import { parseMonitoredArn, removeMonitored, updateMinTps } from "../personalize/monitoring.ts"
import { alarmKindsOf, alarmName } from "./alarms.ts"
import { MonitorInputInvalid } from "./errors.ts"
import { kindNames } from "./MetricNames.ts"
import type { MonitorSettings } from "./MonitorSettings.ts"
import { Alarms, EventBus } from "./ports.ts"
import { monitorEventCodec, monitorStream, resourceMonitorDecider } from "./resourceDecider.ts"
import {
  DetailType,
  MonitorSource,
  type RemoveResourceDetail,
  type UpdateMinTpsDetail,
  withInstanceId
} from "./seedEvents.ts"

const kindOf = (arn: string) => {
  const parsed = parseMonitoredArn(arn)
  return parsed === undefined
    ? Effect.fail(new MonitorInputInvalid({ path: "ARN", detail: `not a campaign or recommender ARN: ${arn}` }))
    : Effect.succeed(parsed)
}

/**
 * The update-TPS command: sets the campaign's minProvisionedTPS or the recommender's
 * minRecommendationRequestsPerSecond, records it, notifies. With `PreWarmUntil` it is a pre-warm:
 * the raise is recorded first so step-down leaves the resource alone until then.
 */
export const applyUpdateMinTps = Effect.fn("Monitoring.applyUpdateMinTps")(function* (
  detail: UpdateMinTpsDetail,
  options: { readonly homeRegion: string; readonly context: CommandContext; readonly instanceId?: string }
) {
  const parsed = yield* kindOf(detail.ARN)
  const now = yield* Clock.currentTimeMillis
  const reason = detail.Reason ?? "Requested"
  const stream = monitorStream(detail.ARN)
  if (detail.PreWarmUntil !== undefined) {
    yield* handleCommand({
      decider: resourceMonitorDecider,
      codec: monitorEventCodec,
      stream,
      command: {
        _tag: "RequestPreWarm",
        arn: detail.ARN,
        kind: parsed.kind,
        at: now,
        newMinTPS: detail.NewMinTPS,
        until: Date.parse(detail.PreWarmUntil),
        reason
      },
      context: options.context
    })
  }
  yield* updateMinTps(detail.ARN, detail.NewMinTPS)
  yield* handleCommand({
    decider: resourceMonitorDecider,
    codec: monitorEventCodec,
    stream,
    command: {
      _tag: "RecordMinTpsUpdated",
      arn: detail.ARN,
      kind: parsed.kind,
      at: now,
      newMinTPS: detail.NewMinTPS,
      reason
    },
    context: options.context
  })
  yield* (yield* EventBus).put(
    options.homeRegion,
    withInstanceId(
      [
        {
          source: MonitorSource,
          detailType:
            parsed.kind === "campaign" ? DetailType.CampaignMinTpsUpdated : DetailType.RecommenderMinRpsUpdated,
          detail: { ARN: detail.ARN, NewMinTPS: detail.NewMinTPS, Reason: reason },
          resources: [detail.ARN]
        }
      ],
      options.instanceId
    )
  )
  yield* (yield* Notifications).publish(
    minTpsUpdatedMessage({ arn: detail.ARN, kind: parsed.kind, newMinTPS: detail.NewMinTPS, reason })
  )
  return { arn: detail.ARN, newMinTPS: detail.NewMinTPS }
})

/** Deletes the monitor's alarms of one resource; returns how many existed (the seed's counter, defined). */
const deleteResourceAlarms = Effect.fnUntraced(function* (
  arn: string,
  settings: Pick<MonitorSettings, "alarmNamePrefix">
) {
  const parsed = yield* kindOf(arn)
  const alarms = yield* Alarms
  const title = kindNames[parsed.kind].title
  const names = new Set(alarmKindsOf(title).map((kind) => alarmName(settings.alarmNamePrefix, kind, parsed.name)))
  const existing = (yield* alarms.describe(parsed.region, settings.alarmNamePrefix))
    .map((a) => a.name)
    .filter((n) => names.has(n))
  if (existing.length > 0) yield* alarms.delete(parsed.region, existing)
  return existing.length
})

/**
 * The delete-campaign / stop-recommender command. Idempotent: a resource the log says was removed,
 * or that Personalize no longer has, is not acted on again; its alarms go, the dashboard is rebuilt.
 */
export const applyRemoveResource = Effect.fn("Monitoring.applyRemoveResource")(function* (
  detail: RemoveResourceDetail,
  settings: Pick<MonitorSettings, "alarmNamePrefix" | "instanceId">,
  options: { readonly homeRegion: string; readonly context: CommandContext }
) {
  const parsed = yield* kindOf(detail.ARN)
  const now = yield* Clock.currentTimeMillis
  const reason = detail.Reason ?? "Requested"
  const stream = monitorStream(detail.ARN)
  const loaded = yield* load(resourceMonitorDecider, monitorEventCodec, stream)
  if (loaded.state.removed) return { arn: detail.ARN, removed: false, notFound: false, alarmsDeleted: 0 }
  // Already gone is the outcome we wanted after the monitor decided it (a retried invocation whose first
  // attempt deleted it); an ARN that never existed, or that nothing here decided to remove, is reported as
  // not found — no "deleted" event, no notification — and its leftover alarms still go.
  const found = yield* removeMonitored(detail.ARN).pipe(
    Effect.as(true),
    Effect.catchTag("ResourceNotFound", () => Effect.succeed(false))
  )
  if (!found && loaded.state.idleActionAt === undefined) {
    const alarmsDeleted = yield* deleteResourceAlarms(detail.ARN, settings)
    return { arn: detail.ARN, removed: false, notFound: true, alarmsDeleted }
  }
  const alarmsDeleted = yield* deleteResourceAlarms(detail.ARN, settings)
  yield* handleCommand({
    decider: resourceMonitorDecider,
    codec: monitorEventCodec,
    stream,
    command: { _tag: "RecordRemoved", arn: detail.ARN, kind: parsed.kind, at: now, reason, alarmsDeleted },
    context: options.context
  })
  yield* (yield* EventBus).put(
    options.homeRegion,
    withInstanceId(
      [
        {
          source: MonitorSource,
          detailType: parsed.kind === "campaign" ? DetailType.CampaignDeleted : DetailType.RecommenderStopped,
          detail: { ARN: detail.ARN, Reason: reason },
          resources: [detail.ARN]
        },
        {
          source: MonitorSource,
          detailType: DetailType.BuildDashboard,
          detail: {
            Reason: `${parsed.kind === "campaign" ? "Deleted campaign" : "Stopped recommender"} ${detail.ARN}`
          },
          resources: [detail.ARN]
        }
      ],
      settings.instanceId
    )
  )
  yield* (yield* Notifications).publish(
    parsed.kind === "campaign"
      ? campaignDeletedMessage({ arn: detail.ARN, reason })
      : recommenderStoppedMessage({ arn: detail.ARN, reason })
  )
  return { arn: detail.ARN, removed: true, notFound: false, alarmsDeleted }
})
