import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import type { Deployment } from "../../src/config/Deployment.ts"
import { decodeConfig } from "../../src/config/decodeConfig.ts"
import { EventStore } from "../../src/kernel/EventStore.ts"
import { InvalidInput, LimitExceeded, ResourceAlreadyExists, Throttled } from "../../src/personalize/errors.ts"
import { Personalize } from "../../src/personalize/Personalize.ts"
import type { CreateInput } from "../../src/personalize/Resource.ts"
import type { ApplyOptions, ApplyResult, WaitReport } from "../../src/provisioning/ApplyResult.ts"
import { applyDeployment } from "../../src/provisioning/apply.ts"
import { provisioningStream } from "../../src/provisioning/ledger.ts"
import { makeFakeEventStore } from "../kernel/fakeEventStore.ts"
import { shopConfig } from "../workflow/shopConfig.ts"
import { type FakePersonalize, type FakeScript, makeFakePersonalize } from "./fakePersonalize.ts"

const decoded = decodeConfig(shopConfig)
if (!decoded.valid) throw new Error(JSON.stringify(decoded.issues))
const shop: Deployment = decoded.deployment
const arnPrefix = "arn:aws:personalize:us-east-1:000000000000"

/**
 * Applies with the fake, the clock run forward until apply ends; the events this apply appended. Applies
 * sharing a store share the ledger (what the tool last applied), which tells config changes from drift.
 */
const applyWith = (
  fake: FakePersonalize,
  options: ApplyOptions = {},
  deployment: Deployment = shop,
  store = makeFakeEventStore()
) =>
  Effect.gen(function* () {
    const stream = provisioningStream(deployment.datasetGroup.name)
    const before = (yield* store.store.read(stream)).length
    const fiber = yield* applyDeployment(deployment, options).pipe(
      Effect.provideService(Personalize, fake.service),
      Effect.provideService(EventStore, store.store),
      Effect.forkChild
    )
    // Far more than any wait here; TestClock runs every sleep due on the way.
    for (let i = 0; i < 200 && fiber.pollUnsafe() === undefined; i++) yield* TestClock.adjust("1 hour")
    const result: ApplyResult = yield* Fiber.join(fiber)
    const events = (yield* store.store.read(stream))
      .slice(before)
      .map((e) => e.data as { _tag: string } & Record<string, unknown>)
    return { result, events }
  })

/** The shop config with its campaign at `tps`. */
const shopAt = (tps: number): Deployment => ({
  ...shop,
  solutions: shop.solutions.map((s) => ({
    ...s,
    campaigns: s.campaigns.map((c) => ({ ...c, minProvisionedTPS: tps }))
  }))
})

const outcomes = (r: ApplyResult) => r.steps.map((s) => `${s.key} ${s.outcome}`)

