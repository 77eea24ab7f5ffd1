import { DateTime, Result } from "effect"
import type { ScheduleExpression } from "../config/Deployment.ts"
import { cronFields, parseSchedule } from "../config/ScheduleExpression.ts"

/**
 * When an AWS schedule fires, as EventBridge Scheduler evaluates it: a `cron(…)` in its time zone (UTC
 * when none), a `rate(…)` every n units from the moment the schedule starts (no StartDate: at once).
 * Pure: every instant is epoch milliseconds given by the caller.
 */

type CronExpression = Extract<ScheduleExpression, { readonly _tag: "Cron" }>
type RateExpression = Extract<ScheduleExpression, { readonly _tag: "Rate" }>

const minuteMs = 60_000
const dayMs = 86_400_000
/** How far ahead a cron is searched before it is declared never to fire again (its year field may be over). */
const searchDays = 366 * 8

const [minuteField, hourField, domField, monthField, dowField, yearField] = cronFields as [
  (typeof cronFields)[number],
  (typeof cronFields)[number],
  (typeof cronFields)[number],
  (typeof cronFields)[number],
  (typeof cronFields)[number],
  (typeof cronFields)[number]
]

const fieldValue = (field: (typeof cronFields)[number], text: string): number => {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1
  return named >= 0 ? named + 1 : Number(text)
}

/** The values a plain field (no L/W/#) allows: `*`, `v`, `a-b`, with an optional `/step`, comma lists. */
const expand = (field: (typeof cronFields)[number], text: string): ReadonlyArray<number> => {
  const out = new Set<number>()
  for (const item of text.split(",")) {
    const [range = "*", stepText] = item.split("/")
    const step = stepText === undefined ? 1 : Number(stepText)
    const [startText, endText] = range.split("-")
    const start = range === "*" ? field.min : fieldValue(field, startText!)
    const end =
      range === "*" || (stepText !== undefined && endText === undefined)
        ? field.max
        : fieldValue(field, endText ?? startText!)
    for (let v = start; v <= end; v += step) out.add(v)
  }
  return [...out].sort((a, b) => a - b)
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()
/** AWS numbers weekdays 1 (SUN) – 7 (SAT). */
const weekdayOf = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1
const isWeekday = (year: number, month: number, day: number) => {
  const w = weekdayOf(year, month, day)
  return w !== 1 && w !== 7
}

/** The weekday nearest to `day` in the same month (AWS `nW`). */
const nearestWeekday = (year: number, month: number, day: number): number => {
  const last = daysInMonth(year, month)
  const d = Math.min(day, last)
  const w = weekdayOf(year, month, d)
  if (w === 7) return d === 1 ? 3 : d - 1
  if (w === 1) return d === last ? d - 2 : d + 1
  return d
}

type DayTest = (year: number, month: number, day: number) => boolean

const dayOfMonthTest = (text: string): DayTest => {
  if (text === "?") return () => true
  const upper = text.toUpperCase()
  if (upper === "L") return (y, m, d) => d === daysInMonth(y, m)
  if (upper === "LW")
    return (y, m, d) => {
      let last = daysInMonth(y, m)
      while (!isWeekday(y, m, last)) last--
      return d === last
    }
  const w = /^(\d{1,2})W$/i.exec(text)
  if (w !== null) return (y, m, d) => d === nearestWeekday(y, m, Number(w[1]))
  const allowed = new Set(expand(domField, text))
  return (_y, _m, d) => allowed.has(d)
}

const dayOfWeekTest = (text: string): DayTest => {
  if (text === "?") return () => true
  const upper = text.toUpperCase()
  if (upper === "L") return (y, m, d) => weekdayOf(y, m, d) === 7
  const last = /^(.+)L$/i.exec(text)
  if (last !== null && !/^[a-z]+$/i.test(text)) {
    const weekday = fieldValue(dowField, last[1]!)
    return (y, m, d) => weekdayOf(y, m, d) === weekday && d + 7 > daysInMonth(y, m)
  }
  const nth = /^(.+)#(\d+)$/.exec(text)
  if (nth !== null) {
    const weekday = fieldValue(dowField, nth[1]!)
    const n = Number(nth[2])
    return (y, m, d) => weekdayOf(y, m, d) === weekday && Math.ceil(d / 7) === n
  }
  const allowed = new Set(expand(dowField, text))
  return (y, m, d) => allowed.has(weekdayOf(y, m, d))
}

interface CronMatcher {
  readonly minutes: ReadonlyArray<number>
  readonly hours: ReadonlyArray<number>
  readonly months: ReadonlySet<number>
  readonly years: ReadonlySet<number> | undefined
  readonly maxYear: number
  readonly day: DayTest
}

const matcherCache = new Map<string, CronMatcher>()

const matcherOf = (cron: CronExpression): CronMatcher => {
  const cached = matcherCache.get(cron.expression)
  if (cached !== undefined) return cached
  const dom = dayOfMonthTest(cron.dayOfMonth)
  const dow = dayOfWeekTest(cron.dayOfWeek)
  const years = cron.year === "*" ? undefined : new Set(expand(yearField, cron.year))
  const matcher: CronMatcher = {
    minutes: expand(minuteField, cron.minutes),
    hours: expand(hourField, cron.hours),
    months: new Set(expand(monthField, cron.month)),
    years,
    maxYear: years === undefined ? yearField.max : Math.max(...years),
    day: (y, m, d) => dom(y, m, d) && dow(y, m, d)
  }
  matcherCache.set(cron.expression, matcher)
  return matcher
}

/** Wall-clock time in a zone → the instant (DST gaps resolve as EventBridge Scheduler does: forward). */
const instantOf = (timeZone: string | undefined, y: number, m: number, d: number, h: number, min: number) =>
  timeZone === undefined || timeZone === "UTC"
    ? Date.UTC(y, m - 1, d, h, min)
    : DateTime.toEpochMillis(
        DateTime.makeZonedUnsafe(
          { year: y, month: m, day: d, hour: h, minute: min, second: 0, millisecond: 0 },
          { timeZone, adjustForTimeZone: true, disambiguation: "compatible" }
        )
      )

/** The calendar date of an instant in a zone. */
const localDateOf = (timeZone: string | undefined, at: number) => {
  if (timeZone === undefined || timeZone === "UTC") {
    const date = new Date(at)
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }
  }
  const parts = DateTime.toParts(DateTime.makeZonedUnsafe(at, { timeZone }))
  return { year: parts.year, month: parts.month, day: parts.day }
}

