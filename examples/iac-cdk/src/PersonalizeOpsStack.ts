import { MaintenanceHandlers, ProvisioningHandlers } from "@personalize-ops/handlers"
import { type Capability, type LambdaEntry, lambdaEntries } from "@personalize-ops/handlers/entries"
import { type DeploymentResource, type DeploymentScopes, noScopes } from "@personalize-ops/handlers/iam"
import { monitoredPersonalizeArns } from "@personalize-ops/handlers/monitoring/iam"
import { monitorDefaults, monitorSettingsIssue } from "@personalize-ops/handlers/monitoring/MonitorConfig"
import type { DeployParameter } from "@personalize-ops/handlers/monitoring/parameters"
import {
  ArnFormat,
  Aws,
  CfnCondition,
  CfnOutput,
  CfnParameter,
  Duration,
  Fn,
  Stack,
  type StackProps,
  Token
} from "aws-cdk-lib"
import * as events from "aws-cdk-lib/aws-events"
import * as iam from "aws-cdk-lib/aws-iam"
import * as kinesis from "aws-cdk-lib/aws-kinesis"
import * as s3 from "aws-cdk-lib/aws-s3"
import * as s3n from "aws-cdk-lib/aws-s3-notifications"
import * as sns from "aws-cdk-lib/aws-sns"
import * as sqs from "aws-cdk-lib/aws-sqs"
import * as sfn from "aws-cdk-lib/aws-stepfunctions"
import type { Construct } from "constructs"
import { AlarmTopicStack, makeAlarmTopic } from "./AlarmTopic.ts"
import { EventStoreTable } from "./EventStoreTable.ts"
import { defaultOperatorGroup, HandlerFunction, operatorGroupSetting, type ResourceHandle } from "./HandlerFunction.ts"
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
  /**
   * The jobs dashboard's sign-in: a JWT issuer (any OIDC provider) and its audiences; absent: a Cognito
   * user pool made for it. Actions need the `JOBS_OPERATOR_GROUP` setting's group (default `operators`).
   */
  readonly jwt?: { readonly issuer: string; readonly audience: ReadonlyArray<string> }
  /** Encrypt the alarm topics with a customer-managed KMS key each (default: SNS without KMS). */
  readonly notificationKms?: boolean
}

type ResourceFactory = (
  scope: Construct,
  settings: PersonalizeOpsStackProps["settings"],
  props: PersonalizeOpsStackProps
) => ResourceHandle

/** The alarm topic's settings, as the monitor reads them. */
const alarmTopicProps = (settings: PersonalizeOpsStackProps["settings"], props: PersonalizeOpsStackProps) => ({
  topicName: settings.NotificationTopicName ?? monitorDefaults.notificationTopicName,
  alarmNamePrefix: settings.AlarmNamePrefix ?? monitorDefaults.alarmNamePrefix,
  kms: props.notificationKms ?? false
})

