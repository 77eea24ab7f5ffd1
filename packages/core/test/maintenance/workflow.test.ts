// The maintenance workflow run to its end on core's fakes (a scripted Personalize provisioned by apply,
// the fake event store, recorded metrics and notifications): what it creates, how it waits, how each run
// ends, and what it tells people.
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import type { Deployment } from "../../src/config/Deployment.ts"
import { decodeConfig } from "../../src/config/decodeConfig.ts"
import { EventStore } from "../../src/kernel/EventStore.ts"
import type { StoredEvent } from "../../src/kernel/StoredEvent.ts"
import * as Maintenance from "../../src/maintenance/index.ts"
import { type MetricDatum, Metrics } from "../../src/monitoring/ports.ts"
import { type Notification, Notifications } from "../../src/notify/Notifications.ts"
import { defaultScope, formatArn } from "../../src/personalize/Arn.ts"
import { LimitExceeded } from "../../src/personalize/errors.ts"
import { Personalize } from "../../src/personalize/Personalize.ts"
import type { Status } from "../../src/personalize/Status.ts"
import { applyDeployment } from "../../src/provisioning/apply.ts"
import { makeFakeEventStore } from "../kernel/fakeEventStore.ts"
import { type FakePersonalize, type FakeScript, makeFakePersonalize } from "../provisioning/fakePersonalize.ts"

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
  /** The events a target's runs recorded. */
  readonly events: (task: Maintenance.MaintenanceTask, target: string) => Effect.Effect<ReadonlyArray<StoredEvent>>
  readonly layer: Layer.Layer<
    Personalize | EventStore | Notifications | Metrics | Maintenance.SolutionMetricsSource | Maintenance.DataFreshness
  >
}

const world = (options: {
  /** A version's metrics, by its name (versions apply made are named otherwise than a run's). */
  readonly versionMetrics?: (name: string) => Record<string, number>
  readonly lastModified?: number
  /** How the scripted Personalize answers (statuses of creates, updates and describes, errors). */
  readonly script?: FakeScript
}): World => {
  const fake = makeFakePersonalize(options.script)
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
  const events = (task: Maintenance.MaintenanceTask, target: string) =>
    store.store.read(Maintenance.maintenanceStream(task, target)).pipe(Effect.orDie)
  return { fake, metricsPut, notified, layer, events }
}

/** Runs a fiber to its end, moving the test clock an hour at a time. */
const drive = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(effect)
    for (let i = 0; i < 500 && fiber.pollUnsafe() === undefined; i++) yield* TestClock.adjust("1 hour")
    return yield* Fiber.join(fiber)
  })

/** Runs one maintenance task fired at `at` (default `firedAt`) to its end (or `maxSteps`). */
const runTask = (
  w: World,
  input: Maintenance.MaintenanceInput,
  options: {
    readonly deployment?: Deployment
    readonly settings?: Maintenance.WorkflowSettings
    readonly at?: number
    readonly maxSteps?: number
  } = {}
) =>
  drive(
    Maintenance.runMaintenance(
      options.deployment ?? shop,
      options.settings ?? Maintenance.defaultWorkflowSettings,
      input,
      options.at ?? firedAt,
      options.maxSteps
    )
  ).pipe(Effect.provide(w.layer))

/**
 * Provisions the deployment (default the shop), lets `prepare` change what exists, then runs one
 * maintenance task fired at `firedAt`; the calls recorded are the run's only.
 */
const provisionThenRun = (
  w: World,
  input: Maintenance.MaintenanceInput,
  options: Parameters<typeof runTask>[2] & { readonly prepare?: (fake: FakePersonalize) => void } = {}
) =>
  Effect.gen(function* () {
    yield* drive(applyDeployment(options.deployment ?? shop, {}))
    yield* TestClock.setTime(firedAt)
    options.prepare?.(w.fake)
    w.fake.calls.length = 0
    return yield* runTask(w, input, options)
  }).pipe(Effect.provide(w.layer))

