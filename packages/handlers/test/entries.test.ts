import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { Monitoring } from "@personalize-ops/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { entryIamStatements, type LambdaEntry, lambdaEntries, lambdaEntry } from "../src/entries.ts"
import { renderEntriesMarkdown } from "../src/entriesMarkdown.ts"
import { type DeploymentResource, type DeploymentScopes, noScopes, type ResourceArns } from "../src/iam.ts"
import { kinesisIngestionIamStatements, segmentIngestionIamStatements } from "../src/ingestion/index.ts"
import * as MaintenanceHandlers from "../src/maintenance/index.ts"

const arns: ResourceArns = {
  eventStoreTable: "arn:aws:dynamodb:us-east-1:123456789012:table/Events",
  ingestionStream: "arn:aws:kinesis:us-east-1:123456789012:stream/segment",
  deadLetterQueue: "arn:aws:sqs:us-east-1:123456789012:dlq",
  notificationTopic: "arn:aws:sns:us-east-1:123456789012:Notify",
  eventBus: "arn:aws:events:us-east-1:123456789012:event-bus/default",
  jobsTable: "arn:aws:dynamodb:us-east-1:123456789012:table/Jobs",
  configBucket: "arn:aws:s3:::shop-configs",
  provisioningStateMachine: "arn:aws:states:us-east-1:123456789012:stateMachine:personalize-ops-provisioning",
  personalizeRole: "arn:aws:iam::123456789012:role/PersonalizeS3",
  personalizeScope: "arn:aws:personalize:us-east-1:123456789012:*",
  scheduleGroups: "arn:aws:scheduler:us-east-1:123456789012:schedule-group/acme-*",
  maintenanceStateMachine: "arn:aws:states:us-east-1:123456789012:stateMachine:acme-maintenance",
  schedulerRole: "arn:aws:iam::123456789012:role/acme-scheduler"
}
const scopes: DeploymentScopes = {
  batchJobQueueArns: [
    "arn:aws:batch:us-east-1:123456789012:job-queue/train",
    "arn:aws:batch:eu-west-1:123456789012:job-queue/train"
  ],
  batchJobDefinitionArns: ["arn:aws:batch:us-east-1:123456789012:job-definition/train:3"],
  monitoredJobQueueArns: ["arn:aws:batch:us-east-1:123456789012:job-queue/train"],
  ingestionDatasetArns: ["arn:aws:personalize:us-east-1:123456789012:dataset/shop/USERS"],
  monitoredPersonalizeArns: ["arn:aws:personalize:us-east-1:123456789012:campaign/*"]
}
const named = (name: string): LambdaEntry => {
  const e = lambdaEntry(name)
  if (e === undefined) throw new Error(`${name} is not in the table`)
  return e
}
const statementsOf = (e: LambdaEntry) => e.iam(arns, scopes)

