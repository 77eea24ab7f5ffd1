import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { decodeConfig } from "../../src/config/decodeConfig.ts"
import { EventStore } from "../../src/kernel/EventStore.ts"
import {
  InvalidInput,
  type PersonalizeError,
  ResourceInUse,
  ResourceNotFound,
  Throttled
} from "../../src/personalize/errors.ts"
import { Personalize } from "../../src/personalize/Personalize.ts"
import { applyDeployment } from "../../src/provisioning/apply.ts"
import { type DestroyOptions, destroyDeployment } from "../../src/provisioning/destroy.ts"
import { provisioningStream } from "../../src/provisioning/ledger.ts"
import { type ReconcilePassResult, reconcilePass } from "../../src/provisioning/reconcilePass.ts"
import { makeFakeEventStore } from "../kernel/fakeEventStore.ts"
import { shopConfig } from "../workflow/shopConfig.ts"
import { type FakeScript, makeFakePersonalize } from "./fakePersonalize.ts"

const decoded = decodeConfig(shopConfig)
if (!decoded.valid) throw new Error(JSON.stringify(decoded.issues))
const shop = decoded.deployment

/** The shop deployment applied (everything ACTIVE, the ledger written), ready to be torn down. */
const applied = (script: FakeScript = {}) =>
  Effect.gen(function* () {
    const fake = makeFakePersonalize(script)
    const store = makeFakeEventStore()
    // Forked, the clock run forward until it ends: call retries sleep on the TestClock.
    const run = <A, E>(e: Effect.Effect<A, E, Personalize | EventStore>) =>
      Effect.gen(function* () {
        const fiber = yield* e.pipe(
          Effect.provideService(Personalize, fake.service),
          Effect.provideService(EventStore, store.store),
          Effect.forkChild
        )
        for (let i = 0; i < 1000 && fiber.pollUnsafe() === undefined; i++) yield* TestClock.adjust("1 minute")
        return yield* Fiber.join(fiber)
      })
    const result = yield* run(applyDeployment(shop, { noWait: true }))
    expect(result.ok).toBe(true)
    const stream = provisioningStream("shop")
    const appliedEvents = (yield* store.store.read(stream)).length
    const eventsSince = Effect.map(store.store.read(stream), (all) =>
      all.slice(appliedEvents).map((e) => e.data as { _tag: string } & Record<string, unknown>)
    )
    return { fake, store, run, eventsSince }
  })

const rows = (pass: ReconcilePassResult) =>
  pass.resources.map(
    (r) => `${r.kind} ${r.state}${r.reason === undefined ? "" : ` (${r.reason})`}${r.arn ? " arn" : ""}`
  )

