import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { Monitoring, type Personalize } from "../../src/index.ts"

const HOUR = 3_600_000
const settings: Monitoring.MonitorSettings = {
  ...Monitoring.defaultSettings,
  regions: ["us-east-1"],
  accountId: "123456789012"
}
const shop: Personalize.MonitoredResource = {
  arn: "arn:aws:personalize:us-east-1:123456789012:campaign/shop",
  name: "shop",
  kind: "campaign",
  region: "us-east-1",
  datasetGroupArn: "arn:aws:personalize:us-east-1:123456789012:dataset-group/retail",
  datasetGroupName: "retail",
  minTPS: 5,
  status: "ACTIVE",
  createdAt: 0
}

describe("desiredAlarms", () => {
  it("builds the seed's low-utilization and idle alarms", () => {
    const [low, idle] = Monitoring.desiredAlarms([shop], settings, 2 * HOUR)
    assert.strictEqual(low?.name, "PersonalizeMonitor-LowCampaignUtilization-shop")
    assert.deepStrictEqual(
      [low?.period, low?.evaluationPeriods, low?.datapointsToAlarm, low?.comparisonOperator, low?.treatMissingData],
      [300, 12, 9, "LessThanThreshold", "missing"]
    )
    assert.isTrue(low?.actionsEnabled)
    assert.deepStrictEqual(low?.alarmActions, ["arn:aws:sns:us-east-1:123456789012:PersonalizeMonitorNotifications"])
    assert.strictEqual(idle?.name, "PersonalizeMonitor-IdleCampaign-shop")
    assert.deepStrictEqual([idle?.period, idle?.evaluationPeriods, idle?.treatMissingData], [300, 288, "breaching"])
    // Younger than the idle threshold: the alarm exists but cannot act yet.
    assert.isFalse(idle?.actionsEnabled)
  })

  it("property: Period × EvaluationPeriods ≤ 1 day for any IdleThresholdHours", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (h) => {
        const alarms = Monitoring.desiredAlarms([shop], { ...settings, idleThresholdHours: h }, 0)
        return alarms.every(
          (a) =>
            a.period * a.evaluationPeriods <= 86_400 &&
            a.datapointsToAlarm <= a.evaluationPeriods &&
            a.period % 60 === 0
        )
      })
    )
  })
})

describe("reconcileAlarms", () => {
  const desired = Monitoring.desiredAlarms([shop], settings, 100 * HOUR)
  it("creates what is missing", () => {
    const plan = Monitoring.reconcileAlarms(desired, [], settings.alarmNamePrefix)
    assert.strictEqual(plan.create.length, 2)
    assert.deepStrictEqual([plan.update.length, plan.delete.length], [0, 0])
  })
  it("does nothing when everything matches", () => {
    const plan = Monitoring.reconcileAlarms(desired, desired, settings.alarmNamePrefix)
    assert.deepStrictEqual([plan.create.length, plan.update.length, plan.delete.length], [0, 0, 0])
  })
  it("updates an alarm whose threshold changed", () => {
    const changed = Monitoring.desiredAlarms(
      [shop],
      { ...settings, utilizationThresholdAlarmLowerBound: 60 },
      100 * HOUR
    )
    const plan = Monitoring.reconcileAlarms(changed, desired, settings.alarmNamePrefix)
    assert.strictEqual(plan.update.length, 1)
    assert.strictEqual(plan.update[0]?.alarm.threshold, 60)
    assert.includeMembers([...(plan.update[0]?.changed ?? [])], ["threshold"])
  })
  it("deletes alarms of resources that are gone, and never another instance's", () => {
    const other = { ...desired[0]!, name: "PersonalizeMonitor-Prod-LowCampaignUtilization-shop" }
    const foreign = { ...desired[0]!, name: "PersonalizeMonitor-SomethingElse" }
    const plan = Monitoring.reconcileAlarms([], [...desired, other, foreign], settings.alarmNamePrefix)
    assert.deepStrictEqual(
      plan.delete.map((d) => d.name),
      desired.map((a) => a.name)
    )
    const prod = Monitoring.reconcileAlarms([], [...desired, other], "PersonalizeMonitor-Prod-")
    assert.deepStrictEqual(
      prod.delete.map((d) => d.name),
      [other.name]
    )
  })
})

