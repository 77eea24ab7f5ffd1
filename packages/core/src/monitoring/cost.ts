import { type Result, Schema } from "effect"
import { RecordOfNames } from "../input/InputIssues.ts"
import type { MonitoredKind } from "../personalize/monitoring.ts"
import { decodeInputResult } from "./decodeInput.ts"
import type { MonitorInputInvalid } from "./errors.ts"

/**
 * Cost is estimated from a price table the operator supplies (no price is built in): per region and
 * kind, the price of one provisioned TPS (campaign) or RPS (recommender) for one hour, in monthly tiers
 * (AWS lowers the price past a volume of unit-hours per month). Personalize bills, for each window, the
 * greater of the provisioned minimum and the throughput actually used; that is what `billedRate` takes,
 * and a removed (deleted or stopped) resource costs nothing.
 */

const Price = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))

/** One price tier: `price` per unit-hour for the month's unit-hours up to `upToUnitHours` (the last tier: all beyond). */
export const PriceTier = Schema.Struct({
  price: Price,
  upToUnitHours: Schema.optional(Schema.Finite.check(Schema.isGreaterThan(0)))
})
export type PriceTier = typeof PriceTier.Type

/**
 * The tiers of one kind, cheapest volume last: every tier but the last has `upToUnitHours`, strictly
 * increasing; the last has none. A single price is one tier: `[{ "price": 0.2 }]`.
 */
export const PriceTiers = Schema.Array(PriceTier).check(
  Schema.makeFilter(
    (tiers: ReadonlyArray<PriceTier>) => {
      if (tiers.length === 0) return "at least one tier"
      for (let i = 0; i < tiers.length; i++) {
        const bound = tiers[i]!.upToUnitHours
        const last = i === tiers.length - 1
        if (last && bound !== undefined) return `the last tier has no upToUnitHours (it prices all beyond ${bound})`
        if (!last && bound === undefined) return `tier ${i + 1} needs upToUnitHours (only the last tier has none)`
        const before = i === 0 ? 0 : tiers[i - 1]!.upToUnitHours!
        if (bound !== undefined && bound <= before) return `upToUnitHours must increase (tier ${i + 1}: ${bound})`
      }
      return true
    },
    { expected: "price tiers, each with upToUnitHours increasing, the last without" }
  )
)
export type PriceTiers = typeof PriceTiers.Type

/** The prices of one region, per hour of one unit of throughput, in monthly tiers. */
export const RegionPrices = Schema.Struct({
  /** A campaign's price of one TPS for one hour (TPS-hour). */
  campaignTpsHour: PriceTiers,
  /** A recommender's price of one request per second for one hour (RPS-hour); absent: recommenders are not priced. */
  recommenderRpsHour: Schema.optional(PriceTiers)
})
export type RegionPrices = typeof RegionPrices.Type

/** A price table: where its numbers come from and when, and the prices per region. */
export const PriceTable = Schema.Struct({
  currency: Schema.String.check(Schema.isPattern(/^[A-Z]{3}$/, { expected: "an ISO 4217 code such as USD" })),
  /** Where the numbers come from (a URL, a contract). */
  source: Schema.String.check(Schema.isMinLength(1)),
  /** The date the numbers were read (YYYY-MM-DD). */
  asOf: Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/, { expected: "a date YYYY-MM-DD" })),
  regions: RecordOfNames(
    Schema.String.check(Schema.isPattern(/^[a-z]{2}(-[a-z]+)+-\d+$/, { expected: "an AWS region, e.g. us-east-1" })),
    RegionPrices
  )
})
export type PriceTable = typeof PriceTable.Type

/** Decodes a price table (a file's JSON); the error names the offending field (`regions.us-east-1.campaignTpsHour[0].price`). */
export const decodePriceTable = (input: unknown): Result.Result<PriceTable, MonitorInputInvalid> =>
  decodeInputResult(PriceTable, input)

/** The tiers of `kind` in `region`, or undefined when the table does not price it. */
export const priceTiers = (
  table: PriceTable,
  resource: { readonly kind: MonitoredKind; readonly region: string }
): PriceTiers | undefined => {
  const prices = table.regions[resource.region]
  if (prices === undefined) return undefined
  return resource.kind === "campaign" ? prices.campaignTpsHour : prices.recommenderRpsHour
}

/** What `unitHours` in one month cost under `tiers` (each tier's price on the part of the volume within it). */
export const tieredCost = (tiers: PriceTiers, unitHours: number): number => {
  let cost = 0
  let from = 0
  for (const tier of tiers) {
    const to = tier.upToUnitHours ?? Number.POSITIVE_INFINITY
    if (unitHours <= from) break
    cost += (Math.min(unitHours, to) - from) * tier.price
    from = to
  }
  return cost
}

/** The price of the next unit-hour once `monthlyUnitHours` are used this month (the first tier's at 0). */
export const marginalPrice = (tiers: PriceTiers, monthlyUnitHours = 0): number =>
  (tiers.find((t) => t.upToUnitHours === undefined || monthlyUnitHours < t.upToUnitHours) ?? tiers[tiers.length - 1]!)
    .price

