/**
 * Every Lambda entry point of the toolkit as data: what to bundle, what to name it, how it is
 * triggered, what environment it reads and which IAM statements its role needs. An IaC app (the CDK
 * example in `examples/iac-cdk`, Terraform, SAM…) loops over `lambdaEntries`; the bundle script and its
 * test do too, so a new handler is one row here.
 */
import { DetailType, MonitorSource } from "@personalize-ops/core/monitoring"
import { Result } from "effect"
import {
  type DeploymentResource,
  type DeploymentScopes,
  type IamStatement,
  noScopes,
  type ResourceArns
} from "./iam.ts"
import { kinesisIngestionIamStatements, segmentIngestionIamStatements } from "./ingestion/iam.ts"
import { jobsEventsIamStatements, jobsHttpIamStatements } from "./jobs/iam.ts"
import {
  cleanupIamStatements,
  dashboardIamStatements,
  deleteCampaignIamStatements,
  monitorIamStatements,
  stopRecommenderIamStatements,
  updateTpsIamStatements
} from "./monitoring/iam.ts"

/** The capability a handler belongs to (a deployment may take only some). */
export type Capability = "ingestion" | "monitoring" | "jobs" | "provisioning"

/** Where an environment variable's value comes from, when not from the operator. */
export type EnvSource =
  /** An attribute of a deployment resource the IaC creates. */
  | { readonly _tag: "Resource"; readonly resource: DeploymentResource; readonly attribute: "name" | "arn" | "url" }
  /** Set by the Lambda runtime itself (reserved: the IaC must not set it). */
  | { readonly _tag: "Lambda" }

/** One environment variable a handler reads. */
export interface EnvVar {
  readonly name: string
  /** A required variable missing fails the cold start with an error naming it. */
  readonly required: boolean
  readonly description: string
  /** Absent: an operator setting (a CDK prop, a Terraform variable). */
  readonly from?: EnvSource
}

/** What invokes a handler. */
export type Trigger =
  /** An EventBridge schedule rule (`cron(...)` or `rate(...)`). */
  | { readonly _tag: "Schedule"; readonly expression: string; readonly description: string }
  /** A Kinesis event source mapping; the handler answers with `batchItemFailures`. */
  | {
      readonly _tag: "Kinesis"
      readonly stream: DeploymentResource
      readonly reportBatchItemFailures: true
      readonly bisectBatchOnError: boolean
      readonly retryAttempts: number
      readonly batchSize: number
      readonly maxBatchingWindowSeconds: number
      readonly startingPosition: "LATEST" | "TRIM_HORIZON"
    }
  /** An EventBridge rule on the default bus. */
  | {
      readonly _tag: "EventBridge"
      readonly description: string
      readonly pattern: {
        readonly source: ReadonlyArray<string>
        readonly "detail-type": ReadonlyArray<string>
        /** Content filters on `detail` (EventBridge pattern syntax), e.g. `{ jobQueue: ["arn:…"] }`. */
        readonly detail?: { readonly [field: string]: unknown }
      }
      /** When the operator lists ARNs in `scope`, the rule also requires `detail[field]` to be one of them. */
      readonly scopedBy?: {
        readonly field: string
        readonly scope: { [K in keyof DeploymentScopes]: K }[keyof DeploymentScopes]
      }
    }
  /** A CloudFormation custom resource whose ServiceToken is the function (it answers the ResponseURL itself). */
  | {
      readonly _tag: "CustomResource"
      readonly description: string
      /** Resource properties the handler reads (all optional), with the environment variable each defaults to. */
      readonly properties: { readonly [property: string]: string }
    }
  /** A Lambda function URL (the handler speaks the function-URL HTTP event format). */
  | { readonly _tag: "FunctionUrl"; readonly authType: "AWS_IAM" | "NONE"; readonly description: string }
  /** Invoked directly by another party (grant it `lambda:InvokeFunction`). */
  | { readonly _tag: "Invoke"; readonly by: string }

/** An AWS SDK v3 client package a handler's bundle contains (and no other). */
export type SdkClient =
  | "client-batch"
  | "client-cloudwatch"
  | "client-dynamodb"
  | "client-eventbridge"
  | "client-personalize"
  | "client-personalize-events"
  | "client-sfn"
  | "client-sns"
  | "client-sqs"

