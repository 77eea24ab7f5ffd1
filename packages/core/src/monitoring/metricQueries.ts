/** One `Name=Value` dimension of a CloudWatch metric. */
export interface Dimension {
  readonly name: string
  readonly value: string
}

export type Statistic = "Sum" | "Average" | "Minimum" | "Maximum" | "SampleCount"

/** A statistic of the datapoints of one period, as CloudWatch computes it (`values` not empty). */
export const statisticOf = (stat: Statistic, values: ReadonlyArray<number>): number => {
  switch (stat) {
    case "Sum":
      return values.reduce((s, v) => s + v, 0)
    case "Average":
      return values.reduce((s, v) => s + v, 0) / values.length
    case "Minimum":
      return Math.min(...values)
    case "Maximum":
      return Math.max(...values)
    case "SampleCount":
      return values.length
  }
}

/** A metric series the caller wants, keyed by the caller's own `key` (any string). */
export interface MetricRequest {
  readonly key: string
  readonly region: string
  readonly namespace: string
  readonly metricName: string
  readonly dimensions: ReadonlyArray<Dimension>
  readonly stat: Statistic
  /** Seconds; 60 or a multiple of 60. */
  readonly period: number
}

/** A request with the query id it carries inside one GetMetricData call. */
export interface PlannedQuery {
  readonly id: string
  readonly request: MetricRequest
}

/** One GetMetricData call: one region, one time window, at most `GetMetricDataLimits.queries` queries. */
export interface MetricDataCall {
  readonly region: string
  /** Epoch ms, inclusive. */
  readonly start: number
  /** Epoch ms, exclusive. */
  readonly end: number
  readonly queries: ReadonlyArray<PlannedQuery>
}

/** The series GetMetricData returned for one query id: timestamps (epoch ms) and values, paired. */
export interface MetricSeries {
  readonly id: string
  readonly timestamps: ReadonlyArray<number>
  readonly values: ReadonlyArray<number>
}

/** GetMetricData's hard limits (aws-facts §4.5): not adjustable. */
export const GetMetricDataLimits = {
  queries: 500,
  datapoints: 100_800,
  idPattern: /^[a-z][a-zA-Z0-9_]{0,254}$/
} as const

/** Query ids are `q<n>`: lower-case first letter, unique within a call. */
const queryId = (n: number) => `q${n}`

/**
 * Plans the GetMetricData calls for `requests` over [start, end): grouped by region, in input order,
 * each call holding at most 500 queries and at most 100,800 datapoints in all (so 14 days of hourly
 * points fit 300 queries per call). Pure; the adapter only sends what this returns.
 */
export const planMetricDataCalls = (
  requests: ReadonlyArray<MetricRequest>,
  window: { readonly start: number; readonly end: number }
): ReadonlyArray<MetricDataCall> => {
  const byRegion = new Map<string, Array<MetricRequest>>()
  for (const r of requests) {
    const list = byRegion.get(r.region)
    if (list === undefined) byRegion.set(r.region, [r])
    else list.push(r)
  }
  const spanSeconds = Math.max(0, (window.end - window.start) / 1000)
  const calls: Array<MetricDataCall> = []
  for (const [region, list] of [...byRegion].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let current: Array<PlannedQuery> = []
    let points = 0
    const flush = () => {
      if (current.length > 0) calls.push({ region, start: window.start, end: window.end, queries: current })
      current = []
      points = 0
    }
    for (const request of list) {
      const p = Math.max(1, Math.ceil(spanSeconds / request.period))
      if (
        current.length === GetMetricDataLimits.queries ||
        (current.length > 0 && points + p > GetMetricDataLimits.datapoints)
      )
        flush()
      current.push({ id: queryId(current.length), request })
      points += p
    }
    flush()
  }
  return calls
}

/** Joins each call's series back to the caller's keys. A query with no data gets an empty series. */
export const joinMetricResults = (
  calls: ReadonlyArray<MetricDataCall>,
  results: ReadonlyArray<ReadonlyArray<MetricSeries>>
): ReadonlyMap<string, ReadonlyArray<{ readonly timestamp: number; readonly value: number }>> => {
  const out = new Map<string, Array<{ readonly timestamp: number; readonly value: number }>>()
  calls.forEach((call, i) => {
    const byId = new Map<string, Array<{ readonly timestamp: number; readonly value: number }>>()
    for (const series of results[i] ?? []) {
      const points = byId.get(series.id) ?? []
      series.timestamps.forEach((t, j) => {
        const v = series.values[j]
        if (v !== undefined) points.push({ timestamp: t, value: v })
      })
      byId.set(series.id, points)
    }
    for (const q of call.queries) {
      const points = (byId.get(q.id) ?? []).sort((a, b) => a.timestamp - b.timestamp)
      out.set(q.request.key, [...(out.get(q.request.key) ?? []), ...points])
    }
  })
  return out
}

/** The last complete five-minute window before `now`: [floor5(now) − 5 min, floor5(now)). */
export const lastFiveMinuteWindow = (now: number): { readonly start: number; readonly end: number } => {
  const end = now - (now % 300_000)
  return { start: end - 300_000, end }
}