describe("applyDeployment: a create answered ResourceAlreadyExists (a concurrent run took the name)", () => {
  const racing = (kind: CreateInput["kind"], alsoCreate: boolean) => {
    let fake: FakePersonalize
    const script: FakeScript = {
      failCreate: (input) => {
        if (input.kind !== kind) return undefined
        // The other run's resource: the same name under the same parent, or (alsoCreate false) elsewhere.
        if (alsoCreate)
          fake.put({
            kind: input.kind,
            name: input.name,
            arn: `${arnPrefix}:solution/${input.name}` as never,
            status: "ACTIVE",
            parentArn: `${arnPrefix}:dataset-group/shop` as never,
            attributes: {},
            creationDateTime: 0,
            lastUpdatedDateTime: 0
          })
        return new ResourceAlreadyExists({ kind: input.kind, arn: "", message: `${input.name} already exists` })
      }
    }
    fake = makeFakePersonalize(script)
    return fake
  }

  it.effect("is looked up under its parent by name, adopted and waited for; its dependents go on", () =>
    Effect.gen(function* () {
      const fake = racing("Solution", true)
      const { result, events } = yield* applyWith(fake)
      expect(result.ok).toBe(true)
      expect(result.failures).toEqual([])
      const solution = result.steps.find((s) => s.key === "Solution:up")
      expect(solution).toMatchObject({ action: "Create", outcome: "ready", arn: `${arnPrefix}:solution/up` })
      expect(fake.calls).toContain("List Solution@shop")
      const ready = events.find((e) => e._tag === "ResourceReady" && e.key === "Solution:up")
      expect(ready).toMatchObject({ adopted: true, arn: `${arnPrefix}:solution/up` })
      // Created by this run: not adopted.
      expect(events.find((e) => e._tag === "ResourceReady" && e.key === "Dataset:shop-interactions")).toMatchObject({
        adopted: false
      })
      expect(events.some((e) => e._tag === "CreateRequested" && e.key === "Solution:up")).toBe(false)
      // The version is created on the adopted solution.
      expect([...fake.resources.values()].find((r) => r.kind === "SolutionVersion")?.parentArn).toBe(
        `${arnPrefix}:solution/up`
      )
    })
  )

  it.effect("not found under the parent: the step fails with AWS's answer and its dependents are skipped", () =>
    Effect.gen(function* () {
      const fake = racing("Solution", false)
      const { result, events } = yield* applyWith(fake)
      expect(result.ok).toBe(false)
      expect(outcomes(result)).toEqual([
        "DatasetGroup:shop ready",
        "Schema:shop-interactions-schema ready",
        "Dataset:shop-interactions ready",
        "Solution:up failed",
        "SolutionVersion:up skipped",
        "Campaign:up-campaign skipped"
      ])
      expect(result.failures).toEqual([
        {
          key: "Solution:up",
          kind: "Solution",
          name: "up",
          cause: "ResourceAlreadyExists: up already exists",
          dependents: [
            { kind: "SolutionVersion", name: "up" },
            { kind: "Campaign", name: "up-campaign" }
          ]
        }
      ])
      expect(events.filter((e) => e._tag === "StepSkipped")).toEqual([
        {
          _tag: "StepSkipped",
          key: "SolutionVersion:up",
          blockedBy: "Solution:up",
          reason: "not attempted: Solution:up failed (ResourceAlreadyExists: up already exists)"
        },
        {
          _tag: "StepSkipped",
          key: "Campaign:up-campaign",
          blockedBy: "Solution:up",
          reason: "not attempted: Solution:up failed (ResourceAlreadyExists: up already exists)"
        }
      ])
      expect(events.find((e) => e._tag === "ResourceFailed")).toEqual({
        _tag: "ResourceFailed",
        key: "Solution:up",
        reason: "ResourceAlreadyExists: up already exists"
      })
      expect(events.at(-1)).toMatchObject({ _tag: "ApplyFinished", ok: false, failures: 1 })
    })
  )
})