/** One Lambda entry point. `R` names the deployment resources its IAM statements refer to. */
export interface LambdaEntry<R extends DeploymentResource = DeploymentResource> {
  /** Stable function name: the bundle folder (`dist-bundle/<name>`) and the IaC's logical name. */
  readonly name: string
  readonly capability: Capability
  /** The entry module, relative to `packages/handlers/src`; bundle it alone. */
  readonly module: string
  /** The handler's export name (Lambda handler string `index.<export>` in the bundle). */
  readonly export: string
  readonly description: string
  readonly env: ReadonlyArray<EnvVar>
  readonly triggers: ReadonlyArray<Trigger>
  /** The SDK clients the bundle contains, exactly (the bundle test checks it: small cold starts). */
  readonly sdkClients: ReadonlyArray<SdkClient>
  /** The resources whose ARNs `iam` needs. */
  readonly resources: ReadonlyArray<R>
  /** The role's statements, besides `AWSLambdaBasicExecutionRole` (logs); `scopes` are the operator's ARN lists. */
  readonly iam: (arns: ResourceArns<R>, scopes: DeploymentScopes) => ReadonlyArray<IamStatement>
  readonly timeoutSeconds: number
  readonly memoryMb: number
}

// Inference helper: `R` comes from `resources`, and `iam` is checked against it.
const entry = <const R extends DeploymentResource>(e: LambdaEntry<R>): LambdaEntry<R> => e

const fromLambda: EnvSource = { _tag: "Lambda" }
const resource = (r: DeploymentResource, attribute: "name" | "arn" | "url"): EnvSource => ({
  _tag: "Resource",
  resource: r,
  attribute
})

const awsRegion: EnvVar = {
  name: "AWS_REGION",
  required: false,
  description: "the function's region (the monitor's home region)",
  from: fromLambda
}

const ingestionEnv: ReadonlyArray<EnvVar> = [
  { name: "PERSONALIZE_TRACKING_ID", required: true, description: "the event tracker's tracking id" },
  {
    name: "DEAD_LETTER_QUEUE_URL",
    required: true,
    description: "SQS queue URL for invalid and undeliverable records",
    from: resource("deadLetterQueue", "url")
  },
  { name: "INGESTION_RULES", required: false, description: "mapping rules JSON (default: the seed's rules)" },
  { name: "INGESTION_CONCURRENCY", required: false, description: "sessions sent at once, 1–64 (default 4)" },
  { name: "METRICS_NAMESPACE", required: false, description: "EMF namespace (default PersonalizeOps/Ingestion)" },
  awsRegion
]

// Every monitoring function decodes the same settings (MonitorConfig), so an IaC sets them alike on all.
const monitorSettingsEnv: ReadonlyArray<EnvVar> = [
  { name: "CampaignARNs", required: false, description: "`all` or a CSV of campaign ARNs" },
  { name: "RecommenderARNs", required: false, description: "`all` or a CSV of recommender ARNs" },
  { name: "Regions", required: false, description: "CSV of regions to scan (default the function's)" },
  { name: "AutoCreateUtilizationAlarms", required: false, description: "Yes/No (default Yes)" },
  { name: "UtilizationThresholdAlarmLowerBound", required: false, description: "percent, 0–1000 (default 100)" },
  { name: "AutoCreateIdleAlarms", required: false, description: "Yes/No (default Yes)" },
  { name: "IdleThresholdHours", required: false, description: "hours without requests that mean idle (default 24)" },
  { name: "AutoDeleteOrStopIdleResources", required: false, description: "Yes/No (default No)" },
  { name: "AutoAdjustMinTPS", required: false, description: "Yes/No (default Yes)" },
  { name: "AlarmNamePrefix", required: false, description: "prefix of owned alarms (default PersonalizeMonitor-)" },
  { name: "DashboardName", required: false, description: "dashboard stem (default Amazon-Personalize-Monitor)" },
  {
    name: "NotificationTopicName",
    required: false,
    description: "per-region topic alarms notify (default PersonalizeMonitorNotifications)"
  },
  { name: "NotificationEndpoint", required: false, description: "e-mail the deployment subscribes to the topic" },
  { name: "AccountId", required: false, description: "12-digit account id (default: from the function ARN)" },
  awsRegion
]

const eventStoreEnv: EnvVar = {
  name: "EVENT_STORE_TABLE",
  required: true,
  description: "DynamoDB event store table (decisions log)",
  from: resource("eventStoreTable", "name")
}
const eventStoreGraceEnv: EnvVar = {
  name: "EVENT_STORE_HOLE_GRACE_MS",
  required: false,
  description: "how long a follower waits at a gap in positions (default 30000)"
}
const topicEnv: EnvVar = {
  name: "NotificationTopicArn",
  required: false,
  description: "SNS topic of action notifications (else logged)",
  from: resource("notificationTopic", "arn")
}

const monitorEvents = (detailTypes: ReadonlyArray<string>, description: string): Trigger => ({
  _tag: "EventBridge",
  description,
  pattern: { source: [MonitorSource], "detail-type": detailTypes }
})

