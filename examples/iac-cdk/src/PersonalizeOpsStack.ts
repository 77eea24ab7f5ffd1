import { type Capability, type LambdaEntry, lambdaEntries } from "@personalize-ops/handlers/entries"
import { type DeploymentResource, type DeploymentScopes, noScopes } from "@personalize-ops/handlers/iam"
import { monitoredPersonalizeArns } from "@personalize-ops/handlers/monitoring/iam"
import type { DeployParameter } from "@personalize-ops/handlers/monitoring/parameters"
import { CfnCondition, CfnOutput, CfnParameter, Duration, Fn, Stack, type StackProps, Token } from "aws-cdk-lib"
import * as events from "aws-cdk-lib/aws-events"
import type * as iam from "aws-cdk-lib/aws-iam"
import * as kinesis from "aws-cdk-lib/aws-kinesis"
import * as sns from "aws-cdk-lib/aws-sns"
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions"
import * as sqs from "aws-cdk-lib/aws-sqs"
import type { Construct } from "constructs"
import { EventStoreTable } from "./EventStoreTable.ts"
import { HandlerFunction, type ResourceHandle } from "./HandlerFunction.ts"
import { JobsTable } from "./JobsTable.ts"

export interface PersonalizeOpsStackProps extends StackProps {
  /** The folder of the handler bundles (`packages/handlers/dist-bundle`). */
  readonly bundlesDir: string
  /** The capabilities to deploy (default: every capability that has entries). */
  readonly capabilities?: ReadonlyArray<Capability>
  /** Operator settings by environment variable name: `PERSONALIZE_TRACKING_ID`, `CampaignARNs`, … */
  readonly settings: { readonly [name: string]: string }
  /** Who may invoke directly-invoked functions, by entry name (e.g. the role Segment assumes). */
  readonly invokers?: { readonly [entryName: string]: ReadonlyArray<iam.IPrincipal> }
  /**
   * ARN lists that narrow roles and rules (default none: the jobs dashboard is read-only and every job
   * queue is monitored). List the Batch job queues and definitions operators may retry and terminate in.
   */
  readonly scopes?: Partial<DeploymentScopes>
  /**
   * Settings asked for at deploy time instead: each becomes a CloudFormation parameter of the same name
   * (with its allowed values or pattern) that every function reading that variable gets by `Ref`. A
   * parameter no chosen entry reads is left out. This is how the one-click template is made.
   */
  readonly parameters?: ReadonlyArray<DeployParameter>
}

type ResourceFactory = (scope: Construct, settings: PersonalizeOpsStackProps["settings"]) => ResourceHandle

// One factory per deployment resource the handlers refer to; only the ones the chosen entries need are made.
const resourceFactories: { readonly [R in DeploymentResource]: ResourceFactory } = {
  eventStoreTable: (scope) => {
    const { table } = new EventStoreTable(scope, "EventStore")
    return { arn: table.tableArn, name: table.tableName }
  },
  ingestionStream: (scope) => {
    const stream = new kinesis.Stream(scope, "IngestionStream", {
      streamMode: kinesis.StreamMode.ON_DEMAND,
      encryption: kinesis.StreamEncryption.MANAGED,
      retentionPeriod: Duration.hours(24)
    })
    new CfnOutput(scope, "IngestionStreamName", {
      value: stream.streamName,
      description: "Segment's Kinesis destination"
    })
    return { arn: stream.streamArn, name: stream.streamName }
  },
  deadLetterQueue: (scope) => {
    const queue = new sqs.Queue(scope, "IngestionDeadLetter", {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true
    })
    new CfnOutput(scope, "IngestionDeadLetterUrl", { value: queue.queueUrl })
    return { arn: queue.queueArn, name: queue.queueName, url: queue.queueUrl }
  },
  notificationTopic: (scope, settings) => {
    // Named as the monitor's alarms expect (`NotificationTopicName`, in the home region).
    const topic = new sns.Topic(scope, "Notifications", {
      topicName: settings.NotificationTopicName ?? "PersonalizeMonitorNotifications",
      enforceSSL: true
    })
    const email = settings.NotificationEndpoint
    if (email !== undefined && Token.isUnresolved(email)) {
      // A deploy-time parameter: subscribe only when it is not empty.
      const subscribed = new CfnCondition(scope, "HasNotificationEndpoint", {
        expression: Fn.conditionNot(Fn.conditionEquals(email, ""))
      })
      new sns.CfnSubscription(scope, "NotificationEmail", {
        topicArn: topic.topicArn,
        protocol: "email",
        endpoint: email
      }).cfnOptions.condition = subscribed
    } else if (email !== undefined && email !== "") topic.addSubscription(new subscriptions.EmailSubscription(email))
    return { arn: topic.topicArn, name: topic.topicName }
  },
  eventBus: (scope) => {
    const bus = events.EventBus.fromEventBusName(scope, "DefaultBus", "default")
    return { arn: bus.eventBusArn, name: bus.eventBusName }
  },
  jobsTable: (scope) => {
    const { table } = new JobsTable(scope, "Jobs")
    return { arn: table.tableArn, name: table.tableName }
  }
}

