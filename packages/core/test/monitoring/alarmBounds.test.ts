// The alarm rules at their bounds: whole alarms of the seed's two kinds, the idle window across one day,
// actions switched on at exactly the idle threshold and above a minimum of 1, names and ownership.
import { assert, describe, it } from "@effect/vitest"
import { Monitoring, type Personalize } from "@personalize-ops/core"

const HOUR = 3_600_000
const settings: Monitoring.MonitorSettings = { ...Monitoring.defaultSettings, regions: ["eu-west-1"] }
const reco: Personalize.MonitoredResource = {
  arn: "arn:aws:personalize:eu-west-1:123456789012:recommender/picks",
  name: "picks",
  kind: "recommender",
  region: "eu-west-1",
  datasetGroupArn: "arn:aws:personalize:eu-west-1:123456789012:dataset-group/retail",
  datasetGroupName: "retail",
  recipeArn: "arn:aws:personalize:::recipe/aws-personalized-ranking-v2",
  minTPS: 1,
  status: "ACTIVE",
  createdAt: 0
}
const dimensions = [{ name: "RecommenderArn", value: reco.arn }]

describe("the seed's alarms, whole", () => {
  it("a recommender at minimum 1 without an account: no actions; ranking traffic is GetPersonalizedRanking", () => {
    const alarms = Monitoring.desiredAlarms([reco], { ...settings, utilizationThresholdAlarmLowerBound: 40 }, 24 * HOUR)
    assert.deepStrictEqual(alarms, [
      {
        region: "eu-west-1",
        name: "PersonalizeMonitor-LowRecommenderUtilization-picks",
        description: "Utilization of picks below 40% for 45 of the last 60 minutes",
        namespace: "PersonalizeMonitor",
        metricName: "recommenderUtilization",
        dimensions,
        statistic: "Average",
        period: 300,
        evaluationPeriods: 12,
        datapointsToAlarm: 9,
        threshold: 40,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "missing",
        actionsEnabled: false,
        alarmActions: [],
        okActions: []
      },
      {
        region: "eu-west-1",
        name: "PersonalizeMonitor-IdleRecommender-picks",
        description: "No requests to picks for 24 hours",
        namespace: "AWS/Personalize",
        metricName: "GetPersonalizedRanking",
        dimensions,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 288,
        datapointsToAlarm: 288,
        threshold: 0,
        comparisonOperator: "LessThanOrEqualToThreshold",
        treatMissingData: "breaching",
        actionsEnabled: true,
        alarmActions: [],
        okActions: []
      }
    ])
  })

  it("the idle alarm acts from exactly IdleThresholdHours of age; utilization alarms act above a minimum of 1", () => {
    const idleAt = (now: number) => Monitoring.desiredAlarms([reco], settings, now)[1]?.actionsEnabled
    assert.deepStrictEqual([idleAt(24 * HOUR - 1), idleAt(24 * HOUR)], [false, true])
    const lowAt = (minTPS: number) => Monitoring.desiredAlarms([{ ...reco, minTPS }], settings, 0)[0]?.actionsEnabled
    assert.deepStrictEqual([lowAt(1), lowAt(2)], [false, true])
  })

  it("past a day the idle alarm watches the last 24 hours and says so; each kind is opt-in", () => {
    const idle = Monitoring.desiredAlarms([reco], { ...settings, idleThresholdHours: 48 }, 0)[1]
    assert.deepStrictEqual([idle?.period, idle?.evaluationPeriods, idle?.datapointsToAlarm], [3600, 24, 24])
    assert.strictEqual(
      idle?.description,
      "No requests to picks for 24 hours (CloudWatch evaluates at most one day; threshold 48 h)"
    )
    assert.deepStrictEqual(
      Monitoring.desiredAlarms([reco], { ...settings, autoCreateUtilizationAlarms: false }, 0).map((a) => a.name),
      ["PersonalizeMonitor-IdleRecommender-picks"]
    )
    assert.deepStrictEqual(
      Monitoring.desiredAlarms([reco], { ...settings, autoCreateIdleAlarms: false }, 0).map((a) => a.name),
      ["PersonalizeMonitor-LowRecommenderUtilization-picks"]
    )
  })

  it("idle windows: 5-minute periods up to a day (fractions rounded up, at least an hour), hourly beyond", () => {
    assert.deepStrictEqual(
      [0, 0.5, 1, 1.5, 23.5, 24, 24.01, 25, 1000].map((h) => Monitoring.idleAlarmWindow(h)),
      [
        { period: 300, periods: 12 },
        { period: 300, periods: 12 },
        { period: 300, periods: 12 },
        { period: 300, periods: 24 },
        { period: 300, periods: 288 },
        { period: 300, periods: 288 },
        { period: 3600, periods: 24 },
        { period: 3600, periods: 24 },
        { period: 3600, periods: 24 }
      ]
    )
  })
})

describe("alarm names and ownership", () => {
  it("names are the prefix, the kind and the resource, cut at 255 characters", () => {
    assert.strictEqual(Monitoring.alarmName("P-", "IdleCampaign", "shop"), "P-IdleCampaign-shop")
    const long = Monitoring.alarmName("P-", "IdleCampaign", "x".repeat(300))
    assert.strictEqual(long.length, 255)
    assert.strictEqual(long, `P-IdleCampaign-${"x".repeat(255 - 15)}`)
  })

  it("an alarm is ours only with our prefix directly followed by one of our kinds and a dash", () => {
    assert.deepStrictEqual(
      [
        "P-IdleCampaign-shop",
        "P-StaleCampaignModel-a",
        "Q-IdleCampaign-shop",
        "P-IdleCampaignshop",
        "P-Other-shop",
        "xP-IdleCampaign-shop"
      ].map((n) => Monitoring.ownsAlarm("P-", n)),
      [true, true, false, false, false, false]
    )
  })

  it("each resource kind's alarm kinds", () => {
    assert.deepStrictEqual(Monitoring.alarmKindsOf("Recommender"), [
      "LowRecommenderUtilization",
      "IdleRecommender",
      "HighRecommenderLatency",
      "Recommender4xxErrorRate",
      "Recommender5xxErrorRate"
    ])
    assert.deepStrictEqual(Monitoring.alarmKindsOf("Campaign"), [
      "LowCampaignUtilization",
      "IdleCampaign",
      "HighCampaignLatency",
      "Campaign4xxErrorRate",
      "Campaign5xxErrorRate",
      "StaleCampaignModel"
    ])
  })

  it("the alarm topic is in the resource's region and partition, only with an account id", () => {
    assert.strictEqual(Monitoring.notificationTopicArn(settings, "eu-west-1"), undefined)
    assert.strictEqual(
      Monitoring.notificationTopicArn(
        { ...settings, accountId: "123456789012", notificationTopicName: "T" },
        "cn-north-1",
        "aws-cn"
      ),
      "arn:aws-cn:sns:cn-north-1:123456789012:T"
    )
  })
})
