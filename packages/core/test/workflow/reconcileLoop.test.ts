// @ts-expect-error asl-validator ships no types
import aslValidator from "asl-validator"
import { describe, expect, it } from "vitest"
import { advanceLoop, initialLoopState, loopStates, reconcileLoopDefinition } from "../../src/workflow/index.ts"

const definition = reconcileLoopDefinition({
  comment: "test loop",
  reconcileResource: "arn:aws:lambda:us-east-1:123456789012:function:reconcile",
  notifyResource: "arn:aws:lambda:us-east-1:123456789012:function:notify",
  maxIterations: 50,
  maxSeconds: 86_400
})

describe("the reconcile loop's ASL", () => {
  it("is valid Amazon States Language", () => {
    const { isValid, errorsText } = aslValidator(definition)
    expect(errorsText("\n")).toBe("")
    expect(isValid).toBe(true)
  })

  it("loops Reconcile → Decide → Wait → Reconcile, the wait read from the state, and ends in a notification", () => {
    const states = definition.States
    expect(definition.StartAt).toBe(loopStates.reconcile)
    expect(states[loopStates.reconcile]).toMatchObject({ Type: "Task", Next: loopStates.decide })
    expect(states[loopStates.wait]).toEqual(
      expect.objectContaining({ Type: "Wait", SecondsPath: "$.waitSeconds", Next: loopStates.reconcile })
    )
    const decide = states[loopStates.decide]
    if (decide?.Type !== "Choice") throw new Error("Decide is not a Choice")
    expect(decide.Default).toBe(loopStates.wait)
    expect(decide.Choices.map((c) => c.Next)).toEqual([
      loopStates.notifySucceeded,
      loopStates.notifyFailed,
      loopStates.outOfBounds,
      loopStates.outOfBounds
    ])
    expect(decide.Choices[2]).toMatchObject({ Variable: "$.iteration", NumericGreaterThanEquals: 50 })
    expect(decide.Choices[3]).toMatchObject({ Variable: "$.elapsedSeconds", NumericGreaterThanEquals: 86_400 })
  })

  it("a definition that breaks the language is caught by the same check", () => {
    const broken = {
      ...definition,
      States: { ...definition.States, [loopStates.wait]: { Type: "Wait", Next: "Nowhere" } }
    }
    expect(aslValidator(broken).isValid).toBe(false)
  })
})

describe("the loop state", () => {
  it("counts passes, measures time from the first pass, and asks at least a second of waiting", () => {
    const first = advanceLoop(initialLoopState, { status: "waiting", waitSeconds: 0.2 }, 10_000)
    expect(first).toEqual({ status: "waiting", iteration: 1, waitSeconds: 1, startedAt: 10_000, elapsedSeconds: 0 })
    const second = advanceLoop(first, { status: "failed", waitSeconds: 30, cause: "Campaign c: CREATE FAILED" }, 70_000)
    expect(second).toMatchObject({
      status: "failed",
      iteration: 2,
      waitSeconds: 0,
      elapsedSeconds: 60,
      cause: "Campaign c: CREATE FAILED"
    })
  })
})
