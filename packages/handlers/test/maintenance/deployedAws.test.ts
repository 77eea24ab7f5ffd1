// Maintenance as deployed, end to end on the AWS adapters: the handlers' own AWS wiring (layerReconcileAws,
// layerMaintenanceAws — what the Lambda bundles run), every SDK client pointed by AWS_ENDPOINT_URL_* at a
// local server: Personalize → the twin served on 127.0.0.1 (`twin serve`, GetSolutionMetrics included),
// EventBridge Scheduler → the local Scheduler endpoint, S3 (configs, data ages) → the local S3, DynamoDB →
// DynamoDB Local (the event store), SNS / CloudWatch / EventBridge → a recorder. The provisioning state machine
// builds the config and creates its schedules; then each schedule fires as EventBridge Scheduler would: the
// maintenance state machine (aws-local-stepfunctions) started with the schedule's own target input.

import { Maintenance, Personalize as P, Workflow } from "@personalize-ops/core"
import { interactionsSchema } from "@personalize-ops/core/testing"
import {
  type LocalDeployment,
  provisioningTasks,
  runStateMachine,
  startLocalDeployment
} from "@personalize-ops/handlers/testing"
import { Clock, Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { MaintenanceHandlers, ProvisioningHandlers } from "../../src/index.ts"

const bucket = "configs"
const role = "arn:aws:iam::000000000000:role/PersonalizeS3"
const maintenanceMachine = "arn:aws:states:us-east-1:000000000000:stateMachine:e2e-maintenance"
const topic = "arn:aws:sns:us-east-1:000000000000:e2e-maintenance"
const ndcg = "normalized_discounted_cumulative_gain_at_25"

const config = {
  format: "personalize-ops/v1",
  roleArn: role,
  datasetGroup: { name: "shop" },
  datasets: {
    Interactions: {
      name: "shop-interactions",
      schema: interactionsSchema,
      imports: [
        { dataLocation: `s3://${bucket}/train/shop/interactions/`, importMode: "FULL", schedule: "cron(0 */6 * * ? *)" }
      ]
    }
  },
  solutions: [
    {
      name: "ranking",
      recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization",
      performAutoTraining: false,
      schedules: { full: "cron(0 2 ? * 1 *)" },
      campaigns: [{ name: "ranking-campaign", minProvisionedTPS: 1 }],
      batchInferenceJobs: [
        {
          name: "ranking-batch",
          inputPath: `s3://${bucket}/batch/users.json`,
          outputPath: `s3://${bucket}/batch/ranking/`,
          schedule: "cron(0 3 * * ? *)"
        }
      ]
    }
  ]
}

// The deployment's settings, as its functions' environment has them.
const env = {
  EVENT_STORE_TABLE: "e2e-events",
  CONFIG_BUCKET: bucket,
  PERSONALIZE_ROLE_ARN: role,
  NOTIFICATION_TOPIC_ARN: topic,
  SCHEDULE_INSTANCE: "e2e",
  MAINTENANCE_STATE_MACHINE_ARN: maintenanceMachine,
  SCHEDULER_ROLE_ARN: "arn:aws:iam::000000000000:role/e2e-scheduler"
}

let local: LocalDeployment
beforeAll(async () => {
  local = await startLocalDeployment({ twin: { seed: 5 }, eventTable: env.EVENT_STORE_TABLE, env })
  local.s3.objects.set(`${bucket}/train/shop/config.json`, JSON.stringify(config))
  local.s3.objects.set(`${bucket}/train/shop/interactions/part-1.csv`, "USER_ID,ITEM_ID,TIMESTAMP\n")
}, 240_000)
afterAll(() => local?.close())

/**
 * The maintenance step's clock: the wall clock, moved on by hand. Runs are named by the second they fire
 * (two runs of one target are a second apart at least, as schedules are): each firing moves it on a
 * second instead of waiting one.
 */
const stepClock = (() => {
  const wall = Clock.Clock.defaultValue()
  let skipped = 0
  const millis = () => wall.currentTimeMillisUnsafe() + skipped
  const nanos = () => BigInt(millis()) * 1_000_000n
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: millis,
    currentTimeMillis: Effect.sync(millis),
    currentTimeNanosUnsafe: nanos,
    currentTimeNanos: Effect.sync(nanos),
    // Durations and sleeps (a retry's backoff) are the wall clock's own.
    monotonicTimeNanosUnsafe: () => wall.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: Effect.sync(() => wall.monotonicTimeNanosUnsafe()),
    sleep: (duration) => wall.sleep(duration)
  }
  const skipSecond = () => {
    skipped += 1000
  }
  return { clock, skipSecond }
})()

