import { layerCloudWatchAlarms } from "@personalize-ops/adapters-aws/monitoring/CloudWatchAlarms"
import { layerCloudWatchMetrics } from "@personalize-ops/adapters-aws/monitoring/CloudWatchMetrics"
import { layerEventBridgeBus } from "@personalize-ops/adapters-aws/monitoring/EventBridgeBus"
import { layerSnsNotifications } from "@personalize-ops/adapters-aws/monitoring/SnsNotifications"
import { layerAwsPersonalize } from "@personalize-ops/adapters-aws/personalize"
import { CloudWatchClients } from "@personalize-ops/adapters-aws/sdk/CloudWatchClients"
import { EventBridgeClients } from "@personalize-ops/adapters-aws/sdk/EventBridgeClients"
import { PersonalizeClients } from "@personalize-ops/adapters-aws/sdk/PersonalizeClients"
import { SnsClients } from "@personalize-ops/adapters-aws/sdk/SnsClients"
import type * as Kernel from "@personalize-ops/core/kernel"
import * as Monitoring from "@personalize-ops/core/monitoring"
import * as Notify from "@personalize-ops/core/notify"
import * as Personalize from "@personalize-ops/core/personalize"
import { Effect, Layer } from "effect"
import { layerEventStoreAws } from "../eventStore.ts"
import { type LambdaContextLike, makeLambdaHandler } from "../runtime.ts"
import { layerMonitorConfig, MonitorConfig, withAccountFrom } from "./MonitorConfig.ts"

/** What the command functions need (metrics: the policy is checked again before acting). */
export type CommandServices =
  | Personalize.Personalize
  | Monitoring.Metrics
  | Monitoring.Alarms
  | Monitoring.EventBus
  | Notify.Notifications
  | Kernel.EventStore
  | MonitorConfig

/** The detail of an EventBridge event, or the event itself for a direct invocation. */
const detailOf = (event: unknown, expected: ReadonlyArray<string>) =>
  typeof event === "object" && event !== null && "detail-type" in event
    ? Monitoring.decodeInput(Monitoring.EventBridgeEnvelope, event).pipe(
        Effect.flatMap((e) =>
          expected.includes(e["detail-type"])
            ? Effect.succeed({ detail: e.detail, root: "detail", origin: "event" as Monitoring.CommandOrigin })
            : Effect.fail(
                new Monitoring.MonitorInputInvalid({ path: "detail-type", detail: `expected ${expected.join(" or ")}` })
              )
        )
      )
    : Effect.succeed({ detail: event, root: "", origin: "direct" as Monitoring.CommandOrigin })

const contextOf = (context: LambdaContextLike, actor: string) => ({
  correlationId: context.awsRequestId ?? actor,
  actor
})

/**
 * Before any action: an event must be this deployment's (its `MonitorInstanceId`), then the command
 * must pass `checkMonitorCommand` (a watched resource, the action switched on, the policy still true).
 */
const guard = (
  command: Monitoring.MonitorCommand,
  detail: unknown,
  origin: Monitoring.CommandOrigin,
  context: LambdaContextLike
) =>
  Effect.gen(function* () {
    const config = yield* MonitorConfig
    const settings = withAccountFrom(config.settings, context.invokedFunctionArn)
    const expected = settings.instanceId
    if (origin === "event" && expected !== undefined && Monitoring.eventInstanceId(detail) !== expected)
      return yield* new Monitoring.MonitorCommandRejected({
        arn: command.detail.ARN,
        reason: `the event is not for this monitor (${Monitoring.MonitorInstanceField} ${expected})`
      })
    yield* Monitoring.checkMonitorCommand(command, settings, origin)
  })

/** Publishes that `action` on `arn` failed; a failure to publish is ignored (the action's error wins). */
const publishFailure = Effect.fnUntraced(function* (arn: string, action: string, error: { readonly message: string }) {
  const n = yield* Notify.Notifications
  yield* n.publish(Notify.actionFailedMessage({ arn, action, error: error.message })).pipe(Effect.ignore)
})

/** A failed action is notified before the error goes back to Lambda (which retries async invokes). */
const notifyFailure =
  (arn: string, action: string) =>
  <A, E extends { readonly message: string }, R>(self: Effect.Effect<A, E, R>) =>
    self.pipe(Effect.tapError((error) => publishFailure(arn, action, error)))