function* cronTimes(cron: CronExpression, after: number, timeZone: string | undefined): Generator<number> {
  const matcher = matcherOf(cron)
  const start = localDateOf(timeZone, after)
  // Walk calendar days (as UTC dates, which is only a day counter here), from the zone's date of `after`.
  const first = Date.UTC(start.year, start.month - 1, start.day) - dayMs
  for (let i = 0; i < searchDays; i++) {
    const date = new Date(first + i * dayMs)
    const y = date.getUTCFullYear()
    if (y > matcher.maxYear) return
    const m = date.getUTCMonth() + 1
    const d = date.getUTCDate()
    if (!matcher.months.has(m) || (matcher.years !== undefined && !matcher.years.has(y)) || !matcher.day(y, m, d))
      continue
    for (const h of matcher.hours)
      for (const min of matcher.minutes) {
        const at = instantOf(timeZone, y, m, d, h, min)
        if (at > after) yield at
      }
  }
}

const rateUnitMs = (rate: RateExpression) =>
  rate.unit.startsWith("minute") ? minuteMs : rate.unit.startsWith("hour") ? 60 * minuteMs : dayMs

/** The length of one period of a `rate(…)` expression, in milliseconds. */
export const ratePeriodMs = (rate: RateExpression): number => rate.value * rateUnitMs(rate)

export interface FireTimesOptions {
  /** Fire times strictly after this instant (epoch ms). */
  readonly after: number
  readonly count: number
  /** IANA zone the cron is evaluated in (EventBridge Scheduler's `ScheduleExpressionTimezone`); UTC when absent. */
  readonly timeZone?: string | undefined
  /** When a rate schedule started (its StartDate or creation); fire times are `start + k·period`. Defaults to `after`. */
  readonly startedAt?: number | undefined
}

/** The next `count` fire times of a schedule after an instant (fewer if a cron's year field runs out). */
export const nextFireTimes = (expression: ScheduleExpression, options: FireTimesOptions): ReadonlyArray<number> => {
  const out: Array<number> = []
  if (options.count <= 0) return out
  if (expression._tag === "Rate") {
    const period = ratePeriodMs(expression)
    const start = options.startedAt ?? options.after
    const k = start > options.after ? 0 : Math.floor((options.after - start) / period) + 1
    for (let i = 0; i < options.count; i++) out.push(start + (k + i) * period)
    return out
  }
  for (const at of cronTimes(expression, options.after, options.timeZone)) {
    out.push(at)
    if (out.length >= options.count) break
  }
  return out
}

/** The next fire time after an instant, or undefined when the schedule never fires again. */
export const nextFireTime = (expression: ScheduleExpression, options: Omit<FireTimesOptions, "count">) =>
  nextFireTimes(expression, { ...options, count: 1 })[0]

