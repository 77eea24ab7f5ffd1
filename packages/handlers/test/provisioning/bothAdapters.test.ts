// Provisioning on both adapters: the in-memory twin on virtual time, and the AWS adapter (real SDK client) on the
// served twin. (1) A step that fails after its own create (here: still in progress past its wait's timeout) names
// the resource it created, by ARN, in its step report and its failure, as the ResourceFailed event does.
// (2) destroy: a delete answered ResourceInUse (the dataset group still has an event tracker the config does not
// declare) is asked once a pass, the resource left waiting for the next pass; it is not retried within the pass
// (which would hold the pass, and a reconcile Lambda, for minutes).
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

/** A config of one dataset group. */
const groupOnly = (name: string) => {
  const decoded = Config.decodeConfig({ format: "personalize-ops/v1", datasetGroup: { name } })
  if (!decoded.valid) throw new Error(JSON.stringify(decoded.issues))
  return decoded.deployment
}

// The served twins: at a hundredth of real speed a dataset group stays CREATE_PENDING for over an hour of wall
// time; at 200,000x every wait ends by the first poll.
let slow: Awaited<ReturnType<typeof startTwinServer>>
let fast: Awaited<ReturnType<typeof startTwinServer>>
beforeAll(async () => {
  slow = await startTwinServer({ port: 0, speed: 0.01, seed: 5 })
  fast = await startTwinServer({ port: 0, speed: 200_000, seed: 5 })
})
afterAll(async () => {
  await slow?.close()
  await fast?.close()
})

type Run = <A, E>(
  effect: Effect.Effect<A, E, P.Personalize | Kernel.EventStore>,
  personalize: (base: Layer.Layer<P.Personalize>) => Layer.Layer<P.Personalize>
) => Promise<A>

/** Runs a program on each adapter (`wrap` decorates its Personalize port); `served` picks the served twin. */
const adapters = (served: () => string): ReadonlyArray<readonly [string, Run]> => [
  [
    "memory twin",
    (effect, wrap) =>
      Effect.runPromise(
        runInVirtualTime(
          effect.pipe(Effect.provide(Layer.mergeAll(wrap(layerMemoryPersonalize({ seed: 5 })), layerMemoryEventStore)))
        )
      )
  ],
  [
    "AWS adapter, SDK client against the served twin",
    (effect, wrap) =>
      Effect.runPromise(
        effect.pipe(Effect.provide(Layer.mergeAll(wrap(layerServedPersonalize(served())), layerMemoryEventStore)))
      )
  ]
]

const failing = groupOnly("failing-shop")

/** The group is still CREATE_PENDING when a wait of a tenth of a second gives up (a group takes 45-75 s). */
const applyTimingOut = Effect.gen(function* () {
  const result = yield* Provisioning.applyDeployment(failing, {
    waitPolicies: { DatasetGroup: { initialSeconds: 0.1, maxIntervalSeconds: 0.1, timeoutSeconds: 0.1 } }
  })
  const events = yield* (yield* Kernel.EventStore).read(Provisioning.provisioningStream("failing-shop"))
  const groups = (yield* (yield* P.Personalize).list({ kind: "DatasetGroup" })).items
  return { result, events: events.map((e) => e.data as { readonly _tag: string }), groups }
})

describe.each(adapters(() => slow.url))("a step that fails after its own create names its ARN: %s", (_, run) => {
  it("in the step report, the failure and the ResourceFailed event", async () => {
    const { result, events, groups } = await run(applyTimingOut, (base) => base)
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
  })
})

const busy = groupOnly("busy-shop")

/** The Personalize port of `base`, every DeleteX it is asked recorded in `deletes`. */
const countingDeletes = (deletes: Array<string>) => (base: Layer.Layer<P.Personalize>) =>
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

const destroyWhileBusy = (deletes: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const applied = yield* Provisioning.applyDeployment(busy)
    expect(applied.ok).toBe(true)
    const groupArn = applied.steps[0]?.arn as P.ResourceArn
    const personalize = yield* P.Personalize
    // Made outside the config: the group's delete is refused while it exists.
    const tracker = yield* personalize.create({
      kind: "EventTracker",
      name: "outside-tracker",
      datasetGroupArn: groupArn
    })
    const blocked = yield* Provisioning.destroyDeployment(busy, { maxPasses: 2 })
    const groupDeletesWhileBlocked = deletes.filter((k) => k === "DatasetGroup").length
    // Once the tracker is ACTIVE (the twin refuses to delete it while it is being created).
    yield* Provisioning.withRetry(Provisioning.defaultRetryPolicy)(personalize.delete("EventTracker", tracker))
    const unblocked = yield* Provisioning.destroyDeployment(busy)
    return { blocked, groupDeletesWhileBlocked, unblocked }
  })

describe.each(adapters(() => fast.url))(
  "destroy: a delete answered ResourceInUse waits for the next pass: %s",
  (_, run) => {
    it("one DeleteX a pass, the reason kept; the next destroy deletes it once nothing uses it", async () => {
      const deletes: Array<string> = []
      const { blocked, groupDeletesWhileBlocked, unblocked } = await run(
        destroyWhileBusy(deletes),
        countingDeletes(deletes)
      )
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
      expect(unblocked).toMatchObject({ ok: true })
      expect(unblocked.nodes).toMatchObject([{ kind: "DatasetGroup", state: "gone" }])
    })
  }
)
