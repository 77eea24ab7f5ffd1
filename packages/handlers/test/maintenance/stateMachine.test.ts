// The maintenance state machine, generated from code: checked with asl-validator, then executed with
// aws-local-stepfunctions, its Task running the real step handler against the Personalize twin. Wait
// states take no real time: each step first moves the twin's TestClock by the seconds the Wait asked for.

import { createRequire } from "node:module"
import { layerMemoryEventStore, makePersonalizeTwin } from "@personalize-ops/adapters-memory"
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
import { StateMachine } from "aws-local-stepfunctions"
import { Clock, Effect, Fiber, Layer, ManagedRuntime } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"
import { MaintenanceHandlers } from "../../src/index.ts"

// asl-validator is CommonJS without types: its one function, typed as far as this test uses it.
const validator = createRequire(import.meta.url)("asl-validator") as (definition: unknown) => {
  readonly isValid: boolean
  readonly errorsText: () => string
}
const { maintenanceDefinition, maintenanceStates, maintenanceStepHandler, MaintenanceConfig } = MaintenanceHandlers

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
      schema: {
        type: "record",
        name: "Interactions",
        namespace: "com.amazonaws.personalize.schema",
        fields: [
          { name: "USER_ID", type: "string" },
          { name: "ITEM_ID", type: "string" },
          { name: "TIMESTAMP", type: "long" }
        ]
      },
      imports: [{ dataLocation: "s3://shop/interactions/", importMode: "FULL", schedule: "cron(0 */6 * * ? *)" }]
    }
  },
  solutions: [
    {
      name: "ranking",
      recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization",
      schedules: { full: "cron(0 2 ? * 1 *)" },
      campaigns: [{ name: "ranking-campaign", minProvisionedTPS: 1 }]
    }
  ]
}

/** A world: the twin (provisioned), the event store, recorded notifications and metrics, given offline metrics. */
const makeWorld = async (gate: { readonly serving: number; readonly candidate: number }) => {
  const decoded = Config.decodeConfig(config)
  if (!decoded.valid) throw new Error(JSON.stringify(decoded.issues))
  const deployment = decoded.deployment
  const twin = await Effect.runPromise(makePersonalizeTwin({ seed: 3 }))
  const notifications: Array<Notify.Notification> = []
  const metrics: Array<Monitoring.MetricDatum> = []
  let servingArn: unknown
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
        get: (arn) => Effect.sync(() => ({ [ndcg]: arn === servingArn ? gate.serving : gate.candidate, coverage: 0.5 }))
      }),
      Layer.succeed(Maintenance.DataFreshness, { lastModified: () => Effect.succeed(dataChangedAt) }),
      Layer.succeed(MaintenanceConfig, {
        deployment,
        settings: { ...Maintenance.defaultWorkflowSettings, pollSeconds: 600 }
      })
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
  const execute = async (input: Maintenance.MaintenanceInput) => {
    const now = await runtime.runPromise(Clock.currentTimeMillis)
    const machine = new StateMachine(definition as never, { validationOptions: { checkArn: true, checkPaths: true } })
    const run = machine.run(input as never, {
      context: { Execution: { StartTime: new Date(now).toISOString() } } as never,
      overrides: {
        taskResourceLocalHandlers: {
          [maintenanceStates.step]: (event) =>
            runtime.runPromise(
              Effect.gen(function* () {
                const state = event as { waitSeconds?: number }
                if (state.waitSeconds !== undefined && state.waitSeconds > 0)
                  yield* TestClock.adjust(state.waitSeconds * 1000)
                return yield* maintenanceStepHandler(event)
              })
            ) as never
        },
        waitTimeOverrides: { [maintenanceStates.wait]: 0 }
      }
    })
    return (await run.result) as unknown as MaintenanceHandlers.MaintenanceLoopState
  }
  const campaignVersion = async () => {
    const page = await runtime.runPromise(twin.personalize.list({ kind: "Campaign" }))
    return page.items[0]?.attributes["solutionVersionArn"]
  }
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
    events,
    notifications,
    metrics,
    setDataChangedAt: (t: number) => {
      dataChangedAt = t
    },
    now: () => runtime.runPromise(Clock.currentTimeMillis),
    step: (event: unknown) => runtime.runPromise(Effect.flip(maintenanceStepHandler(event))),
    dispose: () => runtime.dispose()
  }
}

const full = { task: "full", target: "ranking", datasetGroup: "shop", schedule: "po-full-ranking" } as const
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
    await expect(world.execute(bad as never)).rejects.toThrow(/Execution has failed/)
    const error = await world.step(bad)
    expect(error._tag).toBe("MaintenanceStepInputInvalid")
    expect(error.detail).toContain("task")
    await world.dispose()
  })
})
