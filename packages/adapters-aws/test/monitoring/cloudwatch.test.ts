import { assert, describe, it } from "@effect/vitest"
import { Monitoring, type Personalize } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll } from "vitest"
import {
  layerCloudWatchAlarms,
  layerCloudWatchDashboards,
  layerCloudWatchMetrics,
  layerEventBridgeBus
} from "../../src/index.ts"
import { CloudWatchClients } from "../../src/sdk/CloudWatchClients.ts"
import { EventBridgeClients } from "../../src/sdk/EventBridgeClients.ts"
import {
  type LocalAws,
  localCredentials,
  type LocalAwsReply as Reply,
  startLocalAws
} from "../../src/testing/localAws.ts"

let server: LocalAws
const replies: Array<(op: string, body: Record<string, unknown>) => Reply | undefined> = []
beforeAll(async () => {
  server = await startLocalAws((op, body) => {
    for (const r of replies) {
      const reply = r(op, body)
      if (reply !== undefined) return reply
    }
    return { json: {} }
  })
})
afterAll(() => server.close())
const options = () => ({ endpoint: server.endpoint, credentials: localCredentials })
const reset = (reply: (op: string, body: Record<string, unknown>) => Reply | undefined) => {
  server.received.length = 0
  replies.length = 0
  replies.push(reply)
}

describe("CloudWatch metrics adapter (awsJson1_0, real SDK stack)", () => {
  it.effect("runs a planned GetMetricData call through every page, in the call's region", () =>
    Effect.gen(function* () {
      reset((op, body) =>
        op === "GetMetricData"
          ? body.NextToken === undefined
            ? { json: { MetricDataResults: [{ Id: "q0", Timestamps: [0], Values: [600] }], NextToken: "p2" } }
            : {
                json: {
                  MetricDataResults: [
                    { Id: "q0", Timestamps: [300], Values: [900] },
                    { Id: "q1", Timestamps: [], Values: [] }
                  ]
                }
              }
          : undefined
      )
      const metrics = yield* Monitoring.Metrics
      const [call] = Monitoring.planMetricDataCalls(
        ["a", "b"].map((n) => ({
          key: n,
          region: "eu-west-1",
          namespace: "AWS/Personalize",
          metricName: "GetRecommendations",
          dimensions: [{ name: "CampaignArn", value: `arn:aws:personalize:eu-west-1:123456789012:campaign/${n}` }],
          stat: "Sum" as const,
          period: 300
        })),
        { start: 0, end: 600_000 }
      )
      const series = yield* metrics.getMetricData(call!)
      assert.deepStrictEqual(series, [
        { id: "q0", timestamps: [0, 300_000], values: [600, 900] },
        { id: "q1", timestamps: [], values: [] }
      ])
      assert.deepStrictEqual(
        server.received.map((r) => [r.operation, r.region, r.service]),
        [
          ["GetMetricData", "eu-west-1", "monitoring"],
          ["GetMetricData", "eu-west-1", "monitoring"]
        ]
      )
      const first = server.received[0]!.body as { MetricDataQueries: Array<Record<string, unknown>>; EndTime: number }
      assert.strictEqual(first.EndTime, 600)
      assert.deepStrictEqual(first.MetricDataQueries[1], {
        Id: "q1",
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: "AWS/Personalize",
            MetricName: "GetRecommendations",
            Dimensions: [{ Name: "CampaignArn", Value: "arn:aws:personalize:eu-west-1:123456789012:campaign/b" }]
          },
          Period: 300,
          Stat: "Sum"
        }
      })
    }).pipe(Effect.provide(layerCloudWatchMetrics.pipe(Layer.provide(CloudWatchClients.layerOptions(options())))))
  )

  it.effect("batches PutMetricData to 1,000 metrics and maps errors to MonitoringFailure", () =>
    Effect.gen(function* () {
      reset(() => undefined)
      const metrics = yield* Monitoring.Metrics
      const data = Array.from({ length: 1500 }, (_, i) => ({
        metricName: "campaignUtilization",
        dimensions: [{ name: "CampaignArn", value: `c${i}` }],
        value: i,
        unit: "Percent" as const,
        timestamp: 1_000_000
      }))
      yield* metrics.putMetricData("us-west-2", "PersonalizeMonitor", data)
      assert.deepStrictEqual(
        server.received.map((r) => [r.operation, r.region, (r.body.MetricData as Array<unknown>).length]),
        [
          ["PutMetricData", "us-west-2", 1000],
          ["PutMetricData", "us-west-2", 500]
        ]
      )
      reset(() => ({ error: "InvalidParameterValueException", message: "bad" }))
      const e = yield* Effect.flip(metrics.putMetricData("us-west-2", "PersonalizeMonitor", data.slice(0, 1)))
      assert.strictEqual(e._tag, "MonitoringFailure")
      assert.strictEqual(e.name, "InvalidParameterValueException")
    }).pipe(Effect.provide(layerCloudWatchMetrics.pipe(Layer.provide(CloudWatchClients.layerOptions(options())))))
  )
})

