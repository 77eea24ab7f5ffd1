import { assert, describe, it } from "@effect/vitest"
import { Monitoring, type Personalize } from "@personalize-ops/core"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { constant, MemoryMonitoringWorld } from "../../src/index.ts"

const DAY = 86_400_000
const account = "123456789012"
const shop: Personalize.MonitoredResource = {
  arn: `arn:aws:personalize:us-east-1:${account}:campaign/shop`,
  name: "shop",
  kind: "campaign",
  region: "us-east-1",
  datasetGroupArn: `arn:aws:personalize:us-east-1:${account}:dataset-group/retail`,
  datasetGroupName: "retail",
  minTPS: 2,
  status: "ACTIVE",
  createdAt: 0
}
const settings: Monitoring.MonitorSettings = {
  ...Monitoring.defaultSettings,
  regions: ["us-east-1"],
  accountId: account,
  staleModelDays: 30,
  errorRateThresholdPercent: 5,
  latencyP95ThresholdMs: 300
}
const options = { homeRegion: "us-east-1", context: { correlationId: "stale", actor: "test" } }

describe("stale models and the new alarms on the memory world", () => {
  it.effect(
    "the monitor publishes the served model's age and unpromoted versions; the alarms are created, then deleted when turned off",
    () =>
      Effect.gen(function* () {
        const world = new MemoryMonitoringWorld().addResource(shop, constant(3)).addSolution({
          solutionArn: `arn:aws:personalize:us-east-1:${account}:solution/shop`,
          solutionName: "shop",
          datasetGroupArn: shop.datasetGroupArn,
          region: "us-east-1",
          lastSolutionVersionAt: 5 * DAY,
          lastSolutionVersionStatus: "ACTIVE"
        })
        yield* Effect.gen(function* () {
          yield* TestClock.setTime(40 * DAY)
          for (let i = 0; i < 12; i++) {
            yield* TestClock.adjust("5 minutes")
            yield* Monitoring.runMonitor(settings, options)
          }
        }).pipe(Effect.provide(world.layer))
        const points = (name: string) =>
          world.customMetrics.filter((m) => m.datum.metricName === name).map((m) => m.datum.value)
        // Exactly once in the hour (the campaign's slot): 40 days old, one newer ACTIVE version.
        assert.strictEqual(points(Monitoring.servingModelAgeMetric).length, 1)
        assert.closeTo(points(Monitoring.servingModelAgeMetric)[0]!, 40, 0.1)
        assert.deepStrictEqual(points(Monitoring.unpromotedVersionsMetric), [1])
        const names = () => [...(world.alarms.get("us-east-1")?.keys() ?? [])].sort()
        assert.includeMembers(names(), [
          "PersonalizeMonitor-Campaign4xxErrorRate-shop",
          "PersonalizeMonitor-Campaign5xxErrorRate-shop",
          "PersonalizeMonitor-HighCampaignLatency-shop",
          "PersonalizeMonitor-StaleCampaignModel-shop"
        ])
        const stale = world.alarms.get("us-east-1")?.get("PersonalizeMonitor-StaleCampaignModel-shop")
        assert.include(stale?.metrics?.find((q) => q.returnData)?.expression, "age > 30")
        // Threshold changed: updated in place; alarms turned off: deleted.
        const summary = yield* Monitoring.runMonitor({ ...settings, staleModelDays: 60 }, options).pipe(
          Effect.provide(world.layer)
        )
        assert.strictEqual(summary.alarms.updated, 1)
        const { staleModelDays: _s, errorRateThresholdPercent: _e, latencyP95ThresholdMs: _l, ...seedOnly } = settings
        const off = yield* Monitoring.runMonitor(seedOnly, options).pipe(Effect.provide(world.layer))
        assert.strictEqual(off.alarms.deleted, 4)
        assert.deepStrictEqual(names(), [
          "PersonalizeMonitor-IdleCampaign-shop",
          "PersonalizeMonitor-LowCampaignUtilization-shop"
        ])
      })
  )
})
