import { Clock, Effect } from "effect"
import type { PersonalizeError } from "../personalize/errors.ts"
import type { MonitoredKind } from "../personalize/monitoring.ts"
import type { Personalize } from "../personalize/Personalize.ts"
import { averageUnitPrices, billedRate, HoursPerMonth, type PriceTable } from "./cost.ts"
import type { MonitoringFailure } from "./errors.ts"
import { FiveMinutes, kindNames } from "./MetricNames.ts"
import type { MonitorSettings } from "./MonitorSettings.ts"
import type { RequestPoint } from "./policies.ts"
import type { Metrics } from "./ports.ts"
import { fetchSeries, requestSumQuery } from "./runMonitor.ts"
import { discoverTargets } from "./targets.ts"

const WindowMs = FiveMinutes * 1000

/** What one resource was billed over the report's window, read from its `AWS/Personalize` request sums. */
export interface CostReportRow {
  readonly arn: string
  readonly name: string
  readonly kind: MonitoredKind
  readonly region: string
  /** The provisioned minimum now (TPS or RPS). */
  readonly minTPS: number
  /** Average requests per second over the window (idle five minutes count as zero). */
  readonly averageTPS: number
  /** The busiest five minutes' requests per second. */
  readonly peakTPS: number
  /** Unit-hours billed over the window: per five minutes, max(minimum, actual) (only since it was created). */
  readonly billedUnitHours: number
  /** Of those, the unit-hours above what the traffic used: provisioned and idle. */
  readonly unusedUnitHours: number
  /** In money, when the price table prices its region and kind. */
  readonly cost?: {
    /** Over the window. */
    readonly window: number
    /** A month (730 h) at the window's pace. */
    readonly perMonth: number
    /** The window's cost of unused capacity. */
    readonly unused: number
    /** The average price per unit-hour (its region's tiered volume, see `averageUnitPrices`). */
    readonly unitPrice: number
  }
}

export interface CostReport {
  /** Epoch ms: the window's end (aligned to five minutes) and start. */
  readonly end: number
  readonly start: number
  readonly hours: number
  readonly currency: string
  /** Sorted by region, then cost (highest first), then ARN. */
  readonly rows: ReadonlyArray<CostReportRow>
  /** ARNs that exist but could not be read (throttled): not in the report. */
  readonly unavailable: ReadonlyArray<string>
  readonly totals: { readonly window: number; readonly perMonth: number; readonly unused: number }
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits

/**
 * Billed and unused unit-hours of a resource provisioned at `minTPS` from its five-minute request sums
 * over [start, end): each five-minute window bills max(minimum, sum ÷ 300) for 1/12 hour; a window with
 * no datapoint is idle (zero requests); windows before `createdAt` bill nothing.
 */
export const billedOverWindows = (
  minTPS: number,
  points: ReadonlyArray<RequestPoint>,
  window: { readonly start: number; readonly end: number; readonly createdAt: number }
): { readonly billed: number; readonly unused: number; readonly requests: number; readonly peak: number } => {
  const sums = new Map<number, number>()
  for (const p of points) sums.set(p.timestamp, (sums.get(p.timestamp) ?? 0) + p.value)
  let billed = 0
  let unused = 0
  let requests = 0
  let peak = 0
  for (let t = window.start; t < window.end; t += WindowMs) {
    if (t + WindowMs <= window.createdAt) continue
    const sum = sums.get(t) ?? 0
    const actual = sum / FiveMinutes
    requests += sum
    peak = Math.max(peak, actual)
    billed += billedRate(minTPS, actual) / 12
    unused += Math.max(0, minTPS - actual) / 12
  }
  return { billed, unused, requests, peak }
}

/**
 * The cost report of the monitored campaigns and recommenders (the monitor's own selection: `all` per
 * region, or listed ARNs) over the last `hours`: each one's five-minute `AWS/Personalize` request sums,
 * the unit-hours billed (max of minimum and actual per five minutes) and unused, and, through the
 * operator's price table (tiers on each region's volume), what that cost, what a month at that pace
 * costs, and what paid for unused capacity. Reads only: Personalize (list/describe) and CloudWatch.
 */
export const costReport = Effect.fn("Monitoring.costReport")(function* (
  settings: Pick<MonitorSettings, "campaigns" | "recommenders" | "regions">,
  prices: PriceTable,
  hours: number
): Effect.fn.Return<CostReport, PersonalizeError | MonitoringFailure, Personalize | Metrics> {
  const now = yield* Clock.currentTimeMillis
  const end = Math.floor(now / WindowMs) * WindowMs
  const start = end - hours * 3_600_000
  const targets = yield* discoverTargets(settings)
  const series = yield* fetchSeries(
    targets.resources.map((r) => requestSumQuery(r, r.arn, FiveMinutes)),
    { start, end }
  )
  const usage = targets.resources.map((r) => ({
    resource: r,
    ...billedOverWindows(r.minTPS, series.get(r.arn) ?? [], { start, end, createdAt: r.createdAt })
  }))
  const priceOf = averageUnitPrices(
    usage.map((u) => ({ kind: u.resource.kind, region: u.resource.region, unitHours: u.billed })),
    hours,
    prices
  )
  const rows: Array<CostReportRow> = usage.map(({ resource: r, billed, unused, requests, peak }) => {
    const price = priceOf(r)
    return {
      arn: r.arn,
      name: r.name,
      kind: r.kind,
      region: r.region,
      minTPS: r.minTPS,
      averageTPS: round(requests / (hours * 3600), 4),
      peakTPS: round(peak, 4),
      billedUnitHours: round(billed, 4),
      unusedUnitHours: round(unused, 4),
      ...(price === undefined
        ? {}
        : {
            cost: {
              window: round(billed * price, 2),
              perMonth: round(((billed * price) / hours) * HoursPerMonth, 2),
              unused: round(unused * price, 2),
              unitPrice: round(price, 4)
            }
          })
    }
  })
  rows.sort(
    (a, b) =>
      (a.region < b.region ? -1 : a.region > b.region ? 1 : 0) ||
      (b.cost?.window ?? -1) - (a.cost?.window ?? -1) ||
      (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0)
  )
  const sum = (f: (r: CostReportRow) => number | undefined) =>
    round(
      rows.reduce((n, r) => n + (f(r) ?? 0), 0),
      2
    )
  return {
    end,
    start,
    hours,
    currency: prices.currency,
    rows,
    unavailable: targets.unavailable,
    totals: {
      window: sum((r) => r.cost?.window),
      perMonth: sum((r) => r.cost?.perMonth),
      unused: sum((r) => r.cost?.unused)
    }
  }
})

/** "TPS" or "RPS" for a row. */
export const rateOf = (kind: MonitoredKind) => kindNames[kind].rate
