import {
  type CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  type MetricAlarm,
  PutMetricAlarmCommand
} from "@aws-sdk/client-cloudwatch"
import { Monitoring } from "@personalize-ops/core"
import { Effect, Layer, Schema } from "effect"
import { CloudWatchClients } from "../sdk/CloudWatchClients.ts"
import { monitoredCall } from "./clientOptions.ts"
import { sdkDimensions } from "./dimensions.ts"

/** Tag on every alarm the monitor creates (the seed's). */
export const CreatedByTag = { Key: "CreatedBy", Value: "PersonalizeMonitor" } as const

const Operator = Schema.Literals([
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
  "GreaterThanUpperThreshold",
  "LessThanLowerThreshold",
  "LessThanLowerOrGreaterThanUpperThreshold"
])
const Stat = Schema.Literals(["Sum", "Average", "Minimum", "Maximum", "SampleCount"])
const Percentile = Schema.String.check(Schema.isPattern(/^p\d+(\.\d+)?$/))
const DimensionsShape = Schema.Array(Schema.Struct({ Name: Schema.String, Value: Schema.String }))

const QueryShape = Schema.Struct({
  Id: Schema.String,
  ReturnData: Schema.optionalKey(Schema.Boolean),
  Label: Schema.optionalKey(Schema.String),
  Expression: Schema.optionalKey(Schema.String),
  MetricStat: Schema.optionalKey(
    Schema.Struct({
      Metric: Schema.Struct({
        Namespace: Schema.String,
        MetricName: Schema.String,
        Dimensions: Schema.optionalKey(DimensionsShape)
      }),
      Period: Schema.Finite,
      Stat: Schema.String
    })
  )
})

const AlarmShape = Schema.Struct({
  AlarmName: Schema.String,
  AlarmDescription: Schema.optionalKey(Schema.String),
  Namespace: Schema.optionalKey(Schema.String),
  MetricName: Schema.optionalKey(Schema.String),
  Dimensions: Schema.optionalKey(DimensionsShape),
  Statistic: Schema.optionalKey(Stat),
  ExtendedStatistic: Schema.optionalKey(Percentile),
  Metrics: Schema.optionalKey(Schema.Array(QueryShape)),
  ThresholdMetricId: Schema.optionalKey(Schema.String),
  Period: Schema.optionalKey(Schema.Finite),
  EvaluationPeriods: Schema.Finite,
  DatapointsToAlarm: Schema.optionalKey(Schema.Finite),
  Threshold: Schema.optionalKey(Schema.Finite),
  ComparisonOperator: Operator,
  TreatMissingData: Schema.optionalKey(Schema.Literals(["breaching", "notBreaching", "ignore", "missing"])),
  ActionsEnabled: Schema.optionalKey(Schema.Boolean),
  AlarmActions: Schema.optionalKey(Schema.Array(Schema.String)),
  OKActions: Schema.optionalKey(Schema.Array(Schema.String))
})
const decodeAlarm = Schema.decodeUnknownOption(AlarmShape)

const isStat = (s: string): s is Monitoring.Statistic =>
  ["Sum", "Average", "Minimum", "Maximum", "SampleCount"].includes(s)
const isPercentile = (s: string): s is Monitoring.Percentile => /^p\d+(\.\d+)?$/.test(s)

const toQuery = (q: typeof QueryShape.Type): Monitoring.AlarmQuery | undefined => {
  const stat = q.MetricStat?.Stat
  if (stat !== undefined && !isStat(stat) && !isPercentile(stat)) return undefined
  return {
    id: q.Id,
    returnData: q.ReturnData ?? true,
    ...(q.Label === undefined ? {} : { label: q.Label }),
    ...(q.Expression === undefined ? {} : { expression: q.Expression }),
    ...(q.MetricStat === undefined || stat === undefined
      ? {}
      : {
          metric: {
            namespace: q.MetricStat.Metric.Namespace,
            metricName: q.MetricStat.Metric.MetricName,
            dimensions: (q.MetricStat.Metric.Dimensions ?? []).map((d) => ({ name: d.Name, value: d.Value })),
            stat,
            period: q.MetricStat.Period
          }
        })
  }
}

/**
 * A described alarm as an `AlarmSpec` — a single-metric alarm (Statistic or ExtendedStatistic) or a
 * metric-math / anomaly-band one (`Metrics`, `ThresholdMetricId`); `undefined` for shapes this monitor
 * could not have made: reconcile then neither updates nor deletes them.
 */
