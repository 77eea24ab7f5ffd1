import { assert, describe, it } from "@effect/vitest"
import { deciderSpec } from "../../testing/index.ts"
import { counter, LimitExceeded } from "./counter.ts"

const spec = deciderSpec(counter)

describe("deciderSpec (given / when / then)", () => {
  it("then: the command's events, returning the state after them", () => {
    const state = spec
      .given([{ _tag: "Incremented", by: 2 }])
      .when({ _tag: "Increment", by: 3 })
      .then([{ _tag: "Incremented", by: 3 }])
    assert.strictEqual(state, 5)
  })

  it("thenNothing: accepted without events", () => {
    assert.strictEqual(spec.given([]).when({ _tag: "Reset" }).thenNothing(), 0)
  })

  it("thenError: by value or by predicate", () => {
    const given = spec.given([{ _tag: "Incremented", by: 9 }])
    given.when({ _tag: "Increment", by: 2 }).thenError(new LimitExceeded({ current: 9, by: 2, max: 10 }))
    given.when({ _tag: "Increment", by: 5 }).thenError((e) => e.current === 9)
  })

  it("fails the test when the outcome differs", () => {
    const when = spec.given([]).when({ _tag: "Increment", by: 1 })
    assert.throws(() => when.then([{ _tag: "Incremented", by: 2 }]))
    assert.throws(() => when.thenError(new LimitExceeded({ current: 0, by: 1, max: 10 })))
    assert.throws(() => when.thenNothing())
    const rejected = spec.given([{ _tag: "Incremented", by: 10 }]).when({ _tag: "Increment", by: 1 })
    assert.throws(() => rejected.then([]))
    assert.throws(() => rejected.thenError(new LimitExceeded({ current: 0, by: 1, max: 10 })), /expected error/)
  })
})
