import { layerCloudWatchAlarms } from "@personalize-ops/adapters-aws/monitoring/CloudWatchAlarms"
import { layerCloudWatchMetrics } from "@personalize-ops/adapters-aws/monitoring/CloudWatchMetrics"
import { layerEventBridgeBus } from "@personalize-ops/adapters-aws/monitoring/EventBridgeBus"
import { layerAwsPersonalize } from "@personalize-ops/adapters-aws/personalize"
import { CloudWatchClients } from "@personalize-ops/adapters-aws/sdk/CloudWatchClients"
import { EventBridgeClients } from "@personalize-ops/adapters-aws/sdk/EventBridgeClients"
import { PersonalizeClients } from "@personalize-ops/adapters-aws/sdk/PersonalizeClients"
import * as Emf from "@personalize-ops/core/emf"
import type * as Kernel from "@personalize-ops/core/kernel"
import * as Monitoring from "@personalize-ops/core/monitoring"
import type * as Personalize from "@personalize-ops/core/personalize"
import { Clock, Effect, Layer, Result } from "effect"
import { layerEventStoreAws } from "../eventStore.ts"
import { type LambdaContextLike, makeLambdaHandler } from "../runtime.ts"
import { applyOverrides, layerMonitorConfig, MonitorConfig, withAccountFrom } from "./MonitorConfig.ts"

/** What the five-minute monitor needs. */
export type MonitorServices =
  | Personalize.Personalize
  | Monitoring.Metrics
  | Monitoring.Alarms
  | Monitoring.EventBus
  | Kernel.EventStore
  | MonitorConfig

const isScheduled = (event: unknown) =>
  typeof event === "object" && event !== null && (event as { source?: unknown }).source === "aws.events"

/**
 * The five-minute monitor (`cron(0/5 * * * ? *)`), or a direct invocation whose keys override the
 * seed's parameters. Logs the run as EMF so `monitoredResourceCount` lands in the home region.
 */
export const handleMonitorEvent = Effect.fnUntraced(function* (event: unknown, context: LambdaContextLike = {}) {
  const config = yield* MonitorConfig
  const base = withAccountFrom(config.settings, context.invokedFunctionArn)
  const settings = isScheduled(event) ? base : yield* applyOverrides(base, event ?? {})
  const summary = yield* Monitoring.runMonitor(settings, {
    homeRegion: config.homeRegion,
    context: { correlationId: context.awsRequestId ?? `monitor-${yield* Clock.currentTimeMillis}`, actor: "monitor" }
  })
  const line = Emf.renderEmf({
    namespace: Monitoring.MonitorNamespace,
    timestamp: summary.at,
    dimensions: {},
    metrics: [{ name: Monitoring.monitoredResourceCountMetric, value: summary.readings.length, unit: "Count" }]
  })
  if (Result.isSuccess(line)) yield* Effect.sync(() => console.log(line.success))
  else yield* Effect.logWarning("EMF document rejected", line.failure)
  return {
    monitored: summary.readings.length,
    readings: summary.readings.map((r) => ({
      ARN: r.resource.arn,
      averageTPS: r.actual,
      minTPS: r.resource.minTPS,
      utilization: r.utilization,
      ...(r.latencyMs === undefined ? {} : { latencyMs: r.latencyMs })
    })),
    alarms: summary.alarms,
    stepDowns: summary.stepDowns.map((d) => ({ ARN: d.ARN, NewMinTPS: d.NewMinTPS })),
    idle: summary.idle.map((d) => d.ARN),
    events: summary.events.map((e) => e.detailType)
  }
})

/** Builds a Lambda handler over any wiring of the monitor's ports. */
export const makeMonitorHandler = <E>(layer: Layer.Layer<MonitorServices, E>) =>
  makeLambdaHandler(layer, (event: unknown, context: LambdaContextLike) => handleMonitorEvent(event, context))

/**
 * The AWS wiring. Decisions are recorded in the DynamoDB event store (table `EVENT_STORE_TABLE`), so the
 * history that keeps step-downs hourly and removals single survives across Lambda containers.
 */
export const layerMonitorAws: Layer.Layer<MonitorServices, unknown> = Layer.mergeAll(
  layerCloudWatchMetrics,
  layerCloudWatchAlarms,
  layerEventBridgeBus,
  layerAwsPersonalize(),
  layerEventStoreAws
).pipe(
  Layer.provide(Layer.mergeAll(CloudWatchClients.layer, EventBridgeClients.layer, PersonalizeClients.layer)),
  Layer.provideMerge(layerMonitorConfig)
)
