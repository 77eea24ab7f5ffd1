import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type LambdaEntry, lambdaEntries } from "@personalize-ops/handlers/entries"
import {
  type DeploymentResource,
  type DeploymentScopes,
  noScopes,
  type ResourceArns
} from "@personalize-ops/handlers/iam"
import { bundlesDir, sharedBundles } from "@personalize-ops/handlers/testing"
import { App, type CfnElement, Stack } from "aws-cdk-lib"
import { Match, Template } from "aws-cdk-lib/assertions"
import * as iam from "aws-cdk-lib/aws-iam"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { HandlerFunction } from "../src/HandlerFunction.ts"
import { PersonalizeOpsStack } from "../src/PersonalizeOpsStack.ts"

interface CfnResource {
  readonly Type: string
  readonly Properties?: Record<string, unknown>
}

const settings = {
  PERSONALIZE_TRACKING_ID: "00000000-0000-0000-0000-000000000000",
  CampaignARNs: "all",
  NotificationEndpoint: "ops@example.com",
  DashboardName: "Shop-Monitor"
}
const segmentRole = "arn:aws:iam::123456789012:role/segment-destination"
const trainQueue = "arn:aws:batch:us-east-1:123456789012:job-queue/train"
// The monitor's command scope is left to the stack: derived from the settings (see the monitor's IAM test).
const scopes = {
  batchJobQueueArns: [trainQueue],
  batchJobDefinitionArns: ["arn:aws:batch:us-east-1:123456789012:job-definition/train:3"],
  monitoredJobQueueArns: [trainQueue, "arn:aws:batch:us-east-1:123456789012:job-queue/ingest"],
  ingestionDatasetArns: []
} satisfies Partial<DeploymentScopes>

// What the stack adds: the monitor's commands may change this account's campaigns in the stack's region.
const stackScopes = (): DeploymentScopes => ({
  ...noScopes,
  monitoredPersonalizeArns: [
    `arn:${stack.partition}:personalize:${stack.region}:${stack.account}:campaign/*`,
    `arn:${stack.partition}:personalize:${stack.region}:${stack.account}:recommender/*`
  ],
  ...scopes
})

let dir: string
let stack: PersonalizeOpsStack
let template: Template
let resources: Record<string, CfnResource>

// The bundles are built once per run (turbo's handlers `bundle` task, or here when stale): no limit a
// busy machine could hit.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "personalize-ops-cdk-"))
  await sharedBundles(lambdaEntries)
  const app = new App({ outdir: join(dir, "cdk.out"), analyticsReporting: false })
  stack = new PersonalizeOpsStack(app, "PersonalizeOps", {
    bundlesDir,
    settings,
    invokers: { "ingestion-segment": [new iam.ArnPrincipal(segmentRole)] },
    scopes,
    analyticsReporting: false
  })
  template = Template.fromStack(stack)
  resources = template.toJSON().Resources as Record<string, CfnResource>
}, 600_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

const logicalId = (element: unknown) => stack.getLogicalId(element as CfnElement)
const fnOf = (entry: LambdaEntry) => {
  const handler = stack.functions[entry.name]
  if (handler === undefined) throw new Error(`no function for ${entry.name}`)
  return handler.function
}
const fnId = (entry: LambdaEntry) => logicalId(fnOf(entry).node.defaultChild)
const fnArn = (entry: LambdaEntry) => ({ "Fn::GetAtt": [fnId(entry), "Arn"] })
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type)
const resolved = (value: unknown) => stack.resolve(value)
const handle = (r: DeploymentResource) => {
  const h = stack.deploymentResources[r]
  if (h === undefined) throw new Error(`no ${r}`)
  return h
}
const list = (v: unknown): ReadonlyArray<unknown> => (Array.isArray(v) ? v : [v])
/** The state machines whose definition substitutes `name` (each capability's machine has its own). */
const machinesSubstituting = (name: string) =>
  ofType("AWS::StepFunctions::StateMachine").filter(
    ([, m]) => (m.Properties?.["DefinitionSubstitutions"] as Record<string, unknown> | undefined)?.[name] !== undefined
  )
