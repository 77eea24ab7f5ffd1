import { Kernel, Personalize as P, Provisioning } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { layerMemoryEventStore, layerMemoryPersonalize, PersonalizeTwin, runInVirtualTime } from "../../src/index.ts"
import { mlOpsDeployment } from "./anchorDeployments.ts"

const noTokens: (typeof P.DescriptionTokens)["Service"] = { token: () => Effect.succeed(undefined) }

/** Applies, then updates a campaign and applies again; returns what the apply recorded and the calls made. */
const applyTwice = (tokens: boolean) =>
  Effect.runPromise(
    runInVirtualTime(
      Effect.gen(function* () {
        const deployment = mlOpsDeployment()
        const first = yield* Provisioning.applyDeployment(deployment)
        const more = {
          ...deployment,
          solutions: deployment.solutions.map((s, i) =>
            i === 0 ? { ...s, campaigns: s.campaigns.map((c) => ({ ...c, minProvisionedTPS: 4 })) } : s
          )
        }
        const second = yield* Provisioning.applyDeployment(more)
        const store = yield* Kernel.EventStore
        const events = yield* store.read(Provisioning.provisioningStream(deployment.datasetGroup.name))
        const twin = yield* PersonalizeTwin
        return { first, second, events, calls: twin.callCount() }
      }).pipe(
        tokens ? (e) => e : Effect.provideService(P.DescriptionTokens, noTokens),
        Effect.provide(Layer.mergeAll(layerMemoryPersonalize({ seed: 5 }), layerMemoryEventStore))
      )
    )
  )

describe("DescriptionTokens: apply's waits skip the polls the twin says are unchanged", () => {
  it("the same steps, times and events as polling every time, with far fewer calls", async () => {
    const polled = await applyTwice(false)
    const skipped = await applyTwice(true)
    expect(polled.first.ok && polled.second.ok).toBe(true)
    const shape = (r: typeof polled) => ({
      first: { steps: r.first.steps, startedAt: r.first.startedAt, finishedAt: r.first.finishedAt },
      second: { steps: r.second.steps, startedAt: r.second.startedAt, finishedAt: r.second.finishedAt },
      events: r.events.map((e) => [e.type, e.data, e.metadata])
    })
    expect(shape(skipped)).toEqual(shape(polled))
    // An update was waited for (its own status steps), and every StatusObserved is in both runs.
    expect(skipped.second.steps.some((s) => s.action === "Update" && s.outcome === "ready")).toBe(true)
    expect(skipped.events.filter((e) => e.type === "StatusObserved").length).toBeGreaterThan(10)
    expect(skipped.calls).toBeLessThan(polled.calls / 2)
  })

  it("a token stays while DescribeX would answer the same, and moves with a status step, an update or a delete", async () => {
    await Effect.runPromise(
      runInVirtualTime(
        Effect.gen(function* () {
          const personalize = yield* P.Personalize
          const { token } = yield* P.DescriptionTokens
          const arn = yield* personalize.create({ kind: "DatasetGroup", name: "tokens" })
          const pending = yield* token(arn)
          expect(pending).toBeTypeOf("number")
          expect(yield* token(arn)).toBe(pending)
          let status = (yield* personalize.describe("DatasetGroup", arn)).status
          let last = pending
          // Each status step gives a new token; between steps it stays.
          while (status !== "ACTIVE") {
            yield* Effect.sleep("1 second")
            const now = yield* token(arn)
            const described = (yield* personalize.describe("DatasetGroup", arn)).status
            if (described === status) expect(now).toBe(last)
            else expect(now).not.toBe(last)
            status = described
            last = now
          }
          yield* personalize.delete("DatasetGroup", arn)
          const deleting = yield* token(arn)
          expect(deleting).not.toBe(last)
          yield* Effect.sleep("1 day")
          expect(yield* token(arn)).toBeUndefined()
        }).pipe(Effect.provide(layerMemoryPersonalize({ seed: 1 })))
      )
    )
    // Without the twin (AWS) there are no tokens: every poll is a DescribeX.
    const arn = P.formatArn(P.defaultScope, "DatasetGroup", "tokens")
    const none = Effect.runSync(
      Effect.gen(function* () {
        const tokens = yield* P.DescriptionTokens
        return yield* tokens.token(arn)
      })
    )
    expect(none).toBeUndefined()
  })
})
