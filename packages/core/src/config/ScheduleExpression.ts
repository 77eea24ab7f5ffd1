import { Result } from "effect"
import type { ScheduleExpression } from "./Deployment.ts"

/**
 * AWS schedule expressions (EventBridge): 6-field `cron(min hour day-of-month month day-of-week year)`
 * and `rate(n unit)`. effect's `Cron` module parses 5/6-field Unix cron with seconds, not AWS's
 * dialect (`?`, `L`, `W`, `#`, a year field), hence this small parser.
 */

interface CronField {
  readonly label: string
  readonly min: number
  readonly max: number
  readonly names?: ReadonlyArray<string>
  /** `?` (day-of-month and day-of-week only). */
  readonly question?: boolean
}

const months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
const days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

/** The six cron fields in order, with their ranges as AWS documents them. */
export const cronFields: ReadonlyArray<CronField> = [
  { label: "minutes", min: 0, max: 59 },
  { label: "hours", min: 0, max: 23 },
  { label: "day-of-month", min: 1, max: 31, question: true },
  { label: "month", min: 1, max: 12, names: months },
  { label: "day-of-week", min: 1, max: 7, names: days, question: true },
  { label: "year", min: 1970, max: 2199 }
]

const parseValue = (field: CronField, text: string): Result.Result<number, string> => {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1
  if (named >= 0) return Result.succeed(named + 1)
  if (!/^\d+$/.test(text)) {
    const hint = field.names ? ` or ${field.names[0]}–${field.names[field.names.length - 1]}` : ""
    return Result.fail(`${field.label}: "${text}" is not a number in ${field.min}–${field.max}${hint}`)
  }
  const value = Number(text)
  return value < field.min || value > field.max
    ? Result.fail(`${field.label}: ${value} is out of range ${field.min}–${field.max}`)
    : Result.succeed(value)
}

/** Checks one comma-separated item: `*`, `v`, `a-b`, `x/step`, and the day wildcards `L`, `nW`, `LW`, `nL`, `d#n`. */
const checkItem = (field: CronField, item: string): string | undefined => {
  if (field.label === "day-of-month" && /^(L|LW|\d{1,2}W)$/i.test(item)) {
    const day = /^(\d{1,2})W$/i.exec(item)
    return day === null ? undefined : failureOf(parseValue(field, day[1]!))
  }
  if (field.label === "day-of-week") {
    const last = /^(.+)L$/i.exec(item)
    if (item.toUpperCase() === "L") return undefined
    if (last !== null && !/^[a-z]+$/i.test(item)) return failureOf(parseValue(field, last[1]!))
    const nth = /^(.+)#(\d+)$/.exec(item)
    if (nth !== null) {
      const n = Number(nth[2])
      if (n < 1 || n > 5) return `${field.label}: "${item}": the occurrence after # must be 1–5`
      return failureOf(parseValue(field, nth[1]!))
    }
  }
  const [range, step, extra] = item.split("/")
  if (extra !== undefined || range === undefined || range === "")
    return `${field.label}: "${item}" is not a valid value`
  if (step !== undefined && (!/^\d+$/.test(step) || Number(step) < 1))
    return `${field.label}: "${item}": the step after / must be a positive integer`
  if (range === "*") return undefined
  const bounds = range.split("-")
  if (bounds.length > 2) return `${field.label}: "${item}" is not a valid range`
  const values: Array<number> = []
  for (const bound of bounds) {
    const value = parseValue(field, bound)
    if (Result.isFailure(value)) return value.failure
    values.push(value.success)
  }
  if (values.length === 2 && values[0]! > values[1]!)
    return `${field.label}: "${item}": the range start is after its end`
  return undefined
}

const failureOf = (result: Result.Result<number, string>): string | undefined =>
  Result.isFailure(result) ? result.failure : undefined

const checkField = (field: CronField, text: string): string | undefined => {
  if (text === "?")
    return field.question ? undefined : `${field.label}: "?" is allowed only in day-of-month or day-of-week`
  const items = text.split(",")
  const special = items.find((i) => /[LW#]/i.test(i) && !(field.names && /^[a-z]+$/i.test(i)))
  if (special !== undefined && items.length > 1)
    return `${field.label}: "${special}" cannot be combined with other values in a list`
  if (special !== undefined && field.label !== "day-of-month" && field.label !== "day-of-week")
    return `${field.label}: "${special}" is not a valid value (L, W and # are day wildcards)`
  for (const item of items) {
    const problem = checkItem(field, item)
    if (problem !== undefined) return problem
  }
  return undefined
}

const rateUnits = ["minute", "minutes", "hour", "hours", "day", "days"] as const

const parseCron = (expression: string, body: string): Result.Result<ScheduleExpression, string> => {
  const parts = body.trim().split(/\s+/)
  if (parts.length !== 6)
    return Result.fail(`cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${parts.length}`)
  for (const [i, field] of cronFields.entries()) {
    const problem = checkField(field, parts[i]!)
    if (problem !== undefined) return Result.fail(`cron ${problem}`)
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = parts as [string, string, string, string, string, string]
  if ((dayOfMonth === "?") === (dayOfWeek === "?"))
    return Result.fail(`cron day-of-month ("${dayOfMonth}") and day-of-week ("${dayOfWeek}"): exactly one must be "?"`)
  return Result.succeed({ _tag: "Cron", expression, minutes, hours, dayOfMonth, month, dayOfWeek, year })
}

const parseRate = (expression: string, body: string): Result.Result<ScheduleExpression, string> => {
  const match = /^\s*(\d+)\s+([a-z]+)\s*$/.exec(body)
  if (match === null) return Result.fail(`rate must be "rate(<positive integer> <unit>)", e.g. rate(6 hours)`)
  const value = Number(match[1])
  const unit = rateUnits.find((u) => u === match[2])
  if (unit === undefined) return Result.fail(`rate unit "${match[2]}" must be one of ${rateUnits.join(", ")}`)
  if (value < 1) return Result.fail("rate value must be a positive integer")
  const singular = !unit.endsWith("s")
  if (value === 1 && !singular)
    return Result.fail(`rate(1 ${unit}) must use the singular unit: rate(1 ${unit.slice(0, -1)})`)
  if (value > 1 && singular)
    return Result.fail(`rate(${value} ${unit}) must use the plural unit: rate(${value} ${unit}s)`)
  return Result.succeed({ _tag: "Rate", expression, value, unit })
}

/** Parses an AWS `cron(...)` or `rate(...)` schedule expression; the failure says what is wrong. */
export const parseSchedule = (expression: string): Result.Result<ScheduleExpression, string> => {
  const match = /^(cron|rate)\((.*)\)$/.exec(expression.trim())
  if (match === null)
    return Result.fail(`"${expression}" is not a schedule: use cron(min hour dom month dow year) or rate(n unit)`)
  return match[1] === "cron" ? parseCron(expression, match[2]!) : parseRate(expression, match[2]!)
}

/** Parses an AWS `cron(...)` expression only (the MLOps solution's schedules accept no `rate()`). */
export const parseCronOnly = (expression: string): Result.Result<ScheduleExpression, string> =>
  /^\s*rate\(/.test(expression)
    ? Result.fail(`"${expression}": this format accepts only cron(...) schedules`)
    : parseSchedule(expression)
