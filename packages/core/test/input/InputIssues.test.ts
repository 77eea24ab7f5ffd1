import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { decodeWithIssues, formatInputPath, showInputIssues } from "../../src/input/index.ts"

const Doc = Schema.Struct({
  name: Schema.String,
  items: Schema.Array(Schema.Struct({ id: Schema.Number, "detail-type": Schema.optionalKey(Schema.String) }))
})

describe("formatInputPath", () => {
  it("writes paths the way a person does", () => {
    assert.strictEqual(formatInputPath([]), "")
    assert.strictEqual(formatInputPath(["solutions", 2, "campaigns", 0, "name"]), "solutions[2].campaigns[0].name")
    assert.strictEqual(formatInputPath([3, "region"]), "[3].region")
    assert.strictEqual(formatInputPath(["detail-type"]), "detail-type")
    assert.strictEqual(formatInputPath(["properties", "a b", "c.d"]), 'properties["a b"]["c.d"]')
  })
})

describe("decodeWithIssues", () => {
  it("returns the value when it decodes", () => {
    const r = decodeWithIssues(Doc)({ name: "n", items: [] })
    assert.deepStrictEqual(r, Result.succeed({ name: "n", items: [] }))
  })

  it("reports every issue with its path, under `at`", () => {
    const r = decodeWithIssues(Doc, { at: ["detail"] })({ name: 1, items: [{ id: 1 }, { id: "x", "detail-type": 2 }] })
    if (Result.isSuccess(r)) return assert.fail("expected issues")
    assert.deepStrictEqual(
      r.failure.issues.map((i) => i.path),
      ["detail.name", "detail.items[1].id", "detail.items[1].detail-type"]
    )
    assert.match(showInputIssues(r.failure.issues), /^detail\.name: Expected string/)
  })

  it("stops at the first issue and can refuse unknown keys", () => {
    const first = decodeWithIssues(Doc, { errors: "first" })({ name: 1, items: "no" })
    assert.strictEqual(Result.isFailure(first) ? first.failure.issues.length : 0, 1)
    const strict = decodeWithIssues(Doc, { onExcessProperty: "error" })({ name: "n", items: [], extra: 1 })
    assert.deepStrictEqual(Result.isFailure(strict) ? strict.failure.issues.map((i) => i.path) : [], ["extra"])
    assert.strictEqual(showInputIssues([{ path: "", message: "Expected object" }]), "(root): Expected object")
  })
})
