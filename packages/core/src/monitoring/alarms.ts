import type { MonitoredResource } from "../personalize/monitoring.ts"
import {
  FiveMinutes,
  kindNames,
  latencyMetric,
  MonitorNamespace,
  PersonalizeNamespace,
  requestMetric,
  servingModelAgeMetric,
  unpromotedVersionsMetric
} from "./MetricNames.ts"
import type { MonitorSettings } from "./MonitorSettings.ts"
import type { Dimension, Statistic } from "./metricQueries.ts"

export type ComparisonOperator =
  | "GreaterThanOrEqualToThreshold"
  | "GreaterThanThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold"
  /** Anomaly-band operators: the alarm compares the metric with the band of `thresholdMetricId`. */
  | "GreaterThanUpperThreshold"
  | "LessThanLowerThreshold"
  | "LessThanLowerOrGreaterThanUpperThreshold"

/** A percentile statistic (PutMetricAlarm's ExtendedStatistic), e.g. `p95`. */
export type Percentile = `p${number}`

/** One query of a metric-math or anomaly-detection alarm (PutMetricAlarm's `Metrics`). */
export interface AlarmQuery {
  /** Lower-case first letter, unique in the alarm. */
  readonly id: string
  readonly returnData: boolean
  readonly label?: string
  /** A metric-math expression over the other ids (`100 * e4 / (ok + e4)`, `ANOMALY_DETECTION_BAND(m1, 2)`). */
  readonly expression?: string
  readonly metric?: {
    readonly namespace: string
    readonly metricName: string
    readonly dimensions: ReadonlyArray<Dimension>
    readonly stat: Statistic | Percentile
    readonly period: number
  }
}
export type TreatMissingData = "breaching" | "notBreaching" | "ignore" | "missing"

/**
 * A metric alarm as PutMetricAlarm takes it (the fields this monitor sets) and DescribeAlarms returns it.
 * A single-metric alarm names its metric (`namespace`, `metricName`, `dimensions`, `statistic` — a
 * percentile such as `p95` is an ExtendedStatistic); a metric-math or anomaly alarm lists `metrics`
 * instead, and then `namespace` and `metricName` are "", `dimensions` empty, `statistic` "Sum" (unused)
 * and `period` the queries' period.
 */
export interface AlarmSpec {
  readonly region: string
  readonly name: string
  readonly description: string
  readonly namespace: string
  readonly metricName: string
  readonly dimensions: ReadonlyArray<Dimension>
  readonly statistic: Statistic | Percentile
  readonly metrics?: ReadonlyArray<AlarmQuery>
  /** Anomaly alarms: the id of the `ANOMALY_DETECTION_BAND` query the metric is compared with. */
  readonly thresholdMetricId?: string
  readonly period: number
  readonly evaluationPeriods: number
  readonly datapointsToAlarm: number
  readonly threshold: number
  readonly comparisonOperator: ComparisonOperator
  readonly treatMissingData: TreatMissingData
  readonly actionsEnabled: boolean
  readonly alarmActions: ReadonlyArray<string>
  readonly okActions: ReadonlyArray<string>
}

/** CloudWatch's rules for an alarm (aws-facts §4.4). */
export const AlarmLimits = {
  /** Period × EvaluationPeriods may not exceed one day. */
  maxEvaluationSeconds: 86_400,
  nameLength: 255
} as const

/** The kinds of alarm this monitor owns; the name is `<prefix><kind>-<resource name>`. */
export const AlarmKinds = [
  "LowCampaignUtilization",
  "LowRecommenderUtilization",
  "IdleCampaign",
  "IdleRecommender",
  "HighCampaignLatency",
  "HighRecommenderLatency",
  "Campaign4xxErrorRate",
  "Recommender4xxErrorRate",
  "Campaign5xxErrorRate",
  "Recommender5xxErrorRate",
  "StaleCampaignModel"
] as const
export type AlarmKind = (typeof AlarmKinds)[number]

/** The alarm name for a resource; truncated to CloudWatch's 255 characters. */
export const alarmName = (prefix: string, kind: AlarmKind, resourceName: string): string =>
  `${prefix}${kind}-${resourceName}`.slice(0, AlarmLimits.nameLength)

/** The kinds of alarm a campaign or recommender can have (to delete them all with it). */
export const alarmKindsOf = (title: "Campaign" | "Recommender"): ReadonlyArray<AlarmKind> =>
  AlarmKinds.filter((k) => k.includes(title))

/** True when `name` is an alarm of this instance (its prefix followed by one of our kinds). */
export const ownsAlarm = (prefix: string, name: string): boolean =>
  name.startsWith(prefix) && AlarmKinds.some((k) => name.slice(prefix.length).startsWith(`${k}-`))

/**
 * Period and evaluation periods of the idle alarm. Up to 24 h it is the seed's 5-minute periods
 * (12 per hour); beyond that CloudWatch refuses more than a day of evaluation, so it watches the last
 * 24 one-hour periods — the idle *action* still waits for the full IdleThresholdHours.
 */
