import { assert, describe, it } from "@effect/vitest"
import { Monitoring, Personalize } from "@personalize-ops/core"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { constant, MemoryMonitoringWorld } from "../../src/index.ts"

const acct = "123456789012"
const campaign = (name: string, region = "us-east-1"): Personalize.MonitoredResource => ({
  arn: `arn:aws:personalize:${region}:${acct}:campaign/${name}`,
  name,
  kind: "campaign",
  region,
  datasetGroupArn: `arn:aws:personalize:${region}:${acct}:dataset-group/g`,
  datasetGroupName: "g",
  minTPS: 10,
  status: "ACTIVE",
  createdAt: 0
})
const settings: Monitoring.MonitorSettings = {
  ...Monitoring.defaultSettings,
  regions: ["us-east-1", "eu-west-1"],
  accountId: acct
}
const options = { homeRegion: "us-east-1", context: { correlationId: "t", actor: "test" } }

describe("runMonitor", () => {
  it.effect("publishes utilization per region, reconciles alarms, leaves unreadable resources' alarms alone", () =>
    Effect.gen(function* () {
      const world = new MemoryMonitoringWorld()
        .addResource(campaign("a"), constant(4))
        .addResource(campaign("b", "eu-west-1"), constant(0))
      yield* TestClock.adjust("2 days")
      const first = yield* Monitoring.runMonitor(settings, options).pipe(Effect.provide(world.layer))
      assert.deepStrictEqual(
        first.readings.map((r) => [r.resource.name, r.actual, r.utilization]),
        [
          ["b", 0, 0],
          ["a", 4, 40]
        ]
      )
      assert.deepStrictEqual(first.alarms, { created: 4, updated: 0, deleted: 0 })
      const util = world.customMetrics.filter((m) => m.datum.metricName === "campaignUtilization")
      assert.deepStrictEqual(
        util.map((m) => [m.region, m.datum.value]),
        [
          ["eu-west-1", 0],
          ["us-east-1", 40]
        ]
      )
      // averageTPS is only written when non-zero, as the seed does.
      assert.isFalse(world.customMetrics.some((m) => m.region === "eu-west-1" && m.datum.metricName === "averageTPS"))

      world.unavailable.add(campaign("a").arn)
      yield* TestClock.adjust("5 minutes")
      const throttled = yield* Monitoring.runMonitor(settings, options).pipe(Effect.provide(world.layer))
      assert.deepStrictEqual(throttled.alarms, { created: 0, updated: 0, deleted: 0 })
      assert.strictEqual(world.alarms.get("us-east-1")?.size, 2)

      world.unavailable.clear()
      yield* Personalize.removeMonitored(campaign("a").arn).pipe(Effect.provide(world.layer))
      yield* TestClock.adjust("5 minutes")
      const gone = yield* Monitoring.runMonitor(settings, options).pipe(Effect.provide(world.layer))
      assert.deepStrictEqual(gone.alarms, { created: 0, updated: 0, deleted: 2 })

      const raised = yield* Monitoring.runMonitor(
        { ...settings, utilizationThresholdAlarmLowerBound: 50 },
        options
      ).pipe(Effect.provide(world.layer))
      assert.deepStrictEqual(raised.alarms, { created: 0, updated: 1, deleted: 0 })
      assert.strictEqual(
        world.alarms.get("eu-west-1")?.get("PersonalizeMonitor-LowCampaignUtilization-b")?.threshold,
        50
      )
    })
  )
})
