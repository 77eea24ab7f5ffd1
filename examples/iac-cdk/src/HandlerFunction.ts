import { createHash } from "node:crypto"
import { existsSync } from "node:fs"
import { join } from "node:path"
import type { LambdaEntry, Trigger } from "@personalize-ops/handlers/entries"
import type { DeploymentResource, DeploymentScopes, ResourceArns } from "@personalize-ops/handlers/iam"
import { CfnOutput, CustomResource, Duration, Stack, Token } from "aws-cdk-lib"
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2"
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers"
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations"
import * as cognito from "aws-cdk-lib/aws-cognito"
import * as events from "aws-cdk-lib/aws-events"
import * as targets from "aws-cdk-lib/aws-events-targets"
import * as iam from "aws-cdk-lib/aws-iam"
import * as kinesis from "aws-cdk-lib/aws-kinesis"
import * as lambda from "aws-cdk-lib/aws-lambda"
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations"
import { KinesisEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources"
import * as logs from "aws-cdk-lib/aws-logs"
import * as sqs from "aws-cdk-lib/aws-sqs"
import { Construct } from "constructs"

/** A deployment resource as the handlers see it: the attributes their env and IAM refer to. */
export interface ResourceHandle {
  readonly arn: string
  readonly name: string
  readonly url?: string
}

export interface HandlerFunctionProps {
  readonly entry: LambdaEntry
  /** The folder holding `<entry name>/index.mjs` (`npm run bundle -w @personalize-ops/handlers`). */
  readonly bundlesDir: string
  /** The deployment's resources; must hold every one the entry refers to. */
  readonly resources: Partial<Record<DeploymentResource, ResourceHandle>>
  /** Operator settings by environment variable name (only the variables the entry reads are set). */
  readonly settings: { readonly [name: string]: string }
  /** The operator's ARN lists that narrow the role and rules (`noScopes` for none). */
  readonly scopes: DeploymentScopes
  /** Who may invoke an `Invoke`-triggered function (e.g. the role Segment assumes). */
  readonly invokers?: ReadonlyArray<iam.IPrincipal>
  /**
   * The JWT issuer and audiences of an `HttpApi` trigger's authorizer (any OIDC provider); absent: a
   * Cognito user pool is made, with an app client and the `operators` group.
   */
  readonly jwt?: { readonly issuer: string; readonly audience: ReadonlyArray<string> }
}

/** The handler setting naming the group actions need, and its default behind the CDK example's sign-in. */
export const operatorGroupSetting = "JOBS_OPERATOR_GROUP"
export const defaultOperatorGroup = "operators"

const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())

/**
 * One Lambda function wired entirely from its row of the entries table: the bundle, runtime and
 * handler, the environment (resource attributes and operator settings), the role's statements and
 * every trigger. A new row in `lambdaEntries` needs no change here unless it brings a new trigger kind.
 */
export class HandlerFunction extends Construct {
  readonly function: lambda.Function
  private failedEventsCache: sqs.Queue | undefined