describe("applyDeployment: waits", () => {
  it.effect("a resource in progress is polled until ACTIVE; each status change is recorded once", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize({
        createdStatus: () => "CREATE_IN_PROGRESS",
        // In progress on the first two polls, ACTIVE from the third.
        onDescribe: (d, n) => (n >= 3 && d.status === "CREATE_IN_PROGRESS" ? { ...d, status: "ACTIVE" } : undefined)
      })
      const waits: Array<WaitReport> = []
      const { result, events } = yield* applyWith(fake, { onWait: (w) => Effect.sync(() => void waits.push(w)) })
      expect(result.ok).toBe(true)
      expect(result.steps.every((s) => s.outcome === "ready")).toBe(true)
      expect(result.steps.find((s) => s.kind === "Campaign")?.status).toBe("ACTIVE")
      expect(
        events.filter((e) => e._tag === "StatusObserved" && e.key === "Campaign:up-campaign").map((e) => e.status)
      ).toEqual(["CREATE_IN_PROGRESS", "ACTIVE"])
      const campaign = waits.filter((w) => w.kind === "Campaign")
      expect(campaign.map((w) => w.status)).toEqual(["CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "ACTIVE"])
      // Campaign polls: 30 s, then 45 s (×1.5); the last one (terminal) names no next poll.
      expect(campaign[0]!.nextPollAt! - campaign[0]!.at).toBe(30_000)
      expect(campaign[1]!.nextPollAt! - campaign[1]!.at).toBe(45_000)
      expect(campaign[1]!.at - campaign[0]!.at).toBe(30_000)
      expect(campaign[2]!.at - campaign[1]!.at).toBe(45_000)
      expect(campaign[2]).not.toHaveProperty("nextPollAt")
      const step = result.steps.find((s) => s.kind === "Campaign")!
      expect(step.finishedAt - step.startedAt).toBe(75_000)
    })
  )

  it.effect("a resource that stays in progress past its kind's timeout fails, saying which policy to raise", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize({
        createdStatus: (input) => (input.kind === "SolutionVersion" ? "CREATE_IN_PROGRESS" : "ACTIVE")
      })
      const { result, events } = yield* applyWith(fake, {
        waitPolicies: { SolutionVersion: { timeoutSeconds: 600 } }
      })
      expect(result.ok).toBe(false)
      // The version this apply created is named by its ARN in the report and the failure, as in the event.
      const version = [...fake.resources.values()].find((r) => r.kind === "SolutionVersion")!
      expect(result.failures).toEqual([
        {
          key: "SolutionVersion:up",
          kind: "SolutionVersion",
          name: "up",
          arn: version.arn,
          cause:
            "still CREATE_IN_PROGRESS after 600 s; raise waitPolicies.SolutionVersion.timeoutSeconds to wait longer",
          dependents: [{ kind: "Campaign", name: "up-campaign" }]
        }
      ])
      const step = result.steps.find((s) => s.kind === "SolutionVersion")!
      expect(step.status).toBe("CREATE_IN_PROGRESS")
      expect(step.arn).toBe(version.arn)
      expect(events.find((e) => e._tag === "ResourceFailed")).toMatchObject({ arn: version.arn })
      // 60, 90, 135, 202.5, 303.75 s polls go past 600 s only after the sixth.
      expect(step.finishedAt - step.startedAt).toBeGreaterThan(600_000)
      expect(step.finishedAt - step.startedAt).toBeLessThanOrEqual(600_000 + 600_000)
    })
  )

  it.effect("CREATE FAILED: the failure reason is the cause; dependents are skipped naming it", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize({
        createdStatus: (input) => (input.kind === "Dataset" ? "CREATE_FAILED" : "ACTIVE"),
        onDescribe: (d) =>
          d.kind === "Dataset" && d.failureReason === undefined ? { ...d, failureReason: "schema mismatch" } : undefined
      })
      const { result } = yield* applyWith(fake)
      expect(outcomes(result)).toEqual([
        "DatasetGroup:shop ready",
        "Schema:shop-interactions-schema ready",
        "Dataset:shop-interactions failed",
        "Solution:up skipped",
        "SolutionVersion:up skipped",
        "Campaign:up-campaign skipped"
      ])
      const dataset = [...fake.resources.values()].find((r) => r.kind === "Dataset")!
      expect(result.steps[2]).toMatchObject({ status: "CREATE_FAILED", reason: "schema mismatch", arn: dataset.arn })
      expect(result.steps[5]!.reason).toBe("not attempted: Dataset:shop-interactions failed (schema mismatch)")
      // A skipped step was never created: it has no ARN.
      expect(result.steps[5]).not.toHaveProperty("arn")
      expect(result.failures.map((f) => [f.key, f.arn, f.cause, f.dependents.map((d) => d.name)])).toEqual([
        ["Dataset:shop-interactions", dataset.arn, "schema mismatch", ["up", "up", "up-campaign"]]
      ])
      const none = makeFakePersonalize({ createdStatus: (i) => (i.kind === "Dataset" ? "CREATE_FAILED" : "ACTIVE") })
      const bare = yield* applyWith(none)
      // No failure reason: the status is the cause.
      expect(bare.result.failures[0]?.cause).toBe("CREATE_FAILED")
    })
  )

  it.effect("noWait: a created resource still in progress is reported waiting with its status, dependents wait", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize({ createdStatus: (i) => (i.kind === "Solution" ? "CREATE_PENDING" : "ACTIVE") })
      const { result } = yield* applyWith(fake, { noWait: true })
      expect(result.ok).toBe(true)
      expect(result.steps.slice(3).map((s) => [s.key, s.outcome, s.status ?? "-", s.reason ?? "-"])).toEqual([
        ["Solution:up", "waiting", "CREATE_PENDING", "status CREATE_PENDING"],
        ["SolutionVersion:up", "waiting", "-", "waits for Solution:up"],
        ["Campaign:up-campaign", "waiting", "-", "waits for SolutionVersion:up"]
      ])
    })
  )
})

