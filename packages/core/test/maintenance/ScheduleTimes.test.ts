import { Cron, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { parseSchedule, type ScheduleExpression } from "../../src/config/index.ts"
import { describeSchedule, nextFireTime, nextFireTimes } from "../../src/maintenance/index.ts"

const parse = (text: string): ScheduleExpression => {
  const parsed = parseSchedule(text)
  if (Result.isFailure(parsed)) throw new Error(parsed.failure)
  return parsed.success
}
const iso = (ms: number) => new Date(ms).toISOString()
const at = (text: string) => Date.parse(text)
const fires = (text: string, after: string, count = 3, timeZone?: string) =>
  nextFireTimes(parse(text), { after: at(after), count, timeZone }).map(iso)

describe("nextFireTimes: cron", () => {
  it("the MLOps sample's schedules: imports every 6 h, batch daily at 03:00, FULL weekly on Sunday", () => {
    expect(fires("cron(0 */6 * * ? *)", "2026-11-27T12:00:00Z")).toEqual([
      "2026-11-27T18:00:00.000Z",
      "2026-11-28T00:00:00.000Z",
      "2026-11-28T06:00:00.000Z"
    ])
    expect(fires("cron(0 3 * * ? *)", "2026-11-27T03:00:00Z", 2)).toEqual([
      "2026-11-28T03:00:00.000Z",
      "2026-11-29T03:00:00.000Z"
    ])
    // Day-of-week 1 is Sunday in AWS cron.
    expect(fires("cron(0 0 ? * 1 *)", "2026-11-27T00:00:00Z", 2)).toEqual([
      "2026-11-29T00:00:00.000Z",
      "2026-12-06T00:00:00.000Z"
    ])
  })

  it("the day wildcards: L, LW, nW, nL, d#n", () => {
    expect(fires("cron(0 9 L * ? *)", "2027-02-01T00:00:00Z", 2)).toEqual([
      "2027-02-28T09:00:00.000Z",
      "2027-03-31T09:00:00.000Z"
    ])
    // 2027-01-31 is a Sunday: the last weekday is Friday the 29th.
    expect(fires("cron(0 9 LW * ? *)", "2027-01-01T00:00:00Z", 1)).toEqual(["2027-01-29T09:00:00.000Z"])
    // 2027-05-01 is a Saturday: nearest weekday in the month is Monday the 3rd (never April 30th).
    expect(fires("cron(0 9 1W * ? *)", "2027-04-15T00:00:00Z", 1)).toEqual(["2027-05-03T09:00:00.000Z"])
    // 2027-01-31 is a Sunday: 31W is Friday the 29th.
    expect(fires("cron(0 9 31W * ? *)", "2027-01-01T00:00:00Z", 1)).toEqual(["2027-01-29T09:00:00.000Z"])
    expect(fires("cron(0 12 ? * 6L *)", "2026-11-01T00:00:00Z", 1)).toEqual(["2026-11-27T12:00:00.000Z"])
    expect(fires("cron(0 12 ? * 3#2 *)", "2026-11-01T00:00:00Z", 1)).toEqual(["2026-11-10T12:00:00.000Z"])
    expect(fires("cron(0 12 ? * MON-FRI *)", "2026-11-27T13:00:00Z", 2)).toEqual([
      "2026-11-30T12:00:00.000Z",
      "2026-12-01T12:00:00.000Z"
    ])
  })

  it("a year field that has run out fires no more", () => {
    expect(fires("cron(15 10 ? * 6L 2022-2023)", "2026-01-01T00:00:00Z")).toEqual([])
    expect(nextFireTime(parse("cron(0 0 1 1 ? 2027)"), { after: at("2026-06-01T00:00:00Z") })).toBe(
      at("2027-01-01T00:00:00Z")
    )
  })

  it("evaluates in the schedule's time zone, across daylight saving changes", () => {
    // 03:00 in Berlin is 02:00Z in winter and 01:00Z in summer; clocks go forward on 2027-03-28.
    expect(fires("cron(0 3 * * ? *)", "2027-03-26T12:00:00Z", 3, "Europe/Berlin")).toEqual([
      "2027-03-27T02:00:00.000Z",
      "2027-03-28T01:00:00.000Z",
      "2027-03-29T01:00:00.000Z"
    ])
    // 02:30 does not exist on 2027-03-28 in Berlin: it runs at 03:30 local (01:30Z).
    expect(fires("cron(30 2 * * ? *)", "2027-03-27T12:00:00Z", 2, "Europe/Berlin")).toEqual([
      "2027-03-28T01:30:00.000Z",
      "2027-03-29T00:30:00.000Z"
    ])
    expect(fires("cron(0 9 ? * 2 *)", "2026-11-27T00:00:00Z", 1, "America/New_York")).toEqual([
      "2026-11-30T14:00:00.000Z"
    ])
  })

  // Oracle: effect's Cron (Unix dialect) for the expressions both dialects express alike.
  const field = (min: number, max: number) =>
    fc.oneof(
      fc.constant("*"),
      fc.integer({ min, max }).map(String),
      fc
        .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
        .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
      fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: 12 })).map(([a, s]) => `${a}/${s}`),
      fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(","))
    )
  const awsCron = fc.record({
    minutes: field(0, 59),
    hours: field(0, 23),
    month: field(1, 12),
    byWeekday: fc.boolean(),
    dom: field(1, 28),
    dow: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 })
  })

  it("agrees with effect's Cron on the expressions both dialects share", () => {
    fc.assert(
      fc.property(
        awsCron,
        fc.integer({ min: at("2026-01-01T00:00:00Z"), max: at("2030-01-01T00:00:00Z") }),
        (c, after) => {
          const dom = c.byWeekday ? "?" : c.dom
          const dow = c.byWeekday ? c.dow.join(",") : "?"
          const aws = parse(`cron(${c.minutes} ${c.hours} ${dom} ${c.month} ${dow} *)`)
          const unixDom = c.byWeekday ? "*" : c.dom
          const unixDow = c.byWeekday ? c.dow.map((d) => d - 1).join(",") : "*"
          const unix = Cron.parseUnsafe(`${c.minutes} ${c.hours} ${unixDom} ${c.month} ${unixDow}`, "UTC")
          const expected: Array<number> = []
          let from = after
          for (let i = 0; i < 4; i++) {
            from = Cron.next(unix, from).getTime()
            expected.push(from)
          }
          expect(nextFireTimes(aws, { after, count: 4 })).toEqual(expected)
        }
      ),
      { numRuns: 200 }
    )
  })

  it("fire times are increasing, after the instant, on whole minutes", () => {
    const expressions = [
      "cron(0 */6 * * ? *)",
      "cron(5/10 1-3 ? * 2#1 *)",
      "cron(0 9 LW JAN,JUL ? *)",
      "cron(30 2 * * ? *)"
    ]
    fc.assert(
      fc.property(
        fc.constantFrom(...expressions),
        fc.constantFrom(undefined, "Europe/Berlin", "Asia/Kolkata"),
        fc.integer({ min: at("2026-01-01T00:00:00Z"), max: at("2035-01-01T00:00:00Z") }),
        (text, timeZone, after) => {
          const times = nextFireTimes(parse(text), { after, count: 5, timeZone })
          expect(times.length).toBe(5)
          times.forEach((t, i) => {
            expect(t).toBeGreaterThan(i === 0 ? after : times[i - 1]!)
            expect(t % 60_000).toBe(0)
          })
        }
      ),
      { numRuns: 100 }
    )
  })
})

