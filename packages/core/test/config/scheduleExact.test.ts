import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { cronFields, parseCronOnly, parseSchedule } from "../../src/config/index.ts"

// AWS schedule expressions with exact failure messages, and every cron field at both ends of its range.

const failure = (expression: string) => {
  const parsed = parseSchedule(expression)
  return Result.isFailure(parsed) ? parsed.failure : undefined
}
/** A cron with one field replaced (day-of-week "?" unless day-of-month is "?"). */
const cronWith = (index: number, value: string) => {
  const fields = ["0", "0", "*", "*", "?", "*"]
  fields[index] = value
  if (index === 4) fields[2] = "?"
  return `cron(${fields.join(" ")})`
}

describe("cron fields at their bounds", () => {
  it("are AWS's six fields and ranges", () => {
    expect(cronFields.map((f) => [f.label, f.min, f.max, f.question === true])).toEqual([
      ["minutes", 0, 59, false],
      ["hours", 0, 23, false],
      ["day-of-month", 1, 31, true],
      ["month", 1, 12, false],
      ["day-of-week", 1, 7, true],
      ["year", 1970, 2199, false]
    ])
  })

  it.each(cronFields.map((f, i) => [f.label, i, f.min, f.max] as const))(
    "%s takes its min and max, and refuses one outside each",
    (label, i, min, max) => {
      expect(failure(cronWith(i, String(min)))).toBeUndefined()
      expect(failure(cronWith(i, String(max)))).toBeUndefined()
      expect(failure(cronWith(i, `${min}-${max}`))).toBeUndefined()
      expect(failure(cronWith(i, String(max + 1)))).toBe(`cron ${label}: ${max + 1} is out of range ${min}–${max}`)
      if (min > 0)
        expect(failure(cronWith(i, String(min - 1)))).toBe(`cron ${label}: ${min - 1} is out of range ${min}–${max}`)
    }
  )

  it.each<[string, string]>([
    ["cron(0 0 * JAN ? *)", "month"],
    ["cron(0 0 * dec ? *)", "month"],
    ["cron(0 0 * JAN-DEC ? *)", "month"],
    ["cron(0 0 ? * SUN-SAT *)", "day-of-week"],
    ["cron(0 0 ? * sat *)", "day-of-week"]
  ])("names: %s", (expression) => {
    expect(failure(expression)).toBeUndefined()
  })
})

