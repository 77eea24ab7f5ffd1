import { Personalize as P } from "@personalize-ops/core"

/**
 * Per kind, the member names of Personalize's awsJson1.1 API (core's `wireNames`, aws-facts §1.2) plus
 * which members a List summary carries (`XSummary` in the model, BC-P shapes).
 */
export interface WireNames extends P.WireNames {
  readonly summary: ReadonlyArray<string>
}

const dates = ["creationDateTime", "lastUpdatedDateTime"] as const

const summaries: { readonly [K in P.ResourceKind]: ReadonlyArray<string> } = {
  DatasetGroup: ["name", "datasetGroupArn", "status", ...dates, "failureReason", "domain"],
  Schema: ["name", "schemaArn", ...dates, "domain"],
  Dataset: ["name", "datasetArn", "datasetType", "status", ...dates],
  DatasetImportJob: ["datasetImportJobArn", "jobName", "status", ...dates, "failureReason", "importMode"],
  EventTracker: ["name", "eventTrackerArn", "status", ...dates],
  Filter: ["name", "filterArn", ...dates, "datasetGroupArn", "failureReason", "status"],
  Solution: ["name", "solutionArn", "status", ...dates, "recipeArn"],
  SolutionVersion: ["solutionVersionArn", "status", "trainingMode", "trainingType", ...dates, "failureReason"],
  Campaign: ["name", "campaignArn", "status", ...dates, "failureReason"],
  Recommender: ["name", "recommenderArn", "datasetGroupArn", "recipeArn", "recommenderConfig", "status", ...dates],
  BatchInferenceJob: [
    "batchInferenceJobArn",
    "jobName",
    "status",
    ...dates,
    "failureReason",
    "solutionVersionArn",
    "batchInferenceJobMode"
  ],
  BatchSegmentJob: ["batchSegmentJobArn", "jobName", "status", ...dates, "failureReason", "solutionVersionArn"]
}

export const wireNames: { readonly [K in P.ResourceKind]: WireNames } = Object.fromEntries(
  P.ResourceKinds.map((kind) => [kind, { ...P.wireNames[kind], summary: summaries[kind] }])
) as { readonly [K in P.ResourceKind]: WireNames }
