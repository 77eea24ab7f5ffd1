// Maintenance as deployed, end to end on the AWS adapters: the handlers' own AWS wiring (layerReconcileAws,
// layerMaintenanceAws — what the Lambda bundles run), every SDK client pointed by AWS_ENDPOINT_URL_* at a
// local server: Personalize → the twin served on 127.0.0.1 (`twin serve`, GetSolutionMetrics included),
// EventBridge Scheduler → the local Scheduler endpoint, S3 (configs, data ages) → the local S3, DynamoDB →
// DynamoDB Local (the event store), SNS / CloudWatch / EventBridge → a recorder. The provisioning state machine
// builds the config and creates its schedules; then each schedule fires as EventBridge Scheduler would: the
// maintenance state machine (aws-local-stepfunctions) started with the schedule's own target input.

import { eventStoreTableDefinition } from "@personalize-ops/adapters-aws/kernel"
import { layerAwsScheduler } from "@personalize-ops/adapters-aws/maintenance/AwsScheduler"
import { layerAwsPersonalize } from "@personalize-ops/adapters-aws/personalize"
import { PersonalizeClients } from "@personalize-ops/adapters-aws/sdk/PersonalizeClients"
import { SchedulerClients } from "@personalize-ops/adapters-aws/sdk/SchedulerClients"
import {
  createActiveTable,
  type DynamoLocal,
  dynamoLocalClient,
  type LocalAws,
  type LocalScheduler,
  type LocalWorkflowAws,
  startDynamoLocal,
  startLocalAws,
  startLocalScheduler,
  startLocalWorkflowAws
} from "@personalize-ops/adapters-aws/testing"
import { startTwinServer, type TwinServer } from "@personalize-ops/adapters-memory"
import { Maintenance, Personalize as P, Workflow } from "@personalize-ops/core"
import { StateMachine } from "aws-local-stepfunctions"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { MaintenanceHandlers, ProvisioningHandlers } from "../../src/index.ts"

const region = "us-east-1"
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

const env = {
  AWS_REGION: region,
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  EVENT_STORE_TABLE: "e2e-events",
  CONFIG_BUCKET: bucket,
  PERSONALIZE_ROLE_ARN: role,
  NOTIFICATION_TOPIC_ARN: topic,
  SCHEDULE_INSTANCE: "e2e",
  MAINTENANCE_STATE_MACHINE_ARN: maintenanceMachine,
  SCHEDULER_ROLE_ARN: "arn:aws:iam::000000000000:role/e2e-scheduler"
}
const endpointVars = [
  "AWS_ENDPOINT_URL_PERSONALIZE",
  "AWS_ENDPOINT_URL_SCHEDULER",
  "AWS_ENDPOINT_URL_S3",
  "AWS_ENDPOINT_URL_DYNAMODB",
  "AWS_ENDPOINT_URL_SNS",
  "AWS_ENDPOINT_URL_CLOUDWATCH",
  "AWS_ENDPOINT_URL_EVENTBRIDGE"
] as const
const saved = Object.fromEntries([...Object.keys(env), ...endpointVars].map((k) => [k, process.env[k]]))

let twin: TwinServer
let scheduler: LocalScheduler
let s3: LocalWorkflowAws
let recorder: LocalAws
let dynamo: DynamoLocal
let dynamoClient: ReturnType<typeof dynamoLocalClient>

const published = `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`

beforeAll(async () => {
  twin = await startTwinServer({ port: 0, speed: 200_000, seed: 5 })
  scheduler = await startLocalScheduler()
  s3 = await startLocalWorkflowAws()
  // SNS (Query: Publish), CloudWatch (JSON: PutMetricData) and EventBridge (JSON: PutEvents), recorded.
  recorder = await startLocalAws((operation, body) =>
    operation === "Publish"
      ? { xml: published }
      : operation === "PutEvents"
        ? { json: { FailedEntryCount: 0, Entries: (body["Entries"] as Array<unknown>).map(() => ({ EventId: "e" })) } }
        : { json: {} }
  )
  dynamo = await startDynamoLocal()
  dynamoClient = dynamoLocalClient(dynamo.endpoint)
  await createActiveTable(dynamoClient, eventStoreTableDefinition(env.EVENT_STORE_TABLE))
  Object.assign(process.env, env, {
    AWS_ENDPOINT_URL_PERSONALIZE: twin.url,
    AWS_ENDPOINT_URL_SCHEDULER: scheduler.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SNS: recorder.endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH: recorder.endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: recorder.endpoint
  })
  s3.objects.set(`${bucket}/train/shop/config.json`, JSON.stringify(config))
  s3.objects.set(`${bucket}/train/shop/interactions/part-1.csv`, "USER_ID,ITEM_ID,TIMESTAMP\n")
  // A JVM starting on a busy 2-core machine: slow is not wrong.
}, 240_000)

