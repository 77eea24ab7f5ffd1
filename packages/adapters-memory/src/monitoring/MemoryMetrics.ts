import { Monitoring } from "@personalize-ops/core"
import { Clock, Context, Effect, type Layer } from "effect"
import { layerMemoryAdapter, type MemoryAdapter } from "../kernel/memoryAdapter.ts"

/** A datum PutMetricData stored. */
export interface PublishedDatum {
  readonly region: string
  readonly namespace: string
  readonly datum: Monitoring.MetricDatum
}

/** What tests read of the memory CloudWatch metrics: every datum put, in order. */
export interface MetricsInspector {
  readonly published: ReadonlyArray<PublishedDatum>
}

/** The in-memory CloudWatch metrics and what was put. */
export type MemoryMetrics = MemoryAdapter<Monitoring.Metrics["Service"], MetricsInspector>

/** CloudWatch matches a metric by its whole dimension set (names and values), in any order. */
const sameDimensions = (a: ReadonlyArray<Monitoring.Dimension>, b: ReadonlyArray<Monitoring.Dimension>) =>
  a.length === b.length && a.every((d) => b.some((e) => e.name === d.name && e.value === d.value))

/**
 * One query over the put data, with GetMetricData semantics: the statistic per period, no datapoint for
 * a period without data, nothing from the future.
 */
export const publishedSeries = (
  published: ReadonlyArray<PublishedDatum>,
  q: Monitoring.PlannedQuery,
  start: number,
  end: number,
  now: number
): Monitoring.MetricSeries => {
  const { request } = q
  const period = request.period * 1000
  const timestamps: Array<number> = []
  const values: Array<number> = []
  for (let t = start - (start % 60_000); t < Math.min(end, now); t += period) {
    const until = Math.min(t + period, now)
    const points = published.filter(
      (m) =>
        m.region === request.region &&
        m.namespace === request.namespace &&
        m.datum.metricName === request.metricName &&
        m.datum.timestamp >= t &&
        m.datum.timestamp < until &&
        sameDimensions(m.datum.dimensions, request.dimensions)
    )
    if (points.length === 0) continue
    timestamps.push(t)
    values.push(
      Monitoring.statisticOf(
        request.stat,
        points.map((p) => p.datum.value)
      )
    )
  }
  return { id: q.id, timestamps, values }
}

/** The GetMetricData limit on queries per call, as CloudWatch refuses it. */
export const tooManyQueries = (call: Monitoring.MetricDataCall) =>
  call.queries.length > Monitoring.GetMetricDataLimits.queries
    ? new Monitoring.MonitoringFailure({
        operation: "GetMetricData",
        name: "InvalidParameterValue",
        detail: "more than 500 queries"
      })
    : undefined

/** Every query of a GetMetricData call over the put data. */
const callSeries = (published: ReadonlyArray<PublishedDatum>, call: Monitoring.MetricDataCall, now: number) =>
  call.queries.map((q) => publishedSeries(published, q, call.start, call.end, now))

/** A CloudWatch holding only what was put (custom metrics), read back per region, dimensions, period, statistic. */
export const makeMemoryMetrics = (_options: {} = {}): MemoryMetrics => {
  const published: Array<PublishedDatum> = []
  return {
    service: Monitoring.Metrics.of({
      getMetricData: (call) =>
        Effect.gen(function* () {
          const refused = tooManyQueries(call)
          if (refused !== undefined) return yield* refused
          const now = yield* Clock.currentTimeMillis
          return callSeries(published, call, now)
        }),
      putMetricData: (region, namespace, data) =>
        Effect.sync(() => {
          for (const datum of data) published.push({ region, namespace, datum })
        })
    }),
    published
  }
}

/** The memory metrics' inspection handle, provided next to `Metrics` by `layerMemoryMetrics`. */
export class MemoryMetricsInspector extends Context.Service<MemoryMetricsInspector, MetricsInspector>()(
  "@personalize-ops/adapters-memory/monitoring/MemoryMetricsInspector"
) {}

/** `Metrics` and its inspector: over one made by `makeMemoryMetrics`, or a fresh one per build. */
export const layerMemoryMetrics = (
  from: MemoryMetrics | {} = {}
): Layer.Layer<Monitoring.Metrics | MemoryMetricsInspector> =>
  layerMemoryAdapter(Monitoring.Metrics, MemoryMetricsInspector, makeMemoryMetrics, from)