/** The throughput billed for a window: the provisioned minimum, or the actual rate when higher. */
export const billedRate = (minTPS: number, actual: number): number => Math.max(minTPS, actual)

const cents = (n: number) => Math.round(n * 10_000) / 10_000

/** Hours in an average month (365 × 24 / 12): tiers are monthly volumes. */
export const HoursPerMonth = 730

/** A resource's throughput now: provisioned minimum and actual requests per second. */
export interface CostInput {
  readonly arn: string
  readonly kind: MonitoredKind
  readonly region: string
  readonly minTPS: number
  /** Actual requests per second (the average over the window read). */
  readonly actual: number
}

/** A resource's cost estimate at its current rates, in the table's currency. */
export interface CostEstimate {
  readonly arn: string
  readonly currency: string
  /** Billed now, per hour: its share of max(provisioned, actual) × the tiered price. */
  readonly perHour: number
  /** The same for a month (730 h) at these rates. */
  readonly perMonth: number
  /** What the traffic actually used costs per hour. */
  readonly usedPerHour: number
  /** Paid per hour for capacity nobody used: (provisioned − actual)⁺ at the same price. */
  readonly unusedPerHour: number
  /** The average price per unit-hour it is billed at (its region's tiered month ÷ that month's unit-hours). */
  readonly unitPrice: number
}

/** A resource's billed volume over a span of hours: what its cost is shared on. */
export interface Volume {
  readonly kind: MonitoredKind
  readonly region: string
  /** Unit-hours billed over the span (TPS-hours or RPS-hours). */
  readonly unitHours: number
}

/**
 * The monthly unit-hours of each (region, kind) — the volume tiers apply to — from volumes billed over
 * `hours` (1: rates per hour), scaled to a 730-hour month.
 */
export const monthlyVolumes = (
  volumes: ReadonlyArray<Volume>,
  hours = 1
): ((resource: { readonly kind: MonitoredKind; readonly region: string }) => number) => {
  const totals = new Map<string, number>()
  for (const v of volumes) {
    const k = `${v.region}\u0000${v.kind}`
    totals.set(k, (totals.get(k) ?? 0) + (v.unitHours * HoursPerMonth) / hours)
  }
  return (r) => totals.get(`${r.region}\u0000${r.kind}`) ?? 0
}

/**
 * The average price per unit-hour of each (region, kind) when these volumes are billed over `hours`:
 * the tiered cost of the kind's monthly volume in that region ÷ that volume (the first tier's price when
 * nothing is billed). Each resource's share of its region's bill is its unit-hours × this price, so the
 * shares add up to the bill. Undefined where the table has no price.
 */
export const averageUnitPrices = (
  volumes: ReadonlyArray<Volume>,
  hours: number,
  table: PriceTable
): ((resource: { readonly kind: MonitoredKind; readonly region: string }) => number | undefined) => {
  const monthly = monthlyVolumes(volumes, hours)
  return (r) => {
    const tiers = priceTiers(table, r)
    if (tiers === undefined) return undefined
    const volume = monthly(r)
    return volume > 0 ? tieredCost(tiers, volume) / volume : marginalPrice(tiers)
  }
}

/**
 * The cost of each resource at its current rates: its billed rate × its region's average tiered price
 * (see `averageUnitPrices`). A resource whose region or kind the table does not price has no estimate.
 */
export const estimateCosts = (
  inputs: ReadonlyArray<CostInput>,
  table: PriceTable
): ReadonlyMap<string, CostEstimate> => {
  const priceOf = averageUnitPrices(
    inputs.map((r) => ({ kind: r.kind, region: r.region, unitHours: billedRate(r.minTPS, r.actual) })),
    1,
    table
  )
  const out = new Map<string, CostEstimate>()
  for (const r of inputs) {
    const price = priceOf(r)
    if (price === undefined) continue
    const billed = billedRate(r.minTPS, r.actual)
    out.set(r.arn, {
      arn: r.arn,
      currency: table.currency,
      perHour: cents(billed * price),
      perMonth: Math.round(billed * price * HoursPerMonth * 100) / 100,
      usedPerHour: cents(r.actual * price),
      unusedPerHour: cents(Math.max(0, r.minTPS - r.actual) * price),
      unitPrice: cents(price)
    })
  }
  return out
}

/**
 * What lowering a minimum from `current` to `next` saves per hour: the capacity no longer provisioned,
 * priced off the top of its region's monthly volume (`monthlyUnitHours`, the kind's unit-hours a month at
 * the current rates; 0 when unknown, which prices it at the first, dearest tier — an upper bound).
 * Traffic above the new minimum is billed either way.
 */
export const stepDownSavingPerHour = (
  resource: { readonly kind: MonitoredKind; readonly region: string },
  current: number,
  next: number,
  table: PriceTable,
  monthlyUnitHours = 0
): number | undefined => {
  const tiers = priceTiers(table, resource)
  if (tiers === undefined) return undefined
  const removed = Math.max(0, current - next) * HoursPerMonth
  const volume = Math.max(monthlyUnitHours, removed)
  return cents((tieredCost(tiers, volume) - tieredCost(tiers, volume - removed)) / HoursPerMonth)
}