describe("applyDeployment: retries", () => {
  it.effect("throttling and in-flight quotas are retried with backoff and recorded; a quota breach is not", () =>
    Effect.gen(function* () {
      const table = [
        [new Throttled({ operation: "CreateDataset", message: "slow down" }), true],
        [new LimitExceeded({ kind: "Dataset", message: "More than 5 resources with PENDING status" }), true],
        [new LimitExceeded({ kind: "Dataset", message: "Rate exceeded" }), true],
        [new LimitExceeded({ kind: "Dataset", message: "You have reached the quota of 500 datasets" }), false]
      ] as const
      for (const [error, retried] of table) {
        let tries = 0
        const fake = makeFakePersonalize({
          failCreate: (input) => (input.kind === "Dataset" && tries++ < 2 ? error : undefined)
        })
        const { result, events } = yield* applyWith(fake)
        const retries = events.filter((e) => e._tag === "CallRetried")
        if (retried) {
          expect(result.ok).toBe(true)
          expect(retries).toEqual([
            {
              _tag: "CallRetried",
              key: "Dataset:shop-interactions",
              operation: "CreateDataset",
              error: `${error._tag}: ${error.message}`
            },
            {
              _tag: "CallRetried",
              key: "Dataset:shop-interactions",
              operation: "CreateDataset",
              error: `${error._tag}: ${error.message}`
            }
          ])
          // 1 s, then 2 s of backoff before the third try.
          const step = result.steps.find((s) => s.kind === "Dataset")!
          expect(step.finishedAt - step.startedAt).toBe(3_000)
        } else {
          expect(retries).toEqual([])
          expect(result.failures.map((f) => f.cause)).toEqual([`LimitExceeded: ${error.message}`])
          expect(tries).toBe(1)
        }
      }
    })
  )

  it.effect("a retryable error that outlasts the retry policy's timeout fails the step with it", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize({
        failCreate: (input) =>
          input.kind === "Schema" ? new Throttled({ operation: "CreateSchema", message: "slow down" }) : undefined
      })
      const { result, events } = yield* applyWith(fake, { retry: { timeoutSeconds: 10, maxIntervalSeconds: 4 } })
      expect(result.failures.map((f) => [f.key, f.cause])).toEqual([
        ["Schema:shop-interactions-schema", "Throttled: slow down"]
      ])
      // Retries at 0, 1, 3, 7, 11 s (delays 1, 2, 4, 4 capped): the one at 11 s is past the 10 s timeout.
      expect(events.filter((e) => e._tag === "CallRetried")).toHaveLength(5)
    })
  )
})

describe("applyDeployment: updates", () => {
  it.effect("a changed updatable field is sent as UpdateX with the desired values, then waited for", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize({ updateStatus: "ACTIVE" })
      const store = makeFakeEventStore()
      yield* applyWith(fake, {}, shop, store)
      const campaign = fake.resources.get(`${arnPrefix}:campaign/up-campaign`)!
      const { result, events } = yield* applyWith(fake, {}, shopAt(3), store)
      expect(result.ok).toBe(true)
      expect(result.steps.find((s) => s.kind === "Campaign")).toMatchObject({ action: "Update", outcome: "ready" })
      expect(fake.calls.filter((c) => c.startsWith("Update"))).toEqual(["Update Campaign:up-campaign"])
      expect(fake.resources.get(campaign.arn)?.attributes.minProvisionedTPS).toBe(3)
      // The fields as they were before the update.
      expect(events.find((e) => e._tag === "UpdateRequested")).toMatchObject({
        key: "Campaign:up-campaign",
        arn: campaign.arn,
        fields: { minProvisionedTPS: 1 }
      })
      // Nothing differs any more: the next apply changes nothing.
      const third = yield* applyWith(fake, {}, shopAt(3), store)
      expect(third.result.steps.map((s) => s.action)).toEqual(["NoOp", "NoOp", "NoOp", "NoOp", "NoOp", "NoOp"])
      expect(fake.calls.filter((c) => c.startsWith("Update"))).toHaveLength(1)
    })
  )

  it.effect("an update that fails is reported with its status and reason", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize({ updateStatus: "CREATE_FAILED" })
      const store = makeFakeEventStore()
      yield* applyWith(fake, {}, shop, store)
      const { result } = yield* applyWith(fake, {}, shopAt(3), store)
      expect(result.failures.map((f) => [f.key, f.cause])).toEqual([
        ["Campaign:up-campaign", "update CREATE_FAILED: CREATE_FAILED"]
      ])
      const pending = makeFakePersonalize({ updateStatus: "CREATE_IN_PROGRESS" })
      const pendingStore = makeFakeEventStore()
      yield* applyWith(pending, {}, shop, pendingStore)
      const pass = yield* applyWith(pending, { noWait: true }, shopAt(3), pendingStore)
      expect(pass.result.steps.find((s) => s.kind === "Campaign")).toMatchObject({
        outcome: "waiting",
        reason: "update CREATE_IN_PROGRESS"
      })
    })
  )
})

