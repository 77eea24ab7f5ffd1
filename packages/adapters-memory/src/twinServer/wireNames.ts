import type { Personalize as P } from "@personalize-ops/core"

/**
 * Per kind, the member names of Personalize's awsJson1.1 API (aws-facts §1.2, BC-P shapes): the ARN and
 * name members, the Describe response key, the List result key and its parent filter, the latest-update
 * member, and which members a List summary carries (`XSummary` in the model).
 */
export interface WireNames {
  readonly arnKey: string
  readonly nameKey: "name" | "jobName"
  readonly describeKey: string
  readonly listKey: string
  readonly listParentKey?: string
  readonly latestUpdateKey?: string
  readonly summary: ReadonlyArray<string>
}

const dates = ["creationDateTime", "lastUpdatedDateTime"] as const

export const wireNames: { readonly [K in P.ResourceKind]: WireNames } = {
  DatasetGroup: {
    arnKey: "datasetGroupArn",
    nameKey: "name",
    describeKey: "datasetGroup",
    listKey: "datasetGroups",
    summary: ["name", "datasetGroupArn", "status", ...dates, "failureReason", "domain"]
  },
  Schema: {
    arnKey: "schemaArn",
    nameKey: "name",
    describeKey: "schema",
    listKey: "schemas",
    summary: ["name", "schemaArn", ...dates, "domain"]
  },
  Dataset: {
    arnKey: "datasetArn",
    nameKey: "name",
    describeKey: "dataset",
    listKey: "datasets",
    listParentKey: "datasetGroupArn",
    latestUpdateKey: "latestDatasetUpdate",
    summary: ["name", "datasetArn", "datasetType", "status", ...dates]
  },
  DatasetImportJob: {
    arnKey: "datasetImportJobArn",
    nameKey: "jobName",
    describeKey: "datasetImportJob",
    listKey: "datasetImportJobs",
    listParentKey: "datasetArn",
    summary: ["datasetImportJobArn", "jobName", "status", ...dates, "failureReason", "importMode"]
  },
  EventTracker: {
    arnKey: "eventTrackerArn",
    nameKey: "name",
    describeKey: "eventTracker",
    listKey: "eventTrackers",
    listParentKey: "datasetGroupArn",
    summary: ["name", "eventTrackerArn", "status", ...dates]
  },
  Filter: {
    arnKey: "filterArn",
    nameKey: "name",
    describeKey: "filter",
    // The one List result key with a capital letter (aws-facts §1.2).
    listKey: "Filters",
    listParentKey: "datasetGroupArn",
    summary: ["name", "filterArn", ...dates, "datasetGroupArn", "failureReason", "status"]
  },
  Solution: {
    arnKey: "solutionArn",
    nameKey: "name",
    describeKey: "solution",
    listKey: "solutions",
    listParentKey: "datasetGroupArn",
    latestUpdateKey: "latestSolutionUpdate",
    summary: ["name", "solutionArn", "status", ...dates, "recipeArn"]
  },
  SolutionVersion: {
    arnKey: "solutionVersionArn",
    nameKey: "name",
    describeKey: "solutionVersion",
    listKey: "solutionVersions",
    listParentKey: "solutionArn",
    summary: ["solutionVersionArn", "status", "trainingMode", "trainingType", ...dates, "failureReason"]
  },
  Campaign: {
    arnKey: "campaignArn",
    nameKey: "name",
    describeKey: "campaign",
    listKey: "campaigns",
    listParentKey: "solutionArn",
    latestUpdateKey: "latestCampaignUpdate",
    summary: ["name", "campaignArn", "status", ...dates, "failureReason"]
  },
  Recommender: {
    arnKey: "recommenderArn",
    nameKey: "name",
    describeKey: "recommender",
    listKey: "recommenders",
    listParentKey: "datasetGroupArn",
    latestUpdateKey: "latestRecommenderUpdate",
    summary: ["name", "recommenderArn", "datasetGroupArn", "recipeArn", "recommenderConfig", "status", ...dates]
  },
  BatchInferenceJob: {
    arnKey: "batchInferenceJobArn",
    nameKey: "jobName",
    describeKey: "batchInferenceJob",
    listKey: "batchInferenceJobs",
    listParentKey: "solutionVersionArn",
    summary: [
      "batchInferenceJobArn",
      "jobName",
      "status",
      ...dates,
      "failureReason",
      "solutionVersionArn",
      "batchInferenceJobMode"
    ]
  },
  BatchSegmentJob: {
    arnKey: "batchSegmentJobArn",
    nameKey: "jobName",
    describeKey: "batchSegmentJob",
    listKey: "batchSegmentJobs",
    listParentKey: "solutionVersionArn",
    summary: ["batchSegmentJobArn", "jobName", "status", ...dates, "failureReason", "solutionVersionArn"]
  }
}
