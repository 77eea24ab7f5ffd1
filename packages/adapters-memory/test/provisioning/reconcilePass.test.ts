import { type Kernel, type Personalize as P, Provisioning, Workflow } from "@personalize-ops/core"
import { Clock, Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { layerMemoryEventStore, layerMemoryPersonalize, PersonalizeTwin, runInVirtualTime } from "../../src/index.ts"
import { mlOpsDeployment } from "./anchorDeployments.ts"

const services = Layer.mergeAll(layerMemoryPersonalize({ seed: 9 }), layerMemoryEventStore)
const run = <A, E>(program: Effect.Effect<A, E, P.Personalize | Kernel.EventStore | PersonalizeTwin>) =>
  Effect.runPromise(runInVirtualTime(program.pipe(Effect.provide(services))))

/** Runs passes as the state machine would: pass, then sleep what it asked (virtual time), until not waiting. */
const loop = (mode: Provisioning.ReconcileMode, deployment = mlOpsDeployment()) =>
  Effect.gen(function* () {
    let state = Workflow.initialLoopState
    let last: Provisioning.ReconcilePassResult | undefined
    const passStarts: Array<number> = []
    while (state.status === "start" || state.status === "waiting") {
      yield* Effect.sleep(`${state.waitSeconds} seconds`)
      const before = yield* Clock.currentTimeMillis
      last = yield* Provisioning.reconcilePass(deployment, mode, state.iteration)
      // A pass never waits for a resource: no virtual time passes inside it.
      expect(yield* Clock.currentTimeMillis).toBe(before)
      passStarts.push(before)
      state = Workflow.advanceLoop(state, last, yield* Clock.currentTimeMillis)
      if (state.iteration > 500) throw new Error("the loop does not converge")
    }
    return { state, last, passes: passStarts.length }
  })

describe("reconcile passes (the state machine's Reconcile task) on the twin", () => {
  it("apply passes build everything with waits between them; then the plan is empty; destroy passes tear it down", async () => {
    await run(
      Effect.gen(function* () {
        const applied = yield* loop("apply")
        expect(applied.state.status).toBe("done")
        expect(applied.passes).toBeGreaterThan(5)
        expect(applied.last?.resources.every((r) => r.state === "ready")).toBe(true)
        expect(applied.state.elapsedSeconds).toBeGreaterThan(3600)
        const plan = yield* Provisioning.planDeployment(mlOpsDeployment())
        expect(Provisioning.actions(plan)).toEqual([])
        expect(plan.steps.every((s) => s.action === "NoOp")).toBe(true)

        const destroyed = yield* loop("destroy")
        expect(destroyed.state.status).toBe("done")
        expect(yield* Effect.flatMap(PersonalizeTwin, (t) => t.inventory)).toEqual([])
      })
    )
  })

  it("an edited config is an update started by one pass and settled by a later one, without drift", async () => {
    await run(
      Effect.gen(function* () {
        expect((yield* loop("apply")).state.status).toBe("done")
        const base = mlOpsDeployment()
        const edited = {
          ...base,
          solutions: base.solutions.map((s, i) =>
            i === 0 ? { ...s, campaigns: s.campaigns.map((c) => ({ ...c, minProvisionedTPS: 5 })) } : s
          )
        }
        const updated = yield* loop("apply", edited)
        expect(updated.state.status).toBe("done")
        expect(updated.passes).toBeGreaterThan(1)
        const plan = yield* Provisioning.planDeployment(edited)
        expect(plan.steps.filter((s) => s.action !== "NoOp")).toEqual([])
      })
    )
  })
})
