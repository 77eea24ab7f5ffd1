// The command handlers' re-checks (this instance's event, a watched resource, the action switched on, idle
// really idle, a step-down within the watermark) with the AWS adapters wired: Personalize through the SDK
// against the twin served over HTTP, CloudWatch metrics and alarms through the SDK against the local
// stateful CloudWatch (its request metrics recorded as Personalize would publish them). handlers.test.ts
// runs the same checks on the memory world.
import { layerCloudWatchAlarms } from "@personalize-ops/adapters-aws/monitoring/CloudWatchAlarms"
import { layerCloudWatchMetrics } from "@personalize-ops/adapters-aws/monitoring/CloudWatchMetrics"
import { layerAwsPersonalize } from "@personalize-ops/adapters-aws/personalize"
import { CloudWatchClients } from "@personalize-ops/adapters-aws/sdk/CloudWatchClients"
import { PersonalizeClients } from "@personalize-ops/adapters-aws/sdk/PersonalizeClients"
import { startStatefulCloudWatch } from "@personalize-ops/adapters-aws/testing"
import { layerMemoryEventStore, startTwinServer } from "@personalize-ops/adapters-memory"
import { Monitoring, Notify, Personalize } from "@personalize-ops/core"
import { ConfigProvider, Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { layerMonitorConfig, makeCommandHandlers } from "../../src/monitoring/index.ts"

const acct = "123456789012"
const region = "us-east-1"
const arn = (kind: string, name: string) => `arn:aws:personalize:${region}:${acct}:${kind}/${name}`
const shop = arn("campaign", "shop")
const picks = arn("recommender", "picks")
const orphan = arn("campaign", "orphan")
const env = {
  AWS_REGION: region,
  Regions: region,
  AccountId: acct,
  AutoDeleteOrStopIdleResources: "Yes",
  AutoAdjustMinTPS: "Yes",
  IdleThresholdHours: "24",
  DashboardName: "Shop-Monitor",
  MonitorInstanceId: "shop-prod"
}
const credentials = { accessKeyId: "test", secretAccessKey: "test" }

let twin: Awaited<ReturnType<typeof startTwinServer>>
let cloudWatch: Awaited<ReturnType<typeof startStatefulCloudWatch>>
const bus: Array<Monitoring.BusEvent> = []

beforeAll(async () => {
  twin = await startTwinServer({ port: 0, speed: 1, seed: 3 })
  cloudWatch = await startStatefulCloudWatch()
  const group = arn("dataset-group", "retail") as Personalize.ResourceArn
  const solution = arn("solution", "shop") as Personalize.ResourceArn
  const version = Personalize.formatArn(
    Personalize.parseArn(solution) ?? Personalize.defaultScope,
    "SolutionVersion",
    Personalize.solutionVersionId("shop", "seeded")
  )
  const active = { createdAt: 0, status: "ACTIVE" as const }
  for (const r of [
    { kind: "DatasetGroup" as const, name: "retail", arn: group, attributes: {}, ...active },
    {
      kind: "Solution" as const,
      name: "shop",
      arn: solution,
      parentArn: group,
      attributes: { datasetGroupArn: group },
      ...active
    },
    {
      kind: "SolutionVersion" as const,
      name: "seeded",
      arn: version,
      parentArn: solution,
      attributes: { solutionArn: solution },
      ...active
    },
    {
      kind: "Campaign" as const,
      name: "shop",
      arn: shop as Personalize.ResourceArn,
      parentArn: solution,
      attributes: { solutionVersionArn: version, minProvisionedTPS: 10 },
      ...active
    },
    {
      // a campaign whose solution cannot be found (the describe of the resource itself succeeds)
      kind: "Campaign" as const,
      name: "orphan",
      arn: orphan as Personalize.ResourceArn,
      parentArn: arn("solution", "gone") as Personalize.ResourceArn,
      attributes: {
        solutionVersionArn: version.replace("solution/shop/", "solution/gone/"),
        minProvisionedTPS: 1
      },
      ...active
    },
    {
      kind: "Recommender" as const,
      name: "picks",
      arn: picks as Personalize.ResourceArn,
      parentArn: group,
      attributes: {
        datasetGroupArn: group,
        recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you",
        recommenderConfig: { minRecommendationRequestsPerSecond: 2 }
      },
      ...active
    }
  ])
    await Effect.runPromise(twin.inspector.adopt(r))
  // The busy campaign: 3 requests a second, every 5 minutes of the watermark's 14 days (the recommender: none).
  const now = Date.now()
  for (let at = now - Monitoring.WatermarkDays * 86_400_000; at < now; at += 300_000)
    cloudWatch.record({
      region,
      namespace: Monitoring.PersonalizeNamespace,
      name: Monitoring.requestMetric({}),
      dimensions: [{ Name: Monitoring.kindNames.campaign.dimension, Value: shop }],
      at,
      value: 900
    })
})
afterAll(async () => {
  await twin?.close()
  await cloudWatch?.close()
})

/** The Personalize clients pointed at the twin. */
const onTwin = () => PersonalizeClients.layerOptions({ region, endpoint: twin.url, credentials })

/** The command functions as deployed, but their AWS clients pointed at the local servers. */
const commandsOn = (vars: Record<string, string> = env) =>
  makeCommandHandlers(
    Layer.mergeAll(
      layerAwsPersonalize().pipe(Layer.provide(onTwin())),
      Layer.merge(layerCloudWatchMetrics, layerCloudWatchAlarms).pipe(
        Layer.provide(CloudWatchClients.layerOptions({ endpoint: cloudWatch.endpoint, credentials }))
      ),
      Layer.succeed(Monitoring.EventBus, { put: (_region, batch) => Effect.sync(() => void bus.push(...batch)) }),
      Layer.succeed(Notify.Notifications, { publish: () => Effect.void }),
      Layer.fresh(layerMemoryEventStore)
    ).pipe(
      Layer.provideMerge(
        Layer.fresh(layerMonitorConfig).pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: vars }))))
      )
    )
  )

