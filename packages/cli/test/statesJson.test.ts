// `workflow run --local` hands aws-local-stepfunctions each task's output as JSON, decoded with Schema by
// the one outside-input decoder: what Step Functions could not carry is a typed error naming where.
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { statesJson } from "../src/provisioning/statesJson.ts"

const failure = (value: unknown) => {
  const r = statesJson("Reconcile", value)
  if (Result.isSuccess(r)) throw new Error(`expected a failure, got ${JSON.stringify(r.success)}`)
  return r.failure
}

describe("a task's output as Step Functions carries it", () => {
  it("is its JSON read back: undefined keys dropped, dates as text", () => {
    const at = new Date("2026-11-27T00:00:00Z")
    expect(statesJson("Reconcile", { status: "done", arn: undefined, at, resources: [{ n: 1 }] })).toEqual(
      Result.succeed({ status: "done", at: "2026-11-27T00:00:00.000Z", resources: [{ n: 1 }] })
    )
  })

  it("nested deeper than outside input may be (64 levels): StatesPayloadInvalid naming the field", () => {
    let deep: unknown = "leaf"
    for (let i = 0; i < 80; i++) deep = { a: deep }
    const error = failure({ status: "waiting", resources: [{ attributes: deep }] })
    expect(error._tag).toBe("StatesPayloadInvalid")
    expect(error.task).toBe("Reconcile")
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]?.path).toMatch(/^resources\[0\]\.attributes(\.a)+$/)
    expect(error.issues[0]?.message).toContain("nested deeper than 64")
    expect(error.message).toContain(
      `Reconcile: its output is not a state Step Functions can carry: ${error.issues[0]?.path}`
    )
  })

  it("no JSON at all (undefined, a cycle, a BigInt): StatesPayloadInvalid at the root, saying why", () => {
    expect(failure(undefined).issues).toEqual([{ path: "", message: "no JSON for undefined" }])
    const cycle: Record<string, unknown> = { status: "done" }
    cycle["self"] = cycle
    expect(failure(cycle).issues[0]?.message).toMatch(/circular/i)
    expect(failure({ iteration: 1n }).issues[0]?.message).toMatch(/BigInt/)
  })
})