describe("alarms on what hurts users (latency, error rates, stale models)", () => {
  const names = (alarms: ReadonlyArray<Monitoring.AlarmSpec>) => alarms.map((a) => a.name).sort()
  const on = { ...settings, latencyP95ThresholdMs: 200, errorRateThresholdPercent: 2, staleModelDays: 14 }
  it("each is opt-in and reconciled like the seed's: created, updated, deleted", () => {
    const seedOnly = Monitoring.desiredAlarms([shop], settings, 100 * HOUR)
    const all = Monitoring.desiredAlarms([shop], on, 100 * HOUR)
    assert.deepStrictEqual(names(all), [
      "PersonalizeMonitor-Campaign4xxErrorRate-shop",
      "PersonalizeMonitor-Campaign5xxErrorRate-shop",
      "PersonalizeMonitor-HighCampaignLatency-shop",
      "PersonalizeMonitor-IdleCampaign-shop",
      "PersonalizeMonitor-LowCampaignUtilization-shop",
      "PersonalizeMonitor-StaleCampaignModel-shop"
    ])
    const created = Monitoring.reconcileAlarms(all, seedOnly, settings.alarmNamePrefix)
    assert.strictEqual(created.create.length, 4)
    const latency = all.find((a) => a.name.includes("HighCampaignLatency"))!
    assert.deepStrictEqual(
      [latency.statistic, latency.threshold, latency.comparisonOperator, latency.metricName],
      ["p95", 200, "GreaterThanThreshold", "GetRecommendationsLatency"]
    )
    const rate5 = all.find((a) => a.name.includes("5xxErrorRate"))!
    assert.include(rate5.metrics?.find((q) => q.returnData)?.expression, "FILL(e5, 0)")
    assert.strictEqual(rate5.metrics?.find((q) => q.id === "e5")?.metric?.metricName, "GetRecommendations5xxErrors")
    // Changed settings update exactly the affected alarms.
    const changed = Monitoring.desiredAlarms(
      [shop],
      { ...on, errorRateThresholdPercent: 5, staleModelDays: 7 },
      100 * HOUR
    )
    const updated = Monitoring.reconcileAlarms(changed, all, settings.alarmNamePrefix)
    assert.deepStrictEqual(updated.update.map((u) => u.alarm.name.replace("PersonalizeMonitor-", "")).sort(), [
      "Campaign4xxErrorRate-shop",
      "Campaign5xxErrorRate-shop",
      "StaleCampaignModel-shop"
    ])
    // An anomaly band replaces the threshold (same alarm, updated).
    const band = Monitoring.desiredAlarms([shop], { ...on, latencyAnomalyBand: 2 }, 100 * HOUR)
    const toBand = Monitoring.reconcileAlarms(band, all, settings.alarmNamePrefix)
    const bandAlarm = toBand.update.find((u) => u.alarm.name.includes("HighCampaignLatency"))?.alarm
    assert.deepStrictEqual(
      [bandAlarm?.comparisonOperator, bandAlarm?.thresholdMetricId, bandAlarm?.metrics?.[1]?.expression],
      ["GreaterThanUpperThreshold", "ad1", "ANOMALY_DETECTION_BAND(m1, 2)"]
    )
    // Turned off: deleted.
    const removed = Monitoring.reconcileAlarms(seedOnly, all, settings.alarmNamePrefix)
    assert.deepStrictEqual(
      removed.delete.map((d) => d.name).sort(),
      names(all).filter((n) => !names(seedOnly).includes(n))
    )
  })
  it("recommenders get latency and error-rate alarms, not the campaign-only stale-model one", () => {
    const picks = {
      ...shop,
      kind: "recommender" as const,
      name: "picks",
      arn: shop.arn.replace("campaign/shop", "recommender/picks")
    }
    const alarms = Monitoring.desiredAlarms([picks], on, 100 * HOUR)
    assert.isFalse(alarms.some((a) => a.name.includes("Stale")))
    assert.isTrue(alarms.some((a) => a.name.endsWith("HighRecommenderLatency-picks")))
    assert.strictEqual(Monitoring.alarmKindsOf("Recommender").length, 5)
  })
})