export const idleAlarmWindow = (idleThresholdHours: number): { readonly period: number; readonly periods: number } => {
  const hours = Math.max(1, Math.ceil(idleThresholdHours))
  return hours * 3600 <= AlarmLimits.maxEvaluationSeconds
    ? { period: FiveMinutes, periods: 12 * hours }
    : { period: 3600, periods: AlarmLimits.maxEvaluationSeconds / 3600 }
}

/** The topic alarms notify, in the resource's region (one topic per region, as the seed's PR #7). */
export const notificationTopicArn = (
  settings: MonitorSettings,
  region: string,
  partition = "aws"
): string | undefined =>
  settings.accountId === undefined
    ? undefined
    : `arn:${partition}:sns:${region}:${settings.accountId}:${settings.notificationTopicName}`

/**
 * The alarms the monitor wants for `resources` at `now`: a low-utilization alarm (9 of 12 five-minute
 * periods below the bound; actions only while the minimum is above 1, since it cannot go lower) and an
 * idle alarm (no requests for IdleThresholdHours; actions only once the resource is that old).
 */
export const desiredAlarms = (
  resources: ReadonlyArray<MonitoredResource>,
  settings: MonitorSettings,
  now: number
): ReadonlyArray<AlarmSpec> => {
  const out: Array<AlarmSpec> = []
  for (const r of resources) {
    const names = kindNames[r.kind]
    const topic = notificationTopicArn(settings, r.region)
    const actions = topic === undefined ? [] : [topic]
    const dimensions = [{ name: names.dimension, value: r.arn }]
    if (settings.autoCreateUtilizationAlarms) {
      out.push({
        region: r.region,
        name: alarmName(settings.alarmNamePrefix, `Low${names.title}Utilization`, r.name),
        description: `Utilization of ${r.name} below ${settings.utilizationThresholdAlarmLowerBound}% for 45 of the last 60 minutes`,
        namespace: MonitorNamespace,
        metricName: names.utilizationMetric,
        dimensions,
        statistic: "Average",
        period: FiveMinutes,
        evaluationPeriods: 12,
        datapointsToAlarm: 9,
        threshold: settings.utilizationThresholdAlarmLowerBound,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "missing",
        actionsEnabled: r.minTPS > 1,
        alarmActions: actions,
        okActions: actions
      })
    }
    if (settings.autoCreateIdleAlarms) {
      const window = idleAlarmWindow(settings.idleThresholdHours)
      const watched = (window.period * window.periods) / 3600
      out.push({
        region: r.region,
        name: alarmName(settings.alarmNamePrefix, `Idle${names.title}`, r.name),
        description:
          `No requests to ${r.name} for ${watched} hours` +
          (watched < settings.idleThresholdHours
            ? ` (CloudWatch evaluates at most one day; threshold ${settings.idleThresholdHours} h)`
            : ""),
        namespace: PersonalizeNamespace,
        metricName: requestMetric(r),
        dimensions,
        statistic: "Sum",
        period: window.period,
        evaluationPeriods: window.periods,
        datapointsToAlarm: window.periods,
        threshold: 0,
        comparisonOperator: "LessThanOrEqualToThreshold",
        treatMissingData: "breaching",
        actionsEnabled: now - r.createdAt >= settings.idleThresholdHours * 3_600_000,
        alarmActions: actions,
        okActions: actions
      })
    }
    out.push(...userAlarms(r, settings, actions))
  }
  return out
}

const mathFields = { namespace: "", metricName: "", dimensions: [], statistic: "Sum" } as const

/**
 * The alarms on what hurts users, each opt-in by its setting: latency (p95 over a threshold, or outside
 * an anomaly band), 4xx and 5xx error rates (percent of all requests, metric math), and a stale model
 * (a campaign serving a version older than N days, or a newer ACTIVE version not promoted — from the
 * monitor's `servingModelAgeDays` / `unpromotedModelVersions` metrics).
 */
