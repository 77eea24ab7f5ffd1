import { Clock, Effect } from "effect"
import {
  type AppendTooLarge,
  type CommandContext,
  type EventDecodeFailure,
  type EventStore,
  type EventStoreFailure,
  handleCommand,
  load,
  type VersionConflict
} from "../kernel/index.ts"
import type { PersonalizeError } from "../personalize/errors.ts"
import { type MonitoredResource, modelFreshness } from "../personalize/monitoring.ts"
import type { Personalize } from "../personalize/Personalize.ts"
import { type AlarmPlan, desiredAlarms, reconcileAlarms } from "./alarms.ts"
import { billedRate, monthlyVolumes, stepDownSavingPerHour } from "./cost.ts"
import type { MonitoringFailure } from "./errors.ts"
import {
  actualTps,
  FiveMinutes,
  kindNames,
  latencyMetric,
  MonitorNamespace,
  PersonalizeNamespace,
  requestMetric,
  servingModelAgeMetric,
  unpromotedVersionsMetric,
  utilization
} from "./MetricNames.ts"
import type { MonitorSettings } from "./MonitorSettings.ts"
import { joinMetricResults, lastFiveMinuteWindow, type MetricRequest, planMetricDataCalls } from "./metricQueries.ts"
import {
  decideIdle,
  decideStepDown,
  type IdleDecision,
  inHourlySlot,
  type MinTpsDecision,
  type RequestPoint,
  watermarkWindow
} from "./policies.ts"
import { Alarms, type BusEvent, EventBus, type MetricDatum, Metrics } from "./ports.ts"
import {
  type MonitorCommandRejected,
  monitorEventCodec,
  monitorStream,
  resourceMonitorDecider
} from "./resourceDecider.ts"
import { DetailType, MonitorSource, withInstanceId } from "./seedEvents.ts"
import { discoverTargets, targetRegions } from "./targets.ts"

/** The reading of one resource in the last five-minute window. */
export interface Reading {
  readonly resource: MonitoredResource
  readonly requests: number
  readonly actual: number
  readonly utilization: number
  /** Average GetRecommendations/GetPersonalizedRanking latency of the window, when there was traffic. */
  readonly latencyMs?: number
}

/** What one monitor run saw and did. */
export interface MonitorRunSummary {
  readonly at: number
  readonly readings: ReadonlyArray<Reading>
  readonly alarms: { readonly created: number; readonly updated: number; readonly deleted: number }
  readonly stepDowns: ReadonlyArray<MinTpsDecision>
  readonly idle: ReadonlyArray<IdleDecision>
  readonly events: ReadonlyArray<BusEvent>
}

/** The request-Sum series of a resource over `period` seconds. */
export const requestSumQuery = (r: MonitoredResource, key: string, period: number): MetricRequest => ({
  key,
  region: r.region,
  namespace: PersonalizeNamespace,
  metricName: requestMetric(r),
  dimensions: [{ name: kindNames[r.kind].dimension, value: r.arn }],
  stat: "Sum",
  period
})

/** The average latency series of a resource's request metric. */
export const latencyQuery = (r: MonitoredResource, key: string): MetricRequest => ({
  key,
  region: r.region,
  namespace: PersonalizeNamespace,
  metricName: latencyMetric(r),
  dimensions: [{ name: kindNames[r.kind].dimension, value: r.arn }],
  stat: "Average",
  period: FiveMinutes
})

/** Fetches request series for many resources through as few GetMetricData calls as the limits allow. */
export const fetchSeries = Effect.fnUntraced(function* (
  requests: ReadonlyArray<MetricRequest>,
  window: { readonly start: number; readonly end: number }
): Effect.fn.Return<ReadonlyMap<string, ReadonlyArray<RequestPoint>>, MonitoringFailure, Metrics> {
  const metrics = yield* Metrics
  const calls = planMetricDataCalls(requests, window)
  const results = yield* Effect.forEach(calls, (call) => metrics.getMetricData(call), { concurrency: 4 })
  return joinMetricResults(calls, results)
})

/** The custom metrics of a reading (the seed's names; averageTPS only when non-zero, as the seed). */
const customMetrics = (reading: Reading, timestamp: number): ReadonlyArray<MetricDatum> => {
  const n = kindNames[reading.resource.kind]
  const dimensions = [{ name: n.dimension, value: reading.resource.arn }]
  const data: Array<MetricDatum> = [
    { metricName: n.provisionedMetric, dimensions, value: reading.resource.minTPS, unit: "Count/Second", timestamp },
    { metricName: n.utilizationMetric, dimensions, value: reading.utilization, unit: "Percent", timestamp }
  ]
  if (reading.actual > 0)
    data.push({ metricName: n.actualMetric, dimensions, value: reading.actual, unit: "Count/Second", timestamp })
  return data
}