/** `UpdatePersonalizeCampaignMinProvisionedTPS` / `UpdatePersonalizeRecommenderMinRecommendationRPS`, or `{ARN, NewMinTPS, Reason[, PreWarmUntil]}`. */
export const handleUpdateTps = Effect.fnUntraced(function* (event: unknown, context: LambdaContextLike = {}) {
  const config = yield* MonitorConfig
  const { detail, root, origin } = yield* detailOf(event, [
    Monitoring.DetailType.UpdateCampaignMinTps,
    Monitoring.DetailType.UpdateRecommenderMinRps
  ])
  const input = yield* Monitoring.decodeInput(Monitoring.UpdateMinTpsDetail, detail, root)
  yield* guard({ _tag: "UpdateMinTps", detail: input }, detail, origin, context)
  return yield* Monitoring.applyUpdateMinTps(input, {
    homeRegion: config.homeRegion,
    context: contextOf(context, "update-tps"),
    ...(config.settings.instanceId === undefined ? {} : { instanceId: config.settings.instanceId })
  }).pipe(notifyFailure(input.ARN, "UpdateMinTPS"))
})

/** `DeletePersonalizeCampaign` or `{ARN, Reason}`. */
export const handleDeleteCampaign = Effect.fnUntraced(function* (event: unknown, context: LambdaContextLike = {}) {
  const config = yield* MonitorConfig
  const { detail, root, origin } = yield* detailOf(event, [Monitoring.DetailType.DeleteCampaign])
  const input = yield* Monitoring.decodeInput(Monitoring.RemoveResourceDetail, detail, root)
  if (Personalize.parseMonitoredArn(input.ARN)?.kind !== "campaign")
    return yield* new Monitoring.MonitorInputInvalid({
      path: `${root === "" ? "" : `${root}.`}ARN`,
      detail: "not a campaign ARN"
    })
  yield* guard({ _tag: "RemoveResource", detail: input }, detail, origin, context)
  return yield* Monitoring.applyRemoveResource(input, config.settings, {
    homeRegion: config.homeRegion,
    context: contextOf(context, "delete-campaign")
  }).pipe(notifyFailure(input.ARN, "DeleteCampaign"))
})

/** `StopPersonalizeRecommender` or `{ARN, Reason}`. */
export const handleStopRecommender = Effect.fnUntraced(function* (event: unknown, context: LambdaContextLike = {}) {
  const config = yield* MonitorConfig
  const { detail, root, origin } = yield* detailOf(event, [Monitoring.DetailType.StopRecommender])
  const input = yield* Monitoring.decodeInput(Monitoring.RemoveResourceDetail, detail, root)
  if (Personalize.parseMonitoredArn(input.ARN)?.kind !== "recommender")
    return yield* new Monitoring.MonitorInputInvalid({
      path: `${root === "" ? "" : `${root}.`}ARN`,
      detail: "not a recommender ARN"
    })
  yield* guard({ _tag: "RemoveResource", detail: input }, detail, origin, context)
  return yield* Monitoring.applyRemoveResource(input, config.settings, {
    homeRegion: config.homeRegion,
    context: contextOf(context, "stop-recommender")
  }).pipe(notifyFailure(input.ARN, "StopRecommender"))
})

/** Builds the three command handlers over any wiring of their ports. */
export const makeCommandHandlers = <E>(layer: Layer.Layer<CommandServices, E>) => {
  return {
    updateTps: makeLambdaHandler(layer, (event: unknown, context: LambdaContextLike) =>
      handleUpdateTps(event, context)
    ),
    deleteCampaign: makeLambdaHandler(layer, (event: unknown, context: LambdaContextLike) =>
      handleDeleteCampaign(event, context)
    ),
    stopRecommender: makeLambdaHandler(layer, (event: unknown, context: LambdaContextLike) =>
      handleStopRecommender(event, context)
    )
  }
}

const topic = (config: { readonly notificationTopicArn: string | undefined }) => config.notificationTopicArn ?? ""

/** Without a topic (no NotificationTopicArn nor AccountId) notifications are logged, not lost silently. */
const layerLogNotifications = Layer.succeed(
  Notify.Notifications,
  Notify.Notifications.of({
    publish: (n) =>
      Effect.logWarning(`no notification topic configured: ${n.subject}`).pipe(
        Effect.annotateLogs({ message: n.message })
      )
  })
)

/** The AWS wiring: Personalize, CloudWatch alarms and metrics (read), EventBridge, SNS (no dashboards). */
export const layerCommandsAws: Layer.Layer<CommandServices, unknown> = Layer.unwrap(
  Effect.gen(function* () {
    const config = yield* MonitorConfig
    return Layer.mergeAll(
      layerAwsPersonalize(),
      layerCloudWatchAlarms,
      layerCloudWatchMetrics,
      layerEventBridgeBus,
      config.notificationTopicArn === undefined ? layerLogNotifications : layerSnsNotifications(() => topic(config)),
      layerEventStoreAws
    )
  })
).pipe(
  Layer.provide(
    Layer.mergeAll(PersonalizeClients.layer, CloudWatchClients.layer, EventBridgeClients.layer, SnsClients.layer)
  ),
  Layer.provideMerge(layerMonitorConfig)
)
