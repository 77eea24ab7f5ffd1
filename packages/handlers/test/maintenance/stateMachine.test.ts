// The maintenance state machine, generated from code: checked with asl-validator, then executed with
// aws-local-stepfunctions, its Task running the real step handler against the Personalize twin. Wait
// states take no real time: each step first moves the twin's TestClock by the seconds the Wait asked for.

import { createRequire } from "node:module"
import { layerMemoryEventStore, makeMapConfigBucket, makePersonalizeTwin } from "@personalize-ops/adapters-memory"
import {
  Config,
  Kernel,
  Maintenance,
  Monitoring,
  Notify,
  Personalize as P,
  Provisioning,
  Workflow
} from "@personalize-ops/core"
import { interactionsSchema } from "@personalize-ops/core/testing"
import { runStateMachine } from "@personalize-ops/handlers/testing"
import { Clock, ConfigProvider, Effect, Fiber, Layer, ManagedRuntime } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"
import { MaintenanceHandlers } from "../../src/index.ts"

// asl-validator is CommonJS without types: its one function, typed as far as this test uses it.
const validator = createRequire(import.meta.url)("asl-validator") as (definition: unknown) => {
  readonly isValid: boolean
  readonly errorsText: () => string
}
const {
  maintenanceDefinition,
  maintenanceStates,
  MaintenanceLoopState,
  maintenanceStepHandler,
  MaintenanceConfig,
  MaintenanceSettings,
  layerBucketMaintenanceConfig,
  loadMaintenanceSettings
} = MaintenanceHandlers

const stepArn = "arn:aws:lambda:us-east-1:000000000000:function:personalize-ops-maintenance-step"
const definition = maintenanceDefinition({ stepFunctionArn: stepArn, maxIterations: 100 })
const sameLoop = Workflow.reconcileLoopDefinition({
  comment: definition.Comment,
  reconcileResource: stepArn,
  maxIterations: 100,
  maxSeconds: 2 * 86_400
})
const ndcg = "normalized_discounted_cumulative_gain_at_25"

const config = {
  format: "personalize-ops/v1",
  datasetGroup: { name: "shop" },
  datasets: {
    Interactions: {
      name: "shop-interactions",
      schema: interactionsSchema,
      imports: [{ dataLocation: "s3://shop/interactions/", importMode: "FULL", schedule: "cron(0 */6 * * ? *)" }]
    }
  },
  solutions: [
    {
      name: "ranking",
      recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization",
      schedules: { full: "cron(0 2 ? * 1 *)" },
      campaigns: [{ name: "ranking-campaign", minProvisionedTPS: 1 }],
      batchInferenceJobs: [
        {
          name: "ranking-batch",
          inputPath: "s3://shop/batch/users.json",
          outputPath: "s3://shop/batch/ranking/",
          roleArn: "arn:aws:iam::000000000000:role/PersonalizeS3",
          schedule: "cron(0 3 * * ? *)"
        }
      ]
    },
    {
      // USER_SEGMENTATION: no campaign can serve it, so no gate; its batch runs take its newest ACTIVE version.
      name: "segments",
      recipeArn: "arn:aws:personalize:::recipe/aws-item-affinity",
      schedules: { full: "cron(0 2 ? * 1 *)" },
      batchSegmentJobs: [
        {
          name: "segments-batch",
          inputPath: "s3://shop/batch/items.json",
          outputPath: "s3://shop/batch/segments/",
          roleArn: "arn:aws:iam::000000000000:role/PersonalizeS3",
          schedule: "cron(0 3 * * ? *)"
        }
      ]
    }
  ]
}

/**
 * Where the step finds its config: given (one deployment for every run), or deployed — the bucket, through
 * provisioning's ConfigBucket port (a map here), at `train/<dataset group>/config.json`.
 */
type ConfigSource = { readonly _tag: "fixed" } | { readonly _tag: "bucket"; readonly objects: Map<string, string> }

