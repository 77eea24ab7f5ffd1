import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parsePayload } from "../../src/ingestion/index.ts"

const nested = (levels: number, inner: unknown = 1) => {
  let value = inner
  for (let i = 0; i < levels; i++) value = [value]
  return value
}
const outcome = (r: Result.Result<unknown, string>) => (Result.isSuccess(r) ? { ok: r.success } : { reason: r.failure })

describe("parsePayload: a record's JSON, or why not (with where, when the problem has a place)", () => {
  it("decodes base64 and text records, and takes parsed values as they are", () => {
    const b64 = Buffer.from('{"a":[1,"x"]}').toString("base64")
    expect(outcome(parsePayload({ _tag: "Base64", data: b64 }))).toEqual({ ok: { a: [1, "x"] } })
    expect(outcome(parsePayload({ _tag: "Text", text: '{"a":2}' }))).toEqual({ ok: { a: 2 } })
    expect(outcome(parsePayload({ _tag: "Parsed", value: { a: nested(63) } }))).toEqual({ ok: { a: nested(63) } })
  })

  it("a value nested deeper than 64 levels names the path where it goes too deep", () => {
    expect(outcome(parsePayload({ _tag: "Parsed", value: { a: nested(200) } }))).toEqual({
      reason: `a${"[0]".repeat(63)}: nested deeper than 64 levels of objects and arrays`
    })
    expect(outcome(parsePayload({ _tag: "Text", text: `${"[".repeat(301)}${"]".repeat(301)}` }))).toEqual({
      reason: `${"[0]".repeat(64)}: nested deeper than 64 levels of objects and arrays`
    })
  })

  it("bad JSON and bad base64 have no path: the reason alone", () => {
    expect(outcome(parsePayload({ _tag: "Text", text: '{"a":' }))).toEqual({
      reason: "bad JSON: Unexpected end of JSON input"
    })
    expect(outcome(parsePayload({ _tag: "Base64", data: "%%%" }))).toEqual({
      reason: "bad base64: Length must be a multiple of 4, but is 3"
    })
  })
})
