import { eventStoreIamActions } from "@personalize-ops/adapters-aws/kernel"

/**
 * One IAM policy statement, as data an IaC app attaches to a handler's role (CloudFormation's JSON
 * spelling, so it can be pasted into a policy document as is).
 */
export interface IamStatement {
  readonly Sid: string
  readonly Effect: "Allow"
  readonly Action: ReadonlyArray<string>
  readonly Resource: ReadonlyArray<string>
}

/**
 * The deployment's resources a handler's IAM statements and environment refer to. The IaC creates
 * them (or looks them up) and passes their ARNs, so no statement hard-codes a name.
 */
export type DeploymentResource =
  /** The DynamoDB event store table (`eventStoreTableDefinition`). */
  | "eventStoreTable"
  /** The Kinesis stream Segment writes to. */
  | "ingestionStream"
  /** The SQS queue that keeps invalid or undeliverable ingestion records. */
  | "deadLetterQueue"
  /** The SNS topic of monitoring notifications (home region). */
  | "notificationTopic"
  /** The EventBridge bus the monitor's events go to (the home region's default bus). */
  | "eventBus"
  /** The DynamoDB read model of AWS Batch jobs (`jobsTableDefinition`, TTL `jobsTableTtl`). */
  | "jobsTable"
  /** The bucket configs are uploaded to (and the data they import). */
  | "configBucket"
  /** The provisioning state machine (`provisioningDefinition`). */
  | "provisioningStateMachine"
  /** The role Personalize assumes to read the bucket (passed in import and batch job requests). */
  | "personalizeRole"
  /** The deployment's Personalize resources: `arn:<partition>:personalize:<region>:<account>:*`. */
  | "personalizeScope"
  /**
   * The deployment's EventBridge Scheduler schedule groups: name = the instance prefix they are named
   * from, ARN = `arn:<partition>:scheduler:<region>:<account>:schedule-group/<instance>-*`.
   */
  | "scheduleGroups"
  /** The maintenance state machine (`maintenanceDefinition`), which the schedules start. */
  | "maintenanceStateMachine"
  /** The role EventBridge Scheduler assumes to start the maintenance state machine (`schedulerIamStatements`). */
  | "schedulerRole"

/** The ARN of each resource in `R`. */
export type ResourceArns<R extends DeploymentResource = DeploymentResource> = { readonly [K in R]: string }

/**
 * ARN lists the operator chooses for a deployment (CDK props, Terraform variables). They narrow roles
 * and rules to what this deployment may touch; an empty list grants nothing (it never widens to `*`).
 */
export interface DeploymentScopes {
  /** AWS Batch job queues the jobs dashboard may retry (SubmitJob) and terminate jobs in. */
  readonly batchJobQueueArns: ReadonlyArray<string>
  /** AWS Batch job definitions a dashboard retry may submit. */
  readonly batchJobDefinitionArns: ReadonlyArray<string>
  /** AWS Batch job queues whose state changes are recorded; empty: every queue of the account and region. */
  readonly monitoredJobQueueArns: ReadonlyArray<string>
  /** Personalize Users/Items datasets the ingestion handlers may write (PutUsers, PutItems); none: neither. */
  readonly ingestionDatasetArns: ReadonlyArray<string>
  /**
   * Campaign and recommender ARNs (or ARN patterns such as `arn:aws:personalize:eu-west-1:123456789012:campaign/*`)
   * the monitor's command functions may update, delete or stop; see `monitoredPersonalizeArns` for the
   * list a deployment's settings imply. Empty: the command functions can change nothing.
   */
  readonly monitoredPersonalizeArns: ReadonlyArray<string>
}

/** No operator scopes: read-only dashboards, every job queue monitored. */
export const noScopes: DeploymentScopes = {
  batchJobQueueArns: [],
  batchJobDefinitionArns: [],
  monitoredJobQueueArns: [],
  ingestionDatasetArns: [],
  monitoredPersonalizeArns: []
}

/** An event store table's statement: the store's calls on its items and indexes (`<table ARN>/index/*`). */
export const eventStoreStatement = (tableArn: string): IamStatement => ({
  Sid: "EventStore",
  Effect: "Allow",
  Action: eventStoreIamActions,
  Resource: [tableArn, `${tableArn}/index/*`]
})