describe("destroy passes (reconcilePass in destroy mode)", () => {
  it.effect("delete children before parents, one layer a pass; a delete in progress is waited for", () =>
    Effect.gen(function* () {
      const { fake, run, eventsSince } = yield* applied({ deleteStatus: "DELETE_PENDING" })
      const passes: Array<ReconcilePassResult> = []
      for (let i = 0; i < 10; i++) {
        const pass = yield* run(reconcilePass(shop, "destroy", i))
        passes.push(pass)
        // The campaign's delete takes one pass longer than the others.
        if (i !== 0) fake.finishDeletes()
        if (pass.status !== "waiting") break
      }
      expect(passes.map(rows)).toEqual([
        [
          "DatasetGroup waiting (waits for Dataset:shop-interactions, Solution:up) arn",
          "Schema waiting (waits for Dataset:shop-interactions) arn",
          "Dataset waiting (waits for Solution:up) arn",
          "Solution waiting (waits for SolutionVersion:up) arn",
          "SolutionVersion waiting (waits for Campaign:up-campaign) arn",
          "Campaign waiting (delete requested) arn"
        ],
        [
          "DatasetGroup waiting (waits for Dataset:shop-interactions, Solution:up) arn",
          "Schema waiting (waits for Dataset:shop-interactions) arn",
          "Dataset waiting (waits for Solution:up) arn",
          "Solution waiting (waits for SolutionVersion:up) arn",
          "SolutionVersion waiting (waits for Campaign:up-campaign) arn",
          "Campaign waiting (status DELETE_PENDING) arn"
        ],
        [
          "DatasetGroup waiting (waits for Dataset:shop-interactions, Solution:up) arn",
          "Schema waiting (waits for Dataset:shop-interactions) arn",
          "Dataset waiting (waits for Solution:up) arn",
          "Solution waiting (delete requested) arn",
          "SolutionVersion gone arn",
          "Campaign gone"
        ],
        [
          "DatasetGroup waiting (waits for Dataset:shop-interactions) arn",
          "Schema waiting (waits for Dataset:shop-interactions) arn",
          "Dataset waiting (delete requested) arn",
          "Solution gone",
          "SolutionVersion gone",
          "Campaign gone"
        ],
        [
          "DatasetGroup waiting (delete requested) arn",
          "Schema waiting (delete requested) arn",
          "Dataset gone",
          "Solution gone",
          "SolutionVersion gone",
          "Campaign gone"
        ],
        ["DatasetGroup gone", "Schema gone", "Dataset gone", "Solution gone", "SolutionVersion gone", "Campaign gone"]
      ])
      expect(passes.map((p) => p.status)).toEqual(["waiting", "waiting", "waiting", "waiting", "waiting", "done"])
      // The pass's own wait (5 s: the shortest kind waiting) bounded by 2^iteration; none once done.
      expect(passes.map((p) => p.waitSeconds)).toEqual([1, 2, 4, 5, 5, 0])
      expect(passes.every((p) => p.failures.length === 0)).toBe(true)
      const events = yield* eventsSince
      expect(events.filter((e) => e._tag === "DeleteRequested").map((e) => e.key)).toEqual([
        "Campaign:up-campaign",
        "Solution:up",
        "Dataset:shop-interactions",
        "Schema:shop-interactions-schema",
        "DatasetGroup:shop"
      ])
      // Each resource the tool made is recorded deleted once, with the ARN its ledger had.
      const deleted = events.filter((e) => e._tag === "ResourceDeleted")
      expect(deleted.map((e) => e.key).sort()).toEqual(
        [
          "Campaign:up-campaign",
          "Dataset:shop-interactions",
          "DatasetGroup:shop",
          "Schema:shop-interactions-schema",
          "Solution:up",
          "SolutionVersion:up"
        ].sort()
      )
      expect(deleted.find((e) => e.key === "Campaign:up-campaign")?.arn).toBe(
        "arn:aws:personalize:us-east-1:000000000000:campaign/up-campaign"
      )
      const again = yield* run(reconcilePass(shop, "destroy", 7))
      expect(again.status).toBe("done")
      expect(again.resources.every((r) => r.state === "gone")).toBe(true)
    })
  )

  it.effect.each([
    [
      "ResourceInUse: left for the next pass",
      new ResourceInUse({ kind: "Campaign", arn: "", message: "busy" }),
      "waiting",
      "Campaign waiting (ResourceInUse: busy) arn"
    ],
    [
      "ResourceNotFound: already gone",
      new ResourceNotFound({ kind: "Campaign", arn: "", message: "no such campaign" }),
      "waiting",
      "Campaign gone arn"
    ],
    [
      "any other error: failed, with AWS's answer",
      new InvalidInput({ kind: "Campaign", field: "campaignArn", message: "bad arn" }),
      "failed",
      "Campaign failed (InvalidInput: bad arn) arn"
    ]
  ] as ReadonlyArray<readonly [string, PersonalizeError, string, string]>)(
    "a delete answered %s",
    ([, error, status, row]) =>
      Effect.gen(function* () {
        const { run } = yield* applied({ failDelete: (kind) => (kind === "Campaign" ? error : undefined) })
        const pass = yield* run(reconcilePass(shop, "destroy", 0))
        expect(pass.status).toBe(status)
        expect(rows(pass).at(-1)).toBe(row)
        expect(pass.failures).toEqual(
          status === "failed"
            ? [{ kind: "Campaign", name: "up-campaign", cause: "InvalidInput: bad arn", dependents: [] }]
            : []
        )
        expect(pass.waitSeconds).toBe(status === "waiting" ? 1 : 0)
      })
  )

  it.effect("a delete answered ResourceInUse is asked once a pass, not retried within it; throttling is", () =>
    Effect.gen(function* () {
      const busy = yield* applied({
        failDelete: (kind) => (kind === "Campaign" ? new ResourceInUse({ kind, arn: "", message: "busy" }) : undefined)
      })
      const deletes = (calls: ReadonlyArray<string>) => calls.filter((c) => c === "Delete Campaign:up-campaign").length
      const before = deletes(busy.fake.calls)
      const first = yield* busy.run(reconcilePass(shop, "destroy", 0))
      expect(rows(first).at(-1)).toBe("Campaign waiting (ResourceInUse: busy) arn")
      expect(deletes(busy.fake.calls) - before).toBe(1)
      yield* busy.run(reconcilePass(shop, "destroy", 1))
      expect(deletes(busy.fake.calls) - before).toBe(2)

      let throttles = 2
      const throttled = yield* applied({
        failDelete: (kind) =>
          kind === "Campaign" && throttles-- > 0
            ? new Throttled({ operation: "DeleteCampaign", message: "rate exceeded" })
            : undefined
      })
      const start = deletes(throttled.fake.calls)
      const pass = yield* throttled.run(reconcilePass(shop, "destroy", 0))
      expect(rows(pass).at(-1)).toBe("Campaign waiting (delete requested) arn")
      expect(deletes(throttled.fake.calls) - start).toBe(3)
    })
  )

  it.effect("a version still training is stopped (once) and waited for; its campaign goes first", () =>
    Effect.gen(function* () {
      const { fake, run } = yield* applied()
      const version = [...fake.resources.values()].find((r) => r.kind === "SolutionVersion")!
      fake.put({ ...version, status: "CREATE_IN_PROGRESS" })
      const campaign = fake.arnOf("Campaign", "up-campaign")
      fake.resources.delete(campaign)
      const pass = yield* run(reconcilePass(shop, "destroy", 3))
      expect(rows(pass).slice(3)).toEqual([
        "Solution waiting (waits for SolutionVersion:up) arn",
        "SolutionVersion waiting (1 SolutionVersion still running) arn",
        "Campaign gone"
      ])
      expect(pass.waitSeconds).toBe(5)
      expect(fake.calls.filter((c) => c.startsWith("Stop"))).toEqual(["Stop SolutionVersion:up-v1"])
      fake.put({ ...version, status: "CREATE_STOPPING" })
      const stopping = yield* run(reconcilePass(shop, "destroy", 4))
      expect(rows(stopping)[4]).toBe("SolutionVersion waiting (1 SolutionVersion still running) arn")
      expect(fake.calls.filter((c) => c.startsWith("Stop"))).toHaveLength(1)
      fake.put({ ...version, status: "CREATE_STOPPED" })
      const stopped = yield* run(reconcilePass(shop, "destroy", 5))
      expect(rows(stopped).slice(3)).toEqual([
        "Solution waiting (delete requested) arn",
        "SolutionVersion gone arn",
        "Campaign gone"
      ])
    })
  )
})

