import { type Kernel, type Personalize as P, Provisioning } from "@personalize-ops/core"
import { Effect, Fiber, Layer } from "effect"
import { describe, expect, it } from "vitest"
import {
  layerMemoryEventStore,
  layerMemoryPersonalize,
  type PersonalizeTwin,
  runInVirtualTime
} from "../../src/index.ts"
import { mlOpsDeployment } from "./anchorDeployments.ts"

const services = Layer.mergeAll(layerMemoryPersonalize({ seed: 5 }), layerMemoryEventStore)
const run = <A, E>(program: Effect.Effect<A, E, P.Personalize | Kernel.EventStore | PersonalizeTwin>) =>
  Effect.runPromise(runInVirtualTime(program.pipe(Effect.provide(services))))

/** Everything of every kind the twin still lists, as `Kind name`. */
const inventory = Effect.gen(function* () {
  const out: Array<string> = []
  for (const kind of ["DatasetGroup", "Schema"] as const)
    for (const d of yield* Provisioning.listAll(kind)) out.push(`${d.kind} ${d.name}`)
  return out
})

describe("destroy on the twin", () => {
  it("deletes what apply made, children first, leaves nothing, and a second destroy is a no-op", async () => {
    const deployment = mlOpsDeployment()
    await run(
      Effect.gen(function* () {
        expect((yield* Provisioning.applyDeployment(deployment)).ok).toBe(true)
        expect((yield* inventory).length).toBeGreaterThan(0)
        const destroyed = yield* Provisioning.destroyDeployment(deployment)
        expect(destroyed.nodes.filter((n) => n.state !== "gone")).toEqual([])
        expect(destroyed.ok).toBe(true)
        expect(destroyed.passes).toBeGreaterThan(1)
        expect(yield* inventory).toEqual([])
        // The ledger forgot them: the next plan creates everything again.
        const plan = yield* Provisioning.planDeployment(deployment)
        expect(plan.steps.every((s) => s.action === "Create")).toBe(true)
        const again = yield* Provisioning.destroyDeployment(deployment)
        expect(again).toMatchObject({ ok: true, passes: 1 })
      })
    )
  })

  it("destroys while training is still running (stops the version first)", async () => {
    const deployment = mlOpsDeployment()
    await run(
      Effect.gen(function* () {
        const applying = yield* Effect.forkChild(Provisioning.applyDeployment(deployment))
        yield* Effect.sleep("2 hours")
        yield* Fiber.interrupt(applying)
        const training = yield* Effect.forEach(yield* Provisioning.listAll("DatasetGroup"), (g) =>
          Effect.flatMap(Provisioning.listAll("Solution", g.arn), (ss) =>
            Effect.forEach(ss, (s) => Provisioning.listAll("SolutionVersion", s.arn))
          )
        )
        expect(training.flat(2).some((v) => v.status === "CREATE_IN_PROGRESS")).toBe(true)
        const destroyed = yield* Provisioning.destroyDeployment(deployment)
        expect(destroyed.nodes.filter((n) => n.state !== "gone")).toEqual([])
        expect(yield* inventory).toEqual([])
      })
    )
  })
})
