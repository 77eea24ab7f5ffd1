// Schedule times at their bounds: crons in zones whose offsets are not whole hours (a local midnight on
// another UTC day), the nearest-weekday rule at a month's ends, rates started before, at and after the
// instant, and the words for each kind of field.
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseSchedule, type ScheduleExpression } from "../../src/config/index.ts"
import {
  describeSchedule,
  nextFireTime,
  nextFireTimes,
  parseScheduleOrUndefined,
  ratePeriodMs
} from "../../src/maintenance/index.ts"

const parse = (text: string): ScheduleExpression => {
  const parsed = parseSchedule(text)
  if (Result.isFailure(parsed)) throw new Error(parsed.failure)
  return parsed.success
}
const iso = (ms: number) => new Date(ms).toISOString()
const fires = (text: string, after: string, count: number, timeZone?: string) =>
  nextFireTimes(parse(text), { after: Date.parse(after), count, timeZone }).map(iso)

describe("crons in zones with odd offsets", () => {
  it.each([
    // India +05:30: local midnight is 18:30 UTC the day before.
    [
      "cron(0 0 * * ? *)",
      "Asia/Kolkata",
      "2026-03-01T18:29:00Z",
      ["2026-03-01T18:30:00.000Z", "2026-03-02T18:30:00.000Z"]
    ],
    [
      "cron(0 0 * * ? *)",
      "Asia/Kolkata",
      "2026-03-01T18:30:00Z",
      ["2026-03-02T18:30:00.000Z", "2026-03-03T18:30:00.000Z"]
    ],
    // Nepal +05:45; the 1st of the month local is the previous day in UTC.
    [
      "cron(15 0 1 * ? *)",
      "Asia/Kathmandu",
      "2026-02-15T00:00:00Z",
      ["2026-02-28T18:30:00.000Z", "2026-03-31T18:30:00.000Z"]
    ],
    // Newfoundland −03:30 in winter: 23:00 local is 02:30 UTC the next day.
    [
      "cron(0 23 ? * SUN *)",
      "America/St_Johns",
      "2026-01-01T00:00:00Z",
      ["2026-01-05T02:30:00.000Z", "2026-01-12T02:30:00.000Z"]
    ],
    // Chatham +13:45 in its summer.
    [
      "cron(30 10 * * ? *)",
      "Pacific/Chatham",
      "2026-01-10T20:00:00Z",
      ["2026-01-10T20:45:00.000Z", "2026-01-11T20:45:00.000Z"]
    ],
    // UTC named explicitly is UTC.
    ["cron(0 0 * * ? *)", "UTC", "2026-03-01T23:59:59Z", ["2026-03-02T00:00:00.000Z", "2026-03-03T00:00:00.000Z"]]
  ])("%s in %s after %s", (text, zone, after, expected) => {
    expect(fires(text, after, 2, zone)).toEqual(expected)
  })

  it("a fire time is strictly after the instant, also at the very minute", () => {
    expect(fires("cron(30 12 * * ? *)", "2026-05-05T12:30:00Z", 1)).toEqual(["2026-05-06T12:30:00.000Z"])
    expect(fires("cron(30 12 * * ? *)", "2026-05-05T12:29:59.999Z", 1)).toEqual(["2026-05-05T12:30:00.000Z"])
  })
})

describe("day rules at a month's ends", () => {
  it.each([
    // 2026-08-01 is a Saturday: 1W is Monday the 3rd (not the 31st of July).
    ["cron(0 9 1W * ? *)", "2026-07-31T00:00:00Z", "2026-08-03T09:00:00.000Z"],
    // 2026-05-31 is a Sunday: 31W is Friday the 29th.
    ["cron(0 9 31W * ? *)", "2026-05-20T00:00:00Z", "2026-05-29T09:00:00.000Z"],
    // 2026-02-15 is a Sunday: 15W is Monday the 16th; a Saturday 14th goes back to Friday the 13th.
    ["cron(0 9 15W * ? *)", "2026-02-01T00:00:00Z", "2026-02-16T09:00:00.000Z"],
    ["cron(0 9 14W * ? *)", "2026-03-01T00:00:00Z", "2026-03-13T09:00:00.000Z"],
    // 30W in February is the nearest weekday to its last day (28th, a Saturday → Friday 27th).
    ["cron(0 9 30W 2 ? *)", "2026-01-01T00:00:00Z", "2026-02-27T09:00:00.000Z"],
    // LW: May 2026 ends on a Sunday → Friday the 29th.
    ["cron(0 9 LW * ? *)", "2026-05-01T00:00:00Z", "2026-05-29T09:00:00.000Z"],
    // L: the last day, also in a leap February.
    ["cron(0 9 L 2 ? *)", "2028-01-01T00:00:00Z", "2028-02-29T09:00:00.000Z"],
    // 6L: the last Friday; 2#5: a fifth Monday when there is one (June 2026 has 5 Mondays: the 29th).
    ["cron(0 9 ? * 6L *)", "2026-07-01T00:00:00Z", "2026-07-31T09:00:00.000Z"],
    ["cron(0 9 ? * 2#5 *)", "2026-05-01T00:00:00Z", "2026-06-29T09:00:00.000Z"],
    // L in day-of-week is Saturday.
    ["cron(0 9 ? * L *)", "2026-07-01T00:00:00Z", "2026-07-04T09:00:00.000Z"],
    // Named days and ranges with steps.
    ["cron(0 9 ? * MON-FRI/2 *)", "2026-07-04T00:00:00Z", "2026-07-06T09:00:00.000Z"],
    ["cron(0 9 ? * fri *)", "2026-07-04T00:00:00Z", "2026-07-10T09:00:00.000Z"],
    ["cron(0 9 10-12 * ? *)", "2026-07-11T10:00:00Z", "2026-07-12T09:00:00.000Z"],
    ["cron(0 9 5/10 * ? *)", "2026-07-16T00:00:00Z", "2026-07-25T09:00:00.000Z"]
  ])("%s after %s → %s", (text, after, expected) => {
    expect(fires(text, after, 1)).toEqual([expected])
  })

  it("a year field bounds the search: the last year's fires, then none", () => {
    expect(fires("cron(0 0 1 1 ? 2027-2028)", "2026-06-01T00:00:00Z", 5)).toEqual([
      "2027-01-01T00:00:00.000Z",
      "2028-01-01T00:00:00.000Z"
    ])
    expect(nextFireTime(parse("cron(0 0 1 1 ? 2027)"), { after: Date.parse("2027-01-01T00:00:00Z") })).toBeUndefined()
  })
})