describe("maintenance on the AWS adapters: schedules made by the provisioning workflow fire the maintenance state machine", () => {
  // The handlers as bundled: their AWS layers read the environment set above (the step on the clock above).
  const reconcile = ProvisioningHandlers.makeReconcileHandler(ProvisioningHandlers.layerReconcileAws)
  const notify = ProvisioningHandlers.makeNotifyHandler(ProvisioningHandlers.layerNotifyAws)
  const step = MaintenanceHandlers.makeMaintenanceHandler(
    Layer.merge(MaintenanceHandlers.layerMaintenanceAws, Layer.succeed(Clock.Clock, stepClock.clock))
  )
  const stepArn = "arn:aws:lambda:us-east-1:000000000000:function:e2e-maintenance-step"
  const maintenance = MaintenanceHandlers.maintenanceDefinition({ stepFunctionArn: stepArn, maxIterations: 200 })
  const personalize = (kind: P.ResourceKind, arn: string) =>
    local.run(Effect.flatMap(Effect.service(P.Personalize), (p) => p.describe(kind, arn as P.ResourceArn)))
  const schedules = () => local.run(Maintenance.observeSchedules("e2e-shop"))
  /** Fires a schedule as EventBridge Scheduler does: its target's input starts the maintenance state machine. */
  const fire = async (name: string) => {
    const schedule = (await schedules()).schedules.find((s) => s.name === name)
    if (schedule === undefined) throw new Error(`no schedule ${name}`)
    expect(schedule.target.arn).toBe(maintenanceMachine)
    stepClock.skipSecond()
    return runStateMachine(MaintenanceHandlers.MaintenanceLoopState, maintenance, JSON.parse(schedule.target.input), {
      [MaintenanceHandlers.maintenanceStates.step]: step
    })
  }
  const campaignVersion = async () => {
    const campaigns = await local.run(
      Effect.flatMap(Effect.service(P.Personalize), (p) => p.list({ kind: "Campaign" }))
    )
    return campaigns.items.find((c) => c.name === "ranking-campaign")?.attributes["solutionVersionArn"]
  }

  it("provisioning builds the config and creates its schedules through the Scheduler API", async () => {
    const input = Workflow.executionInput({ mode: "apply", config, datasetGroup: "shop", correlationId: "e2e-apply" })
    const result = await runStateMachine(
      Workflow.ProvisioningExecution,
      ProvisioningHandlers.provisioningDefinition(
        {
          reconcile: "arn:aws:lambda:us-east-1:000000000000:function:r",
          notify: "arn:aws:lambda:us-east-1:000000000000:function:n"
        },
        { maxIterations: 300 }
      ),
      input,
      provisioningTasks(reconcile, notify)
    )
    expect(result.failures).toEqual([])
    expect(result.status).toBe("done")
    const made = await schedules()
    expect(made.schedules.map((s) => s.name).sort()).toEqual([
      "e2e-batch-inference-ranking-batch",
      "e2e-full-ranking",
      "e2e-import-shop-interactions"
    ])
    expect(local.scheduler.received.map((r) => r.operation)).toEqual(
      expect.arrayContaining(["CreateScheduleGroup", "CreateSchedule"])
    )
  })

  it("an import runs, then is skipped (with why) while the data has not changed", async () => {
    const first = await fire("e2e-import-shop-interactions")
    expect(first.outcome).toBe("succeeded")
    expect((await personalize("DatasetImportJob", first.resourceArn ?? "")).status).toBe("ACTIVE")
    const second = await fire("e2e-import-shop-interactions")
    expect(second.outcome).toBe("skipped")
    expect(second.reason).toContain("has not changed since the last import")
  })

  it("FULL retraining behind the gate: promoted moves the campaign, kept leaves it; metrics to CloudWatch, outcomes to SNS; batch runs take the serving version", async () => {
    const seen = new Set<string>()
    let keptChecked = false
    for (let i = 0; i < 12 && !(seen.has("promoted") && keptChecked); i++) {
      const before = await campaignVersion()
      const run = await fire("e2e-full-ranking")
      expect(["promoted", "kept"]).toContain(run.outcome)
      seen.add(run.outcome ?? "")
      expect(run.metrics?.[ndcg]).toBeTypeOf("number")
      expect(run.reason).toMatch(new RegExp(`^${ndcg} [\\d.]+ [≥<] serving [\\d.]+$`))
      const after = await campaignVersion()
      if (run.outcome === "promoted") expect(after).toBe(run.resourceArn)
      else {
        expect(after).toBe(before)
        // The next batch run takes the serving version, not the newer one the gate kept.
        const batch = await fire("e2e-batch-inference-ranking-batch")
        expect(batch.outcome).toBe("succeeded")
        const job = await personalize("BatchInferenceJob", batch.resourceArn ?? "")
        expect(job.attributes["solutionVersionArn"]).toBe(before)
        expect(job.attributes["solutionVersionArn"]).not.toBe(run.resourceArn)
        keptChecked = true
      }
    }
    expect(seen).toEqual(new Set(["promoted", "kept"]))
    // Offline metrics went to CloudWatch (one namespace, three dimensions); each outcome to the SNS topic.
    const puts = local.recorder.received.filter((r) => r.operation === "PutMetricData")
    expect(puts.length).toBeGreaterThan(0)
    expect(puts[0]?.body["Namespace"]).toBe("PersonalizeOps/SolutionMetrics")
    const subjects = local.recorder.received
      .filter((r) => r.operation === "Publish" && r.body["TopicArn"] === topic)
      .map((r) => String(r.body["Subject"]))
    expect(subjects).toEqual(expect.arrayContaining(["personalize-ops maintenance: full ranking kept"]))
    expect(subjects).toEqual(expect.arrayContaining(["personalize-ops maintenance: full ranking promoted"]))
  })
})