const csv = (value: string | undefined): "all" | ReadonlyArray<string> =>
  value === undefined || Token.isUnresolved(value) || value.trim().toLowerCase() === "all" || value.trim() === ""
    ? "all"
    : value
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v !== "")

/**
 * The campaigns and recommenders the monitor's commands may change: the settings' lists, or every one of
 * this account in the scanned regions (Regions, default the stack's region). A deploy-time parameter
 * cannot be split at synth time: then every region of the account.
 */
const monitoredArnsOf = (settings: Record<string, string>, stack: Stack): ReadonlyArray<string> => {
  const regions = settings.Regions
  const list = regions === undefined || regions.trim() === "" ? [stack.region] : csv(regions)
  return monitoredPersonalizeArns({
    campaigns: csv(settings.CampaignARNs),
    recommenders: csv(settings.RecommenderARNs),
    regions: list === "all" ? ["*"] : list,
    account: stack.account,
    partition: stack.partition
  })
}

/** The resources `entries` refer to: in their IAM, their environment and their triggers. */
const resourcesOf = (entries: ReadonlyArray<LambdaEntry>): ReadonlyArray<DeploymentResource> => {
  const needed = new Set<DeploymentResource>()
  for (const e of entries) {
    for (const r of e.resources) needed.add(r)
    for (const v of e.env) if (v.from?._tag === "Resource") needed.add(v.from.resource)
    for (const t of e.triggers) if (t._tag === "Kinesis") needed.add(t.stream)
  }
  return [...needed].sort()
}

/**
 * personalize-ops in one stack: the resources the chosen capabilities need (event store table,
 * Kinesis stream, dead-letter queue, SNS topic) and one `HandlerFunction` per row of `lambdaEntries`.
 */
export class PersonalizeOpsStack extends Stack {
  readonly functions: { readonly [entryName: string]: HandlerFunction }
  /** The deployment resources made for the chosen capabilities. */
  readonly deploymentResources: Partial<Record<DeploymentResource, ResourceHandle>>

  constructor(scope: Construct, id: string, props: PersonalizeOpsStackProps) {
    super(scope, id, props)
    const entries = lambdaEntries.filter((e) => props.capabilities?.includes(e.capability) ?? true)
    const read = new Set(entries.flatMap((e) => e.env.filter((v) => v.from === undefined).map((v) => v.name)))
    const settings: Record<string, string> = { ...props.settings }
    for (const p of props.parameters ?? []) {
      if (!read.has(p.name)) continue
      settings[p.name] = new CfnParameter(this, p.name, {
        type: p.type,
        default: p.default,
        description: p.description,
        ...(p.allowedValues === undefined ? {} : { allowedValues: [...p.allowedValues] }),
        ...(p.allowedPattern === undefined ? {} : { allowedPattern: p.allowedPattern }),
        ...(p.minValue === undefined ? {} : { minValue: p.minValue }),
        ...(p.maxValue === undefined ? {} : { maxValue: p.maxValue }),
        ...(p.constraintDescription === undefined ? {} : { constraintDescription: p.constraintDescription })
      }).valueAsString
    }
    // Every monitor deployment has an instance id (default: the stack name): its rules match only its events.
    if (read.has("MonitorInstanceId") && settings.MonitorInstanceId === undefined)
      settings.MonitorInstanceId = this.stackName
    const resources: Partial<Record<DeploymentResource, ResourceHandle>> = {}
    for (const r of resourcesOf(entries)) resources[r] = resourceFactories[r](this, settings)
    const scopes: DeploymentScopes = {
      ...noScopes,
      monitoredPersonalizeArns: monitoredArnsOf(settings, this),
      ...props.scopes
    }
    const functions: Record<string, HandlerFunction> = {}
    for (const entry of entries)
      functions[entry.name] = new HandlerFunction(this, entry.name, {
        entry,
        bundlesDir: props.bundlesDir,
        resources,
        settings,
        scopes,
        ...(props.invokers?.[entry.name] === undefined ? {} : { invokers: props.invokers[entry.name] })
      })
    this.functions = functions
    this.deploymentResources = resources
  }
}