export const toAlarmSpec = (region: string, a: MetricAlarm): Monitoring.AlarmSpec | undefined => {
  const decoded = decodeAlarm(a)
  if (decoded._tag === "None") return undefined
  const x = decoded.value
  const common = {
    region,
    name: x.AlarmName,
    description: x.AlarmDescription ?? "",
    evaluationPeriods: x.EvaluationPeriods,
    datapointsToAlarm: x.DatapointsToAlarm ?? x.EvaluationPeriods,
    threshold: x.Threshold ?? 0,
    comparisonOperator: x.ComparisonOperator,
    treatMissingData: x.TreatMissingData ?? "missing",
    actionsEnabled: x.ActionsEnabled ?? true,
    alarmActions: x.AlarmActions ?? [],
    okActions: x.OKActions ?? []
  }
  if (x.Metrics !== undefined) {
    const metrics = x.Metrics.map(toQuery)
    if (metrics.some((m) => m === undefined)) return undefined
    const queries = metrics as ReadonlyArray<Monitoring.AlarmQuery>
    const period = queries.find((q) => q.metric !== undefined)?.metric?.period
    if (period === undefined) return undefined
    return {
      ...common,
      namespace: "",
      metricName: "",
      dimensions: [],
      statistic: "Sum",
      period,
      metrics: queries,
      ...(x.ThresholdMetricId === undefined ? {} : { thresholdMetricId: x.ThresholdMetricId })
    }
  }
  const statistic = x.ExtendedStatistic ?? x.Statistic
  if (
    x.Namespace === undefined ||
    x.MetricName === undefined ||
    x.Period === undefined ||
    statistic === undefined ||
    !(isStat(statistic) || isPercentile(statistic))
  )
    return undefined
  return {
    ...common,
    namespace: x.Namespace,
    metricName: x.MetricName,
    dimensions: (x.Dimensions ?? []).map((d) => ({ name: d.Name, value: d.Value })),
    statistic,
    period: x.Period
  }
}

/** PutMetricAlarm's metric fields of a spec: the single metric, or the queries of a math/anomaly alarm. */
const metricFields = (alarm: Monitoring.AlarmSpec) =>
  alarm.metrics === undefined
    ? {
        Namespace: alarm.namespace,
        MetricName: alarm.metricName,
        Dimensions: sdkDimensions(alarm.dimensions),
        ...(isPercentile(alarm.statistic)
          ? { ExtendedStatistic: alarm.statistic }
          : { Statistic: alarm.statistic as Monitoring.Statistic }),
        Period: alarm.period,
        Threshold: alarm.threshold
      }
    : {
        Metrics: alarm.metrics.map((q) => ({
          Id: q.id,
          ReturnData: q.returnData,
          ...(q.label === undefined ? {} : { Label: q.label }),
          ...(q.expression === undefined ? {} : { Expression: q.expression }),
          ...(q.metric === undefined
            ? {}
            : {
                MetricStat: {
                  Metric: {
                    Namespace: q.metric.namespace,
                    MetricName: q.metric.metricName,
                    Dimensions: sdkDimensions(q.metric.dimensions)
                  },
                  Period: q.metric.period,
                  Stat: q.metric.stat
                }
              })
        })),
        ...(alarm.thresholdMetricId === undefined
          ? { Threshold: alarm.threshold }
          : { ThresholdMetricId: alarm.thresholdMetricId })
      }

/** The Alarms port on CloudWatch, each call in the alarm's region. */
export const makeCloudWatchAlarms = (client: (region: string) => CloudWatchClient): Monitoring.Alarms["Service"] =>
  Monitoring.Alarms.of({
    describe: Effect.fnUntraced(function* (region, prefix) {
      const out: Array<Monitoring.AlarmSpec> = []
      let token: string | undefined
      do {
        const next = token
        const page = yield* monitoredCall("DescribeAlarms", (abortSignal) =>
          client(region).send(
            new DescribeAlarmsCommand({
              AlarmNamePrefix: prefix,
              AlarmTypes: ["MetricAlarm"],
              MaxRecords: 100,
              ...(next === undefined ? {} : { NextToken: next })
            }),
            { abortSignal }
          )
        )
        for (const a of page.MetricAlarms ?? []) {
          const spec = toAlarmSpec(region, a)
          if (spec !== undefined) out.push(spec)
        }
        token = page.NextToken
      } while (token !== undefined)
      return out
    }),
    put: (alarm) =>
      monitoredCall("PutMetricAlarm", (abortSignal) =>
        client(alarm.region).send(
          new PutMetricAlarmCommand({
            AlarmName: alarm.name,
            AlarmDescription: alarm.description,
            ...metricFields(alarm),
            EvaluationPeriods: alarm.evaluationPeriods,
            DatapointsToAlarm: alarm.datapointsToAlarm,
            ComparisonOperator: alarm.comparisonOperator,
            TreatMissingData: alarm.treatMissingData,
            ActionsEnabled: alarm.actionsEnabled,
            AlarmActions: [...alarm.alarmActions],
            OKActions: [...alarm.okActions],
            // Tags are ignored by CloudWatch on update; they mark the alarm on creation.
            Tags: [{ ...CreatedByTag }]
          }),
          { abortSignal }
        )
      ).pipe(Effect.asVoid),
    delete: Effect.fnUntraced(function* (region, names) {
      for (let i = 0; i < names.length; i += 100) {
        const part = names.slice(i, i + 100)
        yield* monitoredCall("DeleteAlarms", (abortSignal) =>
          client(region).send(new DeleteAlarmsCommand({ AlarmNames: [...part] }), { abortSignal })
        )
      }
    })
  })

/** Alarms on CloudWatch, on the `CloudWatchClients` client service (one client per region). */
export const layerCloudWatchAlarms: Layer.Layer<Monitoring.Alarms, never, CloudWatchClients> = Layer.effect(
  Monitoring.Alarms,
  Effect.map(CloudWatchClients, makeCloudWatchAlarms)
)