const userAlarms = (
  r: MonitoredResource,
  settings: MonitorSettings,
  actions: ReadonlyArray<string>
): ReadonlyArray<AlarmSpec> => {
  const names = kindNames[r.kind]
  const dimensions = [{ name: names.dimension, value: r.arn }]
  const common = {
    region: r.region,
    period: FiveMinutes,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: "notBreaching" as const,
    actionsEnabled: true,
    alarmActions: actions,
    okActions: actions
  }
  const out: Array<AlarmSpec> = []
  const latency = { namespace: PersonalizeNamespace, metricName: latencyMetric(r), dimensions }
  const latencyName = alarmName(settings.alarmNamePrefix, `High${names.title}Latency`, r.name)
  if (settings.latencyAnomalyBand !== undefined)
    out.push({
      ...common,
      ...mathFields,
      name: latencyName,
      description: `p95 latency of ${r.name} above its anomaly band (${settings.latencyAnomalyBand} standard deviations) for 15 minutes`,
      metrics: [
        { id: "m1", returnData: true, metric: { ...latency, stat: "p95", period: FiveMinutes } },
        {
          id: "ad1",
          returnData: true,
          label: "expected p95 latency",
          expression: `ANOMALY_DETECTION_BAND(m1, ${settings.latencyAnomalyBand})`
        }
      ],
      thresholdMetricId: "ad1",
      threshold: 0,
      comparisonOperator: "GreaterThanUpperThreshold"
    })
  else if (settings.latencyP95ThresholdMs !== undefined)
    out.push({
      ...common,
      ...latency,
      name: latencyName,
      description: `p95 latency of ${r.name} above ${settings.latencyP95ThresholdMs} ms for 15 minutes`,
      statistic: "p95",
      threshold: settings.latencyP95ThresholdMs,
      comparisonOperator: "GreaterThanThreshold"
    })
  if (settings.errorRateThresholdPercent !== undefined) {
    const request = requestMetric(r)
    const sum = (id: string, metricName: string) => ({
      id,
      returnData: false,
      metric: { namespace: PersonalizeNamespace, metricName, dimensions, stat: "Sum" as const, period: FiveMinutes }
    })
    for (const code of ["4xx", "5xx"] as const)
      out.push({
        ...common,
        ...mathFields,
        name: alarmName(settings.alarmNamePrefix, `${names.title}${code}ErrorRate`, r.name),
        description: `${code} errors above ${settings.errorRateThresholdPercent}% of ${r.name}'s requests for 15 minutes`,
        metrics: [
          sum("ok", request),
          sum("e4", `${request}4xxErrors`),
          sum("e5", `${request}5xxErrors`),
          {
            id: "rate",
            returnData: true,
            label: `${code} error rate (%)`,
            expression: `100 * FILL(${code === "4xx" ? "e4" : "e5"}, 0) / (FILL(ok, 0) + FILL(e4, 0) + FILL(e5, 0))`
          }
        ],
        threshold: settings.errorRateThresholdPercent,
        comparisonOperator: "GreaterThanThreshold"
      })
  }
  if (settings.staleModelDays !== undefined && r.kind === "campaign") {
    const custom = (id: string, metricName: string) => ({
      id,
      returnData: false,
      metric: { namespace: MonitorNamespace, metricName, dimensions, stat: "Maximum" as const, period: 3600 }
    })
    out.push({
      ...common,
      ...mathFields,
      period: 3600,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "missing",
      name: alarmName(settings.alarmNamePrefix, "StaleCampaignModel", r.name),
      description: `${r.name} serves a model older than ${settings.staleModelDays} days, or a newer ACTIVE solution version is not deployed`,
      metrics: [
        custom("age", servingModelAgeMetric),
        custom("newer", unpromotedVersionsMetric),
        {
          id: "stale",
          returnData: true,
          label: "stale model (1 = yes)",
          expression: `MAX([IF(age > ${settings.staleModelDays}, 1, 0), IF(newer > 0, 1, 0)])`
        }
      ],
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold"
    })
  }
  return out
}

/** What to do to make the existing alarms the desired ones. */
export interface AlarmPlan {
  readonly create: ReadonlyArray<AlarmSpec>
  readonly update: ReadonlyArray<{ readonly alarm: AlarmSpec; readonly changed: ReadonlyArray<keyof AlarmSpec> }>
  readonly delete: ReadonlyArray<{ readonly region: string; readonly name: string }>
}

const compared: ReadonlyArray<keyof AlarmSpec> = [
  "description",
  "metrics",
  "thresholdMetricId",
  "namespace",
  "metricName",
  "dimensions",
  "statistic",
  "period",
  "evaluationPeriods",
  "datapointsToAlarm",
  "threshold",
  "comparisonOperator",
  "treatMissingData",
  "actionsEnabled",
  "alarmActions",
  "okActions"
]

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * Reconciles desired alarms with the existing ones of the scanned regions: create what is missing,
 * update what differs (any field, e.g. a changed threshold — the seed never updated), delete what this
 * instance owns (its prefix and one of its kinds) but no longer wants. Alarms of other instances,
 * whose prefix differs, are never touched.
 */
export const reconcileAlarms = (
  desired: ReadonlyArray<AlarmSpec>,
  existing: ReadonlyArray<AlarmSpec>,
  prefix: string
): AlarmPlan => {
  const key = (a: { readonly region: string; readonly name: string }) => `${a.region}\u0000${a.name}`
  const have = new Map(existing.map((a) => [key(a), a]))
  const want = new Map(desired.map((a) => [key(a), a]))
  const create: Array<AlarmSpec> = []
  const update: Array<{ readonly alarm: AlarmSpec; readonly changed: ReadonlyArray<keyof AlarmSpec> }> = []
  for (const [k, alarm] of want) {
    const found = have.get(k)
    if (found === undefined) create.push(alarm)
    else {
      const changed = compared.filter((f) => !sameValue(found[f], alarm[f]))
      if (changed.length > 0) update.push({ alarm, changed })
    }
  }
  const remove = existing
    .filter((a) => !want.has(key(a)) && ownsAlarm(prefix, a.name))
    .map((a) => ({ region: a.region, name: a.name }))
  return { create, update, delete: remove }
}
