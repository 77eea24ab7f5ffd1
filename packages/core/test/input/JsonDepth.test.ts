import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import fc from "fast-check"
import {
  decodeWithIssues,
  jsonDepthIssue,
  maxJsonDepth,
  parseJson,
  stringifyJson,
  tooDeepAt
} from "../../src/input/index.ts"

const nestedArrays = (depth: number) => "[".repeat(depth) + "]".repeat(depth)
const deepPath = (n: number) => "[0]".repeat(n)

describe("the depth limit on outside JSON", () => {
  it("finds where input first nests deeper than the limit, for any depth (no stack overflow)", () => {
    const deep = JSON.parse(nestedArrays(10_000))
    assert.deepStrictEqual(
      tooDeepAt(deep),
      Array.from({ length: maxJsonDepth }, () => 0)
    )
    assert.strictEqual(tooDeepAt(JSON.parse(nestedArrays(maxJsonDepth))), undefined)
    assert.deepStrictEqual(tooDeepAt({ a: [1, { b: [] }] }, 3), ["a", 1, "b"])
    assert.strictEqual(tooDeepAt({ a: [1, { b: 1 }] }, 3), undefined)
  })

  it("parseJson refuses 10,000-deep arrays with an issue naming the path, and bad JSON with the parser's reason", () => {
    const r = parseJson(nestedArrays(10_000))
    if (Result.isSuccess(r)) return assert.fail("expected an issue")
    assert.deepStrictEqual(r.failure.issues, [
      { path: deepPath(maxJsonDepth), message: `nested deeper than ${maxJsonDepth} levels of objects and arrays` }
    ])
    const bad = parseJson("{")
    assert.isTrue(Result.isFailure(bad) && bad.failure.issues[0]!.message.startsWith("bad JSON: "))
    assert.deepStrictEqual(parseJson('{"a":[1]}'), Result.succeed({ a: [1] }))
  })

  it("decodeWithIssues refuses too-deep input before decoding, under `at`", () => {
    const decode = decodeWithIssues(Schema.Struct({ context: Schema.Unknown }), { at: ["detail"] })
    const r = decode({ context: JSON.parse(nestedArrays(5_000)) })
    if (Result.isSuccess(r)) return assert.fail("expected an issue")
    assert.strictEqual(r.failure.issues[0]!.path, `detail.context${deepPath(maxJsonDepth - 1)}`)
    assert.isTrue(Result.isSuccess(decode({ context: [[1]] })))
    assert.deepStrictEqual(jsonDepthIssue({ a: { b: 1 } }, { max: 1 }), {
      path: "a",
      message: "nested deeper than 1 levels of objects and arrays"
    })
  })

  it("stringifyJson writes what JSON.stringify writes, and values of any depth", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assert.strictEqual(stringifyJson(value), JSON.stringify(value))
      })
    )
    assert.strictEqual(
      stringifyJson({ a: undefined, b: [undefined], c: new Date(0) }),
      JSON.stringify({ a: undefined, b: [undefined], c: new Date(0) })
    )
    const text = nestedArrays(100_000)
    assert.strictEqual(stringifyJson(JSON.parse(text)), text)
  })
})
