import type { Personalize as P } from "@personalize-ops/core"
import { batchInferenceJobRules, batchSegmentJobRules } from "./batchJobs.ts"
import type { KindRules } from "./context.ts"
import { datasetGroupRules, datasetImportJobRules, datasetRules, schemaRules } from "./datasets.ts"
import { campaignRules, eventTrackerRules, filterRules } from "./serving.ts"
import { recommenderRules, solutionRules, solutionVersionRules } from "./training.ts"

export * from "./context.ts"

/** The twin's rules, one entry per kind: what CreateX checks, what UpdateX checks and applies, what blocks DeleteX. */
export const twinRules: { readonly [K in P.ResourceKind]: KindRules<K> } = {
  DatasetGroup: datasetGroupRules,
  Schema: schemaRules,
  Dataset: datasetRules,
  DatasetImportJob: datasetImportJobRules,
  EventTracker: eventTrackerRules,
  Filter: filterRules,
  Solution: solutionRules,
  SolutionVersion: solutionVersionRules,
  Campaign: campaignRules,
  Recommender: recommenderRules,
  BatchInferenceJob: batchInferenceJobRules,
  BatchSegmentJob: batchSegmentJobRules
}