describe("applyDeployment: solution version names", () => {
  it.effect("a version is named <solution>-v<n>, cut to Personalize's 63 characters", () =>
    Effect.gen(function* () {
      const long = "s".repeat(62)
      const fake = makeFakePersonalize()
      const { result } = yield* applyWith(
        fake,
        {},
        { ...shop, solutions: shop.solutions.map((s) => ({ ...s, name: long })) }
      )
      expect(result.ok).toBe(true)
      // "<62 characters>-v1" is 65 characters: the name asked for is its first 63.
      expect(fake.calls.filter((c) => c.startsWith("Create SolutionVersion"))).toEqual([
        `Create SolutionVersion:${long}-`
      ])
    })
  )
})

describe("applyDeployment: recording the plan", () => {
  it.effect(
    "PlanComputed then every StepDecided in plan order, in the stream before any call, in appends of at most 100; events emitted while an append is in flight appended together next",
    () =>
      Effect.gen(function* () {
        const fake = makeFakePersonalize()
        const local = makeFakeEventStore()
        // A remote store: each append is a round trip (the appending fiber suspends; the others go on).
        const store = {
          ...local,
          store: {
            ...local.store,
            append: (...args: Parameters<typeof local.store.append>) =>
              Effect.andThen(Effect.yieldNow, local.store.append(...args))
          }
        }
        const inStream = () => store.appends.reduce((n, a) => n + a.count, 0)
        // How many events were in the stream when the first call that changes anything was made.
        let atFirstCreate: number | undefined
        const service: Personalize["Service"] = {
          ...fake.service,
          create: (input) =>
            Effect.suspend(() => {
              atFirstCreate ??= inStream()
              return fake.service.create(input)
            })
        }
        // The shop config with 120 campaigns on its solution: 125 steps, 126 plan events.
        const big: Deployment = {
          ...shop,
          solutions: shop.solutions.map((s) => ({
            ...s,
            campaigns: Array.from({ length: 120 }, (_, i) => ({ ...s.campaigns[0]!, name: `up-campaign-${i}` }))
          }))
        }
        const { result, events } = yield* applyWith({ ...fake, service }, {}, big, store)
        expect(result.ok).toBe(true)
        const steps = result.plan.steps
        expect(steps).toHaveLength(125)
        expect(events[0]).toMatchObject({ _tag: "PlanComputed", steps: 125, actions: 125 })
        expect(events.slice(1, 126).map((e) => [e._tag, e.key, e.action])).toEqual(
          steps.map((s) => ["StepDecided", s.key, "Create"])
        )
        expect(events[126]?._tag).not.toBe("StepDecided")
        expect(atFirstCreate).toBe(126)
        // 126 plan events: one append of 100, one of 26; then the steps' events, several to an append.
        expect(store.appends.slice(0, 2).map((a) => [a.count, a.expected])).toEqual([
          [100, "any"],
          [26, "any"]
        ])
        const later = store.appends.slice(2)
        expect(later.every((a) => a.count <= 100 && a.expected === "any")).toBe(true)
        // 120 campaigns created at once: their events share appends.
        expect(later.length).toBeLessThan((events.length - 126) / 2)
        // A store that appends at once (no round trip) is sent each event as it comes, nothing held back.
        const direct = makeFakeEventStore()
        const again = yield* applyWith(makeFakePersonalize(), {}, big, direct)
        expect(direct.appends.slice(2).map((a) => a.count)).toEqual(again.events.slice(126).map(() => 1))
        expect(inStream()).toBe(events.length)
        expect(result.events).toBe(events.length)
      })
  )
})