describe("the Lambda entries table", () => {
  it("names are unique, usable as function and folder names, and point at existing modules", () => {
    const names = lambdaEntries.map((e) => e.name)
    expect(new Set(names).size).toBe(names.length)
    for (const e of lambdaEntries) {
      expect(e.name).toMatch(/^[a-z][a-z0-9-]{0,63}$/)
      expect(existsSync(join(import.meta.dirname, "..", "src", e.module)), e.module).toBe(true)
      expect(new Set(e.env.map((v) => v.name)).size, e.name).toBe(e.env.length)
      expect(e.triggers.length, e.name).toBeGreaterThan(0)
    }
  })

  it("monitoring's EventBridge triggers match the monitor's own source and detail types", () => {
    const known = new Set<string>(Object.values(Monitoring.DetailType))
    for (const e of lambdaEntries.filter((x) => x.capability === "monitoring"))
      for (const t of e.triggers)
        if (t._tag === "EventBridge") {
          expect(t.pattern.source).toEqual([Monitoring.MonitorSource])
          for (const d of t.pattern["detail-type"]) expect(known.has(d), d).toBe(true)
        }
  })

  it("every statement is scoped to the resources the entry declares, and no action is a wildcard", () => {
    for (const e of lambdaEntries) {
      const statements = statementsOf(e)
      expect(new Set(statements.map((s) => s.Sid)).size, e.name).toBe(statements.length)
      const resources = new Set(statements.flatMap((s) => s.Resource))
      for (const r of e.resources) expect(resources.has(arns[r]), `${e.name} uses ${r}`).toBe(true)
      // No other deployment resource leaks in (an ARN of a resource not declared).
      const undeclared = (Object.keys(arns) as Array<DeploymentResource>).filter((r) => !e.resources.includes(r))
      for (const r of undeclared) expect(resources.has(arns[r]), `${e.name} must not use ${r}`).toBe(false)
      for (const a of statements.flatMap((s) => s.Action)) expect(a).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/)
    }
  })

  it("the event store statement covers the table and its position index, with only the store's calls", () => {
    const [store] = statementsOf(named("monitor"))
    expect(store).toEqual({
      Sid: "EventStore",
      Effect: "Allow",
      Action: [
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem"
      ],
      Resource: [arns.eventStoreTable, `${arns.eventStoreTable}/index/*`]
    })
  })

  it("command functions publish to the deployment's topic and bus only", () => {
    for (const name of ["monitor-update-tps", "monitor-delete-campaign", "monitor-stop-recommender"]) {
      const statements = statementsOf(named(name))
      expect(statements.find((s) => s.Sid === "Notify")?.Resource).toEqual([arns.notificationTopic])
      expect(statements.find((s) => s.Sid === "PutMonitorEvents")?.Resource).toEqual([arns.eventBus])
    }
    expect(statementsOf(named("monitor-cleanup")).flatMap((s) => s.Action)).toEqual([
      "cloudwatch:DescribeAlarms",
      "cloudwatch:DeleteAlarms"
    ])
  })

  it("jobs: both functions keep the read model and record in the event store; only the dashboard acts on Batch", () => {
    const events = named("jobs-events")
    const dashboard = named("jobs-dashboard")
    for (const e of [events, dashboard]) {
      const statements = statementsOf(e)
      expect(statements.find((s) => s.Sid === "JobReadModel")?.Resource, e.name).toEqual([
        arns.jobsTable,
        `${arns.jobsTable}/index/*`
      ])
      expect(
        statements.find((s) => s.Sid === "EventStore"),
        e.name
      ).toEqual(statementsOf(named("monitor"))[0])
      expect(e.env.find((v) => v.name === "JOBS_TABLE")).toMatchObject({
        required: true,
        from: { _tag: "Resource", resource: "jobsTable", attribute: "name" }
      })
    }
    expect(
      statementsOf(events)
        .flatMap((s) => s.Action)
        .filter((a) => a.startsWith("batch:"))
    ).toEqual([])
    const acts = statementsOf(dashboard)
    expect(acts.find((s) => s.Sid === "SubmitJob")?.Resource).toEqual([
      ...scopes.batchJobQueueArns,
      ...scopes.batchJobDefinitionArns
    ])
    expect(acts.find((s) => s.Sid === "TerminateJob")?.Resource).toEqual([
      "arn:aws:batch:us-east-1:123456789012:job/*",
      "arn:aws:batch:eu-west-1:123456789012:job/*"
    ])
    // Nothing listed: a read-only dashboard, never a widening to every queue.
    expect(
      dashboard
        .iam(arns, noScopes)
        .flatMap((s) => s.Action)
        .filter((a) => a.startsWith("batch:"))
    ).toEqual([])
    const noDefinitions = dashboard.iam(arns, { ...scopes, batchJobDefinitionArns: [] }).map((s) => s.Sid)
    expect(noDefinitions).not.toContain("SubmitJob")
    expect(noDefinitions).toContain("TerminateJob")
    expect(events.triggers).toEqual([
      expect.objectContaining({
        _tag: "EventBridge",
        pattern: { source: ["aws.batch"], "detail-type": ["Batch Job State Change"] },
        scopedBy: { field: "jobQueue", scope: "monitoredJobQueueArns" }
      })
    ])
    expect(dashboard.triggers).toEqual([expect.objectContaining({ _tag: "HttpApi", authorizer: "JWT" })])
  })

  it("entryIamStatements names the resources a partial deployment lacks", () => {
    const kinesis = named("ingestion-kinesis")
    const missing = entryIamStatements(kinesis, { deadLetterQueue: arns.deadLetterQueue })
    expect(Result.isFailure(missing) ? missing.failure : []).toEqual(["ingestionStream"])
    const ok = entryIamStatements(kinesis, arns, scopes)
    expect(Result.isSuccess(ok) ? ok.success : []).toEqual(statementsOf(kinesis))
  })

  it("the ingestion statements of the Kinesis and Segment entries", () => {
    const kinesis = kinesisIngestionIamStatements({
      streamArn: arns.ingestionStream,
      deadLetterQueueArn: arns.deadLetterQueue
    })
    expect(kinesis.flatMap((s) => s.Action)).toEqual([
      "personalize:PutEvents",
      "sqs:SendMessage",
      "kinesis:DescribeStream",
      "kinesis:DescribeStreamSummary",
      "kinesis:GetRecords",
      "kinesis:GetShardIterator",
      "kinesis:ListShards",
      "kinesis:SubscribeToShard"
    ])
    expect(kinesis.find((s) => s.Sid === "ReadStream")?.Resource).toEqual([
      arns.ingestionStream,
      `${arns.ingestionStream}/consumer/*`
    ])
    expect(segmentIngestionIamStatements({ deadLetterQueueArn: arns.deadLetterQueue }).map((s) => s.Sid)).toEqual([
      "PutEvents",
      "DeadLetter"
    ])
    // PutUsers/PutItems only on the datasets the operator lists (the scope), never on "*".
    const withDatasets = statementsOf(named("ingestion-segment")).find((s) => s.Sid === "PutUsersItems")
    expect(withDatasets?.Action).toEqual(["personalize:PutUsers", "personalize:PutItems"])
    expect(withDatasets?.Resource).toEqual(scopes.ingestionDatasetArns)
  })

  it("the README's table is the rendered entries table", () => {
    // Cells compared trimmed: the formatter pads README tables.
    const cells = (table: ReadonlyArray<string>) =>
      table.map((line) =>
        line
          .split("|")
          .map((c) => c.trim())
          .map((c) => (/^-+$/.test(c) ? "---" : c))
      )
    const lines = readFileSync(join(import.meta.dirname, "..", "..", "..", "README.md"), "utf8").split("\n")
    const start = lines.findIndex((l) => /^\| function +\| entry module → export/.test(l))
    expect(start, "the README has the entries table").toBeGreaterThan(-1)
    const end = lines.findIndex((l, i) => i > start && !l.startsWith("|"))
    expect(cells(lines.slice(start, end))).toEqual(cells(renderEntriesMarkdown(lambdaEntries).split("\n")))
  })
})