describe("maintenance runs", () => {
  it.effect("an import is created with its dated name and the config's mode, polled until ACTIVE, and reported", () => {
    const w = world({})
    return Effect.gen(function* () {
      const end = yield* provisionThenRun(w, { task: "import", target: "shop-interactions", datasetGroup: "shop" })
      const importArn = w.fake.arnOf("DatasetImportJob", "shop-interactions-import-20261120-120000")
      expect(end).toStrictEqual({
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
      const second = yield* runTask(
        w,
        { task: "import", target: "shop-interactions", datasetGroup: "shop" },
        { at: firedAt + 86_400_000 }
      )
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
      const solution = yield* runTask(w, { task: "full", target: "nope", datasetGroup: "shop" })
      expect([solution.outcome, solution.reason]).toEqual(["skipped", "solution nope is not provisioned"])
      const batch = yield* runTask(w, { task: "batch-inference", target: "nope", datasetGroup: "shop" })
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
      expect(job?.attributes).toStrictEqual({
        solutionVersionArn: served,
        inputPath: "s3://b/in.json",
        outputPath: `s3://b/out/2026-11-20/${name}/`,
        roleArn: "arn:aws:iam::000000000000:role/ops",
        numResults: 25
      })
    })
  })

  it.effect("a job that fails ends the run failed, naming the job and its status", () => {
    const w = world({
      script: { createdStatus: (input) => (input.kind === "DatasetImportJob" ? "CREATE_FAILED" : "ACTIVE") }
    })
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

const ndcg = "normalized_discounted_cumulative_gain_at_25"
const stamp = "20261120-120000"
const inputOf = (task: Maintenance.MaintenanceTask, target: string): Maintenance.MaintenanceInput => ({
  task,
  target,
  datasetGroup: "shop"
})
const fullUp = inputOf("full", "up")
/** The version a run of `fullUp` trains. */
const upVersion = `up-full-${stamp}`
/** Version metrics where the run's version beats the serving one. */
const runBeatsServing = (name: string) => ({ [ndcg]: name === upVersion ? 0.3 : 0.2 })

/** The first version of a solution (the one apply trained, which its campaign serves). */
const firstVersion = (fake: FakePersonalize, solution: string) =>
  [...fake.resources.values()].find(
    (r) => r.kind === "SolutionVersion" && r.parentArn === fake.arnOf("Solution", solution)
  )!

/** Sets the status of the solution's first version (the only one after apply). */
const firstVersionIs = (status: Status) => (fake: FakePersonalize) => fake.put({ ...firstVersion(fake, "up"), status })

describe("maintenance runs: waiting, failures and the training mode", () => {
  it.effect("a training still in progress is polled every pollSeconds on the clock until it is ACTIVE", () => {
    const w = world({
      script: {
        createdStatus: (input) => (input.name === upVersion ? "CREATE_IN_PROGRESS" : "ACTIVE"),
        onDescribe: (d, n) => (d.name === upVersion && n >= 3 ? { ...d, status: "ACTIVE" } : undefined)
      }
    })
    const settings = { ...Maintenance.defaultWorkflowSettings, pollSeconds: 600 }
    return Effect.gen(function* () {
      yield* drive(applyDeployment(shop, {}))
      yield* TestClock.setTime(firedAt)
      const fiber = yield* Effect.forkChild(Maintenance.runMaintenance(shop, settings, fullUp, firedAt))
      // Start, then three polls 600 s apart: the third finds the version ACTIVE.
      yield* TestClock.adjust("1799 seconds")
      expect(fiber.pollUnsafe()).toBeUndefined()
      yield* TestClock.adjust("1 second")
      const end = yield* Fiber.join(fiber)
      expect([end.phase, end.outcome]).toEqual(["done", "kept"])
      expect(w.fake.calls.filter((c) => c === `Describe SolutionVersion:${upVersion}`)).toHaveLength(3)
    }).pipe(Effect.provide(w.layer))
  })

  it.effect("a run stops after maxSteps, waiting in its phase; a run fired meanwhile is skipped, naming it", () => {
    const w = world({
      script: { createdStatus: (input) => (input.name === upVersion ? "CREATE_IN_PROGRESS" : "ACTIVE") }
    })
    return Effect.gen(function* () {
      const first = yield* provisionThenRun(w, fullUp, { maxSteps: 2 })
      expect([first.phase, first.waitSeconds, first.outcome]).toEqual(["training", 300, undefined])
      expect(w.fake.calls.filter((c) => c.startsWith("Describe SolutionVersion"))).toEqual([
        `Describe SolutionVersion:${upVersion}`
      ])
      const second = yield* runTask(w, fullUp, { at: firedAt + 3_600_000 })
      expect([second.outcome, second.reason]).toEqual([
        "skipped",
        `an earlier run (full-up-${firedAt}, started 2026-11-20T12:00:00.000Z) is still running`
      ])
      expect(w.fake.calls.filter((c) => c.startsWith("Create"))).toEqual([`Create SolutionVersion:${upVersion}`])
      const events = yield* w.events("full", "up")
      expect(events.map((e) => [e.type, e.metadata.correlationId, e.metadata.actor])).toEqual([
        ["RunStarted", `full-up-${firedAt}`, "maintenance"],
        ["RunSkipped", `full-up-${firedAt + 3_600_000}`, "maintenance"]
      ])
    })
  })

  it.effect("a version that fails or is stopped ends the run failed, naming the version and why", () =>
    Effect.gen(function* () {
      for (const [status, failureReason, said] of [
        ["CREATE_FAILED", "not enough interactions", "not enough interactions"],
        ["CREATE_STOPPED", undefined, "CREATE_STOPPED"]
      ] as const) {
        const w = world({
          script: {
            onDescribe: (d) =>
              d.name === upVersion
                ? { ...d, status, ...(failureReason === undefined ? {} : { failureReason }) }
                : undefined
          }
        })
        const end = yield* provisionThenRun(w, fullUp)
        const version = w.fake.arnOf("SolutionVersion", upVersion)
        expect([end.outcome, end.reason]).toEqual(["failed", `solution version ${version}: ${said}`])
        const events = yield* w.events("full", "up")
        expect(events.at(-1)).toMatchObject({ type: "RunFailed", data: { resourceArn: version } })
        expect(w.metricsPut).toEqual([])
      }
    })
  )

  it.effect("a Personalize error ends the run failed with the error's tag and message, and no resource", () =>
    Effect.gen(function* () {
      for (const [message, said] of [
        ["too many versions", "LimitExceeded: too many versions"],
        ["", "LimitExceeded"]
      ] as const) {
        const w = world({
          script: {
            failCreate: (input) =>
              input.name === upVersion ? new LimitExceeded({ kind: "SolutionVersion", message }) : undefined
          }
        })
        const end = yield* provisionThenRun(w, fullUp)
        expect([end.phase, end.outcome, end.reason, end.waitSeconds]).toEqual(["done", "failed", said, 0])
        const events = yield* w.events("full", "up")
        expect(events.at(-1)).toMatchObject({ type: "RunFailed", data: { reason: said } })
        expect(events.at(-1)?.data).not.toHaveProperty("resourceArn")
        expect(w.notified.at(-1)?.subject).toBe("personalize-ops maintenance: full up failed")
      }
    })
  )

  it.effect("an UPDATE needs an ACTIVE version to update: after a failed or stopped one, or none, it trains FULL", () =>
    Effect.gen(function* () {
      for (const prepare of [
        firstVersionIs("CREATE_FAILED"),
        firstVersionIs("CREATE_STOPPED"),
        (fake: FakePersonalize) => void fake.resources.delete(firstVersion(fake, "up").arn)
      ]) {
        const w = world({})
        const end = yield* provisionThenRun(w, inputOf("update", "up"), { prepare })
        expect(end.mode).toBe("FULL")
        expect(w.fake.calls.filter((c) => c.startsWith("Create"))).toEqual([`Create SolutionVersion:${upVersion}`])
      }
    })
  )

  it.effect("an UPDATE of a solution whose recipe cannot update trains FULL", () => {
    const w = world({})
    const sims: Deployment = {
      ...shop,
      solutions: shop.solutions.map((s) =>
        s.name === "lonely" ? { ...s, recipeArn: "arn:aws:personalize:::recipe/aws-sims" } : s
      )
    }
    return Effect.gen(function* () {
      const end = yield* provisionThenRun(w, inputOf("update", "lonely"), { deployment: sims })
      expect([end.outcome, end.mode]).toEqual(["succeeded", "FULL"])
      expect(w.fake.calls).toContain(`Create SolutionVersion:lonely-full-${stamp}`)
    })
  })

  it.effect("a retraining while the solution's only version is still training is skipped, naming that version", () => {
    const w = world({})
    return Effect.gen(function* () {
      const end = yield* provisionThenRun(w, fullUp, { prepare: firstVersionIs("CREATE_IN_PROGRESS") })
      expect([end.outcome, end.reason]).toEqual([
        "skipped",
        `version ${firstVersion(w.fake, "up").arn} is still training (CREATE_IN_PROGRESS)`
      ])
      expect(w.fake.calls.filter((c) => c.startsWith("Create"))).toEqual([])
    })
  })

  it.effect("before anything is provisioned every task is skipped, naming what is missing", () => {
    const w = world({})
    const batch = Maintenance.batchJobBaseName("up", "batch-inference", 0, undefined)
    return Effect.gen(function* () {
      const ends = yield* Effect.forEach(
        [inputOf("import", "shop-interactions"), fullUp, inputOf("batch-inference", batch)],
        (input) => runTask(w, input)
      )
      expect(ends.map((e) => [e.outcome, e.reason])).toEqual([
        ["skipped", "dataset shop-interactions is not provisioned"],
        ["skipped", "solution up is not provisioned"],
        ["skipped", "solution up has no ACTIVE version to run on"]
      ])
      expect(w.fake.calls.filter((c) => c.startsWith("Create"))).toEqual([])
    })
  })

  it.effect("a step of a finished run returns it unchanged and calls nothing", () => {
    const w = world({})
    const done: Maintenance.MaintenanceStepState = {
      ...Maintenance.startState(fullUp, firedAt),
      phase: "done",
      outcome: "succeeded"
    }
    return Effect.gen(function* () {
      const again = yield* Maintenance.maintenanceStep(shop, Maintenance.defaultWorkflowSettings, done)
      expect(again).toBe(done)
      expect(w.fake.calls).toEqual([])
    }).pipe(Effect.provide(w.layer))
  })
})

describe("maintenance runs: imports", () => {
  const imports = inputOf("import", "shop-interactions")

  it.effect("the dataset's scheduled import is run, and a run within the dataset group's maxAge is skipped", () => {
    const w = world({ lastModified: firedAt + 3_600_000 })
    const twoImports: Deployment = {
      ...shop,
      datasetGroup: { ...shop.datasetGroup, maxAge: "2 days" },
      datasets: shop.datasets.map((d) => ({
        ...d,
        imports: [{ dataLocation: "s3://b/by-hand/", importMode: "FULL", tags: [] }, ...d.imports]
      }))
    }
    return Effect.gen(function* () {
      const first = yield* provisionThenRun(w, imports, { deployment: twoImports })
      expect([first.outcome, first.mode]).toEqual(["succeeded", "INCREMENTAL"])
      const job = w.fake.resources.get(w.fake.arnOf("DatasetImportJob", `shop-interactions-import-${stamp}`))
      expect(job?.attributes["dataLocation"]).toBe("s3://b/i/")
      const second = yield* runTask(w, imports, { deployment: twoImports, at: firedAt + 86_400_000 })
      expect(second.outcome).toBe("skipped")
      expect(second.reason).toMatch(
        /^the last import \(2026-11-20T12:00:00\.000Z\) is within maxAge \(\d+ s < 172800 s\)$/
      )
    })
  })

  it.effect("a dataset whose config declares no import is skipped", () => {
    const w = world({})
    const noImports: Deployment = { ...shop, datasets: shop.datasets.map((d) => ({ ...d, imports: [] })) }
    return Effect.gen(function* () {
      const end = yield* provisionThenRun(w, imports, { deployment: noImports })
      expect([end.outcome, end.reason]).toEqual(["skipped", "dataset shop-interactions is not provisioned"])
      expect(w.fake.calls.filter((c) => c.startsWith("Create"))).toEqual([])
    })
  })
})

describe("maintenance runs: promotion", () => {
  it.effect("a promotion waits for the campaign's update, then records the version it replaced", () => {
    let pendingPolls = 1
    const w = world({
      versionMetrics: runBeatsServing,
      script: {
        updateStatus: "CREATE_IN_PROGRESS",
        onDescribe: (d) =>
          d.kind === "Campaign" && d.latestUpdate?.status === "CREATE_IN_PROGRESS" && pendingPolls-- <= 0
            ? { ...d, latestUpdate: { ...d.latestUpdate, status: "ACTIVE" } }
            : undefined
      }
    })
    return Effect.gen(function* () {
      const end = yield* provisionThenRun(w, fullUp)
      const version = w.fake.arnOf("SolutionVersion", upVersion)
      const previous = firstVersion(w.fake, "up").arn
      expect(end).toStrictEqual({
        input: fullUp,
        runId: `full-up-${firedAt}`,
        at: firedAt,
        phase: "done",
        resourceArn: version,
        mode: "FULL",
        metrics: { [ndcg]: 0.3, [`serving_${ndcg}`]: 0.2 },
        reason: `${ndcg} 0.3 ≥ serving 0.2`,
        servingVersionArn: previous,
        campaigns: [w.fake.arnOf("Campaign", "up-campaign")],
        waitSeconds: 0,
        outcome: "promoted"
      })
      expect(w.fake.calls.filter((c) => c.includes("Campaign:"))).toEqual([
        "Update Campaign:up-campaign",
        "Describe Campaign:up-campaign",
        "Describe Campaign:up-campaign"
      ])
      const events = yield* w.events("full", "up")
      expect(events.at(-1)).toMatchObject({
        type: "VersionPromoted",
        data: { versionArn: version, previousVersionArn: previous }
      })
    })
  })

  it.effect("a campaign update that fails fails the run, naming the campaign and why", () =>
    Effect.gen(function* () {
      for (const [failureReason, said] of [
        [undefined, "failed"],
        ["no capacity", "no capacity"]
      ] as const) {
        const w = world({
          versionMetrics: runBeatsServing,
          script: {
            updateStatus: "CREATE_FAILED",
            onDescribe: (d) =>
              failureReason !== undefined && d.kind === "Campaign" && d.latestUpdate !== undefined
                ? { ...d, latestUpdate: { ...d.latestUpdate, failureReason } }
                : undefined
          }
        })
        const end = yield* provisionThenRun(w, fullUp)
        expect([end.outcome, end.reason]).toEqual(["failed", `campaign up-campaign update: ${said}`])
        const events = yield* w.events("full", "up")
        expect(events.at(-1)).toMatchObject({
          type: "RunFailed",
          data: { resourceArn: w.fake.arnOf("SolutionVersion", upVersion) }
        })
      }
    })
  )

  it.effect("a campaign serving no version yet: promoted without a serving metric or a previous version", () => {
    const w = world({ versionMetrics: runBeatsServing })
    const servingNothing = (fake: FakePersonalize) => {
      const campaign = fake.resources.get(fake.arnOf("Campaign", "up-campaign"))!
      const { solutionVersionArn: _, ...attributes } = campaign.attributes
      fake.put({ ...campaign, attributes })
    }
    return Effect.gen(function* () {
      const end = yield* provisionThenRun(w, fullUp, { prepare: servingNothing })
      expect([end.outcome, end.reason]).toEqual(["promoted", "no version is serving yet"])
      expect(end.metrics).toStrictEqual({ [ndcg]: 0.3 })
      expect(end).not.toHaveProperty("servingVersionArn")
      const events = yield* w.events("full", "up")
      expect(events.at(-1)?.type).toBe("VersionPromoted")
      expect(events.at(-1)?.data).not.toHaveProperty("previousVersionArn")
    })
  })

  it.effect("a campaign that is not ACTIVE, or gone, is not moved: the run succeeds with no campaign serving", () =>
    Effect.gen(function* () {
      for (const prepare of [
        (fake: FakePersonalize) => fake.setStatus("Campaign", "up-campaign", "CREATE_FAILED"),
        (fake: FakePersonalize) => void fake.resources.delete(fake.arnOf("Campaign", "up-campaign"))
      ]) {
        const w = world({ versionMetrics: runBeatsServing })
        const end = yield* provisionThenRun(w, fullUp, { prepare })
        expect([end.outcome, end.reason]).toEqual(["succeeded", "trained; no campaign serves this solution"])
        expect(w.fake.calls.filter((c) => c.startsWith("Update"))).toEqual([])
      }
    })
  )
})

describe("maintenance runs: batch jobs", () => {
  it.effect("a batch job runs on the version the campaign serves, not on a newer ACTIVE one", () => {
    const w = world({})
    const target = Maintenance.batchJobBaseName("up", "batch-inference", 0, undefined)
    return Effect.gen(function* () {
      const end = yield* provisionThenRun(w, inputOf("batch-inference", target), {
        prepare: (fake) => {
          const served = firstVersion(fake, "up")
          const arn = formatArn(defaultScope, "SolutionVersion", "up/newer")
          fake.put({ ...served, arn, name: "up-newer", creationDateTime: 10_000 })
        }
      })
      expect(end.outcome).toBe("succeeded")
      const job = w.fake.resources.get(w.fake.arnOf("BatchInferenceJob", Maintenance.runName(target, firedAt)))
      expect(job?.attributes["solutionVersionArn"]).toBe(firstVersion(w.fake, "up").arn)
      expect(w.fake.calls).toContain(`Describe BatchInferenceJob:${Maintenance.runName(target, firedAt)}`)
    })
  })

  const elsewhere = "arn:aws:personalize:us-east-1:000000000000:filter/elsewhere"
  const lonely = shop.solutions.find((s) => s.name === "lonely")!
  const batchy: Deployment = {
    ...shop,
    filters: [{ name: "recent", filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("x")', tags: [] }],
    solutions: [
      ...shop.solutions.map((s) =>
        s === lonely
          ? { ...s, batchInferenceJobs: [{ filterName: "recent", jobConfig: { explorationWeight: "0.3" }, tags: [] }] }
          : s
      ),
      {
        ...lonely,
        name: "affinity",
        recipeArn: "arn:aws:personalize:::recipe/aws-item-affinity",
        batchSegmentJobs: [{ filterArn: elsewhere, numResults: 10, tags: [] }]
      }
    ]
  }
  const settings = { ...Maintenance.defaultWorkflowSettings, batchPrefix: "s3://ops-batch" }

  it.effect(
    "without a campaign: on the ACTIVE version, under batchPrefix, with the config's filter and jobConfig",
    () => {
      const w = world({})
      const target = Maintenance.batchJobBaseName("lonely", "batch-inference", 0, undefined)
      const name = Maintenance.runName(target, firedAt)
      return Effect.gen(function* () {
        const end = yield* provisionThenRun(w, inputOf("batch-inference", target), { deployment: batchy, settings })
        expect(end.outcome).toBe("succeeded")
        expect(w.fake.resources.get(w.fake.arnOf("BatchInferenceJob", name))?.attributes).toStrictEqual({
          solutionVersionArn: firstVersion(w.fake, "lonely").arn,
          inputPath: "s3://ops-batch/shop/lonely/job_config.json",
          outputPath: `s3://ops-batch/shop/lonely/2026-11-20/${name}/`,
          roleArn: "arn:aws:iam::000000000000:role/ops",
          filterArn: w.fake.arnOf("Filter", "recent"),
          jobConfig: { explorationWeight: "0.3" }
        })
      })
    }
  )

  it.effect("a batch segment job with a filter ARN is polled until ACTIVE", () => {
    const target = Maintenance.batchJobBaseName("affinity", "batch-segment", 0, undefined)
    const name = Maintenance.runName(target, firedAt)
    const w = world({
      script: {
        createdStatus: (input) => (input.name === name ? "CREATE_PENDING" : "ACTIVE"),
        onDescribe: (d, n) => (d.name === name && n >= 2 ? { ...d, status: "ACTIVE" } : undefined)
      }
    })
    return Effect.gen(function* () {
      const end = yield* provisionThenRun(w, inputOf("batch-segment", target), { deployment: batchy, settings })
      expect([end.outcome, end.resourceArn]).toEqual(["succeeded", w.fake.arnOf("BatchSegmentJob", name)])
      expect(w.fake.resources.get(w.fake.arnOf("BatchSegmentJob", name))?.attributes).toStrictEqual({
        solutionVersionArn: firstVersion(w.fake, "affinity").arn,
        inputPath: "s3://ops-batch/shop/affinity/job_config.json",
        outputPath: `s3://ops-batch/shop/affinity/2026-11-20/${name}/`,
        roleArn: "arn:aws:iam::000000000000:role/ops",
        filterArn: elsewhere,
        numResults: 10
      })
      expect(w.fake.calls.filter((c) => c.includes(`BatchSegmentJob:${name}`))).toEqual([
        `Create BatchSegmentJob:${name}`,
        `Describe BatchSegmentJob:${name}`,
        `Describe BatchSegmentJob:${name}`
      ])
    })
  })
})