/** Applies an alarm plan; returns it. */
export const applyAlarmPlan = Effect.fnUntraced(function* (plan: AlarmPlan) {
  const alarms = yield* Alarms
  yield* Effect.forEach(plan.create, (a) => alarms.put(a), { discard: true })
  yield* Effect.forEach(plan.update, (u) => alarms.put(u.alarm), { discard: true })
  const byRegion = new Map<string, Array<string>>()
  for (const d of plan.delete) byRegion.set(d.region, [...(byRegion.get(d.region) ?? []), d.name])
  // DeleteAlarms takes at most 100 names per call.
  for (const [region, names] of byRegion)
    for (let i = 0; i < names.length; i += 100) yield* alarms.delete(region, names.slice(i, i + 100))
  return plan
})

/** Reconciles this instance's alarms in every scanned region. */
export const reconcileAllAlarms = Effect.fnUntraced(function* (
  resources: ReadonlyArray<MonitoredResource>,
  settings: MonitorSettings,
  now: number,
  /** Resources that exist but could not be read: their alarms are left as they are. */
  unavailable: ReadonlyArray<string> = []
) {
  const alarms = yield* Alarms
  const regions = [...new Set([...targetRegions(settings), ...resources.map((r) => r.region)])].sort()
  const skip = new Set(unavailable)
  const existing = (yield* Effect.forEach(regions, (region) => alarms.describe(region, settings.alarmNamePrefix), {
    concurrency: 4
  }))
    .flat()
    .filter((a) => !a.dimensions.some((d) => skip.has(d.value)))
  return yield* applyAlarmPlan(
    reconcileAlarms(desiredAlarms(resources, settings, now), existing, settings.alarmNamePrefix)
  )
})

/** Reads every resource's requests and latency of the last five-minute window in one batched read. */
const readWindow = Effect.fnUntraced(function* (
  resources: ReadonlyArray<MonitoredResource>,
  window: { readonly start: number; readonly end: number }
) {
  const current = yield* fetchSeries(
    resources.flatMap((r) => [
      requestSumQuery(r, `requests ${r.arn}`, FiveMinutes),
      latencyQuery(r, `latency ${r.arn}`)
    ]),
    window
  )
  return resources.map((resource): Reading => {
    const requests = (current.get(`requests ${resource.arn}`) ?? []).reduce((s, p) => s + p.value, 0)
    const latency = current.get(`latency ${resource.arn}`)?.[0]?.value
    const actual = actualTps(requests, FiveMinutes)
    return {
      resource,
      requests,
      actual,
      utilization: utilization(actual, resource.minTPS),
      ...(latency === undefined ? {} : { latencyMs: latency })
    }
  })
})

/** Puts data per region, one PutMetricData call per region. */
const putPerRegion = Effect.fnUntraced(function* (byRegion: ReadonlyMap<string, ReadonlyArray<MetricDatum>>) {
  const metrics = yield* Metrics
  yield* Effect.forEach([...byRegion], ([region, data]) => metrics.putMetricData(region, MonitorNamespace, data), {
    discard: true,
    concurrency: 4
  })
})

/** Groups data by region, in the order given. */
const groupByRegion = <A>(
  items: ReadonlyArray<A>,
  regionOf: (a: A) => string,
  data: (a: A) => ReadonlyArray<MetricDatum>
) => {
  const byRegion = new Map<string, Array<MetricDatum>>()
  for (const item of items) byRegion.set(regionOf(item), [...(byRegion.get(regionOf(item)) ?? []), ...data(item)])
  return byRegion
}

/** The serving model's age and the newer ACTIVE versions not served, as custom metrics. */
const freshnessMetrics = (
  f: { readonly campaignArn: string; readonly servedCreatedAt: number; readonly newerActiveVersions: number },
  now: number,
  timestamp: number
): ReadonlyArray<MetricDatum> => {
  const dimensions = [{ name: kindNames.campaign.dimension, value: f.campaignArn }]
  return [
    {
      metricName: servingModelAgeMetric,
      dimensions,
      value: Math.round(((now - f.servedCreatedAt) / 86_400_000) * 100) / 100,
      unit: "None",
      timestamp
    },
    { metricName: unpromotedVersionsMetric, dimensions, value: f.newerActiveVersions, unit: "Count", timestamp }
  ]
}