// ---------------------------------------------------------------------------------------------
// In words

const weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
const monthNames = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December"
]
const two = (n: number) => String(n).padStart(2, "0")
const ordinal = (n: number) => {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")
  return `${n}${suffix}`
}
const list = (items: ReadonlyArray<string>) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`
const plural = (n: number, unit: string) => (n === 1 ? unit : `${n} ${unit}s`)

/** A stepped field such as `*\/6` or `0/15`: its step and start, else undefined. */
const stepOf = (text: string) => {
  const match = /^(\*|\d+)\/(\d+)$/.exec(text)
  return match === null ? undefined : { start: match[1] === "*" ? 0 : Number(match[1]), step: Number(match[2]) }
}

const timeInWords = (cron: CronExpression): string => {
  const minutes = expand(minuteField, cron.minutes)
  const minuteStep = stepOf(cron.minutes)
  const hourStep = stepOf(cron.hours)
  if (cron.minutes === "*" && cron.hours === "*") return "every minute"
  if (minuteStep !== undefined && cron.hours === "*")
    return `every ${plural(minuteStep.step, "minute")}${minuteStep.start === 0 ? "" : ` from minute ${minuteStep.start}`}`
  if (cron.hours === "*") return `every hour at minute ${list(minutes.map(String))}`
  if (hourStep !== undefined && minutes.length === 1)
    return `every ${plural(hourStep.step, "hour")} at minute ${minutes[0]}${hourStep.start === 0 ? "" : ` from ${two(hourStep.start)}:${two(minutes[0]!)}`}`
  const hours = expand(hourField, cron.hours)
  if (hours.length * minutes.length <= 6)
    return `at ${list(hours.flatMap((h) => minutes.map((m) => `${two(h)}:${two(m)}`)))}`
  return `at minute ${list(minutes.map(String))} of hours ${list(hours.map(String))}`
}

const dayInWords = (cron: CronExpression): string => {
  const dow = cron.dayOfWeek
  if (dow !== "?") {
    const upper = dow.toUpperCase()
    if (upper === "L") return "on Saturday"
    const last = /^(.+)L$/i.exec(dow)
    if (last !== null && !/^[a-z]+$/i.test(dow))
      return `on the last ${weekdayNames[fieldValue(dowField, last[1]!) - 1]} of the month`
    const nth = /^(.+)#(\d+)$/.exec(dow)
    if (nth !== null)
      return `on the ${ordinal(Number(nth[2]))} ${weekdayNames[fieldValue(dowField, nth[1]!) - 1]} of the month`
    if (dow === "*") return "every day"
    const days = expand(dowField, dow)
    if (days.join() === "2,3,4,5,6") return "on weekdays"
    return `on ${list(days.map((d) => weekdayNames[d - 1]!))}`
  }
  const dom = cron.dayOfMonth
  const upper = dom.toUpperCase()
  if (dom === "*") return "every day"
  if (upper === "L") return "on the last day of the month"
  if (upper === "LW") return "on the last weekday of the month"
  const w = /^(\d{1,2})W$/i.exec(dom)
  if (w !== null) return `on the weekday nearest the ${ordinal(Number(w[1]))} of the month`
  const step = stepOf(dom)
  if (step !== undefined) return `every ${plural(step.step, "day")}`
  return `on the ${list(expand(domField, dom).map(ordinal))} of the month`
}

/** A schedule in plain English, e.g. `cron(0 *\/6 * * ? *)` → "every 6 hours at minute 0 (UTC)". */
export const describeSchedule = (expression: ScheduleExpression, timeZone?: string): string => {
  const zone = ` (${timeZone ?? "UTC"})`
  if (expression._tag === "Rate") return `every ${plural(expression.value, expression.unit.replace(/s$/, ""))}`
  const parts = [timeInWords(expression), dayInWords(expression)]
  if (expression.month !== "*")
    parts.push(`in ${list(expand(monthField, expression.month).map((m) => monthNames[m - 1]!))}`)
  if (expression.year !== "*") parts.push(`in ${list(expand(yearField, expression.year).map(String))}`)
  const text = parts.filter((p) => p !== "every day" || parts[0]!.startsWith("at")).join(" ")
  return `${text}${zone}`
}

/** Parses a schedule expression read back from a service; undefined when it is not one this tool writes. */
export const parseScheduleOrUndefined = (text: string): ScheduleExpression | undefined => {
  const parsed = parseSchedule(text)
  return Result.isSuccess(parsed) ? parsed.success : undefined
}