/** A state machine of this stack made later (after its functions): its name, hence its ARN, is known first. */
const stateMachineNamed = (scope: Construct, name: string): ResourceHandle => ({
  arn: Stack.of(scope).formatArn({
    service: "states",
    resource: "stateMachine",
    resourceName: name,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME
  }),
  name
})

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
  notificationTopic: (scope, settings, props) => {
    // Named as the monitor's alarms expect (`NotificationTopicName`); other monitored regions get theirs
    // from AlarmTopicStack. CloudWatch and EventBridge may publish; optionally KMS-encrypted.
    const email = settings.NotificationEndpoint
    const { topic } = makeAlarmTopic(scope, "Notifications", {
      ...alarmTopicProps(settings, props),
      ...(email === undefined ? {} : { email })
    })
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
    }
    return { arn: topic.topicArn, name: topic.topicName }
  },
  eventBus: (scope) => {
    const bus = events.EventBus.fromEventBusName(scope, "DefaultBus", "default")
    return { arn: bus.eventBusArn, name: bus.eventBusName }
  },
  jobsTable: (scope) => {
    const { table } = new JobsTable(scope, "Jobs")
    return { arn: table.tableArn, name: table.tableName }
  },
  configBucket: (scope) => {
    const bucket = new s3.Bucket(scope, "ConfigBucket", {
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true
    })
    new CfnOutput(scope, "ConfigBucketName", { value: bucket.bucketName, description: "upload configs under train/" })
    return { arn: bucket.bucketArn, name: bucket.bucketName }
  },
  // The state machine is made after its functions (see wireProvisioning); its name, hence its ARN, is known first.
  provisioningStateMachine: (scope) => stateMachineNamed(scope, `${Aws.STACK_NAME}-provisioning`),
  personalizeRole: (scope) => {
    // What Personalize itself may do with the deployment's bucket: read data, write batch job output.
    const role = new iam.Role(scope, "PersonalizeRole", {
      assumedBy: new iam.ServicePrincipal("personalize.amazonaws.com"),
      description: "assumed by Amazon Personalize to import data and write batch job output"
    })
    return { arn: role.roleArn, name: role.roleName }
  },
  personalizeScope: (scope) => ({
    arn: Stack.of(scope).formatArn({ service: "personalize", resource: "*", arnFormat: ArnFormat.NO_RESOURCE_NAME }),
    name: "personalize"
  }),
  // The schedule groups are the provisioning workflow's to make (one per dataset group, `<stack>-<group>`):
  // the stack name is their prefix, and the ARN pattern scopes the Reconcile task's Scheduler calls.
  scheduleGroups: (scope) => ({
    arn: Stack.of(scope).formatArn({
      service: "scheduler",
      resource: "schedule-group",
      resourceName: `${Aws.STACK_NAME}-*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME
    }),
    name: Aws.STACK_NAME
  }),
  // Made with the maintenance step (see wireMaintenance); its name, hence its ARN, is known first.
  maintenanceStateMachine: (scope) => stateMachineNamed(scope, `${Aws.STACK_NAME}-maintenance`),
  // Only this account's schedules may assume it (the confused-deputy guard Scheduler documents); wireMaintenance
  // lets it start the maintenance state machine, and nothing else.
  schedulerRole: (scope) => {
    const role = new iam.Role(scope, "SchedulerRole", {
      roleName: `${Aws.STACK_NAME}-scheduler`,
      assumedBy: new iam.ServicePrincipal(MaintenanceHandlers.schedulerPrincipal, {
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } }
      }),
      description: "assumed by EventBridge Scheduler: may only start the maintenance state machine"
    })
    return { arn: role.roleArn, name: role.roleName }
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
 * Settings checked at synth time as the monitoring functions decode them at cold start: a bad one
 * would leave the dashboard and cleanup custom resources unanswered, CloudFormation waiting for their
 * timeout. Deploy-time parameters are checked by their own constraints instead.
 */
const checkMonitorSettings = (
  stack: Stack,
  entries: ReadonlyArray<LambdaEntry>,
  settings: PersonalizeOpsStackProps["settings"]
) => {
  if (!entries.some((e) => e.capability === "monitoring")) return
  const literal = Object.fromEntries(Object.entries(settings).filter(([, v]) => !Token.isUnresolved(v)))
  const region = Token.isUnresolved(stack.region) ? undefined : stack.region
  const issue = monitorSettingsIssue({ ...literal, ...(region === undefined ? {} : { AWS_REGION: region }) })
  if (issue !== undefined) throw new Error(`monitoring settings: ${issue}`)
}

/**
 * The monitor's alarms notify `NotificationTopicName` in each region they are in: a topic stack for
 * each listed region (`Regions`) other than this stack's. The regions must be known at synth time
 * with this stack's own region (its `env`), or the home topic would be made twice.
 */
const otherRegionTopics = (
  stack: Stack,
  id: string,
  settings: PersonalizeOpsStackProps["settings"],
  props: PersonalizeOpsStackProps
): ReadonlyArray<AlarmTopicStack> => {
  const listed = csv(settings.Regions)
  if (listed === "all") return []
  if (Token.isUnresolved(stack.region))
    throw new Error(
      `Regions lists ${listed.join(", ")}: give the stack its region (env, or CDK_DEFAULT_REGION) so the alarm topics of the other regions get their own stacks`
    )
  const email = settings.NotificationEndpoint
  return listed
    .filter((region) => region !== stack.region)
    .map(
      (region) =>
        new AlarmTopicStack(stack.node.scope as Construct, `${id}-AlarmTopic-${region}`, {
          env: { region, ...(Token.isUnresolved(stack.account) ? {} : { account: stack.account }) },
          ...alarmTopicProps(settings, props),
          ...(email === undefined ? {} : { email }),
          description: `personalize-ops: the monitor's alarm topic in ${region}`,
          analyticsReporting: false
        })
    )
}

