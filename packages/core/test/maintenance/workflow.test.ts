// The maintenance workflow run to its end on core's fakes (a scripted Personalize provisioned by apply,
// the fake event store, recorded metrics and notifications): what it creates, how it waits, how each run
// ends, and what it tells people.
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import type { Deployment } from "../../src/config/Deployment.ts"
import { decodeConfig } from "../../src/config/decodeConfig.ts"
import { EventStore } from "../../src/kernel/EventStore.ts"
import * as Maintenance from "../../src/maintenance/index.ts"
import { type MetricDatum, Metrics } from "../../src/monitoring/ports.ts"
import { type Notification, Notifications } from "../../src/notify/Notifications.ts"
import { Personalize } from "../../src/personalize/Personalize.ts"
import type { CreateInput } from "../../src/personalize/Resource.ts"
import type { Status } from "../../src/personalize/Status.ts"
import { applyDeployment } from "../../src/provisioning/apply.ts"
import { makeFakeEventStore } from "../kernel/fakeEventStore.ts"
import { type FakePersonalize, makeFakePersonalize } from "../provisioning/fakePersonalize.ts"

const avro = {
  type: "record",
  name: "Interactions",
  fields: [
    { name: "USER_ID", type: "string" },
    { name: "ITEM_ID", type: "string" },
    { name: "TIMESTAMP", type: "long" }
  ]
}

const config = {
  format: "personalize-ops/v1",
  roleArn: "arn:aws:iam::000000000000:role/ops",
  datasetGroup: { name: "shop" },
  datasets: {
    Interactions: {
      name: "shop-interactions",
      schema: avro,
      imports: [{ dataLocation: "s3://b/i/", importMode: "INCREMENTAL", schedule: "rate(1 day)" }]
    }
  },
  solutions: [
    {
      name: "up",
      recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization",
      campaigns: [{ name: "up-campaign" }],
      batchInferenceJobs: [
        { inputPath: "s3://b/in.json", outputPath: "s3://b/out/", numResults: 25, schedule: "cron(0 4 * * ? *)" }
      ]
    },
    { name: "lonely", recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization" }
  ]
}

const decoded = decodeConfig(config)
if (!decoded.valid) throw new Error(JSON.stringify(decoded.issues))
const shop: Deployment = decoded.deployment

/** 2026-11-20 12:00:00 UTC: when the schedule fired. */
const firedAt = Date.UTC(2026, 10, 20, 12)

interface World {
  readonly fake: FakePersonalize
  readonly metricsPut: Array<{
    readonly region: string
    readonly namespace: string
    readonly data: ReadonlyArray<MetricDatum>
  }>
  readonly notified: Array<Notification>
  readonly layer: Layer.Layer<
    Personalize | EventStore | Notifications | Metrics | Maintenance.SolutionMetricsSource | Maintenance.DataFreshness
  >
}

const world = (options: {
  /** A version's metrics, by its name (versions apply made are named otherwise than a run's). */
  readonly versionMetrics?: (name: string) => Record<string, number>
  readonly lastModified?: number
  readonly createdStatus?: (input: CreateInput) => Status
  readonly updateStatus?: Status
}): World => {
  const fake = makeFakePersonalize({
    ...(options.createdStatus === undefined ? {} : { createdStatus: options.createdStatus }),
    ...(options.updateStatus === undefined ? {} : { updateStatus: options.updateStatus })
  })
  const store = makeFakeEventStore()
  const metricsPut: World["metricsPut"] = []
  const notified: Array<Notification> = []
  const layer = Layer.mergeAll(
    Layer.succeed(Personalize, fake.service),
    Layer.succeed(EventStore, store.store),
    Layer.succeed(Notifications, Notifications.of({ publish: (n) => Effect.sync(() => void notified.push(n)) })),
    Layer.succeed(
      Metrics,
      Metrics.of({
        getMetricData: () => Effect.die("not read"),
        putMetricData: (region, namespace, data) => Effect.sync(() => void metricsPut.push({ region, namespace, data }))
      })
    ),
    Layer.succeed(
      Maintenance.SolutionMetricsSource,
      Maintenance.SolutionMetricsSource.of({
        get: (arn) => Effect.sync(() => options.versionMetrics?.(fake.resources.get(arn)?.name ?? "") ?? {})
      })
    ),
    Layer.succeed(
      Maintenance.DataFreshness,
      Maintenance.DataFreshness.of({ lastModified: () => Effect.succeed(options.lastModified) })
    )
  )
  return { fake, metricsPut, notified, layer }
}

/** Runs a fiber to its end, moving the test clock an hour at a time. */
const drive = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(effect)
    for (let i = 0; i < 500 && fiber.pollUnsafe() === undefined; i++) yield* TestClock.adjust("1 hour")
    return yield* Fiber.join(fiber)
  })

