/**
 * The deployment kit for tests that run the handlers as deployed: the state machines executed by
 * aws-local-stepfunctions (`runStateMachine`, `provisioningTasks`), the Personalize and Scheduler ports
 * through the AWS adapters on local endpoints, and a whole local deployment (`startLocalDeployment`: the
 * twin served over HTTP, DynamoDB Local with the event store table, a local Scheduler, S3 and a recorder
 * for SNS / CloudWatch / EventBridge, the SDK pointed at them by the `AWS_ENDPOINT_URL_*` variables).
 */
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
  type LocalAwsHandler,
  type LocalScheduler,
  type LocalWorkflowAws,
  localCredentials,
  startDynamoLocal,
  startLocalAws,
  startLocalScheduler,
  startLocalWorkflowAws
} from "@personalize-ops/adapters-aws/testing"
import { startTwinServer, type TwinServer, type TwinServerOptions } from "@personalize-ops/adapters-memory"
import { type Maintenance, type Personalize as P, Workflow } from "@personalize-ops/core"
import type { ProvisioningHandlers } from "@personalize-ops/handlers"
import { StateMachine } from "aws-local-stepfunctions"
import { Effect, Layer, Schema } from "effect"

/** The region of every local deployment. */
const region = "us-east-1"

/** A task's handler: what a Lambda function does with the state it is given. */
type TaskHandler = (state: unknown) => Promise<unknown>

/** A value as Step Functions carries it between states: its JSON text read back (a fresh copy). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value))

/** How a definition is run locally. */
export interface LocalRunOptions {
  /** How long the reconcile loop's Wait state lasts, in ms of wall time (default 5: the servers run fast). */
  readonly waitMs?: number
  /** The execution's start time (`$$.Execution.StartTime`), in ms (default: now). */
  readonly startTime?: number
}

/**
 * Runs an ASL definition on aws-local-stepfunctions (ARNs and paths checked), its tasks the given handlers,
 * every state carried as JSON; the execution's output is decoded with `result` (a failed execution throws).
 */
export const runStateMachine = async <A>(
  result: Schema.Decoder<A>,
  definition: Workflow.AslDefinition,
  input: unknown,
  tasks: Readonly<Record<string, TaskHandler>>,
  options: LocalRunOptions = {}
): Promise<A> => {
  const machine = new StateMachine(asJson(definition), { validationOptions: { checkArn: true, checkPaths: true } })
  const run = machine.run(asJson(input), {
    ...(options.startTime === undefined
      ? {}
      : { context: { Execution: { StartTime: new Date(options.startTime).toISOString() } } }),
    overrides: {
      taskResourceLocalHandlers: Object.fromEntries(
        Object.entries(tasks).map(([state, handler]) => [state, (event) => handler(event).then(asJson)])
      ),
      waitTimeOverrides: { [Workflow.loopStates.wait]: options.waitMs ?? 5 }
    }
  })
  return Schema.decodeUnknownPromise(result)(await run.result)
}

/** The provisioning state machine's tasks: Reconcile, and Notify on either ending. */
export const provisioningTasks = (reconcile: TaskHandler, notify: TaskHandler): Record<string, TaskHandler> => ({
  [Workflow.loopStates.reconcile]: reconcile,
  [Workflow.loopStates.notifySucceeded]: notify,
  [Workflow.loopStates.notifyFailed]: notify
})

/**
 * The provisioning trigger's settings as a test deployment has them: configs under `train/`, the deployment's
 * Personalize role, no KMS key, no SNS topic (spread it and add what a test is about).
 */
export const provisioningSettings = {
  region,
  stateMachineArn: `arn:aws:states:${region}:000000000000:stateMachine:personalize-ops-provisioning`,
  configPrefix: "train/",
  roleArn: "arn:aws:iam::000000000000:role/PersonalizeS3",
  kmsKeyArn: undefined,
  notificationTopicArn: undefined
} satisfies ProvisioningHandlers.ProvisioningSettingsShape

/** One S3 `ObjectCreated:Put` record, as S3 notifies it (`key` as S3 sends it: URL-encoded). */
export const s3ObjectCreated = (bucket: string, key: string, eTag: string) => ({
  eventVersion: "2.1",
  eventSource: "aws:s3",
  awsRegion: region,
  eventName: "ObjectCreated:Put",
  s3: {
    s3SchemaVersion: "1.0",
    bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
    object: { key, size: 1024, eTag, sequencer: "0A1B" }
  }
})

/** The Personalize port through the AWS adapter and the real SDK client, on a served twin (`twin.url`). */
export const layerServedPersonalize = (endpoint: string): Layer.Layer<P.Personalize> =>
  layerAwsPersonalize().pipe(
    Layer.provide(PersonalizeClients.layerOptions({ region, endpoint, credentials: localCredentials }))
  )

