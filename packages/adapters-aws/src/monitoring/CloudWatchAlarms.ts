import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  type MetricAlarm,
  PutMetricAlarmCommand
} from "@aws-sdk/client-cloudwatch"
import { Monitoring } from "@personalize-ops/core"
import { Effect, Layer, Schema } from "effect"
import { type AwsClientOptions, clientConfig, monitoredCall, regionalClients } from "./clientOptions.ts"

/** Tag on every alarm the monitor creates (the seed's). */
export const CreatedByTag = { Key: "CreatedBy", Value: "PersonalizeMonitor" } as const

const AlarmShape = Schema.Struct({
  AlarmName: Schema.String,
  AlarmDescription: Schema.optionalKey(Schema.String),
  Namespace: Schema.String,
  MetricName: Schema.String,
  Dimensions: Schema.optionalKey(Schema.Array(Schema.Struct({ Name: Schema.String, Value: Schema.String }))),
  Statistic: Schema.Literals(["Sum", "Average", "Minimum", "Maximum", "SampleCount"]),
  Period: Schema.Finite,
  EvaluationPeriods: Schema.Finite,
  DatapointsToAlarm: Schema.optionalKey(Schema.Finite),
  Threshold: Schema.Finite,
  ComparisonOperator: Schema.Literals([
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold"
  ]),
  TreatMissingData: Schema.optionalKey(Schema.Literals(["breaching", "notBreaching", "ignore", "missing"])),
  ActionsEnabled: Schema.optionalKey(Schema.Boolean),
  AlarmActions: Schema.optionalKey(Schema.Array(Schema.String)),
  OKActions: Schema.optionalKey(Schema.Array(Schema.String))
})
const decodeAlarm = Schema.decodeUnknownOption(AlarmShape)

/**
 * A described alarm as an `AlarmSpec`; `undefined` for alarms this monitor could not have made
 * (math or anomaly alarms under the same prefix): reconcile then neither updates nor deletes them.
 */
export const toAlarmSpec = (region: string, a: MetricAlarm): Monitoring.AlarmSpec | undefined => {
  const decoded = decodeAlarm(a)
  if (decoded._tag === "None") return undefined
  const x = decoded.value
  return {
    region,
    name: x.AlarmName,
    description: x.AlarmDescription ?? "",
    namespace: x.Namespace,
    metricName: x.MetricName,
    dimensions: (x.Dimensions ?? []).map((d) => ({ name: d.Name, value: d.Value })),
    statistic: x.Statistic,
    period: x.Period,
    evaluationPeriods: x.EvaluationPeriods,
    datapointsToAlarm: x.DatapointsToAlarm ?? x.EvaluationPeriods,
    threshold: x.Threshold,
    comparisonOperator: x.ComparisonOperator,
    treatMissingData: x.TreatMissingData ?? "missing",
    actionsEnabled: x.ActionsEnabled ?? true,
    alarmActions: x.AlarmActions ?? [],
    okActions: x.OKActions ?? []
  }
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
            Namespace: alarm.namespace,
            MetricName: alarm.metricName,
            Dimensions: alarm.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
            Statistic: alarm.statistic,
            Period: alarm.period,
            EvaluationPeriods: alarm.evaluationPeriods,
            DatapointsToAlarm: alarm.datapointsToAlarm,
            Threshold: alarm.threshold,
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

/** Alarms on CloudWatch, one client per region. */
export const layerCloudWatchAlarms = (options: AwsClientOptions = {}): Layer.Layer<Monitoring.Alarms> =>
  Layer.sync(Monitoring.Alarms, () =>
    makeCloudWatchAlarms(regionalClients((region) => new CloudWatchClient(clientConfig(region, options))))
  )
