import { Personalize as P } from "@personalize-ops/core"
import { describe, expect, it } from "vitest"

// The member names as Personalize's API model spells them (aws-facts §1.2): what the derivation must give.
const expected: { readonly [K in P.ResourceKind]: P.WireNames } = {
  DatasetGroup: { arnKey: "datasetGroupArn", nameKey: "name", describeKey: "datasetGroup", listKey: "datasetGroups" },
  Schema: { arnKey: "schemaArn", nameKey: "name", describeKey: "schema", listKey: "schemas" },
  Dataset: {
    arnKey: "datasetArn",
    nameKey: "name",
    describeKey: "dataset",
    listKey: "datasets",
    listParentKey: "datasetGroupArn",
    latestUpdateKey: "latestDatasetUpdate"
  },
  DatasetImportJob: {
    arnKey: "datasetImportJobArn",
    nameKey: "jobName",
    describeKey: "datasetImportJob",
    listKey: "datasetImportJobs",
    listParentKey: "datasetArn"
  },
  EventTracker: {
    arnKey: "eventTrackerArn",
    nameKey: "name",
    describeKey: "eventTracker",
    listKey: "eventTrackers",
    listParentKey: "datasetGroupArn"
  },
  Filter: {
    arnKey: "filterArn",
    nameKey: "name",
    describeKey: "filter",
    listKey: "Filters",
    listParentKey: "datasetGroupArn"
  },
  Solution: {
    arnKey: "solutionArn",
    nameKey: "name",
    describeKey: "solution",
    listKey: "solutions",
    listParentKey: "datasetGroupArn",
    latestUpdateKey: "latestSolutionUpdate"
  },
  SolutionVersion: {
    arnKey: "solutionVersionArn",
    nameKey: "name",
    describeKey: "solutionVersion",
    listKey: "solutionVersions",
    listParentKey: "solutionArn"
  },
  Campaign: {
    arnKey: "campaignArn",
    nameKey: "name",
    describeKey: "campaign",
    listKey: "campaigns",
    listParentKey: "solutionArn",
    latestUpdateKey: "latestCampaignUpdate",
    parentViaKey: "solutionVersionArn"
  },
  Recommender: {
    arnKey: "recommenderArn",
    nameKey: "name",
    describeKey: "recommender",
    listKey: "recommenders",
    listParentKey: "datasetGroupArn",
    latestUpdateKey: "latestRecommenderUpdate"
  },
  BatchInferenceJob: {
    arnKey: "batchInferenceJobArn",
    nameKey: "jobName",
    describeKey: "batchInferenceJob",
    listKey: "batchInferenceJobs",
    listParentKey: "solutionVersionArn"
  },
  BatchSegmentJob: {
    arnKey: "batchSegmentJobArn",
    nameKey: "jobName",
    describeKey: "batchSegmentJob",
    listKey: "batchSegmentJobs",
    listParentKey: "solutionVersionArn"
  }
}

const arn = (kind: P.ResourceKind, id: string) => P.formatArn(P.defaultScope, kind, id)

describe("wire names (one table per kind, derived from kindTraits)", () => {
  it("match the API model's member names for every kind", () => {
    expect(P.wireNames).toEqual(expected)
  })

  it("find the parent a create request or a description names; a campaign's through its solution version", () => {
    const group = arn("DatasetGroup", "g")
    expect(P.parentArnIn("Filter", { name: "f", datasetGroupArn: group })).toBe(group)
    expect(P.parentArnIn("DatasetGroup", { name: "g" })).toBeUndefined()
    const version = arn("SolutionVersion", P.solutionVersionId("ranking", "abc"))
    expect(P.parentArnIn("Campaign", { name: "c", solutionVersionArn: version })).toBe(arn("Solution", "ranking"))
    expect(P.parentArnIn("BatchInferenceJob", { jobName: "j", solutionVersionArn: version })).toBe(version)
    expect(P.parentArnIn("Dataset", { name: "d" })).toBeUndefined()
  })
})
