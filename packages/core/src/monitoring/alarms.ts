import type { MonitoredResource } from "../personalize/monitoring.ts"
import { FiveMinutes, kindNames, MonitorNamespace, PersonalizeNamespace, requestMetric } from "./MetricNames.ts"
import type { MonitorSettings } from "./MonitorSettings.ts"
import type { Dimension, Statistic } from "./metricQueries.ts"

export type ComparisonOperator =
  | "GreaterThanOrEqualToThreshold"
  | "GreaterThanThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold"
export type TreatMissingData = "breaching" | "notBreaching" | "ignore" | "missing"

/** A metric alarm as PutMetricAlarm takes it (the fields this monitor sets) and DescribeAlarms returns it. */
export interface AlarmSpec {
  readonly region: string
  readonly name: string
  readonly description: string
  readonly namespace: string
  readonly metricName: string
  readonly dimensions: ReadonlyArray<Dimension>
  readonly statistic: Statistic
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
  "IdleRecommender"
] as const
export type AlarmKind = (typeof AlarmKinds)[number]

/** The alarm name for a resource; truncated to CloudWatch's 255 characters. */
export const alarmName = (prefix: string, kind: AlarmKind, resourceName: string): string =>
  `${prefix}${kind}-${resourceName}`.slice(0, AlarmLimits.nameLength)

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