/** Model freshness for the stale-model alarm: once an hour per campaign (its slot), one listing per solution. */
const publishFreshness = Effect.fnUntraced(function* (
  resources: ReadonlyArray<MonitoredResource>,
  now: number,
  timestamp: number
) {
  const campaigns = resources.filter((r) => r.kind === "campaign" && inHourlySlot(r.arn, now))
  const freshness = yield* modelFreshness(campaigns)
  const byArn = new Map(resources.map((r) => [r.arn, r]))
  yield* putPerRegion(
    groupByRegion(
      freshness,
      (f) => byArn.get(f.campaignArn)?.region ?? "",
      (f) => freshnessMetrics(f, now, timestamp)
    )
  )
})

/** What the hourly policies decided and the bus events for them. */
interface HourlyOutcome {
  readonly stepDowns: Array<MinTpsDecision>
  readonly idle: Array<IdleDecision>
  readonly events: Array<BusEvent>
}

/** Records an idle stop/delete in the resource's stream; on a new decision, its command event for the bus. */
const recordIdle = Effect.fnUntraced(function* (
  resource: MonitoredResource,
  decision: IdleDecision,
  now: number,
  context: CommandContext,
  outcome: HourlyOutcome
) {
  const handled = yield* handleCommand({
    decider: resourceMonitorDecider,
    codec: monitorEventCodec,
    stream: monitorStream(resource.arn),
    command: { _tag: "RecordIdleAction", kind: resource.kind, at: now, createdAt: resource.createdAt, decision },
    context
  })
  if (handled.events.length === 0) return
  outcome.idle.push(decision)
  outcome.events.push({
    source: MonitorSource,
    detailType: resource.kind === "campaign" ? DetailType.DeleteCampaign : DetailType.StopRecommender,
    detail: { ...decision },
    resources: [resource.arn]
  })
})

/** A step-down with its estimated saving, when prices are configured. */
const priceStepDown = (
  resource: MonitoredResource,
  decision: MinTpsDecision,
  settings: MonitorSettings,
  volumeOf: (r: MonitoredResource) => number
): MinTpsDecision => {
  if (settings.prices === undefined) return decision
  const saving = stepDownSavingPerHour(
    resource,
    decision.CurrentMinTPS,
    decision.NewMinTPS,
    settings.prices,
    volumeOf(resource)
  )
  return saving === undefined
    ? decision
    : { ...decision, EstimatedSavingPerHour: saving, Currency: settings.prices.currency }
}

/** Decides a min-TPS step-down (past the resource's protection) and records it; on a new decision, its bus event. */
const recordStepDown = Effect.fnUntraced(function* (
  reading: Reading,
  hourlySums: ReadonlyArray<RequestPoint>,
  settings: MonitorSettings,
  now: number,
  volumeOf: (r: MonitoredResource) => number,
  context: CommandContext,
  outcome: HourlyOutcome
) {
  const { resource } = reading
  const stream = monitorStream(resource.arn)
  const loaded = yield* load(resourceMonitorDecider, monitorEventCodec, stream)
  const decision = decideStepDown({
    resource,
    now,
    utilization: reading.utilization,
    hourlySums,
    settings,
    ...(loaded.state.protectedUntil === undefined ? {} : { protectedUntil: loaded.state.protectedUntil })
  })
  if (decision === undefined) return
  const priced = priceStepDown(resource, decision, settings, volumeOf)
  const handled = yield* handleCommand({
    decider: resourceMonitorDecider,
    codec: monitorEventCodec,
    stream,
    command: { _tag: "RecordStepDown", kind: resource.kind, at: now, createdAt: resource.createdAt, decision: priced },
    context
  })
  if (handled.events.length === 0) return
  outcome.stepDowns.push(priced)
  outcome.events.push({
    source: MonitorSource,
    detailType: resource.kind === "campaign" ? DetailType.UpdateCampaignMinTps : DetailType.UpdateRecommenderMinRps,
    detail: { ...priced },
    resources: [resource.arn]
  })
})

/**
 * The hourly policies, for the resources whose slot this run is: idle stop/delete first (the seed does
 * not step down a resource it is removing), else a min-TPS step-down.
 */
