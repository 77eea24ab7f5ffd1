import type { Personalize } from "@personalize-ops/core"

/** How long each kind takes to create, in seconds (a range: the twin picks a seeded value inside it). */
export type Durations = { readonly [K in Personalize.ResourceKind]: readonly [min: number, max: number] }

/**
 * Realistic defaults, from what the service typically takes: dataset group ~1 min, import ~10 min,
 * training 1–3 h, campaign ~10 min, recommender (it trains) 1–2 h, batch jobs ~30 min.
 */
export const defaultDurations: Durations = {
  DatasetGroup: [45, 75],
  Schema: [0, 0],
  Dataset: [20, 40],
  DatasetImportJob: [480, 900],
  EventTracker: [40, 80],
  Filter: [40, 80],
  Solution: [20, 40],
  SolutionVersion: [3600, 10800],
  Campaign: [480, 900],
  Recommender: [3600, 7200],
  BatchInferenceJob: [1200, 2400],
  BatchSegmentJob: [1200, 2400]
}

/** Times for the other transitions, in seconds. */
export interface OtherDurations {
  readonly delete: number
  readonly update: number
  readonly stop: number
  readonly start: number
}

export const defaultOtherDurations: OtherDurations = { delete: 60, update: 600, stop: 300, start: 600 }

/** Quotas the twin enforces (aws-facts §3.3, defaults; the adjustable ones can be raised per twin). */
export interface Quotas {
  readonly datasetGroups: number
  readonly schemas: number
  /** Import jobs PENDING or IN_PROGRESS per region (not adjustable). */
  readonly pendingImportJobs: number
  readonly inFlightSolutionVersions: number
  readonly inFlightBatchInferenceJobs: number
  readonly inFlightBatchSegmentJobs: number
  readonly solutionsPerGroup: number
  readonly campaignsPerGroup: number
  readonly recommendersPerGroup: number
  readonly filtersPerGroup: number
}

export const defaultQuotas: Quotas = {
  datasetGroups: 5,
  schemas: 500,
  pendingImportJobs: 5,
  inFlightSolutionVersions: 20,
  inFlightBatchInferenceJobs: 5,
  inFlightBatchSegmentJobs: 5,
  solutionsPerGroup: 10,
  campaignsPerGroup: 5,
  recommendersPerGroup: 5,
  filtersPerGroup: 10
}
