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

/** The ARN of each resource in `R`. */
export type ResourceArns<R extends DeploymentResource = DeploymentResource> = { readonly [K in R]: string }

/** An event store table's statement: its items and its position index (`<table ARN>/index/*`). */
export const eventStoreStatement = (tableArn: string, actions: ReadonlyArray<string>): IamStatement => ({
  Sid: "EventStore",
  Effect: "Allow",
  Action: actions,
  Resource: [tableArn, `${tableArn}/index/*`]
})