describe("schedule failures, exactly", () => {
  it.each<[string, string]>([
    ["every day", '"every day" is not a schedule: use cron(min hour dom month dow year) or rate(n unit)'],
    ["cron(0 0 * * ?)", "cron needs 6 fields (minutes hours day-of-month month day-of-week year), got 5"],
    ["cron(0 0 * * ? * *)", "cron needs 6 fields (minutes hours day-of-month month day-of-week year), got 7"],
    ["cron(0 0 * * * *)", 'cron day-of-month ("*") and day-of-week ("*"): exactly one must be "?"'],
    ["cron(0 0 ? * ? *)", 'cron day-of-month ("?") and day-of-week ("?"): exactly one must be "?"'],
    ["cron(? 0 * * ? *)", 'cron minutes: "?" is allowed only in day-of-month or day-of-week'],
    ["cron(0 0 * ? ? *)", 'cron month: "?" is allowed only in day-of-month or day-of-week'],
    ["cron(0/0 0 * * ? *)", 'cron minutes: "0/0": the step after / must be a positive integer'],
    ["cron(0/x 0 * * ? *)", 'cron minutes: "0/x": the step after / must be a positive integer'],
    ["cron(0/1/2 0 * * ? *)", 'cron minutes: "0/1/2" is not a valid value'],
    ["cron(/5 0 * * ? *)", 'cron minutes: "/5" is not a valid value'],
    ["cron(0,,1 0 * * ? *)", 'cron minutes: "" is not a valid value'],
    ["cron(1-2-3 0 * * ? *)", 'cron minutes: "1-2-3" is not a valid range'],
    ["cron(0 10-5 * * ? *)", 'cron hours: "10-5": the range start is after its end'],
    ["cron(x 0 * * ? *)", 'cron minutes: "x" is not a number in 0–59'],
    ["cron(0 0 * FOO ? *)", 'cron month: "FOO" is not a number in 1–12 or JAN–DEC'],
    ["cron(0 0 ? * FUN *)", 'cron day-of-week: "FUN" is not a number in 1–7 or SUN–SAT'],
    ["cron(0 0 ? * 3#6 *)", 'cron day-of-week: "3#6": the occurrence after # must be 1–5'],
    ["cron(0 0 ? * 3#0 *)", 'cron day-of-week: "3#0": the occurrence after # must be 1–5'],
    ["cron(0 0 ? * 9#2 *)", "cron day-of-week: 9 is out of range 1–7"],
    ["cron(0 0 ? * 9L *)", "cron day-of-week: 9 is out of range 1–7"],
    ["cron(0 0 32W * ? *)", "cron day-of-month: 32 is out of range 1–31"],
    ["cron(0 0 L,1 * ? *)", 'cron day-of-month: "L" cannot be combined with other values in a list'],
    ["cron(0 0 ? * 1,2#1 *)", 'cron day-of-week: "2#1" cannot be combined with other values in a list'],
    ["cron(0 L * * ? *)", 'cron hours: "L" is not a valid value (L, W and # are day wildcards)'],
    ["cron(0 0 * * ? 2020W)", 'cron year: "2020W" is not a valid value (L, W and # are day wildcards)'],
    ["rate(1 minutes)", "rate(1 minutes) must use the singular unit: rate(1 minute)"],
    ["rate(1 hours)", "rate(1 hours) must use the singular unit: rate(1 hour)"],
    ["rate(5 minute)", "rate(5 minute) must use the plural unit: rate(5 minutes)"],
    ["rate(2 day)", "rate(2 day) must use the plural unit: rate(2 days)"],
    ["rate(0 days)", "rate value must be a positive integer"],
    ["rate(5 weeks)", 'rate unit "weeks" must be one of minute, minutes, hour, hours, day, days'],
    ["rate(five days)", 'rate must be "rate(<positive integer> <unit>)", e.g. rate(6 hours)'],
    ["rate(-1 days)", 'rate must be "rate(<positive integer> <unit>)", e.g. rate(6 hours)'],
    ["rate(1.5 days)", 'rate must be "rate(<positive integer> <unit>)", e.g. rate(6 hours)']
  ])("%s: %s", (expression, message) => {
    expect(failure(expression)).toBe(message)
  })

  it.each([
    "cron(0 0 1W * ? *)",
    "cron(0 0 31W * ? *)",
    "cron(0 0 lw * ? *)",
    "cron(0 0 ? * 1#1 *)",
    "cron(0 0 ? * 7#5 *)",
    "cron(0 0 ? * 7L *)",
    "cron(0 0 ? * l *)",
    "cron(0 0 ? * MON#1 *)",
    "cron(0 0/15 * * ? *)",
    "cron(*/1 0 * * ? *)",
    " cron(0 0 * * ? *) ",
    "cron( 0  0 * * ? * )",
    "rate( 7 days )",
    "rate(1 minute)",
    "rate(2 hours)"
  ])("accepts %s", (expression) => {
    expect(failure(expression)).toBeUndefined()
  })

  it("keeps the expression as written and splits the fields on any spaces", () => {
    expect(parseSchedule("cron( 5  4 ? * MON 2030 )")).toEqual(
      Result.succeed({
        _tag: "Cron",
        expression: "cron( 5  4 ? * MON 2030 )",
        minutes: "5",
        hours: "4",
        dayOfMonth: "?",
        month: "*",
        dayOfWeek: "MON",
        year: "2030"
      })
    )
    expect(parseSchedule("rate(10 minutes)")).toEqual(
      Result.succeed({ _tag: "Rate", expression: "rate(10 minutes)", value: 10, unit: "minutes" })
    )
  })

  it("parseCronOnly refuses rate() by name and passes every other text to parseSchedule", () => {
    expect(parseCronOnly(" rate(1 day)")).toEqual(
      Result.fail('" rate(1 day)": this format accepts only cron(...) schedules')
    )
    expect(parseCronOnly("every day")).toEqual(parseSchedule("every day"))
    expect(parseCronOnly("cron(0 3 * * ? *)")).toEqual(parseSchedule("cron(0 3 * * ? *)"))
  })
})
