import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"
import { MemoryMonitoringWorld } from "@personalize-ops/adapters-memory"
import { Monitoring, type Personalize } from "@personalize-ops/core"
import { ConfigProvider, Effect, Layer } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  answerCustomResource,
  type CustomResourceRequest,
  cleanupPhysicalId,
  cleanupPrefixOf,
  customResourceAnswerMarginMs,
  encodeCustomResourceResponse,
  layerMonitorConfig,
  makeCleanupHandler,
  makeCommandHandlers,
  makeDashboardHandler,
  makeMonitorHandler,
  monitorConfig
} from "../../src/monitoring/index.ts"

const acct = "123456789012"
const arn = (kind: string, name: string) =>
  `arn:aws:personalize:us-east-1:${acct}:${kind}/${name}` as Personalize.ResourceArn
const env = {
  AWS_REGION: "us-east-1",
  Regions: "us-east-1",
  AccountId: acct,
  AutoDeleteOrStopIdleResources: "Yes",
  IdleThresholdHours: "24",
  DashboardName: "Shop-Monitor"
}
// Fresh: handler runtimes share one memo map (warm Lambda containers), which would keep the first config.
const configLayer = (vars: Record<string, string> = env) =>
  Layer.fresh(layerMonitorConfig).pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: vars }))))

const world = () =>
  new MemoryMonitoringWorld()
    .addResource(
      {
        arn: arn("campaign", "shop"),
        name: "shop",
        kind: "campaign",
        region: "us-east-1",
        datasetGroupArn: arn("dataset-group", "retail"),
        datasetGroupName: "retail",
        minTPS: 10,
        status: "ACTIVE",
        createdAt: 0
      },
      () => 3
    )
    .addResource({
      arn: arn("recommender", "picks"),
      name: "picks",
      kind: "recommender",
      region: "us-east-1",
      datasetGroupArn: arn("dataset-group", "retail"),
      datasetGroupName: "retail",
      minTPS: 2,
      status: "ACTIVE",
      createdAt: 0
    })