describe("maintenance roles (least privilege)", () => {
  const machine = "arn:aws:states:us-east-1:123456789012:stateMachine:acme-maintenance"

  it("the scheduler's role may only start the maintenance state machine", () => {
    expect(MaintenanceHandlers.schedulerIamStatements({ maintenanceStateMachineArn: machine })).toEqual([
      { Sid: "StartMaintenance", Effect: "Allow", Action: ["states:StartExecution"], Resource: [machine] }
    ])
  })

  it("the state machine may only invoke its step; the step starts runs and moves campaigns, never deletes or tags", () => {
    const step = "arn:aws:lambda:us-east-1:123456789012:function:acme-maintenance-step"
    expect(MaintenanceHandlers.maintenanceStateMachineIamStatements({ stepFunctionArn: step })).toEqual([
      { Sid: "InvokeStep", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [step] }
    ])
    const actions = statementsOf(named("maintenance-step")).flatMap((s) => s.Action)
    for (const a of ["CreateDatasetImportJob", "CreateSolutionVersion", "UpdateCampaign", "GetSolutionMetrics"])
      expect(actions).toContain(`personalize:${a}`)
    expect(
      actions.filter((a) =>
        /^personalize:(Delete|Tag|Untag|Stop|Start)|^personalize:Create(Campaign|Solution$)/.test(a)
      )
    ).toEqual([])
    expect(actions).not.toContain("states:StartExecution")
  })

  it("provisioning's Reconcile task manages the deployment's schedule groups and schedules, and passes only the scheduler's role", () => {
    const reconcile = named("provisioning-reconcile")
    const statements = statementsOf(reconcile)
    expect(statements.find((s) => s.Sid === "ScheduleGroups")?.Resource).toEqual([arns.scheduleGroups])
    expect(statements.find((s) => s.Sid === "Schedules")).toEqual({
      Sid: "Schedules",
      Effect: "Allow",
      Action: [
        "scheduler:CreateSchedule",
        "scheduler:DeleteSchedule",
        "scheduler:GetSchedule",
        "scheduler:UpdateSchedule"
      ],
      Resource: ["arn:aws:scheduler:us-east-1:123456789012:schedule/acme-*/*"]
    })
    // ListSchedules has no resource-level permissions; it reads names and states only.
    expect(statements.filter((s) => s.Resource.includes("*")).flatMap((s) => s.Action)).toEqual([
      "scheduler:ListSchedules"
    ])
    expect(statements.filter((s) => s.Action.includes("iam:PassRole")).map((s) => [s.Sid, s.Resource])).toEqual([
      ["PassPersonalizeRole", [arns.personalizeRole]],
      ["PassSchedulerRole", [arns.schedulerRole]]
    ])
    expect(reconcile.sdkClients).toContain("client-scheduler")
    expect(reconcile.env.map((v) => v.name)).toEqual(
      expect.arrayContaining(["SCHEDULE_INSTANCE", "MAINTENANCE_STATE_MACHINE_ARN", "SCHEDULER_ROLE_ARN"])
    )
  })
})