  /** Where the events of its schedules and EventBridge rules end when they could not be handled. */
  get failedEvents(): sqs.Queue | undefined {
    return this.failedEventsCache
  }

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id)
    const { entry, resources, settings } = props
    const resource = (r: DeploymentResource): ResourceHandle => {
      const handle = resources[r]
      if (handle === undefined) throw new Error(`${entry.name} needs the deployment resource ${r}`)
      return handle
    }
    const code = join(props.bundlesDir, entry.name)
    if (!existsSync(join(code, "index.mjs")))
      throw new Error(`no bundle at ${code}: run \`npm run bundle -w @personalize-ops/handlers\` first`)

    const environment: Record<string, string> = { NODE_OPTIONS: "--enable-source-maps" }
    for (const v of entry.env) {
      if (v.from?._tag === "Lambda") continue
      const value =
        v.from?._tag === "Resource"
          ? resource(v.from.resource)[v.from.attribute]
          : v.from?._tag === "Scope"
            ? props.scopes[v.from.scope].join(",")
            : settings[v.name]
      if (value !== undefined) environment[v.name] = value
      else if (v.required) throw new Error(`${entry.name}: set ${v.name} (${v.description})`)
    }

    this.function = new lambda.Function(this, "Function", {
      description: entry.description.slice(0, 256),
      code: lambda.Code.fromAsset(code),
      handler: `index.${entry.export}`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: entry.memoryMb,
      timeout: Duration.seconds(entry.timeoutSeconds),
      environment,
      logGroup: new logs.LogGroup(this, "Logs", { retention: logs.RetentionDays.ONE_MONTH })
    })

    const arns = Object.fromEntries(entry.resources.map((r) => [r, resource(r).arn])) as ResourceArns
    for (const statement of entry.iam(arns, props.scopes))
      this.function.addToRolePolicy(iam.PolicyStatement.fromJson(statement))

    // A change of settings must reach custom resources too (the dashboard is rebuilt on Update). Only
    // literal values count: token placeholders are renumbered whenever the app's construction order changes.
    const literals = Object.entries(environment).filter(([, value]) => !Token.isUnresolved(value))
    const settingsHash = createHash("sha256").update(JSON.stringify(literals)).digest("hex").slice(0, 16)
    for (const [i, trigger] of entry.triggers.entries())
      this.wire(trigger, `${pascal(entry.name)}${i}`, resource, settingsHash, props)
  }

  /**
   * EventBridge invokes asynchronously: an event the function still fails on after Lambda's retries
   * (on-failure destination), or that the rule could not deliver (the target's dead-letter queue),
   * is kept here, one queue per function, instead of being dropped.
   */
  private failedEventsQueue(): sqs.Queue {
    if (this.failedEventsCache !== undefined) return this.failedEventsCache
    const queue = new sqs.Queue(this, "FailedEvents", {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true
    })
    this.function.configureAsyncInvoke({ onFailure: new SqsDestination(queue), retryAttempts: 2 })
    this.failedEventsCache = queue
    return queue
  }

  /** The default sign-in of an HTTP API: a Cognito user pool (admin-created users), its app client, the operator group. */
  private userPool(
    id: string,
    operatorGroup: string
  ): { readonly issuer: string; readonly audience: ReadonlyArray<string> } {
    const pool = new cognito.UserPool(this, `Users${id}`, {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      passwordPolicy: { minLength: 12 }
    })
    const client = pool.addClient(`Client${id}`, { authFlows: { userSrp: true }, generateSecret: false })
    new cognito.CfnUserPoolGroup(this, `Operators${id}`, {
      userPoolId: pool.userPoolId,
      groupName: operatorGroup,
      description: "may retry and terminate jobs"
    })
    new CfnOutput(this, `UserPool${id}`, { value: pool.userPoolId, description: "add dashboard users here" })
    new CfnOutput(this, `UserPoolClient${id}`, { value: client.userPoolClientId })
    return {
      issuer: `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${pool.userPoolId}`,
      audience: [client.userPoolClientId]
    }
  }

  private eventTarget(): targets.LambdaFunction {
    return new targets.LambdaFunction(this.function, { deadLetterQueue: this.failedEventsQueue() })
  }

  private wire(
    trigger: Trigger,
    id: string,
    resource: (r: DeploymentResource) => ResourceHandle,
    settingsHash: string,
    props: HandlerFunctionProps
  ) {
    const fn = this.function
    switch (trigger._tag) {
      case "Schedule":
        new events.Rule(this, `Schedule${id}`, {
          description: `${props.entry.name}: ${trigger.description}`,
          schedule: events.Schedule.expression(trigger.expression),
          targets: [this.eventTarget()]
        })
        return
      case "EventBridge": {
        const scoped = trigger.scopedBy === undefined ? [] : props.scopes[trigger.scopedBy.scope]
        const instance = trigger.instance === undefined ? undefined : props.settings[trigger.instance.setting]
        const detail = {
          ...trigger.pattern.detail,
          ...(trigger.scopedBy === undefined || scoped.length === 0 ? {} : { [trigger.scopedBy.field]: [...scoped] }),
          // This deployment's events only (another monitor in the account puts the same detail types).
          ...(trigger.instance === undefined || instance === undefined || instance === ""
            ? {}
            : { [trigger.instance.field]: [instance] })
        }
        new events.Rule(this, `Rule${id}`, {
          description: `${props.entry.name}: ${trigger.description}`,
          eventPattern: {
            source: [...trigger.pattern.source],
            detailType: [...trigger.pattern["detail-type"]],
            ...(Object.keys(detail).length === 0 ? {} : { detail })
          },
          targets: [this.eventTarget()]
        })
        return
      }
      case "Kinesis": {
        // Batches that exhaust their retries are recorded here (metadata of the failed range, not the records).
        const failedBatches = new sqs.Queue(this, `FailedBatches${id}`, {
          retentionPeriod: Duration.days(14),
          encryption: sqs.QueueEncryption.SQS_MANAGED,
          enforceSSL: true
        })
        const stream = kinesis.Stream.fromStreamArn(this, `Stream${id}`, resource(trigger.stream).arn)
        fn.addEventSource(
          new KinesisEventSource(stream, {
            startingPosition:
              trigger.startingPosition === "LATEST"
                ? lambda.StartingPosition.LATEST
                : lambda.StartingPosition.TRIM_HORIZON,
            batchSize: trigger.batchSize,
            maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
            bisectBatchOnError: trigger.bisectBatchOnError,
            retryAttempts: trigger.retryAttempts,
            reportBatchItemFailures: trigger.reportBatchItemFailures,
            onFailure: new SqsDlq(failedBatches)
          })
        )
        return
      }
      case "CustomResource": {
        const properties: Record<string, string> = { SettingsHash: settingsHash }
        // Settings given at deploy time (template parameters) are passed as they are, so changing one
        // updates the custom resource too (the hash only covers literal values).
        for (const v of props.entry.env) {
          const value = v.from === undefined ? props.settings[v.name] : undefined
          if (value !== undefined && Token.isUnresolved(value)) properties[`Setting${v.name}`] = value
        }
        for (const [property, envName] of Object.entries(trigger.properties)) {
          const value = props.settings[envName]
          if (value !== undefined) properties[property] = value
        }
        // Lambda-backed directly (no Provider): the handler answers CloudFormation's ResponseURL itself.
        new CustomResource(this, `Resource${id}`, {
          serviceToken: fn.functionArn,
          resourceType: `Custom::PersonalizeOps${pascal(props.entry.name)}`,
          properties
        })
        return
      }
      case "FunctionUrl": {
        const url = fn.addFunctionUrl({
          authType:
            trigger.authType === "AWS_IAM" ? lambda.FunctionUrlAuthType.AWS_IAM : lambda.FunctionUrlAuthType.NONE
        })
        new CfnOutput(this, `Url${id}`, { value: url.url, description: trigger.description })
        return
      }
      case "HttpApi": {
        const jwt = props.jwt ?? this.userPool(id, props.settings[operatorGroupSetting] ?? defaultOperatorGroup)
        const api = new apigwv2.HttpApi(this, `Api${id}`, {
          description: `${props.entry.name}: ${trigger.description}`,
          defaultAuthorizer: new HttpJwtAuthorizer(`Jwt${id}`, jwt.issuer, { jwtAudience: [...jwt.audience] }),
          defaultIntegration: new HttpLambdaIntegration(`Integration${id}`, fn)
        })
        new CfnOutput(this, `Url${id}`, { value: api.apiEndpoint, description: trigger.description })
        return
      }
      case "Invoke":
        for (const principal of props.invokers ?? []) fn.grantInvoke(principal)
        new CfnOutput(this, `Arn${id}`, { value: fn.functionArn, description: `invoked by ${trigger.by}` })
        return
      default: {
        const unwired: never = trigger
        throw new Error(`no wiring for trigger ${JSON.stringify(unwired)}`)
      }
    }
  }
}
