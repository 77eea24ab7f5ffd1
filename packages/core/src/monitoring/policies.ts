import { isUpdatable, type MonitoredResource } from "../personalize/monitoring.ts"
import type { MonitorSettings } from "./MonitorSettings.ts"

const HOUR = 3_600_000

/** The seed's `UpdatePersonalize…MinProvisionedTPS` detail: why and how far to step down. */
export interface MinTpsDecision {
  readonly ARN: string
  readonly Utilization: number
  readonly AgeHours: number
  readonly CurrentMinTPS: number
  readonly NewMinTPS: number
  readonly MinAverageTPS: number
  readonly MaxAverageTPS: number
  readonly Datapoints: number
  readonly Reason: string
  /** New: what the step-down saves per hour, when the settings carry a price table for the region. */
  readonly EstimatedSavingPerHour?: number
  readonly Currency?: string
}

/** The seed's `DeletePersonalizeCampaign` / `StopPersonalizeRecommender` detail. */
export interface IdleDecision {
  readonly ARN: string
  readonly Utilization: number
  readonly AgeHours: number
  readonly IdleThresholdHours: number
  readonly TotalRequestsDuringIdleThresholdHours: number
  readonly Reason: string
}

/** A datapoint of a request Sum: `timestamp` is the start of its period (epoch ms). */
export interface RequestPoint {
  readonly timestamp: number
  readonly value: number
}

/** How far back the low watermark looks: 14 days of hourly sums (the seed's code, not its docs' "24 hours"). */
export const WatermarkDays = 14
/** Step-down never touches a resource younger than this. */
export const MinimumAgeHours = 24
/** Each step lowers the minimum by 25 %. */
export const StepFactor = 0.75

/** Hours since creation, to two decimals. */
export const ageHours = (resource: Pick<MonitoredResource, "createdAt">, now: number): number =>
  Math.round(((now - resource.createdAt) / HOUR) * 100) / 100

/** Σ of the UTF-8 bytes of `s` (the seed hashes `bytes(arn)`); core has no TextEncoder. */
const utf8ByteSum = (s: string): number => {
  let sum = 0
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (c < 0x80) sum += c
    else if (c < 0x800) sum += (0xc0 | (c >> 6)) + (0x80 | (c & 0x3f))
    else if (c < 0x10000) sum += (0xe0 | (c >> 12)) + (0x80 | ((c >> 6) & 0x3f)) + (0x80 | (c & 0x3f))
    else sum += (0xf0 | (c >> 18)) + (0x80 | ((c >> 12) & 0x3f)) + (0x80 | ((c >> 6) & 0x3f)) + (0x80 | (c & 0x3f))
  }
  return sum
}

/**
 * The hourly slot of a resource: the hour is cut into six 10-minute slots and a resource is evaluated
 * in the first 5 minutes of slot `Σ bytes(arn) mod 6` — exactly one 5-minute monitor run per hour
 * (the seed's hashing, so load stays spread across the hour).
 */
export const inHourlySlot = (arn: string, now: number): boolean => {
  const sum = utf8ByteSum(arn)
  const slot = sum % 6
  const minute = Math.floor(now / 60_000) % 60
  return minute >= slot * 10 && minute < slot * 10 + 5
}

/**
 * The 14 days of complete hours the watermark reads: up to the last hour that ended at least 15 minutes
 * ago (CloudWatch data arrives late), exclusive. The hourly sums must be fetched for exactly this window.
 */
export const watermarkWindow = (now: number): { readonly start: number; readonly end: number } => {
  const end = Math.floor((now - 15 * 60_000) / HOUR) * HOUR
  return { start: end - WatermarkDays * 24 * HOUR, end }
}

/**
 * The complete hours the watermark considers: from max(now − 14 days, first full hour after creation)
 * to the last hour that ended at least 15 minutes ago (CloudWatch data arrives late).
 */
export const watermarkHours = (createdAt: number, now: number): ReadonlyArray<number> => {
  const { start, end: last } = watermarkWindow(now)
  const first = Math.max(start, Math.ceil(createdAt / HOUR) * HOUR)
  const hours: Array<number> = []
  for (let h = first; h < last; h += HOUR) hours.push(h)
  return hours
}

/** Inputs of the step-down rule; `hourlySums` are 14 days of hourly request Sums (missing hours had no traffic). */
export interface StepDownInput {
  readonly resource: MonitoredResource
  readonly now: number
  readonly utilization: number
  readonly hourlySums: ReadonlyArray<RequestPoint>
  readonly settings: Pick<MonitorSettings, "autoAdjustMinTPS">
  /** A pre-warm keeps the minimum up until this time (epoch ms). */
  readonly protectedUntil?: number
}