const bucketSettings = (objects: Map<string, string>) =>
  Layer.effect(
    MaintenanceSettings,
    loadMaintenanceSettings.pipe(
      Effect.provideService(
        ConfigProvider.ConfigProvider,
        ConfigProvider.fromUnknown({
          CONFIG_BUCKET: "configs",
          PERSONALIZE_ROLE_ARN: "arn:aws:iam::000000000000:role/PersonalizeS3",
          PROMOTION_METRIC: "NDCG@25"
        })
      )
    )
  ).pipe((settings) =>
    layerBucketMaintenanceConfig.pipe(
      Layer.provide(Layer.merge(settings, Layer.succeed(Workflow.ConfigBucket, makeMapConfigBucket(objects))))
    )
  )

/** A world: the twin (provisioned), the event store, recorded notifications and metrics, given offline metrics. */
const makeWorld = async (
  gate: { readonly serving: number; readonly candidate: number },
  source: ConfigSource = { _tag: "fixed" }
) => {
  const decoded = Config.decodeConfig(config)
  if (!decoded.valid) throw new Error(JSON.stringify(decoded.issues))
  const deployment = decoded.deployment
  const twin = await Effect.runPromise(makePersonalizeTwin({ seed: 3 }))
  const notifications: Array<Notify.Notification> = []
  const metrics: Array<Monitoring.MetricDatum> = []
  let servingArn: unknown
  let offline = gate
  let dataChangedAt = 0
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(
      Layer.succeed(P.Personalize, twin.personalize),
      layerMemoryEventStore,
      TestClock.layer(),
      Layer.succeed(Notify.Notifications, { publish: (n) => Effect.sync(() => void notifications.push(n)) }),
      Layer.succeed(Monitoring.Metrics, {
        getMetricData: () => Effect.succeed([]),
        putMetricData: (_r, _ns, data) =>
          Effect.sync(() => {
            metrics.push(...data)
          })
      }),
      Layer.succeed(Maintenance.SolutionMetricsSource, {
        get: (arn) =>
          Effect.sync(() => ({ [ndcg]: arn === servingArn ? offline.serving : offline.candidate, coverage: 0.5 }))
      }),
      Layer.succeed(Maintenance.DataFreshness, { lastModified: () => Effect.succeed(dataChangedAt) }),
      source._tag === "fixed"
        ? MaintenanceConfig.fixed({
            deployment,
            settings: { ...Maintenance.defaultWorkflowSettings, pollSeconds: 600 }
          })
        : bucketSettings(source.objects)
    )
  )
  await runtime.runPromise(
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.parse("2026-03-01T00:00:00Z"))
      const fiber = yield* Effect.forkChild(Provisioning.applyDeployment(deployment))
      while (fiber.pollUnsafe() === undefined) yield* TestClock.adjust("1 hour")
      const applied = yield* Fiber.join(fiber)
      if (!applied.ok) throw new Error("provisioning failed")
    })
  )
  /** One execution of the state machine for a schedule's input, as EventBridge Scheduler starts it. */
  const execute = async (input: unknown) => {
    const now = await runtime.runPromise(Clock.currentTimeMillis)
    const step = (event: unknown) =>
      runtime.runPromise(
        Effect.gen(function* () {
          const state = event as { waitSeconds?: number }
          if (state.waitSeconds !== undefined && state.waitSeconds > 0)
            yield* TestClock.adjust(state.waitSeconds * 1000)
          return yield* maintenanceStepHandler(event)
        })
      )
    return runStateMachine(
      MaintenanceLoopState,
      definition,
      input,
      { [maintenanceStates.step]: step },
      {
        waitMs: 0,
        startTime: now
      }
    )
  }
  const campaignVersion = async () => {
    const page = await runtime.runPromise(twin.personalize.list({ kind: "Campaign" }))
    return page.items[0]?.attributes["solutionVersionArn"]
  }
  const describe = (kind: P.ResourceKind, arn: string) =>
    runtime.runPromise(twin.personalize.describe(kind, arn as P.ResourceArn))
  servingArn = await campaignVersion()
  const events = () =>
    runtime.runPromise(
      Effect.gen(function* () {
        const store = yield* Kernel.EventStore
        return yield* store.read(Kernel.streamId("maintenance-solution", "ranking"))
      })
    )
  return {
    execute,
    campaignVersion,
    describe,
    events,
    notifications,
    metrics,
    /** The offline metrics from now on: the first serving version's, and every other version's. */
    setGate: (next: typeof gate) => {
      offline = next
    },
    setDataChangedAt: (t: number) => {
      dataChangedAt = t
    },
    now: () => runtime.runPromise(Clock.currentTimeMillis),
    step: (event: unknown) => runtime.runPromise(Effect.flip(maintenanceStepHandler(event))),
    dispose: () => runtime.dispose()
  }
}