/** Provisions the shop, then runs one maintenance task fired at `firedAt`. */
const provisionThenRun = (
  w: World,
  input: Maintenance.MaintenanceInput,
  settings = Maintenance.defaultWorkflowSettings
) =>
  Effect.gen(function* () {
    yield* drive(applyDeployment(shop, {}))
    yield* TestClock.setTime(firedAt)
    w.fake.calls.length = 0
    return yield* drive(Maintenance.runMaintenance(shop, settings, input, firedAt))
  }).pipe(Effect.provide(w.layer))

describe("maintenance runs", () => {
  it.effect("an import is created with its dated name and the config's mode, polled until ACTIVE, and reported", () => {
    const w = world({})
    return Effect.gen(function* () {
      const end = yield* provisionThenRun(w, { task: "import", target: "shop-interactions", datasetGroup: "shop" })
      const importArn = w.fake.arnOf("DatasetImportJob", "shop-interactions-import-20261120-120000")
      expect(end).toEqual({
        input: { task: "import", target: "shop-interactions", datasetGroup: "shop" },
        runId: `import-shop-interactions-${firedAt}`,
        at: firedAt,
        phase: "done",
        resourceArn: importArn,
        mode: "INCREMENTAL",
        waitSeconds: 0,
        outcome: "succeeded"
      })
      expect(w.fake.calls).toContain("Create DatasetImportJob:shop-interactions-import-20261120-120000")
      const created = w.fake.resources.get(importArn)!
      expect(created.attributes).toMatchObject({
        dataLocation: "s3://b/i/",
        importMode: "INCREMENTAL",
        roleArn: "arn:aws:iam::000000000000:role/ops"
      })
      expect(w.notified).toEqual([
        {
          subject: "personalize-ops maintenance: import shop-interactions succeeded",
          message: "import of shop-interactions (fired 2026-11-20T12:00:00.000Z): succeeded",
          region: "us-east-1",
          detail: {
            task: "import",
            target: "shop-interactions",
            at: "2026-11-20T12:00:00.000Z",
            outcome: "succeeded"
          }
        }
      ])
    })
  })

  it.effect("an import whose data has not changed since the last good one is skipped, saying why", () => {
    const w = world({ lastModified: 0 })
    return Effect.gen(function* () {
      const first = yield* provisionThenRun(w, { task: "import", target: "shop-interactions", datasetGroup: "shop" })
      expect(first.outcome).toBe("succeeded")
      const second = yield* drive(
        Maintenance.runMaintenance(
          shop,
          Maintenance.defaultWorkflowSettings,
          { task: "import", target: "shop-interactions", datasetGroup: "shop" },
          firedAt + 86_400_000
        )
      ).pipe(Effect.provide(w.layer))
      expect([second.outcome, second.phase, second.waitSeconds]).toEqual(["skipped", "done", 0])
      expect(second.reason).toMatch(/not changed/)
      expect(w.notified.at(-1)?.subject).toBe("personalize-ops maintenance: import shop-interactions skipped")
      expect(w.notified.at(-1)?.message).toBe(
        `import of shop-interactions (fired 2026-11-21T12:00:00.000Z): skipped — ${second.reason}`
      )
    })
  })

  it.effect("a dataset or solution the deployment does not have is skipped, naming it", () => {
    const w = world({})
    return Effect.gen(function* () {
      const missing = yield* provisionThenRun(w, { task: "import", target: "nope", datasetGroup: "shop" })
      expect([missing.outcome, missing.reason]).toEqual(["skipped", "dataset nope is not provisioned"])
      const solution = yield* drive(
        Maintenance.runMaintenance(
          shop,
          Maintenance.defaultWorkflowSettings,
          { task: "full", target: "nope", datasetGroup: "shop" },
          firedAt
        )
      ).pipe(Effect.provide(w.layer))
      expect([solution.outcome, solution.reason]).toEqual(["skipped", "solution nope is not provisioned"])
      const batch = yield* drive(
        Maintenance.runMaintenance(
          shop,
          Maintenance.defaultWorkflowSettings,
          { task: "batch-inference", target: "nope", datasetGroup: "shop" },
          firedAt
        )
      ).pipe(Effect.provide(w.layer))
      expect([batch.outcome, batch.reason]).toEqual(["skipped", "no batch-inference job named nope in the config"])
    })
  })

  it.effect("a FULL retraining that is not worse is promoted: metrics published, the campaign moved to it", () => {
    const w = world({
      versionMetrics: (name) => ({
        normalized_discounted_cumulative_gain_at_25: name.startsWith("up-full") ? 0.3 : 0.2
      })
    })
    return Effect.gen(function* () {
      const end = yield* provisionThenRun(w, { task: "full", target: "up", datasetGroup: "shop" })
      const version = w.fake.arnOf("SolutionVersion", "up-full-20261120-120000")
      const campaign = w.fake.arnOf("Campaign", "up-campaign")
      expect(end.outcome).toBe("promoted")
      expect(end.metrics).toEqual({
        normalized_discounted_cumulative_gain_at_25: 0.3,
        serving_normalized_discounted_cumulative_gain_at_25: 0.2
      })
      expect(w.fake.calls).toContain("Create SolutionVersion:up-full-20261120-120000")
      expect(w.fake.resources.get(version)?.attributes).toMatchObject({ trainingMode: "FULL" })
      expect(w.fake.resources.get(campaign)?.attributes).toMatchObject({ solutionVersionArn: version })
      expect(w.metricsPut).toEqual([
        {
          region: "us-east-1",
          namespace: "PersonalizeOps/SolutionMetrics",
          data: [
            {
              metricName: "normalized_discounted_cumulative_gain_at_25",
              dimensions: [
                { name: "DatasetGroup", value: "shop" },
                { name: "Solution", value: "up" },
                { name: "SolutionVersion", value: version.slice(version.lastIndexOf("/") + 1) }
              ],
              value: 0.3,
              unit: "None",
              timestamp: expect.any(Number)
            }
          ]
        }
      ])
      expect(w.notified.at(-1)?.subject).toBe("personalize-ops maintenance: full up promoted")
    })
  })

  it.effect(
    "a worse version is kept, the campaign left on the serving one; an UPDATE on a recipe that allows it",
    () => {
      const w = world({
        versionMetrics: (name) => ({
          normalized_discounted_cumulative_gain_at_25: name.startsWith("up-update") ? 0.3 : 0.4
        })
      })
      return Effect.gen(function* () {
        const end = yield* provisionThenRun(w, { task: "update", target: "up", datasetGroup: "shop" })
        const campaign = w.fake.arnOf("Campaign", "up-campaign")
        const serving = w.fake.resources.get(campaign)?.attributes["solutionVersionArn"]
        expect(end.outcome).toBe("kept")
        expect(end.mode).toBe("UPDATE")
        expect(w.fake.calls).toContain("Create SolutionVersion:up-update-20261120-120000")
        expect(serving).not.toBe(end.resourceArn)
        expect(end.reason).toContain("0.3")
        expect(end.reason).toContain("0.4")
      })
    }
  )

  it.effect("a solution no campaign serves: trained and succeeded with its metrics, nothing promoted", () => {
    const w = world({ versionMetrics: () => ({ coverage: 0.5 }) })
    return Effect.gen(function* () {
      const end = yield* provisionThenRun(w, { task: "full", target: "lonely", datasetGroup: "shop" })
      expect([end.outcome, end.reason, end.metrics]).toEqual([
        "succeeded",
        "trained; no campaign serves this solution",
        { coverage: 0.5 }
      ])
    })
  })

  it.effect("a batch inference job runs on the served version, its output under a dated prefix", () => {
    const w = world({})
    const target = Maintenance.batchJobBaseName("up", "batch-inference", 0, undefined)
    return Effect.gen(function* () {
      const end = yield* provisionThenRun(w, { task: "batch-inference", target, datasetGroup: "shop" })
      expect(end.outcome).toBe("succeeded")
      const name = Maintenance.runName(target, firedAt)
      const job = w.fake.resources.get(w.fake.arnOf("BatchInferenceJob", name))
      const served = w.fake.resources.get(w.fake.arnOf("Campaign", "up-campaign"))?.attributes["solutionVersionArn"]
      expect(job?.attributes).toMatchObject({
        solutionVersionArn: served,
        inputPath: "s3://b/in.json",
        outputPath: `s3://b/out/2026-11-20/${name}/`,
        roleArn: "arn:aws:iam::000000000000:role/ops",
        numResults: 25
      })
    })
  })

  it.effect("a job that fails ends the run failed, naming the job and its status", () => {
    const w = world({ createdStatus: (input) => (input.kind === "DatasetImportJob" ? "CREATE_FAILED" : "ACTIVE") })
    return Effect.gen(function* () {
      const end = yield* provisionThenRun(w, { task: "import", target: "shop-interactions", datasetGroup: "shop" })
      expect([end.outcome, end.reason]).toEqual([
        "failed",
        "DatasetImportJob shop-interactions-import-20261120-120000: CREATE_FAILED"
      ])
      expect(w.notified.at(-1)?.subject).toBe("personalize-ops maintenance: import shop-interactions failed")
    })
  })
})