afterAll(async () => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  dynamoClient?.destroy()
  await dynamo?.stop()
  await twin?.close()
  await scheduler?.close()
  await s3?.close()
  await recorder?.close()
})

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs an ASL definition on aws-local-stepfunctions, its tasks the given handlers; Waits last 5 ms. */
const runMachine = async (
  definition: Workflow.AslDefinition,
  input: unknown,
  tasks: Record<string, (event: unknown) => Promise<unknown>>
) => {
  const machine = new StateMachine(definition as never, { validationOptions: { checkArn: true, checkPaths: true } })
  const run = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: tasks as never,
      waitTimeOverrides: { [Workflow.loopStates.wait]: 5 }
    }
  })
  return (await run.result) as unknown
}

describe("maintenance on the AWS adapters: schedules made by the provisioning workflow fire the maintenance state machine", () => {
  // The handlers as bundled: their AWS layers read the environment set above.
  const reconcile = ProvisioningHandlers.makeReconcileHandler(ProvisioningHandlers.layerReconcileAws)
  const notify = ProvisioningHandlers.makeNotifyHandler(ProvisioningHandlers.layerNotifyAws)
  const step = MaintenanceHandlers.makeMaintenanceHandler(MaintenanceHandlers.layerMaintenanceAws)
  const stepArn = "arn:aws:lambda:us-east-1:000000000000:function:e2e-maintenance-step"
  const maintenance = MaintenanceHandlers.maintenanceDefinition({ stepFunctionArn: stepArn, maxIterations: 200 })
  const credentials = { accessKeyId: "t", secretAccessKey: "t" }
  // Reads what the runs did: the SDK adapters on the same endpoints.
  const reader = () =>
    layerAwsPersonalize().pipe(
      Layer.provide(PersonalizeClients.layerOptions({ region, endpoint: twin.url, credentials }))
    )
  const personalize = (kind: P.ResourceKind, arn: string) =>
    Effect.runPromise(
      Effect.flatMap(Effect.service(P.Personalize), (p) => p.describe(kind, arn as P.ResourceArn)).pipe(
        Effect.provide(reader())
      )
    )
  const schedules = () =>
    Effect.runPromise(
      Maintenance.observeSchedules("e2e-shop").pipe(
        Effect.provide(
          layerAwsScheduler(region).pipe(
            Layer.provide(SchedulerClients.layerOptions({ endpoint: scheduler.endpoint, credentials }))
          )
        )
      )
    )
  /** Fires a schedule as EventBridge Scheduler does: its target's input starts the maintenance state machine. */
  const fire = async (name: string) => {
    const schedule = (await schedules()).schedules.find((s) => s.name === name)
    if (schedule === undefined) throw new Error(`no schedule ${name}`)
    expect(schedule.target.arn).toBe(maintenanceMachine)
    // Runs named by the second they fire: two runs of one target are a second apart at least, as schedules are.
    await pause(1100)
    return (await runMachine(maintenance, JSON.parse(schedule.target.input), {
      [MaintenanceHandlers.maintenanceStates.step]: step
    })) as MaintenanceHandlers.MaintenanceLoopState
  }
  const campaignVersion = async () => {
    const campaigns = await Effect.runPromise(
      Effect.flatMap(Effect.service(P.Personalize), (p) => p.list({ kind: "Campaign" })).pipe(Effect.provide(reader()))
    )
    return campaigns.items.find((c) => c.name === "ranking-campaign")?.attributes["solutionVersionArn"]
  }

  it("provisioning builds the config and creates its schedules through the Scheduler API", async () => {
    const input = Workflow.executionInput({ mode: "apply", config, datasetGroup: "shop", correlationId: "e2e-apply" })
    const result = (await runMachine(
      ProvisioningHandlers.provisioningDefinition(
        {
          reconcile: "arn:aws:lambda:us-east-1:000000000000:function:r",
          notify: "arn:aws:lambda:us-east-1:000000000000:function:n"
        },
        { maxIterations: 300 }
      ),
      input,
      {
        [Workflow.loopStates.reconcile]: reconcile,
        [Workflow.loopStates.notifySucceeded]: notify,
        [Workflow.loopStates.notifyFailed]: notify
      }
    )) as Workflow.ProvisioningExecution
    expect(result.failures).toEqual([])
    expect(result.status).toBe("done")
    const made = await schedules()
    expect(made.schedules.map((s) => s.name).sort()).toEqual([
      "e2e-batch-inference-ranking-batch",
      "e2e-full-ranking",
      "e2e-import-shop-interactions"
    ])
    expect(scheduler.received.map((r) => r.operation)).toEqual(
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
    const puts = recorder.received.filter((r) => r.operation === "PutMetricData")
    expect(puts.length).toBeGreaterThan(0)
    expect(puts[0]?.body["Namespace"]).toBe("PersonalizeOps/SolutionMetrics")
    const subjects = recorder.received
      .filter((r) => r.operation === "Publish" && r.body["TopicArn"] === topic)
      .map((r) => String(r.body["Subject"]))
    expect(subjects).toEqual(expect.arrayContaining(["personalize-ops maintenance: full ranking kept"]))
    expect(subjects).toEqual(expect.arrayContaining(["personalize-ops maintenance: full ranking promoted"]))
  })
})
