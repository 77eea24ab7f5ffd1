import { assert } from "@effect/vitest"
import { type Decider, fold } from "@personalize-ops/core/kernel"
import { Result } from "effect"

/** The assertions available once a command has been decided. */
export interface DeciderThen<E, S, Err> {
  /** Asserts the command produced exactly these events; returns the state after them. */
  readonly then: (expected: ReadonlyArray<E>) => S
  /** Asserts the command was accepted but produced no events (an idempotent repeat, say). */
  readonly thenNothing: () => S
  /** Asserts the command was rejected with this error (same class and fields) or one the predicate accepts. */
  readonly thenError: (expected: Err | ((error: Err) => boolean)) => Err
  /** The raw outcome, for assertions the helpers above do not cover. */
  readonly result: Result.Result<ReadonlyArray<E>, Err>
}

const describeResult = (result: Result.Result<unknown, unknown>) =>
  Result.isSuccess(result) ? `events ${JSON.stringify(result.success)}` : `error ${String(result.failure)}`

const sameError = (actual: unknown, expected: unknown) =>
  typeof actual === "object" && actual !== null && typeof expected === "object" && expected !== null
    ? actual.constructor === expected.constructor && JSON.stringify({ ...actual }) === JSON.stringify({ ...expected })
    : actual === expected

/**
 * Given/when/then for a decider, in the style of a specification:
 * `deciderSpec(job).given([submitted]).when(start).then([started])` or `.thenError(new IllegalTransition(...))`.
 * Pure: folds the given events, calls `decide`, compares with vitest's assert.
 */
export const deciderSpec = <C, E, S, Err>(decider: Decider<C, E, S, Err>) => ({
  given: (events: ReadonlyArray<E>) => ({
    when: (command: C): DeciderThen<E, S, Err> => {
      const state = fold(decider, events)
      const result = decider.decide(command, state)
      const then = (expected: ReadonlyArray<E>): S => {
        if (Result.isFailure(result)) assert.fail(`expected ${JSON.stringify(expected)}, got ${describeResult(result)}`)
        assert.deepStrictEqual(result.success, expected)
        return result.success.reduce(decider.evolve, state)
      }
      return {
        result,
        then,
        thenNothing: () => then([]),
        thenError: (expected) => {
          if (Result.isSuccess(result)) assert.fail(`expected an error, got ${describeResult(result)}`)
          const error = result.failure
          if (typeof expected === "function") {
            assert.isTrue((expected as (e: Err) => boolean)(error), `error ${String(error)} does not match`)
          } else {
            assert.isTrue(sameError(error, expected), `expected error ${String(expected)}, got ${String(error)}`)
          }
          return error
        }
      }
    }
  })
})