describe("applyDeployment: steps over what exists", () => {
  it.effect(
    "resources someone else made are adopted (ACTIVE) or waited for (in flight); onStep sees every report",
    () =>
      Effect.gen(function* () {
        const made = makeFakePersonalize()
        yield* applyWith(made)
        // A fresh ledger: the tool made none of them.
        const group = [...made.resources.values()].find((r) => r.kind === "DatasetGroup")!
        made.put({ ...group, status: "CREATE_IN_PROGRESS" })
        const fake = makeFakePersonalize({
          onDescribe: (d) => (d.status === "CREATE_IN_PROGRESS" ? { ...d, status: "ACTIVE" } : undefined)
        })
        for (const r of made.resources.values()) fake.put(r)
        const reports: Array<string> = []
        const { result, events } = yield* applyWith(fake, {
          onStep: (r) => Effect.sync(() => void reports.push(`${r.key} ${r.action} ${r.outcome}`))
        })
        expect(result.steps.map((s) => `${s.key} ${s.action} ${s.outcome}`)).toEqual([
          "DatasetGroup:shop Wait ready",
          "Schema:shop-interactions-schema Adopt ready",
          "Dataset:shop-interactions Adopt ready",
          "Solution:up Adopt ready",
          "SolutionVersion:up Adopt ready",
          "Campaign:up-campaign Adopt ready"
        ])
        expect([...reports].sort()).toEqual(result.steps.map((s) => `${s.key} ${s.action} ${s.outcome}`).sort())
        expect(fake.calls.filter((c) => c.startsWith("Create"))).toEqual([])
        const ready = events.filter((e) => e._tag === "ResourceReady")
        expect(ready.map((e) => [e.key, e.adopted])).toEqual(
          expect.arrayContaining([
            ["DatasetGroup:shop", false],
            ["Campaign:up-campaign", true]
          ])
        )
        expect(result.steps.find((s) => s.kind === "DatasetGroup")?.arn).toBe(group.arn)
      })
  )

  it.effect("a resource that exists FAILED is reported with the plan's reason; its dependents are skipped", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize()
      yield* applyWith(fake)
      const dataset = [...fake.resources.values()].find((r) => r.kind === "Dataset")!
      fake.put({ ...dataset, status: "CREATE_FAILED", failureReason: "bad schema" })
      const { result } = yield* applyWith(fake)
      expect(result.steps[2]).toMatchObject({ key: "Dataset:shop-interactions", action: "Failed", outcome: "failed" })
      expect(result.failures.map((f) => [f.key, f.arn, f.dependents.length])).toEqual([
        ["Dataset:shop-interactions", dataset.arn, 3]
      ])
      expect(result.failures[0]?.cause).toContain("bad schema")
    })
  )

  it.effect("an update whose field no longer differs when re-read is not sent", () =>
    Effect.gen(function* () {
      let racing = false
      const fake = makeFakePersonalize({
        // Between the plan and the step, someone set the TPS the config now asks for.
        onDescribe: (d) =>
          racing && d.kind === "Campaign" ? { ...d, attributes: { ...d.attributes, minProvisionedTPS: 3 } } : undefined
      })
      const store = makeFakeEventStore()
      yield* applyWith(fake, {}, shop, store)
      racing = true
      const { result, events } = yield* applyWith(fake, {}, shopAt(3), store)
      expect(result.steps.find((s) => s.kind === "Campaign")).toMatchObject({ action: "Update", outcome: "ready" })
      expect(fake.calls.filter((c) => c.startsWith("Update"))).toEqual([])
      expect(events.some((e) => e._tag === "UpdateRequested")).toBe(false)
      expect(events.find((e) => e._tag === "ResourceReady" && e.key === "Campaign:up-campaign")).toMatchObject({
        fields: { minProvisionedTPS: 3 },
        adopted: false
      })
    })
  )

  it.effect("an UpdateX refused fails the step with AWS's answer", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize({
        failUpdate: (kind) => new InvalidInput({ kind, field: "minProvisionedTPS", message: "too many" })
      })
      const store = makeFakeEventStore()
      yield* applyWith(fake, {}, shop, store)
      const { result } = yield* applyWith(fake, {}, shopAt(3), store)
      expect(result.failures.map((f) => [f.key, f.cause, f.arn])).toEqual([
        ["Campaign:up-campaign", "InvalidInput: too many", `${arnPrefix}:campaign/up-campaign`]
      ])
    })
  )
})