const runHourlyPolicies = Effect.fnUntraced(function* (
  readings: ReadonlyArray<Reading>,
  settings: MonitorSettings,
  now: number,
  context: CommandContext
) {
  const outcome: HourlyOutcome = { stepDowns: [], idle: [], events: [] }
  const due = readings.filter((r) => inHourlySlot(r.resource.arn, now))
  if (due.length === 0) return outcome
  // The monthly volume of each region and kind at the current rates: a step-down's saving is priced off its top tier.
  const volumeOf = monthlyVolumes(
    readings.map((r) => ({
      kind: r.resource.kind,
      region: r.resource.region,
      unitHours: billedRate(r.resource.minTPS, r.actual)
    }))
  )
  // The watermark's own window: in the first 15 minutes of an hour it ends an hour earlier, and an hour
  // read short would count as one without traffic.
  const hourly = yield* fetchSeries(
    due.map((r) => requestSumQuery(r.resource, r.resource.arn, 3600)),
    watermarkWindow(now)
  )
  const idlePeriod = settings.idleThresholdHours * 3600
  const idleSeries = settings.autoDeleteOrStopIdleResources
    ? yield* fetchSeries(
        due.map((r) => requestSumQuery(r.resource, r.resource.arn, idlePeriod)),
        { start: now - idlePeriod * 1000, end: now }
      )
    : new Map<string, ReadonlyArray<RequestPoint>>()
  for (const reading of due) {
    const { resource } = reading
    const idleDecision = decideIdle({
      resource,
      now,
      utilization: reading.utilization,
      requests: idleSeries.get(resource.arn) ?? [],
      requestsPeriodSeconds: idlePeriod,
      settings
    })
    if (idleDecision !== undefined) yield* recordIdle(resource, idleDecision, now, context, outcome)
    else yield* recordStepDown(reading, hourly.get(resource.arn) ?? [], settings, now, volumeOf, context, outcome)
  }
  return outcome
})

/**
 * One five-minute monitor run: discover the targets, read the last window's requests (batched
 * GetMetricData), publish actual TPS / provisioned / utilization, reconcile alarms, and — for the
 * resources whose hourly slot this is — decide idle stop/delete or a min-TPS step-down, record each
 * decision in the resource's event stream and put the seed's command event on the bus.
 */
export const runMonitor = Effect.fn("Monitoring.runMonitor")(function* (
  settings: MonitorSettings,
  options: { readonly homeRegion: string; readonly context: CommandContext }
): Effect.fn.Return<
  MonitorRunSummary,
  | MonitoringFailure
  | EventStoreFailure
  | EventDecodeFailure
  | VersionConflict
  | AppendTooLarge
  | MonitorCommandRejected
  | PersonalizeError,
  Metrics | Alarms | EventBus | Personalize | EventStore
> {
  const clockNow = yield* Clock.currentTimeMillis
  // Minute-aligned, like CloudWatch's StartTime rounding, so windows line up with datapoints.
  const now = clockNow - (clockNow % 60_000)
  const { resources, unavailable } = yield* discoverTargets(settings)
  const window = lastFiveMinuteWindow(now)
  const readings = yield* readWindow(resources, window)
  yield* putPerRegion(
    groupByRegion(
      readings,
      (r) => r.resource.region,
      (r) => customMetrics(r, window.end)
    )
  )
  if (settings.staleModelDays !== undefined) yield* publishFreshness(resources, now, window.end)
  const plan = yield* reconcileAllAlarms(resources, settings, now, unavailable)
  const { stepDowns, idle, events } = yield* runHourlyPolicies(readings, settings, now, options.context)
  if (plan.create.length > 0)
    events.push({
      source: MonitorSource,
      detailType: DetailType.BuildDashboard,
      detail: { Reason: `Monitor created ${plan.create.length} alarms` }
    })
  const stamped = withInstanceId(events, settings.instanceId)
  if (stamped.length > 0) yield* (yield* EventBus).put(options.homeRegion, stamped)
  return {
    at: now,
    readings,
    alarms: { created: plan.create.length, updated: plan.update.length, deleted: plan.delete.length },
    stepDowns,
    idle,
    events: stamped
  }
})

/** Deletes every alarm this instance owns in the scanned regions (stack deletion; the seed's CleanupFunction). */
export const deleteOwnedAlarms = Effect.fn("Monitoring.deleteOwnedAlarms")(function* (
  settings: MonitorSettings,
  extraRegions: ReadonlyArray<string> = []
) {
  const alarms = yield* Alarms
  const regions = [...new Set([...targetRegions(settings), ...extraRegions])].sort()
  const existing = (yield* Effect.forEach(regions, (region) => alarms.describe(region, settings.alarmNamePrefix), {
    concurrency: 4
  })).flat()
  const plan = reconcileAlarms([], existing, settings.alarmNamePrefix)
  yield* applyAlarmPlan(plan)
  return plan.delete
})
