import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Personalize as P, Provisioning } from "@personalize-ops/core"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import {
  layerMemoryEventStore,
  makePersonalizeTwin,
  PersonalizeTwin,
  runInVirtualTime,
  runWithLocalState
} from "../../src/index.ts"
import { mlOpsDeployment } from "../provisioning/anchorDeployments.ts"

const dir = mkdtempSync(join(tmpdir(), "local-state-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const inventory = Effect.flatMap(PersonalizeTwin, (twin) => twin.inventory)

describe("the memory target's state file", () => {
  it("apply in one run, plan in the next shows nothing to do; destroy leaves nothing; plan then creates again", async () => {
    const path = join(dir, "a", "state.db")
    const deployment = mlOpsDeployment()
    const applied = await Effect.runPromise(runWithLocalState(path, Provisioning.applyDeployment(deployment)))
    expect(applied.ok).toBe(true)

    const second = await Effect.runPromise(
      runWithLocalState(
        path,
        Effect.all({
          plan: Provisioning.planDeployment(deployment),
          resources: inventory,
          now: Effect.clockWith((c) => c.currentTimeMillis)
        })
      )
    )
    expect(Provisioning.actions(second.plan)).toEqual([])
    expect(second.plan.steps.every((s) => s.action === "NoOp")).toBe(true)
    expect(second.resources.length).toBe(applied.steps.length)
    // The clock carried on from the first run: nothing went back in time.
    expect(second.now).toBeGreaterThanOrEqual(applied.finishedAt)

    const destroyed = await Effect.runPromise(runWithLocalState(path, Provisioning.destroyDeployment(deployment)))
    expect(destroyed.ok).toBe(true)
    const after = await Effect.runPromise(
      runWithLocalState(path, Effect.all({ plan: Provisioning.planDeployment(deployment), resources: inventory }))
    )
    expect(after.resources).toEqual([])
    expect(after.plan.steps.every((s) => s.action === "Create")).toBe(true)
  })

  it("a twin restored from a snapshot describes the same resources and keeps its counters", async () => {
    const deployment = mlOpsDeployment()
    const first = await Effect.runPromise(
      runInVirtualTime(
        Effect.gen(function* () {
          const twin = yield* makePersonalizeTwin({ seed: 4 })
          const applied = yield* Provisioning.applyDeployment(deployment).pipe(
            Effect.provideService(P.Personalize, twin.personalize),
            Effect.provide(layerMemoryEventStore)
          )
          const creates = P.ResourceKinds.map((k) => twin.inspector.createCount(k))
          return {
            applied,
            creates,
            snapshot: yield* twin.inspector.snapshot,
            resources: yield* twin.inspector.inventory
          }
        })
      )
    )
    expect(first.applied.ok).toBe(true)
    const restored = await Effect.runPromise(
      runInVirtualTime(
        Effect.gen(function* () {
          const twin = yield* makePersonalizeTwin({ seed: 4, restore: first.snapshot })
          const creates = P.ResourceKinds.map((k) => twin.inspector.createCount(k))
          return { resources: yield* twin.inspector.inventory, creates }
        }),
        1,
        first.snapshot.at
      )
    )
    expect(restored.resources).toEqual(first.resources)
    expect(restored.creates).toEqual(first.creates)
    expect(first.creates.some((n) => n > 0)).toBe(true)
  })
})