/** A stand-in for the presigned S3 ResponseURL: records every PUT on 127.0.0.1. */
let s3: {
  url: string
  puts: Array<{ method: string; contentType: string | undefined; body: Record<string, unknown> }>
  close: () => Promise<void>
}
beforeAll(async () => {
  const puts: Array<{ method: string; contentType: string | undefined; body: Record<string, unknown> }> = []
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      puts.push({
        method: req.method ?? "",
        contentType: req.headers["content-type"],
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>
      })
      res.writeHead(200)
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  s3 = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cfn-response?X-Amz-Signature=abc`,
    puts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
})
afterAll(() => s3.close())

const cfn = (RequestType: "Create" | "Update" | "Delete", extra: Record<string, unknown> = {}) => ({
  RequestType,
  ResponseURL: s3.url,
  StackId: "arn:aws:cloudformation:us-east-1:123456789012:stack/monitor/guid",
  RequestId: `req-${RequestType}`,
  LogicalResourceId: "Dashboard",
  ResourceType: "Custom::PersonalizeMonitorDashboard",
  ResourceProperties: { ServiceToken: "arn:aws:lambda:us-east-1:123456789012:function:dash" },
  ...extra
})

describe("dashboard custom resource", () => {
  it("answers Create, Update and Delete at the ResponseURL with a stable physical id", async () => {
    const w = world()
    const handler = makeDashboardHandler(Layer.merge(w.layer, configLayer()))
    s3.puts.length = 0
    await handler(cfn("Create"))
    expect([...w.dashboards.keys()]).toEqual(["Shop-Monitor"])
    await handler(cfn("Update", { PhysicalResourceId: "Shop-Monitor" }))
    await handler(cfn("Delete", { PhysicalResourceId: "Shop-Monitor" }))
    expect(w.dashboards.size).toBe(0)
    expect(
      s3.puts.map((p) => [p.method, p.contentType, p.body.Status, p.body.PhysicalResourceId, p.body.RequestId])
    ).toEqual([
      ["PUT", "", "SUCCESS", "Shop-Monitor", "req-Create"],
      ["PUT", "", "SUCCESS", "Shop-Monitor", "req-Update"],
      ["PUT", "", "SUCCESS", "Shop-Monitor", "req-Delete"]
    ])
    expect(s3.puts[0]?.body).toMatchObject({
      StackId: "arn:aws:cloudformation:us-east-1:123456789012:stack/monitor/guid",
      LogicalResourceId: "Dashboard",
      Data: { Dashboards: "Shop-Monitor", Resources: "2" }
    })
  })

  it("reports a failure as FAILED with the reason", async () => {
    const w = world()
    const failing = Layer.succeed(
      Monitoring.Dashboards,
      Monitoring.Dashboards.of({
        put: () =>
          Effect.fail(
            new Monitoring.MonitoringFailure({ operation: "PutDashboard", name: "AccessDenied", detail: "no" })
          ),
        delete: () => Effect.void,
        list: () => Effect.succeed([])
      })
    )
    const handler = makeDashboardHandler(Layer.mergeAll(w.layer, failing, configLayer()))
    s3.puts.length = 0
    await handler(cfn("Create"))
    expect(s3.puts[0]?.body).toMatchObject({
      Status: "FAILED",
      PhysicalResourceId: "Shop-Monitor",
      Reason: "MonitoringFailure: PutDashboard failed: AccessDenied: no"
    })
  })

  it("answers FAILED (not silence) for a bad ResourceProperties", async () => {
    const handler = makeDashboardHandler(Layer.merge(world().layer, configLayer()))
    s3.puts.length = 0
    await handler(cfn("Create", { ResourceProperties: { ServiceToken: "x", DashboardName: 42 } }))
    expect(s3.puts[0]?.body).toMatchObject({
      Status: "FAILED",
      Reason: expect.stringMatching(/ResourceProperties\.DashboardName/)
    })
  })

  it("cleanup deletes this instance's alarms on Delete only", async () => {
    const w = world()
    const layer = Layer.merge(w.layer, configLayer())
    await makeMonitorHandler(layer)({ source: "aws.events" })
    const cleanup = makeCleanupHandler(layer)
    s3.puts.length = 0
    await cleanup(cfn("Create"))
    expect(w.alarms.get("us-east-1")?.size).toBe(4)
    await cleanup(cfn("Delete", { PhysicalResourceId: "PersonalizeMonitor-alarms" }))
    expect(w.alarms.get("us-east-1")?.size).toBe(0)
    expect(s3.puts.map((p) => [p.body.Status, p.body.PhysicalResourceId, p.body.Data])).toEqual([
      ["SUCCESS", "PersonalizeMonitor-alarms", {}],
      ["SUCCESS", "PersonalizeMonitor-alarms", { AlarmsDeleted: "4" }]
    ])
  })

  it("cleanup deletes only the alarms of the prefix it was created with, whatever the settings say now", async () => {
    const w = world()
    // Two monitors in one account: this one (prefix A-), another (B-).
    const a = Layer.merge(w.layer, configLayer({ ...env, AlarmNamePrefix: "A-" }))
    await makeMonitorHandler(a)({ source: "aws.events" })
    await makeMonitorHandler(Layer.merge(w.layer, configLayer({ ...env, AlarmNamePrefix: "B-" })))({
      source: "aws.events"
    })
    const names = () => [...(w.alarms.get("us-east-1")?.keys() ?? [])]
    expect(names().filter((n) => n.startsWith("A-"))).toHaveLength(4)
    expect(names().filter((n) => n.startsWith("B-"))).toHaveLength(4)
    s3.puts.length = 0
    await makeCleanupHandler(a)(cfn("Create"))
    expect(s3.puts[0]?.body.PhysicalResourceId).toBe(cleanupPhysicalId("A-"))
    // The function's prefix setting changed to C- since: the Delete still removes A-'s alarms, and only those.
    const now = makeCleanupHandler(Layer.merge(w.layer, configLayer({ ...env, AlarmNamePrefix: "C-" })))
    await now(cfn("Delete", { PhysicalResourceId: cleanupPhysicalId("A-") }))
    expect(names().filter((n) => n.startsWith("A-"))).toEqual([])
    expect(names().filter((n) => n.startsWith("B-"))).toHaveLength(4)
    // A Delete for an id it never gave (after a failed Create) deletes nothing.
    await now(cfn("Delete", { PhysicalResourceId: "2026/11/27/[$LATEST]abc" }))
    expect(names()).toHaveLength(4)
    expect(s3.puts.map((p) => [p.body.Status, p.body.Data])).toEqual([
      ["SUCCESS", {}],
      ["SUCCESS", { AlarmsDeleted: "4" }],
      ["SUCCESS", { AlarmsDeleted: "0" }]
    ])
    expect(cleanupPrefixOf("alarms")).toBeUndefined()
  })

  it("answers a malformed request FAILED at its ResponseURL, naming the field", async () => {
    const cleanup = makeCleanupHandler(Layer.merge(world().layer, configLayer()))
    s3.puts.length = 0
    await expect(cleanup(cfn("Delete", { RequestType: "Destroy" }))).rejects.toThrow()
    expect(s3.puts[0]?.body).toMatchObject({
      Status: "FAILED",
      RequestId: "req-Delete",
      LogicalResourceId: "Dashboard",
      Reason: expect.stringMatching(/RequestType/)
    })
    // Nowhere to answer: nothing is sent, the invocation fails with the typed issue.
    await expect(cleanup({ RequestType: "Create" })).rejects.toThrow(/ResponseURL/)
    expect(s3.puts).toHaveLength(1)
  })

  it("answers FAILED before the function times out when the work hangs", async () => {
    s3.puts.length = 0
    const request = cfn("Create") as unknown as CustomResourceRequest
    const answered = await Effect.runPromise(
      answerCustomResource(request, "p", Effect.never, {
        getRemainingTimeInMillis: () => customResourceAnswerMarginMs + 20
      })
    )
    expect(answered.status).toBe("FAILED")
    expect(s3.puts[0]?.body).toMatchObject({
      Status: "FAILED",
      PhysicalResourceId: "p",
      Reason: expect.stringMatching(/^CustomResourceTimedOut: not finished within 20 ms/)
    })
  })

  it("keeps every response body within 4,096 bytes", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20_000, unit: "grapheme" }),
        fc.dictionary(fc.string(), fc.string({ maxLength: 2000 })),
        (reason, data) => {
          const body = encodeCustomResourceResponse({
            Status: "FAILED",
            Reason: reason,
            PhysicalResourceId: "Shop-Monitor",
            StackId: "s",
            RequestId: "r",
            LogicalResourceId: "l",
            Data: data
          })
          const parsed = JSON.parse(body)
          return new TextEncoder().encode(body).length <= 4096 && parsed.Status === "FAILED" && parsed.RequestId === "r"
        }
      ),
      { numRuns: 100 }
    )
  })
})

describe("dashboard function triggers", () => {
  it("builds on the BuildPersonalizeMonitorDashboard event, the schedule and a direct invocation", async () => {
    const w = world()
    const handler = makeDashboardHandler(Layer.merge(w.layer, configLayer()))
    const fromEvent = await handler({
      version: "0",
      source: "personalize.monitor",
      "detail-type": "BuildPersonalizeMonitorDashboard",
      detail: { Reason: "alarms created" }
    })
    expect(fromEvent).toMatchObject({ reason: "alarms created" })
    const scheduled = await handler({ source: "aws.events", "detail-type": "Scheduled Event", detail: {} })
    expect(scheduled).toMatchObject({ reason: "Scheduled hourly rebuild" })
    const direct = await handler({ Reason: "manual" })
    expect(direct).toMatchObject({ reason: "manual", dashboards: ["Shop-Monitor"] })
    await expect(handler({ Reason: 42 })).rejects.toThrow(/Reason/)
    // A direct invocation's CampaignARNs override narrows the dashboard (the recommender goes too: RecommenderARNs).
    await handler({ Reason: "only shop", CampaignARNs: arn("campaign", "shop"), RecommenderARNs: "" })
    const body = w.dashboards.get("Shop-Monitor") ?? ""
    expect(body).toContain(arn("campaign", "shop"))
    expect(body).not.toContain(arn("recommender", "picks"))
    await expect(handler({ CampaignARNs: 5 })).rejects.toThrow(/CampaignARNs/)
  })

  it("with a PriceTable, each section charts the estimated cost per hour; without one, none", async () => {
    const table = {
      currency: "USD",
      source: "test",
      asOf: "2026-11-27",
      regions: { "us-east-1": { campaignTpsHour: [{ price: 0.2 }] } }
    }
    const w = world()
    await makeDashboardHandler(Layer.merge(w.layer, configLayer({ ...env, PriceTable: JSON.stringify(table) })))({
      Reason: "priced"
    })
    const body = JSON.parse(w.dashboards.get("Shop-Monitor") ?? "{}") as {
      widgets: Array<{ properties: { title?: string; metrics?: Array<Array<unknown>> } }>
    }
    const cost = body.widgets.filter((x) => x.properties.title?.startsWith("Estimated"))
    // The campaign is priced (minimum 10 at 0.2); the recommender has no price in the table.
    expect(cost.map((x) => x.properties.title)).toEqual(["Estimated Campaign Cost per Hour (USD)"])
    expect(cost[0]?.properties.metrics?.at(-1)).toEqual([
      { expression: "MAX([a0, a0 * 0 + 10]) * 0.2", id: "c0", label: "shop (0.2 USD/TPS-hour)" }
    ])
    const plain = world()
    await makeDashboardHandler(Layer.merge(plain.layer, configLayer({ ...env, PriceTable: "" })))({
      Reason: "unpriced"
    })
    expect(plain.dashboards.get("Shop-Monitor")).not.toContain("Estimated")
  })
})

describe("monitor and command functions", () => {
  it("decodes the seed's parameters from the environment", async () => {
    const config = await Effect.runPromise(
      monitorConfig.pipe(
        Effect.provideService(
          ConfigProvider.ConfigProvider,
          ConfigProvider.fromEnv({
            env: { ...env, CampaignARNs: `${arn("campaign", "a")}, ${arn("campaign", "b")}`, AutoAdjustMinTPS: "No" }
          })
        )
      )
    )
    expect(config.settings).toMatchObject({
      campaigns: [arn("campaign", "a"), arn("campaign", "b")],
      recommenders: "all",
      regions: ["us-east-1"],
      autoAdjustMinTPS: false,
      autoDeleteOrStopIdleResources: true,
      idleThresholdHours: 24,
      dashboardName: "Shop-Monitor"
    })
    expect(config.notificationTopicArn).toBe(`arn:aws:sns:us-east-1:${acct}:PersonalizeMonitorNotifications`)
    await expect(
      Effect.runPromise(
        monitorConfig.pipe(
          Effect.provideService(
            ConfigProvider.ConfigProvider,
            ConfigProvider.fromEnv({ env: { IdleThresholdHours: "0" } })
          )
        )
      )
    ).rejects.toThrow(/IdleThresholdHours/)
  })

  it("runs the monitor: metrics, alarms, EMF", async () => {
    const w = world()
    const monitor = makeMonitorHandler(Layer.merge(w.layer, configLayer()))
    const out = await monitor({ source: "aws.events", "detail-type": "Scheduled Event" }, { awsRequestId: "r1" })
    expect(out.monitored).toBe(2)
    // The memory world serves "shop" at 3 requests/second (minimum 10) with 42 ms latency.
    expect(out.readings.find((r) => r.ARN === arn("campaign", "shop"))).toEqual({
      ARN: arn("campaign", "shop"),
      averageTPS: 3,
      minTPS: 10,
      utilization: 30,
      latencyMs: 42
    })
    expect(out.alarms.created).toBe(4)
    expect(out.events).toContain("BuildPersonalizeMonitorDashboard")
    expect(w.alarms.get("us-east-1")?.size).toBe(4)
    // A direct invocation may override parameters, as in the seed.
    const none = await monitor({ AutoCreateIdleAlarms: "No", AutoCreateUtilizationAlarms: "No" })
    expect(none.alarms.deleted).toBe(4)
  })

  it("deletes an idle campaign once, removes its alarms, notifies and asks for a dashboard rebuild", async () => {
    const w = world().addResource({
      arn: arn("campaign", "quiet"),
      name: "quiet",
      kind: "campaign",
      region: "us-east-1",
      datasetGroupArn: arn("dataset-group", "retail"),
      datasetGroupName: "retail",
      minTPS: 1,
      status: "ACTIVE",
      createdAt: 0
    })
    const layer = Layer.merge(w.layer, configLayer())
    await makeMonitorHandler(layer)({ source: "aws.events" })
    w.drainBus()
    const commands = makeCommandHandlers(layer)
    const event = {
      source: "personalize.monitor",
      "detail-type": "DeletePersonalizeCampaign",
      detail: { ARN: arn("campaign", "quiet"), Reason: "idle" }
    }
    const first = await commands.deleteCampaign(event)
    expect(first).toEqual({ arn: arn("campaign", "quiet"), removed: true, notFound: false, alarmsDeleted: 2 })
    const again = await commands.deleteCampaign(event)
    expect(again.removed).toBe(false)
    expect(w.calls.filter((c) => c.operation === "DeleteCampaign")).toHaveLength(1)
    const sent = w.drainBus()
    expect(sent.map((e) => e.detailType)).toEqual(["PersonalizeCampaignDeleted", "BuildPersonalizeMonitorDashboard"])
    // The rebuild event names the campaign that triggered it, as the seed's contract says.
    expect(sent[1]?.resources).toEqual([arn("campaign", "quiet")])
    expect(w.notifications.map((n) => n.subject)).toEqual(["Personalize campaign quiet deleted"])
    // An ARN that never existed is not reported as deleted: no event, no notification.
    const ghost = await commands.deleteCampaign({ ...event, detail: { ARN: arn("campaign", "ghost"), Reason: "x" } })
    expect(ghost).toEqual({ arn: arn("campaign", "ghost"), removed: false, notFound: true, alarmsDeleted: 0 })
    expect(w.drainBus()).toEqual([])
    expect(w.notifications).toHaveLength(1)
    await expect(commands.deleteCampaign({ ...event, detail: { ARN: arn("recommender", "picks") } })).rejects.toThrow(
      /detail\.ARN: not a campaign ARN/
    )
  })

  it("a forged or stale command changes nothing: other instance, unwatched resource, switched off, not idle, below the watermark", async () => {
    const w = world()
    const commands = makeCommandHandlers(Layer.merge(w.layer, configLayer({ ...env, MonitorInstanceId: "shop-prod" })))
    const del = (detail: Record<string, unknown>) =>
      commands.deleteCampaign({ source: "personalize.monitor", "detail-type": "DeletePersonalizeCampaign", detail })
    const mine = { MonitorInstanceId: "shop-prod" }
    await expect(del({ ARN: arn("campaign", "shop") })).rejects.toThrow(/not for this monitor/)
    await expect(del({ ARN: arn("campaign", "shop"), MonitorInstanceId: "other" })).rejects.toThrow(
      /not for this monitor/
    )
    await expect(del({ ARN: "arn:aws:personalize:us-east-1:210987654321:campaign/shop", ...mine })).rejects.toThrow(
      /not monitored: account 210987654321/
    )
    await expect(del({ ARN: "arn:aws:personalize:ap-south-1:123456789012:campaign/shop", ...mine })).rejects.toThrow(
      /not monitored: region ap-south-1/
    )
    // The busy campaign is not idle now, whatever the event says.
    await expect(
      del({ ARN: arn("campaign", "shop"), TotalRequestsDuringIdleThresholdHours: 0, ...mine })
    ).rejects.toThrow(/not idle now/)
    const off = makeCommandHandlers(Layer.merge(w.layer, configLayer({ ...env, AutoDeleteOrStopIdleResources: "No" })))
    await expect(off.stopRecommender({ ARN: arn("recommender", "picks") })).rejects.toThrow(
      /AutoDeleteOrStopIdleResources is off/
    )
    const update = (detail: Record<string, unknown>) =>
      commands.updateTps({
        source: "personalize.monitor",
        "detail-type": "UpdatePersonalizeCampaignMinProvisionedTPS",
        detail: { ...detail, ...mine }
      })
    await expect(update({ ARN: arn("campaign", "shop"), NewMinTPS: 500 })).rejects.toThrow(/lowers the minimum/)
    await expect(update({ ARN: arn("campaign", "shop"), NewMinTPS: 1 })).rejects.toThrow(/below what the watermark/)
    await expect(
      update({ ARN: arn("campaign", "shop"), NewMinTPS: 50, PreWarmUntil: "2100-01-01T00:00:00Z" })
    ).rejects.toThrow(/invoke the function directly/)
    expect(w.calls.filter((c) => /^(Update|Delete|Stop)/.test(c.operation))).toEqual([])
    // The anchor monitor's step-down event (Datapoints as the list of hourly datapoints) is read.
    const stepped = await update({
      ARN: arn("campaign", "shop"),
      NewMinTPS: 7,
      CurrentMinTPS: 10,
      Datapoints: [{ Timestamp: "2026-11-20 10:00:00+00:00", Sum: 10800.0, Unit: "Count" }],
      Reason: "step down"
    })
    expect(stepped).toEqual({ arn: arn("campaign", "shop"), newMinTPS: 7 })
    expect(w.drainBus().map((e) => e.detail)).toEqual([
      { ARN: arn("campaign", "shop"), NewMinTPS: 7, Reason: "step down", MonitorInstanceId: "shop-prod" }
    ])
  })

  it("updates TPS, pre-warms, stops a recommender and rejects bad input with the field path", async () => {
    const w = world()
    const commands = makeCommandHandlers(Layer.merge(w.layer, configLayer()))
    // A raise or pre-warm is an operator's direct invocation (from the bus only step-downs are taken).
    const out = await commands.updateTps({
      ARN: arn("campaign", "shop"),
      NewMinTPS: 50,
      Reason: "sale",
      PreWarmUntil: "2100-01-01T00:00:00Z"
    })
    expect(out).toEqual({ arn: arn("campaign", "shop"), newMinTPS: 50 })
    // The twin takes the update through its lifecycle: the campaign's latest update carries the new minimum.
    const campaign = await Effect.runPromise(w.twin.personalize.describe("Campaign", arn("campaign", "shop")))
    expect(campaign.latestUpdate?.minProvisionedTPS).toBe(50)
    const stored = await Effect.runPromise(w.eventStore.read(Monitoring.monitorStream(arn("campaign", "shop"))))
    expect(stored.map((e) => e.type)).toEqual(["PreWarmRequested", "MinTpsUpdated"])
    await expect(
      commands.updateTps({
        "detail-type": "UpdatePersonalizeCampaignMinProvisionedTPS",
        source: "personalize.monitor",
        detail: { ARN: arn("campaign", "shop"), NewMinTPS: 0 }
      })
    ).rejects.toThrow(/detail\.NewMinTPS/)
    await commands.stopRecommender({ ARN: arn("recommender", "picks"), Reason: "idle" })
    const picks = await Effect.runPromise(w.twin.personalize.describe("Recommender", arn("recommender", "picks")))
    expect(picks.status).toBe("STOP_PENDING")
    expect(w.notifications.map((n) => n.subject)).toEqual([
      "Personalize campaign shop: minProvisionedTPS set to 50",
      "Personalize recommender picks stopped"
    ])
  })
})