const commandClients: ReadonlyArray<SdkClient> = [
  "client-cloudwatch",
  "client-dynamodb",
  "client-eventbridge",
  "client-personalize",
  "client-sns"
]
const commandResources = ["eventStoreTable", "eventBus", "notificationTopic"] as const
const commandArns = (a: ResourceArns<(typeof commandResources)[number]>) => ({
  eventStoreTableArn: a.eventStoreTable,
  eventBusArn: a.eventBus,
  notificationTopicArn: a.notificationTopic
})

const jobsEnv: ReadonlyArray<EnvVar> = [
  {
    name: "JOBS_TABLE",
    required: true,
    description: "DynamoDB read model of Batch jobs",
    from: resource("jobsTable", "name")
  },
  eventStoreEnv,
  eventStoreGraceEnv,
  { name: "JOBS_RULES", required: false, description: "failure classification rules JSON (default none)" },
  { name: "JOBS_RETENTION_DAYS", required: false, description: "days finished jobs are kept (TTL, default 90)" },
  { name: "JOBS_STUCK_MINUTES", required: false, description: "minutes in one status that mean stuck (default 60)" }
]

/** The Lambda entry points, one row each. */
export const lambdaEntries: ReadonlyArray<LambdaEntry> = [
  entry({
    name: "ingestion-kinesis",
    capability: "ingestion",
    module: "ingestion/kinesisHandler.ts",
    export: "handler",
    description: "Segment events from Kinesis → validated, mapped, batched PutEvents; bad records to the DLQ",
    env: ingestionEnv,
    triggers: [
      {
        _tag: "Kinesis",
        stream: "ingestionStream",
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 10,
        batchSize: 500,
        maxBatchingWindowSeconds: 1,
        // From the oldest record kept: records written before the mapping existed are not lost.
        startingPosition: "TRIM_HORIZON"
      }
    ],
    sdkClients: ["client-personalize-events", "client-sqs"],
    resources: ["ingestionStream", "deadLetterQueue"],
    iam: (a) => kinesisIngestionIamStatements({ streamArn: a.ingestionStream, deadLetterQueueArn: a.deadLetterQueue }),
    timeoutSeconds: 60,
    memoryMb: 512
  }),
  entry({
    name: "ingestion-segment",
    capability: "ingestion",
    module: "ingestion/segmentHandler.ts",
    export: "handler",
    description: "Segment's direct Lambda destination: one event → PutEvents; fails only when Segment must retry",
    env: ingestionEnv,
    triggers: [{ _tag: "Invoke", by: "Segment's Lambda destination (the IAM role Segment assumes)" }],
    sdkClients: ["client-personalize-events", "client-sqs"],
    resources: ["deadLetterQueue"],
    iam: (a) => segmentIngestionIamStatements({ deadLetterQueueArn: a.deadLetterQueue }),
    timeoutSeconds: 10,
    memoryMb: 256
  }),
  entry({
    name: "monitor",
    capability: "monitoring",
    module: "monitoring/monitorHandler.ts",
    export: "monitorHandler",
    description: "Every 5 minutes: TPS/RPS utilization metrics, alarms, min-TPS step-down, idle stop/delete",
    env: [...monitorSettingsEnv, eventStoreEnv, eventStoreGraceEnv],
    triggers: [{ _tag: "Schedule", expression: "cron(0/5 * * * ? *)", description: "every five minutes" }],
    sdkClients: ["client-cloudwatch", "client-dynamodb", "client-eventbridge", "client-personalize"],
    resources: ["eventStoreTable", "eventBus"],
    iam: (a) => monitorIamStatements({ eventStoreTableArn: a.eventStoreTable, eventBusArn: a.eventBus }),
    timeoutSeconds: 120,
    memoryMb: 512
  }),
  entry({
    name: "monitor-dashboard",
    capability: "monitoring",
    module: "monitoring/dashboardHandler.ts",
    export: "dashboardHandler",
    description: "Builds the CloudWatch dashboards (hourly, on request, on deploy) and deletes them with the stack",
    env: monitorSettingsEnv,
    triggers: [
      { _tag: "Schedule", expression: "cron(3 * * * ? *)", description: "hourly rebuild" },
      monitorEvents([DetailType.BuildDashboard], "rebuild on request"),
      {
        _tag: "CustomResource",
        description: "built on create/update, deleted on stack delete",
        properties: { DashboardName: "DashboardName" }
      }
    ],
    sdkClients: ["client-cloudwatch", "client-personalize"],
    resources: [],
    iam: () => dashboardIamStatements(),
    timeoutSeconds: 60,
    memoryMb: 256
  }),
  entry({
    name: "monitor-update-tps",
    capability: "monitoring",
    module: "monitoring/commandHandlers.ts",
    export: "updateTpsHandler",
    description: "Sets a campaign's min TPS or a recommender's min RPS (step-down, pre-warm); notifies",
    env: [...monitorSettingsEnv, eventStoreEnv, eventStoreGraceEnv, topicEnv],
    triggers: [
      monitorEvents([DetailType.UpdateCampaignMinTps, DetailType.UpdateRecommenderMinRps], "min TPS/RPS updates")
    ],
    sdkClients: commandClients,
    resources: commandResources,
    iam: (a) => updateTpsIamStatements(commandArns(a)),
    timeoutSeconds: 30,
    memoryMb: 256
  }),
  entry({
    name: "monitor-delete-campaign",
    capability: "monitoring",
    module: "monitoring/commandHandlers.ts",
    export: "deleteCampaignHandler",
    description: "Deletes an idle campaign and its alarms; notifies",
    env: [...monitorSettingsEnv, eventStoreEnv, eventStoreGraceEnv, topicEnv],
    triggers: [monitorEvents([DetailType.DeleteCampaign], "idle campaign deletion")],
    sdkClients: commandClients,
    resources: commandResources,
    iam: (a) => deleteCampaignIamStatements(commandArns(a)),
    timeoutSeconds: 30,
    memoryMb: 256
  }),
  entry({
    name: "monitor-stop-recommender",
    capability: "monitoring",
    module: "monitoring/commandHandlers.ts",
    export: "stopRecommenderHandler",
    description: "Stops an idle recommender and deletes its alarms; notifies",
    env: [...monitorSettingsEnv, eventStoreEnv, eventStoreGraceEnv, topicEnv],
    triggers: [monitorEvents([DetailType.StopRecommender], "idle recommender stop")],
    sdkClients: commandClients,
    resources: commandResources,
    iam: (a) => stopRecommenderIamStatements(commandArns(a)),
    timeoutSeconds: 30,
    memoryMb: 256
  }),
  entry({
    name: "monitor-cleanup",
    capability: "monitoring",
    module: "monitoring/cleanupHandler.ts",
    export: "cleanupHandler",
    description: "Custom resource: deletes this instance's alarms in every scanned region on stack delete",
    env: monitorSettingsEnv,
    triggers: [{ _tag: "CustomResource", description: "alarms deleted on stack delete", properties: {} }],
    sdkClients: ["client-cloudwatch"],
    resources: [],
    iam: () => cleanupIamStatements(),
    timeoutSeconds: 60,
    memoryMb: 256
  }),
  entry({
    name: "jobs-events",
    capability: "jobs",
    module: "jobs/eventsHandler.ts",
    export: "handler",
    description:
      "AWS Batch job state changes → job event streams and the jobs read model (status, stuck, failure class)",
    env: jobsEnv,
    triggers: [
      {
        _tag: "EventBridge",
        description: "AWS Batch job state changes",
        pattern: { source: ["aws.batch"], "detail-type": ["Batch Job State Change"] },
        scopedBy: { field: "jobQueue", scope: "monitoredJobQueueArns" }
      }
    ],
    sdkClients: ["client-dynamodb"],
    resources: ["jobsTable", "eventStoreTable"],
    iam: (a) => jobsEventsIamStatements({ jobsTableArn: a.jobsTable, eventStoreTableArn: a.eventStoreTable }),
    timeoutSeconds: 30,
    memoryMb: 256
  }),
  entry({
    name: "jobs-dashboard",
    capability: "jobs",
    module: "jobs/httpHandler.ts",
    export: "handler",
    description: "Jobs dashboard and JSON API (list, detail, retry, terminate); no authentication of its own",
    env: [
      ...jobsEnv,
      { name: "JOBS_BASE_PATH", required: false, description: "link prefix behind a proxy, e.g. /prod (default none)" }
    ],
    triggers: [{ _tag: "FunctionUrl", authType: "AWS_IAM", description: "jobs dashboard (SigV4-signed requests)" }],
    sdkClients: ["client-batch", "client-dynamodb"],
    resources: ["jobsTable", "eventStoreTable"],
    iam: (a, scopes) =>
      jobsHttpIamStatements({ jobsTableArn: a.jobsTable, eventStoreTableArn: a.eventStoreTable }, scopes),
    timeoutSeconds: 30,
    memoryMb: 512
  })
]

/** The entry named `name`, if any. */
export const lambdaEntry = (name: string): LambdaEntry | undefined => lambdaEntries.find((e) => e.name === name)

/**
 * The role statements of `entry` given the ARNs a deployment has; fails with the resources the entry
 * needs and `arns` lacks (a partial deployment must create them first).
 */
export const entryIamStatements = (
  entry: LambdaEntry,
  arns: Partial<ResourceArns>,
  scopes: DeploymentScopes = noScopes
): Result.Result<ReadonlyArray<IamStatement>, ReadonlyArray<DeploymentResource>> => {
  const missing = entry.resources.filter((r) => arns[r] === undefined)
  return missing.length > 0 ? Result.fail(missing) : Result.succeed(entry.iam(arns as ResourceArns, scopes))
}
