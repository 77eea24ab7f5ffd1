// A provisioning step that fails after its own create (here: still in progress past its wait's timeout) names
// the resource it created, by ARN, in its step report and its failure, as the ResourceFailed event does. On
// both adapters: the in-memory twin on virtual time, and the AWS adapter (real SDK client) on the served twin.
import {
  layerMemoryEventStore,
  layerMemoryPersonalize,
  runInVirtualTime,
  startTwinServer
} from "@personalize-ops/adapters-memory"
import { Config, Kernel, Personalize as P, Provisioning } from "@personalize-ops/core"
import { layerServedPersonalize } from "@personalize-ops/handlers/testing"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const decoded = Config.decodeConfig({ format: "personalize-ops/v1", datasetGroup: { name: "failing-shop" } })
if (!decoded.valid) throw new Error(JSON.stringify(decoded.issues))
const deployment = decoded.deployment

/** The group is still CREATE_PENDING when a wait of a tenth of a second gives up (a group takes 45-75 s). */
const applyTimingOut = Effect.gen(function* () {
  const result = yield* Provisioning.applyDeployment(deployment, {
    waitPolicies: { DatasetGroup: { initialSeconds: 0.1, maxIntervalSeconds: 0.1, timeoutSeconds: 0.1 } }
  })
  const events = yield* (yield* Kernel.EventStore).read(Provisioning.provisioningStream("failing-shop"))
  const groups = (yield* (yield* P.Personalize).list({ kind: "DatasetGroup" })).items
  return { result, events: events.map((e) => e.data as { readonly _tag: string }), groups }
})

const expectArnNamed = ({ result, events, groups }: Effect.Success<typeof applyTimingOut>) => {
  const group = groups.find((g) => g.name === "failing-shop")
  expect(group?.arn).toMatch(/:dataset-group\/failing-shop$/)
  expect(result.ok).toBe(false)
  expect(result.steps.map((s) => [s.key, s.outcome, s.arn, s.status])).toEqual([
    ["DatasetGroup:failing-shop", "failed", group?.arn, "CREATE_PENDING"]
  ])
  expect(result.failures).toEqual([
    {
      key: "DatasetGroup:failing-shop",
      kind: "DatasetGroup",
      name: "failing-shop",
      arn: group?.arn,
      cause: "still CREATE_PENDING after 0.1 s; raise waitPolicies.DatasetGroup.timeoutSeconds to wait longer",
      dependents: []
    }
  ])
  expect(events.find((e) => e._tag === "ResourceFailed")).toMatchObject({ arn: group?.arn })
}

describe("a step that fails after its own create names the resource by its ARN", () => {
  it("memory twin", async () => {
    const services = Layer.mergeAll(layerMemoryPersonalize({ seed: 5 }), layerMemoryEventStore)
    expectArnNamed(await Effect.runPromise(runInVirtualTime(applyTimingOut.pipe(Effect.provide(services)))))
  })

  describe("AWS adapter, SDK client against the served twin", () => {
    // A hundredth of real speed: the group stays CREATE_PENDING for over an hour of wall time.
    let twin: Awaited<ReturnType<typeof startTwinServer>>
    beforeAll(async () => {
      twin = await startTwinServer({ port: 0, speed: 0.01, seed: 5 })
    })
    afterAll(async () => {
      await twin?.close()
    })

    it("aws", async () => {
      const services = Layer.mergeAll(layerServedPersonalize(twin.url), layerMemoryEventStore)
      expectArnNamed(await Effect.runPromise(applyTimingOut.pipe(Effect.provide(services))))
    })
  })
})
