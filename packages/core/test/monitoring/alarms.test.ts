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