describe("rates", () => {
  const rate = parse("rate(5 minutes)")
  const start = Date.UTC(2026, 0, 1)
  it("fire at start + k periods: the next after the instant, the start itself when it is later", () => {
    const at = (after: number, startedAt?: number) =>
      nextFireTimes(rate, { after, count: 2, ...(startedAt === undefined ? {} : { startedAt }) }).map((t) => t - start)
    expect(at(start, start)).toEqual([300_000, 600_000])
    expect(at(start + 299_999, start)).toEqual([300_000, 600_000])
    expect(at(start + 300_000, start)).toEqual([600_000, 900_000])
    expect(at(start - 1, start)).toEqual([0, 300_000])
    expect(at(start)).toEqual([300_000, 600_000])
    expect(nextFireTimes(rate, { after: start, count: 0 })).toEqual([])
    expect(nextFireTimes(parse("cron(0 0 * * ? *)"), { after: start, count: -1 })).toEqual([])
  })

  it("periods per unit, singular or plural", () => {
    expect(
      ["rate(1 minute)", "rate(7 minutes)", "rate(1 hour)", "rate(3 hours)", "rate(1 day)", "rate(2 days)"].map((t) => {
        const e = parse(t)
        return e._tag === "Rate" ? ratePeriodMs(e) : -1
      })
    ).toEqual([60_000, 420_000, 3_600_000, 10_800_000, 86_400_000, 172_800_000])
  })

  it("expressions read back from a service: ours parse, others are undefined", () => {
    expect(parseScheduleOrUndefined("rate(2 hours)")?._tag).toBe("Rate")
    expect(parseScheduleOrUndefined("at(2026-01-01T00:00:00)")).toBeUndefined()
  })
})

describe("schedules in words", () => {
  it.each([
    ["cron(* * * * ? *)", "every minute (UTC)"],
    ["cron(0/1 * * * ? *)", "every minute (UTC)"],
    ["cron(5/20 * * * ? *)", "every 20 minutes from minute 5 (UTC)"],
    ["cron(0,30 * * * ? *)", "every hour at minute 0 and 30 (UTC)"],
    ["cron(15 2/4 * * ? *)", "every 4 hours at minute 15 from 02:15 (UTC)"],
    ["cron(0 */1 * * ? *)", "every hour at minute 0 (UTC)"],
    ["cron(0,30 9-11 * * ? *)", "at 09:00, 09:30, 10:00, 10:30, 11:00 and 11:30 every day (UTC)"],
    ["cron(0,30 9-12 * * ? *)", "at minute 0 and 30 of hours 9, 10, 11 and 12 every day (UTC)"],
    ["cron(0 8 11,12,13 * ? *)", "at 08:00 on the 11th, 12th and 13th of the month (UTC)"],
    ["cron(0 8 21,22,23 * ? *)", "at 08:00 on the 21st, 22nd and 23rd of the month (UTC)"],
    ["cron(0 8 31 * ? *)", "at 08:00 on the 31st of the month (UTC)"],
    ["cron(0 8 L * ? *)", "at 08:00 on the last day of the month (UTC)"],
    ["cron(0 8 15W * ? *)", "at 08:00 on the weekday nearest the 15th of the month (UTC)"],
    ["cron(0 8 1/3 * ? *)", "at 08:00 every 3 days (UTC)"],
    ["cron(0 8 ? * L *)", "at 08:00 on Saturday (UTC)"],
    ["cron(0 8 ? * 6L *)", "at 08:00 on the last Friday of the month (UTC)"],
    ["cron(0 8 ? * 2#3 *)", "at 08:00 on the 3rd Monday of the month (UTC)"],
    ["cron(0 8 ? * * *)", "at 08:00 every day (UTC)"],
    ["cron(0 8 ? * 1,7 *)", "at 08:00 on Sunday and Saturday (UTC)"],
    ["cron(0 8 * * ? 2027)", "at 08:00 every day in 2027 (UTC)"],
    ["cron(0/10 * * 12 ? *)", "every 10 minutes in December (UTC)"],
    ["rate(1 minute)", "every minute"],
    ["rate(12 hours)", "every 12 hours"]
  ])("%s → %s", (text, words) => {
    expect(describeSchedule(parse(text))).toBe(words)
  })
})
