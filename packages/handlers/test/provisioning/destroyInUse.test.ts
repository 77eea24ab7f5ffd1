// destroy: a delete answered ResourceInUse (here: the dataset group still has an event tracker the config does
// not declare) is asked once a pass, the resource left waiting for the next pass; it is not retried within the
// pass (which would hold the pass, and a reconcile Lambda, for minutes). On both adapters: the in-memory twin on
// virtual time, and the AWS adapter (real SDK client) on the served twin.
import {
  layerMemoryEventStore,
  layerMemoryPersonalize,
  runInVirtualTime,
  startTwinServer
} from "@personalize-ops/adapters-memory"
import { Config, type Kernel, Personalize as P, Provisioning } from "@personalize-ops/core"
import { layerServedPersonalize } from "@personalize-ops/handlers/testing"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const decoded = Config.decodeConfig({ format: "personalize-ops/v1", datasetGroup: { name: "busy-shop" } })
if (!decoded.valid) throw new Error(JSON.stringify(decoded.issues))
const deployment = decoded.deployment

/** The Personalize port of `base`, every DeleteX it is asked recorded in `deletes`. */
const countingDeletes = (base: Layer.Layer<P.Personalize>, deletes: Array<string>) =>
  Layer.effect(
    P.Personalize,
    Effect.map(Effect.service(P.Personalize), (p) =>
      P.Personalize.of({
        ...p,
        delete: (kind, arn) =>
          Effect.andThen(
            Effect.sync(() => void deletes.push(kind)),
            p.delete(kind, arn)
          )
      })
    )
  ).pipe(Layer.provide(base))

const scenario = (deletes: Array<string>) =>
  Effect.gen(function* () {
    const applied = yield* Provisioning.applyDeployment(deployment)
    expect(applied.ok).toBe(true)
    const groupArn = applied.steps[0]?.arn as P.ResourceArn
    const personalize = yield* P.Personalize
    // Made outside the config: the group's delete is refused while it exists.
    const tracker = yield* personalize.create({
      kind: "EventTracker",
      name: "outside-tracker",
      datasetGroupArn: groupArn
    })
    const blocked = yield* Provisioning.destroyDeployment(deployment, { maxPasses: 2 })
    const groupDeletesWhileBlocked = deletes.filter((k) => k === "DatasetGroup").length
    // Once the tracker is ACTIVE (the twin refuses to delete it while it is being created).
    yield* Provisioning.withRetry(Provisioning.defaultRetryPolicy)(personalize.delete("EventTracker", tracker))
    const unblocked = yield* Provisioning.destroyDeployment(deployment)
    return { blocked, groupDeletesWhileBlocked, unblocked }
  })

const expectOneAskPerPass = ({
  blocked,
  groupDeletesWhileBlocked,
  unblocked
}: Effect.Success<ReturnType<typeof scenario>>) => {
  expect(blocked).toMatchObject({ ok: false, passes: 2, timedOut: "still waiting after 2 passes" })
  expect(blocked.nodes).toMatchObject([
    {
      kind: "DatasetGroup",
      state: "waiting",
      reason: "ResourceInUse: delete the dataset group's EventTracker resources first"
    }
  ])
  // One DeleteDatasetGroup a pass: ResourceInUse is not retried within a pass.
  expect(groupDeletesWhileBlocked).toBe(2)
  // The next destroy, the tracker gone, deletes the group.
  expect(unblocked).toMatchObject({ ok: true })
  expect(unblocked.nodes).toMatchObject([{ kind: "DatasetGroup", state: "gone" }])
}

type Services = P.Personalize | Kernel.EventStore

describe("destroy: a delete answered ResourceInUse is left to the next pass", () => {
  it("memory twin", async () => {
    const deletes: Array<string> = []
    const services: Layer.Layer<Services> = Layer.mergeAll(
      countingDeletes(layerMemoryPersonalize({ seed: 5 }), deletes),
      layerMemoryEventStore
    )
    expectOneAskPerPass(await Effect.runPromise(runInVirtualTime(scenario(deletes).pipe(Effect.provide(services)))))
  })

  describe("AWS adapter, SDK client against the served twin", () => {
    let twin: Awaited<ReturnType<typeof startTwinServer>>
    beforeAll(async () => {
      twin = await startTwinServer({ port: 0, speed: 200_000, seed: 5 })
    })
    afterAll(async () => {
      await twin?.close()
    })

    it("aws", async () => {
      const deletes: Array<string> = []
      const services: Layer.Layer<Services> = Layer.mergeAll(
        countingDeletes(layerServedPersonalize(twin.url), deletes),
        layerMemoryEventStore
      )
      expectOneAskPerPass(await Effect.runPromise(scenario(deletes).pipe(Effect.provide(services))))
    })
  })
})
