import { type Result, Schema } from "effect"
import type { MonitoredKind } from "../personalize/monitoring.ts"
import { decodeInputResult } from "./decodeInput.ts"
import type { MonitorInputInvalid } from "./errors.ts"

/**
 * Cost is estimated from a price table the operator supplies (no price is built in): per region, the
 * price of one provisioned TPS (campaign) or RPS (recommender) for one hour. Personalize bills, for
 * each window, the greater of the provisioned minimum and the throughput actually used; that is what
 * `billedRate` takes, and a removed (deleted or stopped) resource costs nothing.
 */

const Price = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))

/** The prices of one region, per hour of one unit of throughput. */
export const RegionPrices = Schema.Struct({
  /** A campaign's price of one TPS for one hour (TPS-hour). */
  campaignTpsHour: Price,
  /** A recommender's price of one request per second for one hour (RPS-hour). */
  recommenderRpsHour: Price
})
export type RegionPrices = typeof RegionPrices.Type

/** A price table: where its numbers come from and when, and the prices per region. */
export const PriceTable = Schema.Struct({
  currency: Schema.String.check(Schema.isPattern(/^[A-Z]{3}$/, { expected: "an ISO 4217 code such as USD" })),
  /** Where the numbers come from (a URL, a contract). */
  source: Schema.String.check(Schema.isMinLength(1)),
  /** The date the numbers were read (YYYY-MM-DD). */
  asOf: Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/, { expected: "a date YYYY-MM-DD" })),
  regions: Schema.Record(
    Schema.String.check(Schema.isPattern(/^[a-z]{2}(-[a-z]+)+-\d+$/, { expected: "an AWS region, e.g. us-east-1" })),
    RegionPrices
  )
})
export type PriceTable = typeof PriceTable.Type

/** Decodes a price table (a file's JSON); the error names the offending field (`regions.us-east-1.campaignTpsHour`). */
export const decodePriceTable = (input: unknown): Result.Result<PriceTable, MonitorInputInvalid> =>
  decodeInputResult(PriceTable, input)

/** The price of one unit-hour of `kind` in `region`, or undefined when the table has no such region. */
export const unitPrice = (
  table: PriceTable,
  resource: { readonly kind: MonitoredKind; readonly region: string }
): number | undefined => {
  const prices = table.regions[resource.region]
  if (prices === undefined) return undefined
  return resource.kind === "campaign" ? prices.campaignTpsHour : prices.recommenderRpsHour
}

/** The throughput billed for a window: the provisioned minimum, or the actual rate when higher. */
export const billedRate = (minTPS: number, actual: number): number => Math.max(minTPS, actual)

const cents = (n: number) => Math.round(n * 10_000) / 10_000

/** A resource's cost estimate at one reading, per hour, in the table's currency. */
export interface CostEstimate {
  readonly currency: string
  /** Billed now: max(provisioned, actual) × price. */
  readonly perHour: number
  /** What the traffic actually used would cost: actual × price. */
  readonly usedPerHour: number
  /** Paid for capacity nobody used: (provisioned − actual)⁺ × price. */
  readonly unusedPerHour: number
}

/** The cost estimate of a resource provisioned at `minTPS` serving `actual` per second (undefined: no price for its region). */
export const estimateCost = (
  resource: { readonly kind: MonitoredKind; readonly region: string; readonly minTPS: number },
  actual: number,
  table: PriceTable
): CostEstimate | undefined => {
  const price = unitPrice(table, resource)
  if (price === undefined) return undefined
  return {
    currency: table.currency,
    perHour: cents(billedRate(resource.minTPS, actual) * price),
    usedPerHour: cents(actual * price),
    unusedPerHour: cents(Math.max(0, resource.minTPS - actual) * price)
  }
}

/**
 * What lowering a minimum from `current` to `next` saves per hour, at most: the capacity no longer
 * provisioned × the price (traffic above the new minimum is billed either way).
 */
export const stepDownSavingPerHour = (
  resource: { readonly kind: MonitoredKind; readonly region: string },
  current: number,
  next: number,
  table: PriceTable
): number | undefined => {
  const price = unitPrice(table, resource)
  return price === undefined ? undefined : cents(Math.max(0, current - next) * price)
}

/** Hours in an average month (365 × 24 / 12), to state a saving per month. */
export const HoursPerMonth = 730