/** The Scheduler port through the AWS adapter and the real SDK client, on a local Scheduler endpoint. */
export const layerLocalScheduler = (endpoint: string): Layer.Layer<Maintenance.Scheduler> =>
  layerAwsScheduler(region).pipe(
    Layer.provide(SchedulerClients.layerOptions({ endpoint, credentials: localCredentials }))
  )

const published = `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`

/** SNS (Query: Publish), CloudWatch (JSON: PutMetricData) and EventBridge (JSON: PutEvents), answered as AWS does. */
const recorded: LocalAwsHandler = (operation, body) =>
  operation === "Publish"
    ? { xml: published }
    : operation === "PutEvents"
      ? { json: { FailedEntryCount: 0, Entries: (body["Entries"] as Array<unknown>).map(() => ({ EventId: "e" })) } }
      : { json: {} }

/** A deployment on local servers, the SDK pointed at them by the environment. */
export interface LocalDeployment {
  /** Personalize: the twin served on 127.0.0.1. */
  readonly twin: TwinServer
  /** DynamoDB Local (the event store table is made), and a client on it. */
  readonly dynamo: ReturnType<typeof dynamoLocalClient>
  /** EventBridge Scheduler. */
  readonly scheduler: LocalScheduler
  /** S3 (configs, data) and Step Functions' StartExecution. */
  readonly s3: LocalWorkflowAws
  /** SNS, CloudWatch and EventBridge: every request recorded. */
  readonly recorder: LocalAws
  /** Runs an effect on the deployment's Personalize and Scheduler (the AWS adapters on the local endpoints). */
  readonly run: <A, E>(effect: Effect.Effect<A, E, P.Personalize | Maintenance.Scheduler>) => Promise<A>
  /** Stops every server and puts the environment back as it was. */
  readonly close: () => Promise<void>
}

export interface LocalDeploymentOptions {
  /** The twin's options (default speed 200 000: an hour of training in 18 ms). */
  readonly twin?: TwinServerOptions
  /** The event store's table, made in DynamoDB Local. */
  readonly eventTable: string
  /** More environment variables (the deployment's settings), put back on `close`. */
  readonly env?: Readonly<Record<string, string>>
}

const servers = async (options: LocalDeploymentOptions, stops: Array<() => Promise<void>>) => {
  const started = <A extends { readonly close: () => Promise<void> }>(server: A) => {
    stops.push(server.close)
    return server
  }
  const twin = started(await startTwinServer({ speed: 200_000, ...options.twin }))
  const scheduler = started(await startLocalScheduler())
  const s3 = started(await startLocalWorkflowAws())
  const recorder = started(await startLocalAws(recorded))
  // A JVM starting on a busy 2-core machine: slow is not wrong.
  const local: DynamoLocal = await startDynamoLocal()
  stops.push(local.stop)
  const dynamo = dynamoLocalClient(local.endpoint)
  stops.push(async () => dynamo.destroy())
  await createActiveTable(dynamo, eventStoreTableDefinition(options.eventTable))
  return { twin, scheduler, s3, recorder, dynamo, dynamoEndpoint: local.endpoint }
}

/** Starts a local deployment (DynamoDB Local is a JVM: give the hook minutes) and points the SDK at it. */
export const startLocalDeployment = async (options: LocalDeploymentOptions): Promise<LocalDeployment> => {
  const stops: Array<() => Promise<void>> = []
  const close = async () => {
    for (const stop of stops.splice(0).reverse()) await stop()
  }
  try {
    const s = await servers(options, stops)
    const env: Record<string, string> = {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_ENDPOINT_URL_PERSONALIZE: s.twin.url,
      AWS_ENDPOINT_URL_DYNAMODB: s.dynamoEndpoint,
      AWS_ENDPOINT_URL_SCHEDULER: s.scheduler.endpoint,
      AWS_ENDPOINT_URL_S3: s.s3.endpoint,
      AWS_ENDPOINT_URL_SNS: s.recorder.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH: s.recorder.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: s.recorder.endpoint,
      ...options.env
    }
    const saved = Object.keys(env).map((k) => [k, process.env[k]] as const)
    stops.unshift(async () => {
      for (const [k, v] of saved)
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
    })
    Object.assign(process.env, env)
    const ports = Layer.merge(layerServedPersonalize(s.twin.url), layerLocalScheduler(s.scheduler.endpoint))
    const { twin, dynamo, scheduler, s3, recorder } = s
    return {
      twin,
      dynamo,
      scheduler,
      s3,
      recorder,
      run: (effect) => Effect.runPromise(Effect.provide(effect, ports)),
      close
    }
  } catch (e) {
    await close()
    throw e
  }
}
