import { ArnOf, parseArn, recipeId } from "../personalize/Arn.ts"
import type * as P from "../personalize/ResourceKind.ts"

/** What the monitor watches: Personalize campaigns (custom solutions) and recommenders (domain dataset groups). */
export type ResourceKind = "campaign" | "recommender"

/**
 * A campaign or recommender as the monitor needs to see it. `minTPS` is the campaign's
 * `minProvisionedTPS` or the recommender's `recommenderConfig.minRecommendationRequestsPerSecond`;
 * `createdAt` is epoch milliseconds.
 */
export interface MonitoredResource {
  readonly arn: string
  readonly name: string
  readonly kind: ResourceKind
  readonly region: string
  readonly datasetGroupArn: string
  readonly datasetGroupName: string
  readonly recipeArn?: string
  readonly minTPS: number
  readonly status: string
  /** `latestCampaignUpdate.status` / `latestRecommenderUpdate.status`, when an update ever ran. */
  readonly latestUpdateStatus?: string
  readonly createdAt: number
}

/** The latest solution version of one solution: the retraining-freshness widget shows these. */
export interface SolutionFreshness {
  readonly solutionArn: string
  readonly solutionName: string
  readonly datasetGroupArn: string
  readonly region: string
  /** Creation time (epoch ms) of the newest solution version, absent when the solution has none. */
  readonly lastSolutionVersionAt?: number
  readonly lastSolutionVersionStatus?: string
}

/** Personalize status strings the monitor reasons about (they are free text in the API model). */
export const ResourceStatus = {
  Active: "ACTIVE",
  CreateFailed: "CREATE FAILED",
  DeletePending: "DELETE PENDING",
  DeleteInProgress: "DELETE IN_PROGRESS"
} as const

const deleting: ReadonlySet<string> = new Set([ResourceStatus.DeletePending, ResourceStatus.DeleteInProgress])
const updatable: ReadonlySet<string> = new Set([ResourceStatus.Active, ResourceStatus.CreateFailed])

/** Monitored only when ACTIVE and its latest update is not a pending or running delete (seed `common.py`). */
export const isMonitorable = (r: Pick<MonitoredResource, "status" | "latestUpdateStatus">): boolean =>
  r.status === ResourceStatus.Active && (r.latestUpdateStatus === undefined || !deleting.has(r.latestUpdateStatus))

/** UpdateCampaign / UpdateRecommender are accepted only in ACTIVE or CREATE FAILED, for the resource and its last update. */
export const isUpdatable = (r: Pick<MonitoredResource, "status" | "latestUpdateStatus">): boolean =>
  updatable.has(r.status) && (r.latestUpdateStatus === undefined || updatable.has(r.latestUpdateStatus))

/** The parts of a campaign or recommender ARN: `arn:<partition>:personalize:<region>:<account>:<kind>/<name>`. */
export interface ParsedArn {
  readonly partition: string
  readonly region: string
  readonly account: string
  readonly kind: ResourceKind
  readonly name: string
}

/** The monitor's name of each Personalize kind it watches. */
export const monitoredKinds = { Campaign: "campaign", Recommender: "recommender" } as const satisfies {
  readonly [K in P.ResourceKind]?: ResourceKind
}

/** Parses a campaign or recommender ARN (through `Personalize.parseArn`), or `undefined` when it is neither. */
export const parseResourceArn = (arn: string): ParsedArn | undefined => {
  const parts = parseArn(arn)
  if (parts === undefined || (parts.kind !== "Campaign" && parts.kind !== "Recommender")) return undefined
  const { partition, region, account, name } = parts
  return { partition, region, account, kind: monitoredKinds[parts.kind], name }
}

/** A campaign or recommender ARN (checked). */
export const ResourceArn = ArnOf(["Campaign", "Recommender"])

/** Recipes served by GetPersonalizedRanking rather than GetRecommendations (the seed matched only v1). */
const rankingRecipe = /^aws-personalized-ranking(-v\d+)?$/

/** True when the resource answers GetPersonalizedRanking (its traffic is counted under that metric). */
export const isRankingRecipe = (recipeArn: string | undefined): boolean =>
  recipeArn !== undefined && rankingRecipe.test(recipeId(recipeArn) ?? "")