const full = { task: "full", target: "ranking", datasetGroup: "shop", schedule: "po-full-ranking" } as const
const batchInference = { task: "batch-inference", target: "ranking-batch", datasetGroup: "shop" } as const
const fullSegments = { task: "full", target: "segments", datasetGroup: "shop" } as const
const batchSegment = { task: "batch-segment", target: "segments-batch", datasetGroup: "shop" } as const
const importUsers = { task: "import", target: "shop-interactions", datasetGroup: "shop" } as const

describe("maintenance state machine", () => {
  it("its generated definition passes asl-validator", () => {
    const { isValid, errorsText } = validator(definition)
    expect(errorsText()).toBe("")
    expect(isValid).toBe(true)
  })

  it("is core's reconcile loop without Notify tasks: each run's step notifies its own outcome", () => {
    // A fresh one: aws-local-stepfunctions annotates the definition it runs.
    const fresh = maintenanceDefinition({ stepFunctionArn: stepArn, maxIterations: 100 })
    expect(Object.keys(fresh.States).sort()).toEqual(
      ["Decide", "Failed", "OutOfBounds", "Reconcile", "Succeeded", "Wait"].sort()
    )
    for (const state of ["Decide", "Wait", "OutOfBounds"]) expect(fresh.States[state]).toEqual(sameLoop.States[state])
  })

  it("FULL retraining: a better version is promoted and the campaign moves to it, metrics published", async () => {
    const world = await makeWorld({ serving: 0.3, candidate: 0.35 })
    const before = await world.campaignVersion()
    const result = await world.execute(full)
    expect(result.phase).toBe("done")
    expect(result.outcome).toBe("promoted")
    expect(result.reason).toBe(`${ndcg} 0.35 ≥ serving 0.3`)
    expect(result.iteration).toBeGreaterThan(3)
    expect(result.status).toBe("done")
    const after = await world.campaignVersion()
    expect(after).toBe(result.resourceArn)
    expect(after).not.toBe(before)
    expect(world.metrics.map((m) => m.metricName)).toContain(ndcg)
    expect(world.metrics[0]?.dimensions.map((d) => d.name)).toEqual(["DatasetGroup", "Solution", "SolutionVersion"])
    expect((await world.events()).map((e) => e.type)).toEqual(["RunStarted", "VersionPromoted"])
    expect(world.notifications.map((n) => n.subject)).toEqual(["personalize-ops maintenance: full ranking promoted"])
    await world.dispose()
  })

  it("a worse version is kept: the campaign stays on the serving version, the reason has both numbers", async () => {
    const world = await makeWorld({ serving: 0.3, candidate: 0.2 })
    const before = await world.campaignVersion()
    const result = await world.execute(full)
    expect(result.outcome).toBe("kept")
    expect(result.reason).toBe(`${ndcg} 0.2 < serving 0.3`)
    expect(await world.campaignVersion()).toBe(before)
    expect((await world.events()).map((e) => e.type)).toEqual(["RunStarted", "VersionKept"])
    await world.dispose()
  })

  it("a batch run takes the version the campaign serves, not a newer one the gate kept; a new dated job per run", async () => {
    const world = await makeWorld({ serving: 0.3, candidate: 0.2 })
    const serving = await world.campaignVersion()
    const kept = await world.execute(full)
    expect(kept.outcome).toBe("kept")
    expect(kept.resourceArn).not.toBe(serving)
    expect((await world.describe("SolutionVersion", kept.resourceArn ?? "")).status).toBe("ACTIVE")
    const batch = await world.execute(batchInference)
    expect(batch.outcome).toBe("succeeded")
    const job = await world.describe("BatchInferenceJob", batch.resourceArn ?? "")
    expect(job.attributes["solutionVersionArn"]).toBe(serving)
    expect(job.name).toMatch(/^ranking-batch-\d{8}-\d{6}$/)
    expect(job.attributes["jobOutput"]).toBe(
      `s3://shop/batch/ranking/${job.name.slice(14, 18)}-${job.name.slice(18, 20)}-${job.name.slice(20, 22)}/${job.name}/`
    )
    // Once a version passes the gate, the next run takes it.
    world.setGate({ serving: 0.2, candidate: 0.4 })
    const promoted = await world.execute(full)
    expect(promoted.outcome).toBe("promoted")
    const next = await world.execute(batchInference)
    expect(next.resourceArn).not.toBe(batch.resourceArn)
    const nextJob = await world.describe("BatchInferenceJob", next.resourceArn ?? "")
    expect(nextJob.attributes["solutionVersionArn"]).toBe(promoted.resourceArn)
    await world.dispose()
  })

  it("a batch segment run takes its solution's newest ACTIVE version (no campaign serves a USER_SEGMENTATION solution)", async () => {
    const world = await makeWorld({ serving: 0.3, candidate: 0.2 })
    const trained = await world.execute(fullSegments)
    expect(trained.outcome).toBe("succeeded")
    expect(trained.reason).toBe("trained; no campaign serves this solution")
    const batch = await world.execute(batchSegment)
    expect(batch.outcome).toBe("succeeded")
    const job = await world.describe("BatchSegmentJob", batch.resourceArn ?? "")
    expect(job.attributes["solutionVersionArn"]).toBe(trained.resourceArn)
    await world.dispose()
  })

  it("imports run when the data changed and are skipped, with why, when it did not", async () => {
    const world = await makeWorld({ serving: 0.3, candidate: 0.3 })
    world.setDataChangedAt((await world.now()) - 1000)
    const first = await world.execute(importUsers)
    expect(first.outcome).toBe("succeeded")
    expect(first.mode).toBe("FULL")
    const second = await world.execute(importUsers)
    expect(second.outcome).toBe("skipped")
    expect(second.reason).toContain("has not changed since the last import")
    await world.dispose()
  })

  it("a bad input fails the execution; the handler's typed error names the field", async () => {
    const world = await makeWorld({ serving: 0.3, candidate: 0.3 })
    const bad = { task: "retrain", target: "x", datasetGroup: "shop" }
    await expect(world.execute(bad)).rejects.toThrow(/Execution has failed/)
    const error = await world.step(bad)
    expect(error._tag).toBe("MaintenanceStepInputInvalid")
    expect(error.detail).toContain("task")
    await world.dispose()
  })

  it("deployed, each run reads its dataset group's config from the bucket (train/<group>/config.json) and runs on it", async () => {
    const objects = new Map([["configs/train/shop/config.json", JSON.stringify(config)]])
    const world = await makeWorld({ serving: 0.3, candidate: 0.35 }, { _tag: "bucket", objects })
    const before = await world.campaignVersion()
    const result = await world.execute(full)
    expect(result.outcome).toBe("promoted")
    expect(await world.campaignVersion()).not.toBe(before)
    world.setDataChangedAt((await world.now()) - 1000)
    const imported = await world.execute(importUsers)
    expect(imported.outcome).toBe("succeeded")
    await world.dispose()
  })

  it("a run whose config is missing, invalid or another group's fails, naming the object and why", async () => {
    const objects = new Map<string, string>([["configs/train/other/config.json", "{}"]])
    const world = await makeWorld({ serving: 0.3, candidate: 0.3 }, { _tag: "bucket", objects })
    await expect(world.execute(full)).rejects.toThrow(/Execution has failed/)
    const missing = await world.step(full)
    expect(missing._tag).toBe("MaintenanceConfigUnavailable")
    expect(missing.message).toContain("s3://configs/train/shop/config.json")
    objects.set("configs/train/shop/config.json", JSON.stringify({ ...config, datasetGroup: { name: "other" } }))
    expect((await world.step(full)).message).toContain("configures dataset group other")
    objects.set("configs/train/shop/config.json", JSON.stringify({ ...config, solutions: "none" }))
    expect((await world.step(full)).message).toContain("invalid config: solutions")
    objects.set("configs/train/shop/config.json", "{ not json")
    expect((await world.step(full)).message).toContain("not JSON")
    await world.dispose()
  })
})
