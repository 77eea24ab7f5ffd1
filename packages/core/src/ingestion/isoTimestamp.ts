import { Result } from "effect"

// Strict ISO-8601 date-time with a mandatory zone: a timestamp without an offset is local time on
// whatever machine produced it, which is the seed's bug (strftime('%s') in the Lambda's zone).
const isoDateTime =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/

const daysInMonth = (year: number, month: number) =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31

/**
 * Parses an ISO-8601 timestamp with any UTC offset (`Z`, `+02:00`, `-0530`, `+01`) into epoch
 * milliseconds. Fractions finer than a millisecond are truncated; the millisecond is kept.
 */
export const parseIsoTimestamp = (text: string): Result.Result<number, string> => {
  const m = isoDateTime.exec(text)
  if (m === null) return Result.fail(`'${text}' is not an ISO-8601 date-time with a UTC offset`)
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number
  ]
  const second = m[6] === undefined ? 0 : Number(m[6])
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"))
  if (year < 1970) return Result.fail(`'${text}' is before 1970 (PutEvents takes epoch seconds)`)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
    return Result.fail(`'${text}' is not a valid date-time`)
  let offsetMinutes = 0
  if (m[8] === undefined) {
    const oh = Number(m[10])
    const om = m[11] === undefined ? 0 : Number(m[11])
    if (oh > 23 || om > 59) return Result.fail(`'${text}' has an invalid UTC offset`)
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (oh * 60 + om)
  }
  return Result.succeed(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000)
}
