/**
 * The shape of one row of the entries table (`entries.ts`): what to bundle, what to name it, how it is
 * triggered, what environment it reads and which IAM statements its role needs. Each capability keeps
 * its rows in `<capability>/entries.ts`.
 */
import type { DeploymentResource, DeploymentScopes, IamStatement, ResourceArns } from "./iam.ts"

/** The capability a handler belongs to (a deployment may take only some). */
export type Capability = "ingestion" | "monitoring" | "jobs" | "provisioning" | "maintenance"

/** Where an environment variable's value comes from, when not from the operator. */
export type EnvSource =
  /** An attribute of a deployment resource the IaC creates. */
  | { readonly _tag: "Resource"; readonly resource: DeploymentResource; readonly attribute: "name" | "arn" | "url" }
  /** Set by the Lambda runtime itself (reserved: the IaC must not set it). */
  | { readonly _tag: "Lambda" }
  /** One of the operator's ARN lists (`DeploymentScopes`), comma-separated (empty when none is listed). */
  | { readonly _tag: "Scope"; readonly scope: keyof DeploymentScopes }

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
      /** When the operator sets `setting` (an instance id), the rule also requires `detail[field]` to equal it. */
      readonly instance?: { readonly field: string; readonly setting: string }
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
  /**
   * An API Gateway HTTP API (payload 2.0) whose every route needs a JWT (a Cognito user pool by default,
   * any OIDC issuer by setting); the handler reads the caller's groups from the token's claims.
   */
  | { readonly _tag: "HttpApi"; readonly authorizer: "JWT"; readonly description: string }
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
  | "client-s3"
  | "client-scheduler"
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
export const entry = <const R extends DeploymentResource>(e: LambdaEntry<R>): LambdaEntry<R> => e

const fromLambda: EnvSource = { _tag: "Lambda" }
export const resource = (r: DeploymentResource, attribute: "name" | "arn" | "url"): EnvSource => ({
  _tag: "Resource",
  resource: r,
  attribute
})

export const awsRegion: EnvVar = {
  name: "AWS_REGION",
  required: false,
  description: "the function's region (the monitor's home region)",
  from: fromLambda
}

export const eventStoreEnv: EnvVar = {
  name: "EVENT_STORE_TABLE",
  required: true,
  description: "DynamoDB event store table (decisions log)",
  from: resource("eventStoreTable", "name")
}