/**
 * personalize-ops in one stack: the resources the chosen capabilities need (event store table,
 * Kinesis stream, dead-letter queue, SNS topic) and one `HandlerFunction` per row of `lambdaEntries`.
 */
export class PersonalizeOpsStack extends Stack {
  readonly functions: { readonly [entryName: string]: HandlerFunction }
  /** The deployment resources made for the chosen capabilities. */
  readonly deploymentResources: Partial<Record<DeploymentResource, ResourceHandle>>
  /** The alarm topic of each monitored region other than this stack's, one stack each. */
  readonly alarmTopicStacks: ReadonlyArray<AlarmTopicStack>

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
    // Behind the JWT authorizer, retry and terminate need the operator group.
    if (read.has(operatorGroupSetting) && settings[operatorGroupSetting] === undefined)
      settings[operatorGroupSetting] = defaultOperatorGroup
    const resources: Partial<Record<DeploymentResource, ResourceHandle>> = {}
    checkMonitorSettings(this, entries, settings)
    for (const r of resourcesOf(entries)) resources[r] = resourceFactories[r](this, settings, props)
    this.alarmTopicStacks =
      resources.notificationTopic === undefined ? [] : otherRegionTopics(this, id, settings, props)
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
        ...(props.invokers?.[entry.name] === undefined ? {} : { invokers: props.invokers[entry.name] }),
        ...(props.jwt === undefined ? {} : { jwt: props.jwt })
      })
    this.functions = functions
    this.deploymentResources = resources
    wireProvisioning(this, functions, resources)
    wireMaintenance(this, functions, resources, settings, props)
  }
}

/**
 * The provisioning capability's pieces that join functions together: the state machine (the generated
 * reconcile loop, invoking only its two functions), the bucket's ObjectCreated notification on
 * `train/*.json` to the trigger, and the Personalize role's access to the bucket.
 */
const wireProvisioning = (
  scope: Construct,
  functions: { readonly [entryName: string]: HandlerFunction },
  resources: Partial<Record<DeploymentResource, ResourceHandle>>
) => {
  const trigger = functions["provisioning-trigger"]?.function
  const reconcile = functions["provisioning-reconcile"]?.function
  const notify = functions["provisioning-notify"]?.function
  const machine = resources.provisioningStateMachine
  if (trigger === undefined || reconcile === undefined || notify === undefined || machine === undefined) return
  const role = new iam.Role(scope, "ProvisioningStateMachineRole", {
    assumedBy: new iam.ServicePrincipal("states.amazonaws.com")
  })
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ["lambda:InvokeFunction"],
      resources: [reconcile.functionArn, notify.functionArn]
    })
  )
  const substitution = (name: string) => `\${${name}}`
  const definition = ProvisioningHandlers.provisioningDefinition({
    reconcile: substitution("ReconcileFunctionArn"),
    notify: substitution("NotifyFunctionArn")
  })
  const cfn = new sfn.CfnStateMachine(scope, "ProvisioningStateMachine", {
    stateMachineName: machine.name,
    stateMachineType: "STANDARD",
    roleArn: role.roleArn,
    definitionString: JSON.stringify(definition),
    definitionSubstitutions: { ReconcileFunctionArn: reconcile.functionArn, NotifyFunctionArn: notify.functionArn }
  })
  cfn.node.addDependency(role)
  const bucketHandle = resources.configBucket
  if (bucketHandle !== undefined) {
    const bucket = s3.Bucket.fromBucketAttributes(scope, "ConfigBucketRef", {
      bucketArn: bucketHandle.arn,
      bucketName: bucketHandle.name
    })
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(trigger), {
      prefix: "train/",
      suffix: ".json"
    })
    const personalizeRole = resources.personalizeRole
    if (personalizeRole !== undefined)
      iam.Role.fromRoleArn(scope, "PersonalizeRoleRef", personalizeRole.arn).addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ["s3:GetObject", "s3:ListBucket", "s3:PutObject"],
          resources: [bucketHandle.arn, `${bucketHandle.arn}/*`]
        })
      )
  }
  new CfnOutput(scope, "ProvisioningStateMachineArn", { value: machine.arn })
}