const describeOnTwin = (kind: Personalize.ResourceKind, resource: string) =>
  Effect.runPromise(
    Effect.flatMap(Effect.service(Personalize.Personalize), (p) =>
      p.describe(kind, resource as Personalize.ResourceArn)
    ).pipe(Effect.provide(layerAwsPersonalize().pipe(Layer.provide(onTwin()))))
  )

describe("monitor command handlers on the AWS adapters (twin serve + local CloudWatch)", () => {
  it("re-check every command against the live resource and its metrics before acting", async () => {
    const commands = commandsOn()
    const mine = { MonitorInstanceId: "shop-prod" }
    const del = (detail: Record<string, unknown>) =>
      commands.deleteCampaign({ source: "personalize.monitor", "detail-type": "DeletePersonalizeCampaign", detail })
    const update = (detail: Record<string, unknown>) =>
      commands.updateTps({
        source: "personalize.monitor",
        "detail-type": "UpdatePersonalizeCampaignMinProvisionedTPS",
        detail: { ...detail, ...mine }
      })
    try {
      // this deployment's events only
      await expect(del({ ARN: shop })).rejects.toThrow(/not for this monitor/)
      await expect(del({ ARN: shop, MonitorInstanceId: "other" })).rejects.toThrow(/not for this monitor/)
      // watched resources only
      await expect(del({ ARN: "arn:aws:personalize:us-east-1:210987654321:campaign/shop", ...mine })).rejects.toThrow(
        /not monitored: account 210987654321/
      )
      await expect(del({ ARN: "arn:aws:personalize:ap-south-1:123456789012:campaign/shop", ...mine })).rejects.toThrow(
        /not monitored: region ap-south-1/
      )
      // idle really idle: CloudWatch says the campaign took requests, whatever the event claims
      await expect(del({ ARN: shop, TotalRequestsDuringIdleThresholdHours: 0, ...mine })).rejects.toThrow(
        /not idle now/
      )
      // a related resource not found is a failure, not "the campaign is gone": nothing is deleted unchecked
      await expect(del({ ARN: orphan, ...mine })).rejects.toThrow(/solution\/gone/)
      expect((await describeOnTwin("Campaign", orphan)).status).toBe("ACTIVE")
      // a step-down lowers the minimum, and not below the watermark of the hourly requests
      await expect(update({ ARN: shop, NewMinTPS: 500 })).rejects.toThrow(/lowers the minimum/)
      await expect(update({ ARN: shop, NewMinTPS: 1 })).rejects.toThrow(/below what the watermark/)
      expect((await describeOnTwin("Campaign", shop)).status).toBe("ACTIVE")
      // within the bounds, it acts: the twin's campaign is updated through the SDK
      expect(await update({ ARN: shop, NewMinTPS: 7, Reason: "step down" })).toEqual({ arn: shop, newMinTPS: 7 })
      expect(bus.map((e) => e.detail)).toContainEqual({
        ARN: shop,
        NewMinTPS: 7,
        Reason: "step down",
        MonitorInstanceId: "shop-prod"
      })
    } finally {
      for (const h of Object.values(commands)) await h.runtime.dispose()
    }
  })

  it("acts only when the action is switched on, and stops a recommender CloudWatch shows idle", async () => {
    const off = commandsOn({ ...env, AutoDeleteOrStopIdleResources: "No" })
    const on = commandsOn()
    try {
      await expect(off.stopRecommender({ ARN: picks })).rejects.toThrow(/AutoDeleteOrStopIdleResources is off/)
      expect((await describeOnTwin("Recommender", picks)).status).toBe("ACTIVE")
      const stopped = await on.stopRecommender({ ARN: picks, Reason: "idle" })
      expect(stopped).toMatchObject({ arn: picks, removed: true })
      expect((await describeOnTwin("Recommender", picks)).status).not.toBe("ACTIVE")
    } finally {
      for (const h of [...Object.values(off), ...Object.values(on)]) await h.runtime.dispose()
    }
  })
})
