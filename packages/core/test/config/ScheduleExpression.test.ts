import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseCronOnly, parseSchedule } from "../../src/config/index.ts"

const error = (expression: string) => {
  const parsed = parseSchedule(expression)
  return Result.isFailure(parsed) ? parsed.failure : undefined
}

describe("parseSchedule", () => {
  it.each([
    "cron(0 */6 * * ? *)",
    "cron(0 0 ? * 1 *)",
    "cron(0/5 * * * ? *)",
    "cron(15 10 ? * 6L 2022-2023)",
    "cron(0 18 ? * MON-FRI *)",
    "cron(0 8 1 * ? *)",
    "cron(0 9 L * ? *)",
    "cron(0 9 3W * ? *)",
    "cron(0 9 LW JAN,JUL ? *)",
    "cron(0 12 ? * 3#2 *)",
    "cron(30 2 ? * sun 2199)",
    "cron(0 1,13 ? * L *)"
  ])("accepts %s", (expression) => {
    expect(error(expression)).toBeUndefined()
  })

  it("parses the six fields", () => {
    expect(parseSchedule("cron(0 */6 * * ? *)")).toEqual(
      Result.succeed({
        _tag: "Cron",
        expression: "cron(0 */6 * * ? *)",
        minutes: "0",
        hours: "*/6",
        dayOfMonth: "*",
        month: "*",
        dayOfWeek: "?",
        year: "*"
      })
    )
  })

  it.each([
    ["cron(0 0 * * * *)", 'exactly one must be "?"'],
    ["cron(0 0 ? * ? *)", 'exactly one must be "?"'],
    ["cron(0 0 * * ?)", "6 fields"],
    ["cron(60 0 * * ? *)", "minutes: 60 is out of range 0–59"],
    ["cron(0 24 * * ? *)", "hours: 24 is out of range 0–23"],
    ["cron(0 0 32 * ? *)", "day-of-month: 32 is out of range 1–31"],
    ["cron(0 0 * 13 ? *)", "month: 13 is out of range 1–12"],
    ["cron(0 0 ? * 8 *)", "day-of-week: 8 is out of range 1–7"],
    ["cron(0 0 * * ? 1969)", "year: 1969 is out of range 1970–2199"],
    ["cron(0 0 * * ? 2200)", "year: 2200 is out of range 1970–2199"],
    ["cron(? 0 * * ? *)", '"?" is allowed only in day-of-month or day-of-week'],
    ["cron(0/0 0 * * ? *)", "step after / must be a positive integer"],
    ["cron(0 10-5 * * ? *)", "range start is after its end"],
    ["cron(0 0 ? * 3#6 *)", "occurrence after # must be 1–5"],
    ["cron(0 0 L,1 * ? *)", "cannot be combined"],
    ["cron(0 L * * ? *)", "day wildcards"],
    ["cron(0 0 * FOO ? *)", '"FOO" is not a number'],
    ["rate(1 minutes)", "singular"],
    ["rate(5 minute)", "plural"],
    ["rate(0 days)", "positive integer"],
    ["rate(5 weeks)", "unit"],
    ["rate(five days)", "rate must be"],
    ["every day", "is not a schedule"]
  ])("rejects %s", (expression, message) => {
    expect(error(expression)).toContain(message)
  })

  it("parses rate expressions", () => {
    expect(parseSchedule("rate(1 day)")).toEqual(
      Result.succeed({ _tag: "Rate", expression: "rate(1 day)", value: 1, unit: "day" })
    )
    expect(parseSchedule("rate(6 hours)")).toEqual(
      Result.succeed({ _tag: "Rate", expression: "rate(6 hours)", value: 6, unit: "hours" })
    )
  })

  it("parseCronOnly refuses rate() (the MLOps solution's schedules)", () => {
    expect(Result.isFailure(parseCronOnly("rate(1 day)"))).toBe(true)
    expect(Result.isSuccess(parseCronOnly("cron(0 3 * * ? *)"))).toBe(true)
  })
})