/** An IAM policy statement of the handlers' IAM data (CloudFormation's spelling) as a CDK statement. */
const statementOf = (s: { readonly Action: ReadonlyArray<string>; readonly Resource: ReadonlyArray<string> }) =>
  new iam.PolicyStatement({ actions: [...s.Action], resources: [...s.Resource] })

/**
 * The maintenance capability's pieces: the state machine `<stack>-maintenance` (the generated reconcile
 * loop, invoking only the step function) and the role EventBridge Scheduler assumes, `<stack>-scheduler`,
 * which may only start that state machine. With `--instance <stack name>` the CLI's `apply --target aws`
 * names the same two (`Maintenance.instanceScheduleTargets`); the outputs give their ARNs.
 */
const wireMaintenance = (
  scope: Construct,
  functions: { readonly [entryName: string]: HandlerFunction },
  resources: Partial<Record<DeploymentResource, ResourceHandle>>,
  settings: PersonalizeOpsStackProps["settings"],
  props: PersonalizeOpsStackProps
) => {
  const step = functions["maintenance-step"]?.function
  if (step === undefined) return
  // Made already when the provisioning Reconcile task (which points the schedules at them) is deployed too.
  const handle = (r: "maintenanceStateMachine" | "schedulerRole") =>
    resources[r] ?? resourceFactories[r](scope, settings, props)
  const machineHandle = handle("maintenanceStateMachine")
  const schedulerRoleHandle = handle("schedulerRole")
  const machineRole = new iam.Role(scope, "MaintenanceStateMachineRole", {
    assumedBy: new iam.ServicePrincipal("states.amazonaws.com")
  })
  for (const s of MaintenanceHandlers.maintenanceStateMachineIamStatements({ stepFunctionArn: step.functionArn }))
    machineRole.addToPolicy(statementOf(s))
  // A DefinitionSubstitutions placeholder (`${StepFunctionArn}`), resolved by Step Functions at deploy time.
  const definition = MaintenanceHandlers.maintenanceDefinition({ stepFunctionArn: ["${", "StepFunctionArn}"].join("") })
  const machine = new sfn.CfnStateMachine(scope, "MaintenanceStateMachine", {
    stateMachineName: machineHandle.name,
    stateMachineType: "STANDARD",
    roleArn: machineRole.roleArn,
    definitionString: JSON.stringify(definition),
    definitionSubstitutions: { StepFunctionArn: step.functionArn }
  })
  machine.node.addDependency(machineRole)
  const schedulerRole = scope.node.findChild("SchedulerRole") as iam.Role
  for (const s of MaintenanceHandlers.schedulerIamStatements({ maintenanceStateMachineArn: machineHandle.arn }))
    schedulerRole.addToPolicy(statementOf(s))
  new CfnOutput(scope, "MaintenanceStateMachineArn", {
    value: machineHandle.arn,
    description: "apply --target aws --maintenance-state-machine"
  })
  new CfnOutput(scope, "SchedulerRoleArn", {
    value: schedulerRoleHandle.arn,
    description: "apply --scheduler-role"
  })
}