describe("CloudWatch alarms adapter", () => {
  const resource: Personalize.MonitoredResource = {
    arn: "arn:aws:personalize:ap-south-1:123456789012:campaign/shop",
    name: "shop",
    kind: "campaign",
    region: "ap-south-1",
    datasetGroupArn: "arn:aws:personalize:ap-south-1:123456789012:dataset-group/retail",
    datasetGroupName: "retail",
    minTPS: 3,
    status: "ACTIVE",
    createdAt: 0
  }
  const desired = Monitoring.desiredAlarms(
    [resource],
    { ...Monitoring.defaultSettings, accountId: "123456789012" },
    48 * 3_600_000
  )
  it.effect("puts alarms with every field, describes them back into specs that reconcile to nothing", () =>
    Effect.gen(function* () {
      const stored: Array<Record<string, unknown>> = []
      reset((op, body) => {
        if (op === "PutMetricAlarm") stored.push(body)
        if (op === "DescribeAlarms")
          return body.NextToken === undefined
            ? { json: { MetricAlarms: stored.slice(0, 1), NextToken: "n" } }
            : { json: { MetricAlarms: [...stored.slice(1), { AlarmName: "PersonalizeMonitor-math", Metrics: [] }] } }
        return undefined
      })
      const alarms = yield* Monitoring.Alarms
      for (const a of desired) yield* alarms.put(a)
      assert.deepStrictEqual(stored[0]?.Tags, [{ Key: "CreatedBy", Value: "PersonalizeMonitor" }])
      assert.strictEqual(stored[1]?.TreatMissingData, "breaching")
      const described = yield* alarms.describe("ap-south-1", "PersonalizeMonitor-")
      assert.deepStrictEqual(Monitoring.reconcileAlarms(desired, described, "PersonalizeMonitor-"), {
        create: [],
        update: [],
        delete: []
      })
      assert.isTrue(server.received.every((r) => r.region === "ap-south-1"))
      yield* alarms.delete(
        "ap-south-1",
        Array.from({ length: 150 }, (_, i) => `PersonalizeMonitor-IdleCampaign-${i}`)
      )
      assert.deepStrictEqual(
        server.received
          .filter((r) => r.operation === "DeleteAlarms")
          .map((r) => (r.body.AlarmNames as Array<string>).length),
        [100, 50]
      )
    }).pipe(Effect.provide(layerCloudWatchAlarms.pipe(Layer.provide(CloudWatchClients.layerOptions(options())))))
  )
})

describe("CloudWatch dashboards adapter", () => {
  it.effect("puts, lists every page and deletes dashboards through the home region", () =>
    Effect.gen(function* () {
      reset((op, body) => {
        if (op === "PutDashboard")
          return { json: { DashboardValidationMessages: [{ DataPath: "/widgets/0", Message: "warning" }] } }
        if (op === "ListDashboards")
          return body.NextToken === undefined
            ? { json: { DashboardEntries: [{ DashboardName: "M-2" }], NextToken: "x" } }
            : { json: { DashboardEntries: [{ DashboardName: "M" }] } }
        return undefined
      })
      const dashboards = yield* Monitoring.Dashboards
      const [d] = Monitoring.renderDashboards({ name: "M", homeRegion: "us-east-1", resources: [] })
      const warnings = yield* dashboards.put(d!.name, JSON.stringify(d!.body))
      assert.deepStrictEqual(warnings, ["/widgets/0: warning"])
      assert.deepStrictEqual(JSON.parse(server.received[0]!.body.DashboardBody as string), d!.body)
      assert.deepStrictEqual(yield* dashboards.list("M"), ["M", "M-2"])
      yield* dashboards.delete(["M-2"])
      assert.deepStrictEqual(server.received.at(-1)?.body, { DashboardNames: ["M-2"] })
      assert.isTrue(server.received.every((r) => r.region === "us-east-1"))
    }).pipe(
      Effect.provide(
        layerCloudWatchDashboards("us-east-1").pipe(Layer.provide(CloudWatchClients.layerOptions(options())))
      )
    )
  )
})

describe("EventBridge bus adapter (awsJson1_1)", () => {
  it.effect("puts events in batches of 10 and fails on rejected entries", () =>
    Effect.gen(function* () {
      reset((op, body) =>
        op === "PutEvents"
          ? { json: { FailedEntryCount: 0, Entries: (body.Entries as Array<unknown>).map(() => ({ EventId: "e" })) } }
          : undefined
      )
      const bus = yield* Monitoring.EventBus
      const events = Array.from({ length: 15 }, (_, i) => ({
        source: Monitoring.MonitorSource,
        detailType: Monitoring.DetailType.BuildDashboard,
        detail: { Reason: `r${i}` }
      }))
      yield* bus.put("us-east-1", events)
      assert.deepStrictEqual(
        server.received.map((r) => (r.body.Entries as Array<unknown>).length),
        [10, 5]
      )
      const entry = (server.received[0]!.body.Entries as Array<Record<string, unknown>>)[0]
      assert.deepStrictEqual(entry, {
        Source: "personalize.monitor",
        DetailType: "BuildPersonalizeMonitorDashboard",
        Detail: JSON.stringify({ Reason: "r0" })
      })
      reset(() => ({
        json: { FailedEntryCount: 1, Entries: [{ ErrorCode: "InternalFailure", ErrorMessage: "oops" }] }
      }))
      const e = yield* Effect.flip(bus.put("us-east-1", events.slice(0, 1)))
      assert.match(e.detail, /InternalFailure: oops/)
    }).pipe(Effect.provide(layerEventBridgeBus.pipe(Layer.provide(EventBridgeClients.layerOptions(options())))))
  )
})
