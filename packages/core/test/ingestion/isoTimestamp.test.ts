import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseIsoTimestamp } from "../../src/ingestion/index.ts"

const ms = (text: string) => {
  const r = parseIsoTimestamp(text)
  return Result.isSuccess(r) ? r.success : r.failure
}

describe("parseIsoTimestamp: each field's bounds, the offset, the fraction", () => {
  it("the epoch and the separators ISO-8601 allows (T, t, space; Z, z)", () => {
    expect(ms("1970-01-01T00:00:00Z")).toBe(0)
    expect(ms("1970-01-01t00:00:01z")).toBe(1000)
    expect(ms("1970-01-01 00:01:00Z")).toBe(60_000)
  })

  it("a fraction is milliseconds: padded when short, truncated when long, after . or ,", () => {
    expect(ms("1970-01-01T00:00:00.5Z")).toBe(500)
    expect(ms("1970-01-01T00:00:00,25Z")).toBe(250)
    expect(ms("1970-01-01T00:00:00.0019Z")).toBe(1)
    expect(ms("1970-01-01T00:00:00.999999Z")).toBe(999)
  })

  it("an offset is subtracted (east of UTC) or added (west), with or without minutes and colon", () => {
    expect(ms("1970-01-02T00:00:00+23:59")).toBe(60_000)
    expect(ms("1970-01-01T00:00:00-00:30")).toBe(30 * 60_000)
    expect(ms("1970-01-01T10:00:00+10")).toBe(0)
    expect(ms("1970-01-01T00:00:00-0145")).toBe(105 * 60_000)
    expect(ms("1970-01-01T00:00:00+00:00")).toBe(0)
  })

  it("refuses an offset hour above 23 or minute above 59, alone or together", () => {
    for (const bad of [
      "1970-01-02T00:00:00+24:00",
      "1970-01-02T00:00:00+00:60",
      "1970-01-02T00:00:00-24",
      "1970-01-02T00:00:00+2460"
    ])
      expect(ms(bad), bad).toBe(`'${bad}' has an invalid UTC offset`)
  })

  it("the last valid value of each field is accepted, the next refused", () => {
    expect(ms("2024-12-31T23:59:59Z")).toBe(Date.UTC(2024, 11, 31, 23, 59, 59))
    for (const bad of [
      "2024-13-01T00:00:00Z",
      "2024-00-01T00:00:00Z",
      "2024-01-00T00:00:00Z",
      "2024-01-32T00:00:00Z",
      "2024-04-31T00:00:00Z",
      "2024-06-31T00:00:00Z",
      "2024-09-31T00:00:00Z",
      "2024-11-31T00:00:00Z",
      "2024-01-01T24:00:00Z",
      "2024-01-01T00:60:00Z",
      "2024-01-01T00:00:60Z"
    ])
      expect(ms(bad), bad).toBe(`'${bad}' is not a valid date-time`)
    for (const ok of [
      "2024-03-31T00:00:00Z",
      "2024-05-31T00:00:00Z",
      "2024-07-31T00:00:00Z",
      "2024-08-31T00:00:00Z",
      "2024-04-30T00:00:00Z"
    ])
      expect(typeof ms(ok), ok).toBe("number")
  })

  it("February has 29 days in leap years only (every 4th year, not centuries unless every 400th)", () => {
    expect(ms("2024-02-29T00:00:00Z")).toBe(Date.UTC(2024, 1, 29))
    expect(ms("2000-02-29T00:00:00Z")).toBe(Date.UTC(2000, 1, 29))
    for (const bad of ["2023-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2024-02-30T00:00:00Z"])
      expect(ms(bad), bad).toBe(`'${bad}' is not a valid date-time`)
    expect(ms("2023-02-28T00:00:00Z")).toBe(Date.UTC(2023, 1, 28))
  })

  it("refuses times before 1970 and anything without a zone, saying which", () => {
    expect(ms("1969-12-31T23:59:59Z")).toBe("'1969-12-31T23:59:59Z' is before 1970 (PutEvents takes epoch seconds)")
    expect(ms("1970-01-01T00:00:00")).toBe("'1970-01-01T00:00:00' is not an ISO-8601 date-time with a UTC offset")
    expect(ms("1970-01-01T00:00:00Z ")).toBe("'1970-01-01T00:00:00Z ' is not an ISO-8601 date-time with a UTC offset")
    expect(ms(" 1970-01-01T00:00:00Z")).toBe("' 1970-01-01T00:00:00Z' is not an ISO-8601 date-time with a UTC offset")
  })
})