/**
 * The min-TPS step-down rule: when the 14-day hourly low watermark (`floor(min hourly sum / 3600)`)
 * is below the provisioned minimum of a resource at least 24 h old and updatable, lower the minimum
 * by 25 % — but never below the watermark, never below 1, never up. Hours with no datapoint count as
 * zero traffic (the seed skipped them, which hid idle hours from the watermark).
 */
export const decideStepDown = (input: StepDownInput): MinTpsDecision | undefined => {
  const { resource, now } = input
  if (!input.settings.autoAdjustMinTPS) return undefined
  // The exact age, not the report's two-decimal hours (10 s short of a day would round up to 24.00).
  if (now - resource.createdAt < MinimumAgeHours * HOUR) return undefined
  if (!isUpdatable(resource)) return undefined
  // Stryker disable next-line ConditionalExpression: the undefined test is for the type (now < undefined is false too)
  if (input.protectedUntil !== undefined && now < input.protectedUntil) return undefined
  // Never empty: a resource at least 24 h old has at least 21 complete hours that ended 15 min ago.
  const hours = watermarkHours(resource.createdAt, now)
  const byHour = new Map<number, number>()
  for (const p of input.hourlySums) {
    const h = Math.floor(p.timestamp / HOUR) * HOUR
    byHour.set(h, (byHour.get(h) ?? 0) + p.value)
  }
  let min = Number.POSITIVE_INFINITY
  let max = 0
  let datapoints = 0
  for (const h of hours) {
    const v = byHour.get(h)
    if (v !== undefined) datapoints++
    const sum = v ?? 0
    min = Math.min(min, sum)
    max = Math.max(max, sum)
  }
  const watermark = Math.floor(min / 3600)
  const next = Math.max(1, watermark, Math.floor(resource.minTPS * StepFactor))
  // Also the case of a minimum of 1 and of a watermark at or above the minimum.
  if (next >= resource.minTPS) return undefined
  const round = (n: number) => Math.round(n * 1000) / 1000
  return {
    ARN: resource.arn,
    Utilization: round(input.utilization),
    AgeHours: ageHours(resource, now),
    CurrentMinTPS: resource.minTPS,
    NewMinTPS: next,
    MinAverageTPS: round(min / 3600),
    MaxAverageTPS: round(max / 3600),
    Datapoints: datapoints,
    Reason:
      `Minimum ${resource.minTPS} is above the ${WatermarkDays}-day hourly low watermark ${watermark} ` +
      `(${hours.length} hours, ${datapoints} with traffic); stepping down 25% to ${next}`
  }
}

/** Inputs of the idle rule; `requests` are request Sums covering at least the last IdleThresholdHours. */
export interface IdleInput {
  readonly resource: MonitoredResource
  readonly now: number
  readonly utilization: number
  readonly requests: ReadonlyArray<RequestPoint>
  /** The period (seconds) each request point sums: a point counts when its period overlaps the window. */
  readonly requestsPeriodSeconds: number
  readonly settings: Pick<MonitorSettings, "autoDeleteOrStopIdleResources" | "idleThresholdHours">
}

/**
 * The idle rule (opt-in): a resource at least IdleThresholdHours old and not updated for as long, idle right now and with no
 * request in the last IdleThresholdHours, and updatable, is to be stopped (recommender) or deleted
 * (campaign).
 */
export const decideIdle = (input: IdleInput): IdleDecision | undefined => {
  const { resource, now, settings } = input
  if (!settings.autoDeleteOrStopIdleResources) return undefined
  const threshold = settings.idleThresholdHours
  const age = ageHours(resource, now)
  if (now - resource.createdAt < threshold * HOUR) return undefined
  // The seed's README promises it, its code forgot: a resource updated within the threshold is not idle.
  // Stryker disable next-line ConditionalExpression: the undefined test is for the type (NaN < x is false too)
  if (resource.lastUpdatedAt !== undefined && now - resource.lastUpdatedAt < threshold * HOUR) return undefined
  if (input.utilization > 0) return undefined
  if (!isUpdatable(resource)) return undefined
  const since = now - threshold * HOUR
  let total = 0
  const period = input.requestsPeriodSeconds * 1000
  // A point overlapping the window at all counts: better to keep a busy resource than delete it.
  for (const p of input.requests) if (p.timestamp + period > since && p.timestamp < now) total += p.value
  if (total > 0) return undefined
  const action = resource.kind === "campaign" ? "deleting campaign" : "stopping recommender"
  return {
    ARN: resource.arn,
    Utilization: input.utilization,
    AgeHours: age,
    IdleThresholdHours: threshold,
    TotalRequestsDuringIdleThresholdHours: total,
    Reason: `No requests in the last ${threshold} hours; ${action}`
  }
}