const isEventInvoked = (e: LambdaEntry) => e.triggers.some((t) => t._tag === "Schedule" || t._tag === "EventBridge")

/** Every statement of the policies attached to the entry's role. */
const roleStatements = (entry: LambdaEntry) => {
  const roleId = logicalId(fnOf(entry).role?.node.defaultChild)
  return ofType("AWS::IAM::Policy")
    .filter(([, p]) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(
      ([, p]) =>
        (p.Properties?.PolicyDocument as { Statement?: Array<Record<string, unknown>> } | undefined)?.Statement ?? []
    )
}

describe("the CDK example synthesizes every entry of the table", () => {
  it("one Node 22 function per entry, from its bundle, with its handler, timeout and memory", () => {
    expect(ofType("AWS::Lambda::Function").length).toBeGreaterThanOrEqual(lambdaEntries.length)
    for (const e of lambdaEntries) {
      const props = resources[fnId(e)]?.Properties ?? {}
      expect(props.Runtime, e.name).toBe("nodejs22.x")
      expect(props.Handler, e.name).toBe(`index.${e.export}`)
      expect(props.Timeout, e.name).toBe(e.timeoutSeconds)
      expect(props.MemorySize, e.name).toBe(e.memoryMb)
      expect((props.Code as { S3Key?: unknown }).S3Key, e.name).toMatch(/\.zip$/)
      const assetPath = (fnOf(e).node.defaultChild as { getMetadata?: (k: string) => unknown }).getMetadata?.(
        "aws:asset:path"
      )
      if (assetPath !== undefined) expect(String(assetPath)).toContain(e.name)
    }
  })

  it("environment: resource attributes by reference, settings as given, nothing Lambda reserves", () => {
    for (const e of lambdaEntries) {
      const vars = ((resources[fnId(e)]?.Properties?.Environment as { Variables?: Record<string, unknown> })
        ?.Variables ?? {}) as Record<string, unknown>
      for (const v of e.env) {
        if (v.from?._tag === "Lambda") expect(vars[v.name], `${e.name} ${v.name}`).toBeUndefined()
        else if (v.from?._tag === "Resource")
          expect(vars[v.name], `${e.name} ${v.name}`).toEqual(resolved(handle(v.from.resource)[v.from.attribute]))
        else if (v.from?._tag === "Scope")
          expect(vars[v.name], `${e.name} ${v.name}`).toBe(stackScopes()[v.from.scope].join(","))
        else if (v.name in settings) expect(vars[v.name]).toBe(settings[v.name as keyof typeof settings])
        // Behind the example's JWT sign-in, actions need the operator group.
        else if (v.name === "JOBS_OPERATOR_GROUP") expect(vars[v.name], e.name).toBe("operators")
        // Every monitor deployment gets an instance id: the stack name unless set.
        else if (v.name === "MonitorInstanceId") expect(vars[v.name], e.name).toBe(stack.stackName)
        else expect(vars[v.name], `${e.name} ${v.name} unset`).toBeUndefined()
        if (v.required) expect(vars[v.name], `${e.name} ${v.name} required`).toBeDefined()
      }
    }
    expect(
      () =>
        new PersonalizeOpsStack(new App({ outdir: join(dir, "missing") }), "Missing", {
          bundlesDir,
          settings: {},
          capabilities: ["ingestion"]
        })
    ).toThrow(/PERSONALIZE_TRACKING_ID/)
  })

  it("schedules and EventBridge rules target their functions", () => {
    const rules = ofType("AWS::Events::Rule").map(([, r]) => r.Properties ?? {})
    const targeting = (e: LambdaEntry) =>
      rules.filter((r) =>
        (r.Targets as Array<{ Arn: unknown }>).some((t) => JSON.stringify(t.Arn) === JSON.stringify(fnArn(e)))
      )
    for (const e of lambdaEntries)
      for (const t of e.triggers) {
        if (t._tag === "Schedule")
          expect(
            targeting(e).map((r) => r.ScheduleExpression),
            e.name
          ).toContain(t.expression)
        if (t._tag === "EventBridge")
          expect(
            targeting(e).map((r) => r.EventPattern),
            e.name
          ).toContainEqual({
            source: t.pattern.source,
            "detail-type": t.pattern["detail-type"],
            ...(t.pattern.detail === undefined && t.scopedBy === undefined && t.instance === undefined
              ? {}
              : {
                  detail: {
                    ...t.pattern.detail,
                    ...(t.scopedBy === undefined ? {} : { [t.scopedBy.field]: stackScopes()[t.scopedBy.scope] }),
                    // The monitor's events carry the deployment's instance id: the stack name by default.
                    ...(t.instance === undefined ? {} : { [t.instance.field]: [stack.stackName] })
                  }
                })
          })
      }
    expect(
      rules
        .map((r) => r.ScheduleExpression)
        .filter(Boolean)
        .sort()
    ).toEqual(["cron(0/5 * * * ? *)", "cron(3 * * * ? *)"])
  })

  it("every EventBridge-invoked function keeps what it failed on: an on-failure destination and the rules' DLQ (SQS)", () => {
    const invoked = lambdaEntries.filter(isEventInvoked)
    expect(invoked.length).toBeGreaterThanOrEqual(5)
    for (const e of invoked) {
      const queue = stack.functions[e.name]?.failedEvents
      if (queue === undefined) throw new Error(`${e.name} has no failed-events queue`)
      const queueArn = resolved(queue.queueArn)
      template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
        FunctionName: { Ref: fnId(e) },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: queueArn } }
      })
      const rules = ofType("AWS::Events::Rule")
        .flatMap(([, r]) => (r.Properties?.Targets ?? []) as Array<Record<string, unknown>>)
        .filter((t) => JSON.stringify(t.Arn) === JSON.stringify(fnArn(e)))
      expect(rules.length, e.name).toBeGreaterThan(0)
      for (const target of rules) expect(target.DeadLetterConfig, e.name).toEqual({ Arn: queueArn })
      const queueProps = resources[logicalId(queue.node.defaultChild)]?.Properties ?? {}
      expect(queueProps.SqsManagedSseEnabled, e.name).toBe(true)
      expect(queueProps.MessageRetentionPeriod, e.name).toBe(14 * 24 * 3600)
    }
    // Functions EventBridge does not invoke have no such queue.
    for (const e of lambdaEntries.filter((x) => !isEventInvoked(x)))
      expect(stack.functions[e.name]?.failedEvents, e.name).toBeUndefined()
  })

  it("the Kinesis stream is on-demand and feeds the ingestion function with per-record failures, bisection, retries", () => {
    template.hasResourceProperties("AWS::Kinesis::Stream", { StreamModeDetails: { StreamMode: "ON_DEMAND" } })
    const kinesis = lambdaEntries.filter((e) => e.triggers.some((t) => t._tag === "Kinesis"))
    expect(kinesis.map((e) => e.name)).toEqual(["ingestion-kinesis"])
    for (const e of kinesis)
      for (const t of e.triggers)
        if (t._tag === "Kinesis")
          template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
            FunctionName: { Ref: fnId(e) },
            EventSourceArn: resolved(handle(t.stream).arn),
            FunctionResponseTypes: ["ReportBatchItemFailures"],
            BisectBatchOnFunctionError: true,
            MaximumRetryAttempts: t.retryAttempts,
            BatchSize: t.batchSize,
            StartingPosition: t.startingPosition,
            DestinationConfig: { OnFailure: { Destination: {} } }
          })
  })

  it("custom resources are backed by their functions directly; directly-invoked functions grant only the named caller", () => {
    for (const e of lambdaEntries)
      for (const t of e.triggers)
        if (t._tag === "CustomResource") {
          const custom = Object.values(resources).filter(
            (r) =>
              r.Type.startsWith("Custom::") && JSON.stringify(r.Properties?.ServiceToken) === JSON.stringify(fnArn(e))
          )
          expect(custom.length, e.name).toBe(1)
          for (const [property, envName] of Object.entries(t.properties))
            expect(custom[0]?.Properties?.[property]).toBe(settings[envName as keyof typeof settings])
        }
    const segment = lambdaEntries.find((e) => e.name === "ingestion-segment")
    if (segment === undefined) throw new Error("no segment entry")
    const permissions = ofType("AWS::Lambda::Permission")
      .map(([, p]) => p.Properties ?? {})
      .filter((p) => JSON.stringify(p.FunctionName) === JSON.stringify(fnArn(segment)))
    expect(permissions.map((p) => p.Principal)).toEqual([segmentRole])
  })

  it("each role holds exactly its entry's statements (plus the Kinesis source's own read and failure grants)", () => {
    for (const e of lambdaEntries) {
      const arns = Object.fromEntries(e.resources.map((r) => [r, handle(r).arn])) as ResourceArns
      const expected = e
        .iam(arns, stackScopes())
        .map((s) => resolved(iam.PolicyStatement.fromJson(s).toStatementJson()))
      const actual = roleStatements(e)
      const declared = actual.filter((s) => s.Sid !== undefined)
      expect(declared, e.name).toEqual(expected)
      // Statements CDK adds for an event source (reads of that stream, sends to its failure queue) and for
      // the on-failure destination of EventBridge-invoked functions (sends to their FailedEvents queue).
      for (const extra of actual.filter((s) => s.Sid === undefined)) {
        const actions = list(extra.Action) as ReadonlyArray<string>
        const isKinesisSource = e.triggers.some((t) => t._tag === "Kinesis")
        const isAsync = isEventInvoked(e)
        expect(isKinesisSource || isAsync, `${e.name} has an undeclared statement ${JSON.stringify(extra)}`).toBe(true)
        const allowed = actions.every(
          (a) =>
            (isKinesisSource && /^kinesis:(Describe|Get|List|SubscribeToShard)/.test(a)) ||
            /^sqs:(SendMessage|GetQueue)/.test(a)
        )
        expect(allowed, JSON.stringify(extra)).toBe(true)
        expect(JSON.stringify(extra.Resource)).not.toBe('"*"')
      }
      const role = resources[logicalId(fnOf(e).role?.node.defaultChild)]?.Properties ?? {}
      expect(JSON.stringify(role.ManagedPolicyArns), e.name).toContain("service-role/AWSLambdaBasicExecutionRole")
      expect((role.ManagedPolicyArns as ReadonlyArray<unknown>).length).toBe(1)
    }
  })

  it("the event store table follows eventStoreTableDefinition; the topic is the monitor's; no CDK metadata", () => {
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" }
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: "byPosition",
          KeySchema: [
            { AttributeName: "feed", KeyType: "HASH" },
            { AttributeName: "pos", KeyType: "RANGE" }
          ],
          Projection: { ProjectionType: "ALL" }
        },
        {
          IndexName: "unsequenced",
          KeySchema: [
            { AttributeName: "pend", KeyType: "HASH" },
            { AttributeName: "at", KeyType: "RANGE" }
          ],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["n"] }
        }
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }
    })
    template.hasResourceProperties("AWS::SNS::Topic", { TopicName: "PersonalizeMonitorNotifications" })
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: settings.NotificationEndpoint
    })
    template.resourceCountIs("AWS::CDK::Metadata", 0)
  })

  it("the alarm topic lets CloudWatch (this monitor's alarms) and EventBridge publish, beside the SSL Deny", () => {
    const topicId = logicalId(
      (stack.node.findChild("Notifications") as unknown as { node: { defaultChild: unknown } }).node.defaultChild
    )
    const policies = ofType("AWS::SNS::TopicPolicy").filter(
      ([, p]) => JSON.stringify(p.Properties?.Topics) === JSON.stringify([{ Ref: topicId }])
    )
    expect(policies).toHaveLength(1)
    const document = policies[0]?.[1].Properties?.PolicyDocument as
      | { Statement: Array<Record<string, unknown>> }
      | undefined
    const statements = document?.Statement ?? []
    const bySid = (sid: string) => statements.find((x) => x.Sid === sid)
    expect(statements.filter((x) => x.Effect === "Deny").map((x) => x.Condition)).toEqual([
      { Bool: { "aws:SecureTransport": "false" } }
    ])
    expect(bySid("CloudWatchAlarmsPublish")).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: { Ref: topicId },
      Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } }
    })
    expect(JSON.stringify(bySid("CloudWatchAlarmsPublish")?.Condition)).toContain(":alarm:PersonalizeMonitor-*")
    expect(bySid("EventBridgeRulesPublish")).toMatchObject({
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish"
    })
    // Only the publishers are allowed: no other Allow.
    expect(statements.filter((x) => x.Effect === "Allow").map((x) => x.Sid)).toEqual([
      "CloudWatchAlarmsPublish",
      "EventBridgeRulesPublish"
    ])
    template.resourceCountIs("AWS::KMS::Key", 0)
  })

  it("a topic in every monitored region (a stack each), optionally KMS-encrypted; settings checked at synth time", () => {
    const app = new App({ outdir: join(dir, "regions") })
    const home = new PersonalizeOpsStack(app, "Regional", {
      bundlesDir,
      settings: { ...settings, Regions: "us-east-1,eu-west-1, ap-southeast-2", AlarmNamePrefix: "Shop-" },
      capabilities: ["monitoring"],
      notificationKms: true,
      env: { account: "123456789012", region: "us-east-1" }
    })
    expect(home.alarmTopicStacks.map((s) => [s.stackName, s.region])).toEqual([
      ["Regional-AlarmTopic-eu-west-1", "eu-west-1"],
      ["Regional-AlarmTopic-ap-southeast-2", "ap-southeast-2"]
    ])
    for (const t of [Template.fromStack(home), ...home.alarmTopicStacks.map((s) => Template.fromStack(s))]) {
      t.resourceCountIs("AWS::SNS::Topic", 1)
      t.hasResourceProperties("AWS::SNS::Topic", {
        TopicName: "PersonalizeMonitorNotifications",
        KmsMasterKeyId: Match.anyValue()
      })
      t.hasResourceProperties("AWS::KMS::Key", {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: "CloudWatchAlarmsPublishKey",
              Principal: { Service: "cloudwatch.amazonaws.com" },
              Action: ["kms:Decrypt", "kms:GenerateDataKey*"]
            })
          ])
        }
      })
      t.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: settings.NotificationEndpoint })
      expect(JSON.stringify(t.toJSON())).toMatch(/:alarm:Shop-\*/)
    }
    // Other regions need the home region known, else the home topic would be made twice.
    expect(
      () =>
        new PersonalizeOpsStack(new App({ outdir: join(dir, "agnostic") }), "Agnostic", {
          bundlesDir,
          settings: { ...settings, Regions: "us-east-1,eu-west-1" },
          capabilities: ["monitoring"]
        })
    ).toThrow(/give the stack its region/)
    // A setting the functions (and so the custom resources) would refuse stops the synth, naming it.
    expect(
      () =>
        new PersonalizeOpsStack(new App({ outdir: join(dir, "bad") }), "Bad", {
          bundlesDir,
          settings: { ...settings, IdleThresholdHours: "0" },
          capabilities: ["monitoring"]
        })
    ).toThrow(/monitoring settings: .*IdleThresholdHours/s)
    expect(
      () =>
        new PersonalizeOpsStack(new App({ outdir: join(dir, "bad-id") }), "BadId", {
          bundlesDir,
          settings: { ...settings, MonitorInstanceId: "two words" },
          capabilities: ["monitoring"]
        })
    ).toThrow(/MonitorInstanceId/)
  })

  it("a settings change reaches the custom resources (the dashboard is rebuilt on Update), the same settings do not", () => {
    const hashes = (campaigns: string) => {
      const other = new PersonalizeOpsStack(new App({ outdir: join(dir, `hash-${campaigns}`) }), "Other", {
        bundlesDir,
        settings: { ...settings, CampaignARNs: campaigns },
        capabilities: ["monitoring"]
      })
      const all = Template.fromStack(other).toJSON().Resources as Record<string, CfnResource>
      return Object.values(all)
        .filter((r) => r.Type.startsWith("Custom::"))
        .map((r) => r.Properties?.SettingsHash)
    }
    const before = hashes("all")
    expect(before.length).toBe(2)
    expect(hashes("all")).toEqual(before)
    const after = hashes("arn:aws:personalize:us-east-1:123456789012:campaign/shop")
    for (const [i, h] of after.entries()) expect(h).not.toBe(before[i])
  })

  it("a row with a function URL or a detail-filtered EventBridge pattern is wired too (for rows yet to come)", () => {
    const cleanup = lambdaEntries.find((e) => e.name === "monitor-cleanup")
    if (cleanup === undefined) throw new Error("no cleanup entry")
    const other = new Stack(new App({ outdir: join(dir, "url") }), "Url")
    const pattern = { source: ["aws.batch"], "detail-type": ["Batch Job State Change"], detail: { jobQueue: ["q"] } }
    new HandlerFunction(other, "row", {
      entry: {
        ...cleanup,
        triggers: [
          { _tag: "FunctionUrl", authType: "AWS_IAM", description: "dashboard" },
          { _tag: "EventBridge", description: "jobs", pattern }
        ]
      },
      bundlesDir,
      resources: {},
      settings: {},
      scopes: noScopes
    })
    const t = Template.fromStack(other)
    t.hasResourceProperties("AWS::Lambda::Url", { AuthType: "AWS_IAM" })
    t.hasResourceProperties("AWS::Events::Rule", { EventPattern: pattern })
  })

  it("jobs: the Batch rule (filtered by the monitored queues), the IAM-authenticated URL, least-privilege roles", () => {
    const jobsEvents = lambdaEntries.find((e) => e.name === "jobs-events")
    const dashboard = lambdaEntries.find((e) => e.name === "jobs-dashboard")
    if (jobsEvents === undefined || dashboard === undefined) throw new Error("no jobs entries")
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["aws.batch"],
        "detail-type": ["Batch Job State Change"],
        detail: { jobQueue: scopes.monitoredJobQueueArns }
      },
      Targets: [{ Arn: fnArn(jobsEvents) }]
    })
    // The dashboard is fronted by an HTTP API whose every route needs a JWT of the Cognito user pool made for it.
    template.resourceCountIs("AWS::Lambda::Url", 0)
    template.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP" })
    const authorizers = ofType("AWS::ApiGatewayV2::Authorizer").map(([, r]) => r.Properties ?? {})
    expect(authorizers).toHaveLength(1)
    expect(authorizers[0]?.AuthorizerType).toBe("JWT")
    expect(JSON.stringify(authorizers[0]?.JwtConfiguration)).toContain("cognito-idp.")
    const routes = ofType("AWS::ApiGatewayV2::Route").map(([, r]) => r.Properties ?? {})
    expect(routes.length).toBeGreaterThan(0)
    for (const route of routes) expect(route.AuthorizationType, String(route.RouteKey)).toBe("JWT")
    template.resourceCountIs("AWS::Cognito::UserPool", 1)
    template.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true }
    })
    template.hasResourceProperties("AWS::Cognito::UserPoolGroup", { GroupName: "operators" })
    const environment = resources[fnId(dashboard)]?.Properties?.Environment as
      | { Variables: Record<string, unknown> }
      | undefined
    const env = environment?.Variables ?? {}
    expect([env.JOBS_ACTION_QUEUES, env.JOBS_OPERATOR_GROUP]).toEqual([scopes.batchJobQueueArns.join(","), "operators"])
    const jobsTable = resolved(handle("jobsTable").arn)
    const eventStore = resolved(handle("eventStoreTable").arn)
    for (const e of [jobsEvents, dashboard]) {
      const statements = roleStatements(e)
      const resourcesOf = (sid: string) => statements.find((s) => s.Sid === sid)?.Resource
      expect(JSON.stringify(resourcesOf("JobReadModel")), e.name).toContain(JSON.stringify(jobsTable))
      expect(JSON.stringify(resourcesOf("EventStore")), e.name).toContain(JSON.stringify(eventStore))
      // Only DescribeJobs (no resource-level permissions in Batch) may name every resource.
      for (const s of statements.filter((x) => JSON.stringify(x.Resource) === '"*"'))
        expect(list(s.Action), e.name).toEqual(["batch:DescribeJobs"])
    }
    expect(JSON.stringify(roleStatements(jobsEvents))).not.toContain("batch:")
    const dashboardStatements = roleStatements(dashboard)
    expect(dashboardStatements.find((s) => s.Sid === "SubmitJob")?.Resource).toEqual([
      ...scopes.batchJobQueueArns,
      ...scopes.batchJobDefinitionArns
    ])
    expect(dashboardStatements.find((s) => s.Sid === "TerminateJob")?.Resource).toBe(
      "arn:aws:batch:us-east-1:123456789012:job/*"
    )
    // The read model follows jobsTableDefinition, expires finished jobs and is billed on demand.
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: "byCreated",
          Projection: Match.objectLike({ ProjectionType: "INCLUDE" })
        })
      ])
    })
  })

  it("jobs: any OIDC issuer instead of the user pool; the operator group by setting", () => {
    const other = new PersonalizeOpsStack(new App({ outdir: join(dir, "oidc") }), "Oidc", {
      bundlesDir,
      settings: { JOBS_OPERATOR_GROUP: "batch-admins", JOBS_GROUPS_CLAIM: "groups" },
      capabilities: ["jobs"],
      jwt: { issuer: "https://login.example.com/", audience: ["dashboard"] }
    })
    const t = Template.fromStack(other)
    t.resourceCountIs("AWS::Cognito::UserPool", 0)
    t.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      JwtConfiguration: { Issuer: "https://login.example.com/", Audience: ["dashboard"] }
    })
    t.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ JOBS_OPERATOR_GROUP: "batch-admins", JOBS_GROUPS_CLAIM: "groups" }) }
    })
  })

  it("jobs without operator scopes: every queue monitored, a read-only dashboard", () => {
    const other = new PersonalizeOpsStack(new App({ outdir: join(dir, "jobs-only") }), "JobsOnly", {
      bundlesDir,
      settings: {},
      capabilities: ["jobs"]
    })
    const t = Template.fromStack(other)
    t.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: { source: ["aws.batch"], "detail-type": ["Batch Job State Change"] }
    })
    const json = JSON.stringify(t.toJSON())
    expect(json).not.toContain("jobQueue")
    expect(json).not.toContain("batch:SubmitJob")
    expect(json).not.toContain("batch:TerminateJob")
    expect(Object.keys(other.deploymentResources).sort()).toEqual(["eventStoreTable", "jobsTable"])
    t.resourceCountIs("AWS::DynamoDB::Table", 2)
  })

  it("provisioning: the state machine invokes only its two functions; the bucket's train/*.json uploads reach the trigger", () => {
    const machines = machinesSubstituting("NotifyFunctionArn")
    expect(machines).toHaveLength(1)
    const machine = machines[0]?.[1].Properties ?? {}
    expect(machine.StateMachineType).toBe("STANDARD")
    const definition = JSON.parse(String(machine.DefinitionString)) as { States: Record<string, { Resource?: string }> }
    // DefinitionSubstitutions placeholders (`${Name}`), resolved by Step Functions at deploy time.
    const substitution = (name: string) => `\${${name}}`
    expect(definition.States["Reconcile"]?.Resource).toBe(substitution("ReconcileFunctionArn"))
    expect(definition.States["NotifyFailed"]?.Resource).toBe(substitution("NotifyFunctionArn"))
    const reconcile = lambdaEntries.find((e) => e.name === "provisioning-reconcile")
    const notify = lambdaEntries.find((e) => e.name === "provisioning-notify")
    const trigger = lambdaEntries.find((e) => e.name === "provisioning-trigger")
    if (reconcile === undefined || notify === undefined || trigger === undefined) throw new Error("provisioning rows")
    expect(machine.DefinitionSubstitutions).toEqual({
      ReconcileFunctionArn: fnArn(reconcile),
      NotifyFunctionArn: fnArn(notify)
    })
    // The machine's role: lambda:InvokeFunction on exactly the two functions.
    const machineRole = (machine.RoleArn as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0]
    const machinePolicy = ofType("AWS::IAM::Policy").find(
      ([, p]) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([{ Ref: machineRole }])
    )
    const document = machinePolicy?.[1].Properties?.PolicyDocument as
      | { Statement: Array<Record<string, unknown>> }
      | undefined
    const statements = document?.Statement
    expect(statements).toEqual([
      { Action: "lambda:InvokeFunction", Effect: "Allow", Resource: [fnArn(reconcile), fnArn(notify)] }
    ])
    // The trigger's role: exactly its entry's statements (the bucket, the state machine, the topic).
    expect(JSON.stringify(roleStatements(trigger))).toContain("states:StartExecution")
    const notifications = ofType("Custom::S3BucketNotifications")
    expect(notifications).toHaveLength(1)
    const config = JSON.stringify(notifications[0]?.[1].Properties?.NotificationConfiguration)
    expect(config).toContain('"Value":"train/"')
    expect(config).toContain('"Value":".json"')
    expect(config).toContain(fnId(trigger))
    // Personalize assumes its own role, which may read the bucket and write batch output there.
    template.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: "personalize.amazonaws.com" } })]
      })
    })
    expect(resolved(handle("personalizeScope").arn)).toEqual({
      "Fn::Join": [
        "",
        [
          "arn:",
          { Ref: "AWS::Partition" },
          ":personalize:",
          { Ref: "AWS::Region" },
          ":",
          { Ref: "AWS::AccountId" },
          ":*"
        ]
      ]
    })
  })

  it("maintenance: its state machine invokes only the step; the scheduler's role may only start that machine", () => {
    const step = lambdaEntries.find((e) => e.name === "maintenance-step")
    if (step === undefined) throw new Error("maintenance row")
    const machines = machinesSubstituting("StepFunctionArn")
    expect(machines).toHaveLength(1)
    const [machineId, machineResource] = machines[0] as [string, CfnResource]
    const machine = machineResource.Properties ?? {}
    expect(machine.StateMachineType).toBe("STANDARD")
    expect(resolved(machine.StateMachineName)).toEqual({
      "Fn::Join": ["", [{ Ref: "AWS::StackName" }, "-maintenance"]]
    })
    expect(machine.DefinitionSubstitutions).toEqual({ StepFunctionArn: fnArn(step) })
    const definition = JSON.parse(String(machine.DefinitionString)) as { States: Record<string, { Resource?: string }> }
    expect(definition.States["Reconcile"]?.Resource).toBe(["${", "StepFunctionArn}"].join(""))
    const policyOf = (roleId: string) =>
      ofType("AWS::IAM::Policy")
        .filter(([, p]) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
        .flatMap(
          ([, p]) =>
            (p.Properties?.["PolicyDocument"] as { Statement?: Array<Record<string, unknown>> } | undefined)
              ?.Statement ?? []
        )
    const machineRole = (machine.RoleArn as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0]
    expect(policyOf(machineRole)).toEqual([{ Action: "lambda:InvokeFunction", Effect: "Allow", Resource: fnArn(step) }])
    // The scheduler's role: assumed by EventBridge Scheduler for this account only; StartExecution on this machine only.
    const schedulerRoles = ofType("AWS::IAM::Role").filter(([, r]) =>
      JSON.stringify(r.Properties?.AssumeRolePolicyDocument).includes("scheduler.amazonaws.com")
    )
    expect(schedulerRoles).toHaveLength(1)
    const [schedulerRoleId, schedulerRole] = schedulerRoles[0] as [string, CfnResource]
    expect(JSON.stringify(schedulerRole.Properties?.AssumeRolePolicyDocument)).toContain("aws:SourceAccount")
    const statements = policyOf(schedulerRoleId)
    expect(statements).toHaveLength(1)
    expect(statements[0]?.["Action"]).toBe("states:StartExecution")
    const machineArn = JSON.stringify(statements[0]?.["Resource"])
    expect(machineArn).toContain(":states:")
    expect(machineArn).toContain("-maintenance")
    expect(machineId).toBeDefined()
    // The step's role: exactly its entry's statements (checked for every entry above); no Personalize deletes.
    expect(JSON.stringify(roleStatements(step))).not.toContain("personalize:Delete")
    const outputs = template.toJSON().Outputs as Record<string, unknown>
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(["MaintenanceStateMachineArn", "SchedulerRoleArn"]))
  })
})
