// The metric arithmetic and names at their bounds: actual TPS, utilization, the five-minute window, which
// request metric a recipe's traffic is counted under, and the seed's names per kind.
import { assert, describe, it } from "@effect/vitest"
import { Monitoring } from "@personalize-ops/core"

describe("metric arithmetic", () => {
  it("actual TPS is the sum over the period's seconds; no period, no rate", () => {
    assert.deepStrictEqual(
      [
        Monitoring.actualTps(600, 300),
        Monitoring.actualTps(1, 300),
        Monitoring.actualTps(5, 0),
        Monitoring.actualTps(5, -1)
      ],
      [2, 1 / 300, 0, 0]
    )
  })

  it("utilization is actual over provisioned in percent, 0 when either is 0", () => {
    assert.deepStrictEqual(
      [
        Monitoring.utilization(2, 10),
        Monitoring.utilization(15, 10),
        Monitoring.utilization(0, 10),
        Monitoring.utilization(2, 0),
        Monitoring.utilization(-1, 10)
      ],
      [20, 150, 0, 0, 0]
    )
  })

  it("the last complete five-minute window ends at the last five-minute boundary at or before now", () => {
    const base = Date.UTC(2026, 0, 1, 12)
    assert.deepStrictEqual(Monitoring.lastFiveMinuteWindow(base), { start: base - 300_000, end: base })
    assert.deepStrictEqual(Monitoring.lastFiveMinuteWindow(base + 299_999), { start: base - 300_000, end: base })
    assert.deepStrictEqual(Monitoring.lastFiveMinuteWindow(base + 300_000), { start: base, end: base + 300_000 })
  })
})

describe("metric names", () => {
  it("ranking recipes (any version) count GetPersonalizedRanking; others and none GetRecommendations", () => {
    const metric = (recipeArn?: string) => [
      Monitoring.requestMetric(recipeArn === undefined ? {} : { recipeArn }),
      Monitoring.latencyMetric(recipeArn === undefined ? {} : { recipeArn })
    ]
    assert.deepStrictEqual(metric("arn:aws:personalize:::recipe/aws-personalized-ranking"), [
      "GetPersonalizedRanking",
      "GetPersonalizedRankingLatency"
    ])
    assert.deepStrictEqual(metric("arn:aws:personalize:::recipe/aws-personalized-ranking-v2"), [
      "GetPersonalizedRanking",
      "GetPersonalizedRankingLatency"
    ])
    assert.deepStrictEqual(metric("arn:aws:personalize:::recipe/aws-personalized-ranking-x"), [
      "GetRecommendations",
      "GetRecommendationsLatency"
    ])
    assert.deepStrictEqual(metric("arn:aws:personalize:::recipe/aws-user-personalization"), [
      "GetRecommendations",
      "GetRecommendationsLatency"
    ])
    assert.deepStrictEqual(metric(), ["GetRecommendations", "GetRecommendationsLatency"])
  })

  it("the seed's namespaces and per-kind names", () => {
    assert.deepStrictEqual(
      [
        Monitoring.PersonalizeNamespace,
        Monitoring.MonitorNamespace,
        Monitoring.FiveMinutes,
        Monitoring.monitoredResourceCountMetric
      ],
      ["AWS/Personalize", "PersonalizeMonitor", 300, "monitoredResourceCount"]
    )
    assert.deepStrictEqual(Monitoring.kindNames.campaign, {
      dimension: "CampaignArn",
      provisionedMetric: "minProvisionedTPS",
      actualMetric: "averageTPS",
      utilizationMetric: "campaignUtilization",
      rate: "TPS",
      title: "Campaign"
    })
    assert.deepStrictEqual(Monitoring.kindNames.recommender, {
      dimension: "RecommenderArn",
      provisionedMetric: "minRecommendationRequestsPerSecond",
      actualMetric: "averageRPS",
      utilizationMetric: "recommenderUtilization",
      rate: "RPS",
      title: "Recommender"
    })
  })

  it("an outside failure names the operation, AWS's error and its detail", () => {
    assert.strictEqual(
      new Monitoring.MonitoringFailure({ operation: "PutMetricData", name: "Throttling", detail: "slow down" }).message,
      "PutMetricData failed: Throttling: slow down"
    )
    assert.strictEqual(new Monitoring.MonitorInputInvalid({ path: "", detail: "bad" }).message, "input: bad")
    assert.strictEqual(new Monitoring.MonitorInputInvalid({ path: "ARN", detail: "bad" }).message, "ARN: bad")
  })
})
