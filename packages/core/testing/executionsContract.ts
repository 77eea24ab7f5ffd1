// The contract every Executions adapter passes: memory directly, Step Functions through the real SDK
// against a local endpoint. A name starts one execution, however often it is asked.
import { assert, describe, it } from "@effect/vitest"
import type * as Workflow from "@personalize-ops/core/workflow"
import { Effect, type Scope } from "effect"

export type MakeExecutionsSubject = () => Effect.Effect<Workflow.Executions["Service"], never, Scope.Scope>

export const executionsContract = (name: string, make: MakeExecutionsSubject) =>
  describe(`Executions contract: ${name}`, () => {
    it.live("a name starts once: the repeat (same or other input) names the same execution and starts none", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const port = yield* make()
          const first = yield* port.start("train-shop-config-0123456789abcdef", '{"a":1}')
          assert.isTrue(first.started)
          assert.isTrue(first.executionArn.endsWith(":train-shop-config-0123456789abcdef"))
          const changed = yield* port.start("train-shop-config-0123456789abcdef", '{"a":2}')
          assert.isFalse(changed.started)
          assert.strictEqual(changed.executionArn, first.executionArn)
          const other = yield* port.start("train-shop-config-fedcba9876543210", '{"a":1}')
          assert.isTrue(other.started)
          assert.notStrictEqual(other.executionArn, first.executionArn)
        })
      )
    )
  })
