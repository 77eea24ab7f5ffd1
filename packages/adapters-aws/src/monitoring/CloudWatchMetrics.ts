import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  PutMetricDataCommand
} from "@aws-sdk/client-cloudwatch"
import { Monitoring } from "@personalize-ops/core"
import { Effect, Layer, Schema } from "effect"
import { CloudWatchClients } from "../sdk/CloudWatchClients.ts"
import { monitoredCall } from "./clientOptions.ts"
import { sdkDimensions } from "./dimensions.ts"

/** PutMetricData takes at most 1,000 metrics per request (aws-facts §4.5). */
export const PutMetricDataBatch = 1000

const MetricDataResults = Schema.Array(
  Schema.Struct({
    Id: Schema.String,
    Timestamps: Schema.optionalKey(Schema.Array(Schema.Date)),
    Values: Schema.optionalKey(Schema.Array(Schema.Finite))
  })
)

const decodeResults = (results: unknown) =>
  Schema.decodeUnknownEffect(MetricDataResults)(results).pipe(
    Effect.mapError(
      (e) =>
        new Monitoring.MonitoringFailure({ operation: "GetMetricData", name: "InvalidResponse", detail: e.message })
    )
  )

/** One page of a planned GetMetricData call, from `token` (undefined: the first page). */
const getMetricDataInput = (call: Monitoring.MetricDataCall, token: string | undefined): GetMetricDataCommandInput => ({
  StartTime: new Date(call.start),
  EndTime: new Date(call.end),
  ScanBy: "TimestampAscending",
  MetricDataQueries: call.queries.map((q) => ({
    Id: q.id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: q.request.namespace,
        MetricName: q.request.metricName,
        Dimensions: sdkDimensions(q.request.dimensions)
      },
      Period: q.request.period,
      Stat: q.request.stat
    }
  })),
  ...(token === undefined ? {} : { NextToken: token })
})

/** One PutMetricData call's input: at most `PutMetricDataBatch` datapoints. */
const putMetricDataInput = (namespace: string, part: ReadonlyArray<Monitoring.MetricDatum>) => ({
  Namespace: namespace,
  MetricData: part.map((d) => ({
    MetricName: d.metricName,
    Dimensions: sdkDimensions(d.dimensions),
    Value: d.value,
    Unit: d.unit,
    Timestamp: new Date(d.timestamp)
  }))
})

/** The Metrics port on CloudWatch: GetMetricData (every page) and PutMetricData, in the call's region. */
export const makeCloudWatchMetrics = (client: (region: string) => CloudWatchClient): Monitoring.Metrics["Service"] =>
  Monitoring.Metrics.of({
    getMetricData: Effect.fnUntraced(function* (call) {
      const series = new Map<string, { timestamps: Array<number>; values: Array<number> }>()
      let nextToken: string | undefined
      do {
        const input = getMetricDataInput(call, nextToken)
        const out = yield* monitoredCall("GetMetricData", (abortSignal) =>
          client(call.region).send(new GetMetricDataCommand(input), { abortSignal })
        )
        for (const r of yield* decodeResults(out.MetricDataResults ?? [])) {
          const s = series.get(r.Id) ?? { timestamps: [], values: [] }
          s.timestamps.push(...(r.Timestamps ?? []).map((d) => d.getTime()))
          s.values.push(...(r.Values ?? []))
          series.set(r.Id, s)
        }
        nextToken = out.NextToken
      } while (nextToken !== undefined)
      return [...series].map(([id, s]) => ({ id, timestamps: s.timestamps, values: s.values }))
    }),
    putMetricData: Effect.fnUntraced(function* (region, namespace, data) {
      for (let i = 0; i < data.length; i += PutMetricDataBatch) {
        const input = putMetricDataInput(namespace, data.slice(i, i + PutMetricDataBatch))
        yield* monitoredCall("PutMetricData", (abortSignal) =>
          client(region).send(new PutMetricDataCommand(input), { abortSignal })
        )
      }
    })
  })

/** Metrics on CloudWatch, on the `CloudWatchClients` client service (one client per region). */
export const layerCloudWatchMetrics: Layer.Layer<Monitoring.Metrics, never, CloudWatchClients> = Layer.effect(
  Monitoring.Metrics,
  Effect.map(CloudWatchClients, makeCloudWatchMetrics)
)