describe("nextFireTimes: rate", () => {
  it("fires every period from when the schedule started", () => {
    const start = at("2026-11-27T10:17:00Z")
    expect(
      nextFireTimes(parse("rate(6 hours)"), { after: at("2026-11-27T12:00:00Z"), startedAt: start, count: 2 }).map(iso)
    ).toEqual(["2026-11-27T16:17:00.000Z", "2026-11-27T22:17:00.000Z"])
    // Not started yet: the first fire is the start itself (no StartDate: at once).
    expect(nextFireTimes(parse("rate(1 day)"), { after: start - 1, startedAt: start, count: 1 })).toEqual([start])
  })

  it("consecutive fires are one period apart", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 90 }),
        fc.constantFrom("minute", "hour", "day"),
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 1e10 }),
        (value, unit, startedAt, offset) => {
          const expression = parse(`rate(${value} ${value === 1 ? unit : `${unit}s`})`)
          const period = value * (unit === "minute" ? 60_000 : unit === "hour" ? 3_600_000 : 86_400_000)
          const times = nextFireTimes(expression, { after: startedAt + offset, startedAt, count: 3 })
          expect(times[0]! > startedAt + offset).toBe(true)
          expect(times[0]! - period <= startedAt + offset).toBe(true)
          expect(times[1]! - times[0]!).toBe(period)
          expect((times[0]! - startedAt) % period).toBe(0)
        }
      )
    )
  })
})

describe("describeSchedule", () => {
  it.each([
    ["cron(0 */6 * * ? *)", undefined, "every 6 hours at minute 0 (UTC)"],
    ["cron(0 3 * * ? *)", undefined, "at 03:00 every day (UTC)"],
    ["cron(0 0 ? * 1 *)", undefined, "at 00:00 on Sunday (UTC)"],
    ["cron(0 2 ? * 1 *)", "Europe/Berlin", "at 02:00 on Sunday (Europe/Berlin)"],
    ["cron(0 18 ? * MON-FRI *)", undefined, "at 18:00 on weekdays (UTC)"],
    ["cron(0/15 * * * ? *)", undefined, "every 15 minutes (UTC)"],
    ["cron(0 9 LW JAN,JUL ? *)", undefined, "at 09:00 on the last weekday of the month in January and July (UTC)"],
    ["cron(0 12 ? * 3#2 *)", undefined, "at 12:00 on the 2nd Tuesday of the month (UTC)"],
    ["cron(0 8 1 * ? *)", undefined, "at 08:00 on the 1st of the month (UTC)"],
    ["rate(6 hours)", undefined, "every 6 hours"],
    ["rate(1 day)", undefined, "every day"]
  ])("%s → %s", (text, zone, words) => {
    expect(describeSchedule(parse(text), zone)).toBe(words)
  })
})
