import { isRankingRecipe, type MonitoredKind, type MonitoredResource } from "../personalize/monitoring.ts"

/** Namespace of the service's own metrics. */
export const PersonalizeNamespace = "AWS/Personalize"
/** Namespace of the monitor's custom metrics (the seed's, so existing dashboards and alarms keep working). */
export const MonitorNamespace = "PersonalizeMonitor"

/** The metric window of the monitor and of the low-utilization alarm: five minutes. */
export const FiveMinutes = 300

/** Per-kind names of everything the monitor reads and writes, in one table. */
export interface KindNames {
  readonly dimension: "CampaignArn" | "RecommenderArn"
  /** Custom metric: the provisioned minimum. */
  readonly provisionedMetric: "minProvisionedTPS" | "minRecommendationRequestsPerSecond"
  /** Custom metric: actual requests per second over the last window. */
  readonly actualMetric: "averageTPS" | "averageRPS"
  readonly utilizationMetric: "campaignUtilization" | "recommenderUtilization"
  /** "TPS" or "RPS", as the seed labels them. */
  readonly rate: "TPS" | "RPS"
  readonly title: "Campaign" | "Recommender"
}

export const kindNames: { readonly [K in MonitoredKind]: KindNames } = {
  campaign: {
    dimension: "CampaignArn",
    provisionedMetric: "minProvisionedTPS",
    actualMetric: "averageTPS",
    utilizationMetric: "campaignUtilization",
    rate: "TPS",
    title: "Campaign"
  },
  recommender: {
    dimension: "RecommenderArn",
    provisionedMetric: "minRecommendationRequestsPerSecond",
    actualMetric: "averageRPS",
    utilizationMetric: "recommenderUtilization",
    rate: "RPS",
    title: "Recommender"
  }
}

/** Custom metric (campaigns, when StaleModelDays is set): days since the served solution version was created. */
export const servingModelAgeMetric = "servingModelAgeDays"
/** Custom metric (campaigns): ACTIVE solution versions of its solution newer than the one it serves. */
export const unpromotedVersionsMetric = "unpromotedModelVersions"

/** Custom metric: how many resources the last run monitored (no dimension). */
export const monitoredResourceCountMetric = "monitoredResourceCount"

/** The `AWS/Personalize` metric that counts a resource's successful requests (Sum only). */
export const requestMetric = (
  r: Pick<MonitoredResource, "recipeArn">
): "GetRecommendations" | "GetPersonalizedRanking" =>
  isRankingRecipe(r.recipeArn) ? "GetPersonalizedRanking" : "GetRecommendations"

/** The `AWS/Personalize` latency metric matching `requestMetric`. */
export const latencyMetric = (
  r: Pick<MonitoredResource, "recipeArn">
): "GetRecommendationsLatency" | "GetPersonalizedRankingLatency" => `${requestMetric(r)}Latency`

/** Actual requests per second from a request Sum over `periodSeconds`. */
export const actualTps = (sum: number, periodSeconds: number): number => (periodSeconds > 0 ? sum / periodSeconds : 0)

/** Utilization in percent: actual / provisioned × 100 (0 when idle or when nothing is provisioned). */
export const utilization = (actual: number, provisioned: number): number =>
  actual > 0 && provisioned > 0 ? (actual / provisioned) * 100 : 0