describe("destroyDeployment", () => {
  const destroy = (
    ctx: { readonly run: <A, E>(e: Effect.Effect<A, E, Personalize | EventStore>) => Effect.Effect<A, E> },
    options: DestroyOptions = {}
  ) => ctx.run(destroyDeployment(shop, options))

  it.effect("passes until everything is gone, records the end, and finds nothing the second time", () =>
    Effect.gen(function* () {
      const ctx = yield* applied()
      const result = yield* destroy(ctx, { correlationId: "d1", actor: "tester" })
      expect(result.ok).toBe(true)
      expect(result.timedOut).toBeUndefined()
      // Instant deletes: one layer a pass (campaign; solution; dataset; group and schema), then all gone.
      expect(result.passes).toBe(5)
      expect(result.nodes.every((n) => n.state === "gone")).toBe(true)
      expect([...ctx.fake.resources.values()]).toEqual([])
      const events = yield* ctx.eventsSince
      expect(events.at(-1)).toMatchObject({ _tag: "DestroyFinished", ok: true, failures: 0 })
      const stored = yield* ctx.store.store.read(provisioningStream("shop"))
      expect(stored.at(-1)?.metadata).toMatchObject({ correlationId: "d1", actor: "tester" })
      const again = yield* destroy(ctx)
      expect(again).toMatchObject({ ok: true, passes: 1 })
    })
  )

  it.effect("a delete answered ResourceInUse is asked again by the next passes until it goes through", () =>
    Effect.gen(function* () {
      let busy = 3
      const ctx = yield* applied({
        failDelete: (kind) =>
          kind === "Campaign" && busy-- > 0 ? new ResourceInUse({ kind, arn: "", message: "busy" }) : undefined
      })
      const result = yield* destroy(ctx)
      expect(result.ok).toBe(true)
      // Three passes find the campaign busy (one ask each), then the five of an unhindered destroy.
      expect(result.passes).toBe(3 + 5)
      expect(ctx.fake.calls.filter((c) => c === "Delete Campaign:up-campaign")).toHaveLength(4)
    })
  )

  it.effect("stops at its bounds, saying which one ran out, with what is left", () =>
    Effect.gen(function* () {
      const ctx = yield* applied({ deleteStatus: "DELETE_IN_PROGRESS" })
      const byPasses = yield* destroy(ctx, { maxPasses: 3 })
      expect(byPasses).toMatchObject({ ok: false, passes: 3, timedOut: "still waiting after 3 passes" })
      expect(byPasses.nodes.at(-1)).toMatchObject({
        kind: "Campaign",
        state: "waiting",
        reason: "status DELETE_IN_PROGRESS"
      })
      const events = yield* ctx.eventsSince
      expect(events.at(-1)).toMatchObject({ _tag: "DestroyFinished", ok: false, failures: 6 })
      const byTime = yield* destroy(ctx, { timeoutSeconds: 120 })
      expect(byTime).toMatchObject({ ok: false, timedOut: "still waiting after 120 s" })
      expect(byTime.finishedAt - byTime.startedAt).toBeGreaterThanOrEqual(120_000)
    })
  )

  it.effect("a delete that fails ends the destroy at once, not ok, without a bound", () =>
    Effect.gen(function* () {
      const ctx = yield* applied({
        failDelete: (kind) =>
          kind === "Campaign" ? new InvalidInput({ kind, field: "", message: "refused" }) : undefined
      })
      const result = yield* destroy(ctx)
      expect(result).toMatchObject({ ok: false, passes: 1 })
      expect(result.timedOut).toBeUndefined()
      expect(result.nodes.find((n) => n.kind === "Campaign")).toMatchObject({
        state: "failed",
        reason: "InvalidInput: refused"
      })
    })
  )
})
