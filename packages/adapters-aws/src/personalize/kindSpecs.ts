// The kind table: every kind's Describe/List/Delete commands and member names, once (aws-facts §1.2).
import {
  DeleteCampaignCommand,
  DeleteDatasetCommand,
  DeleteDatasetGroupCommand,
  DeleteEventTrackerCommand,
  DeleteFilterCommand,
  DeleteRecommenderCommand,
  DeleteSchemaCommand,
  DeleteSolutionCommand,
  DescribeBatchInferenceJobCommand,
  DescribeBatchSegmentJobCommand,
  DescribeCampaignCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  DescribeDatasetImportJobCommand,
  DescribeEventTrackerCommand,
  DescribeFilterCommand,
  DescribeRecommenderCommand,
  DescribeSchemaCommand,
  DescribeSolutionCommand,
  DescribeSolutionVersionCommand,
  ListBatchInferenceJobsCommand,
  ListBatchSegmentJobsCommand,
  ListCampaignsCommand,
  ListDatasetGroupsCommand,
  ListDatasetImportJobsCommand,
  ListDatasetsCommand,
  ListEventTrackersCommand,
  ListFiltersCommand,
  ListRecommendersCommand,
  ListSchemasCommand,
  ListSolutionsCommand,
  ListSolutionVersionsCommand
} from "@aws-sdk/client-personalize"
import type { Personalize as P } from "@personalize-ops/core"

/** The one thing the adapter needs of the SDK client (keeps the command generics out of the table). */
export interface Sender {
  readonly send: (command: unknown, options?: { readonly abortSignal?: AbortSignal }) => Promise<unknown>
}

export type Raw = { readonly [key: string]: unknown }
export type Input = { readonly [key: string]: unknown }
type CommandOf = (input: Input) => unknown

/** Per kind: which SDK commands, and the member names of its requests and responses (aws-facts §1.2). */
export interface KindSpec {
  readonly arnKey: string
  readonly nameKey: "name" | "jobName"
  readonly describe: CommandOf
  readonly describeKey: string
  readonly list: CommandOf
  readonly listKey: string
  readonly listParentKey?: string
  readonly remove?: CommandOf
  /** Response members copied into `attributes` (the fields the planner compares). */
  readonly attributes: ReadonlyArray<string>
  readonly latestUpdateKey?: string
  /** List summaries lack the compared fields: describe each listed resource. */
  readonly describeListed: boolean
}

const c =
  (Cmd: new (input: never) => unknown): CommandOf =>
  (input) =>
    new Cmd(input as never)

/** The table: every kind's commands and member names, once. */
export const kindSpecs: { readonly [K in P.ResourceKind]: KindSpec } = {
  DatasetGroup: {
    arnKey: "datasetGroupArn",
    nameKey: "name",
    describe: c(DescribeDatasetGroupCommand),
    describeKey: "datasetGroup",
    list: c(ListDatasetGroupsCommand),
    listKey: "datasetGroups",
    remove: c(DeleteDatasetGroupCommand),
    attributes: ["domain", "roleArn", "kmsKeyArn"],
    describeListed: false
  },
  Schema: {
    arnKey: "schemaArn",
    nameKey: "name",
    describe: c(DescribeSchemaCommand),
    describeKey: "schema",
    list: c(ListSchemasCommand),
    listKey: "schemas",
    remove: c(DeleteSchemaCommand),
    attributes: ["schema", "domain"],
    describeListed: true
  },
  Dataset: {
    arnKey: "datasetArn",
    nameKey: "name",
    describe: c(DescribeDatasetCommand),
    describeKey: "dataset",
    list: c(ListDatasetsCommand),
    listKey: "datasets",
    listParentKey: "datasetGroupArn",
    remove: c(DeleteDatasetCommand),
    attributes: ["datasetType", "schemaArn", "datasetGroupArn", "trackingId"],
    latestUpdateKey: "latestDatasetUpdate",
    describeListed: true
  },
  DatasetImportJob: {
    arnKey: "datasetImportJobArn",
    nameKey: "jobName",
    describe: c(DescribeDatasetImportJobCommand),
    describeKey: "datasetImportJob",
    list: c(ListDatasetImportJobsCommand),
    listKey: "datasetImportJobs",
    listParentKey: "datasetArn",
    attributes: ["datasetArn", "dataLocation", "importMode", "roleArn"],
    describeListed: true
  },
  EventTracker: {
    arnKey: "eventTrackerArn",
    nameKey: "name",
    describe: c(DescribeEventTrackerCommand),
    describeKey: "eventTracker",
    list: c(ListEventTrackersCommand),
    listKey: "eventTrackers",
    listParentKey: "datasetGroupArn",
    remove: c(DeleteEventTrackerCommand),
    attributes: ["datasetGroupArn", "trackingId"],
    describeListed: false
  },
  Filter: {
    arnKey: "filterArn",
    nameKey: "name",
    describe: c(DescribeFilterCommand),
    describeKey: "filter",
    list: c(ListFiltersCommand),
    // The one List response with a capitalised key (aws-facts §1.2).
    listKey: "Filters",
    listParentKey: "datasetGroupArn",
    remove: c(DeleteFilterCommand),
    attributes: ["datasetGroupArn", "filterExpression"],
    describeListed: true
  },
  Solution: {
    arnKey: "solutionArn",
    nameKey: "name",
    describe: c(DescribeSolutionCommand),
    describeKey: "solution",
    list: c(ListSolutionsCommand),
    listKey: "solutions",
    listParentKey: "datasetGroupArn",
    remove: c(DeleteSolutionCommand),
    attributes: [
      "datasetGroupArn",
      "recipeArn",
      "eventType",
      "performHPO",
      "performAutoML",
      "performAutoTraining",
      "solutionConfig"
    ],
    latestUpdateKey: "latestSolutionUpdate",
    describeListed: true
  },
  SolutionVersion: {
    arnKey: "solutionVersionArn",
    nameKey: "name",
    describe: c(DescribeSolutionVersionCommand),
    describeKey: "solutionVersion",
    list: c(ListSolutionVersionsCommand),
    listKey: "solutionVersions",
    listParentKey: "solutionArn",
    attributes: ["solutionArn", "trainingMode", "trainingType"],
    describeListed: false
  },
  Campaign: {
    arnKey: "campaignArn",
    nameKey: "name",
    describe: c(DescribeCampaignCommand),
    describeKey: "campaign",
    list: c(ListCampaignsCommand),
    listKey: "campaigns",
    listParentKey: "solutionArn",
    remove: c(DeleteCampaignCommand),
    attributes: ["solutionVersionArn", "minProvisionedTPS", "campaignConfig"],
    latestUpdateKey: "latestCampaignUpdate",
    describeListed: true
  },
  Recommender: {
    arnKey: "recommenderArn",
    nameKey: "name",
    describe: c(DescribeRecommenderCommand),
    describeKey: "recommender",
    list: c(ListRecommendersCommand),
    listKey: "recommenders",
    listParentKey: "datasetGroupArn",
    remove: c(DeleteRecommenderCommand),
    attributes: ["datasetGroupArn", "recipeArn", "recommenderConfig"],
    latestUpdateKey: "latestRecommenderUpdate",
    // Summaries lack latestRecommenderUpdate, which the monitor reads.
    describeListed: true
  },
  BatchInferenceJob: {
    arnKey: "batchInferenceJobArn",
    nameKey: "jobName",
    describe: c(DescribeBatchInferenceJobCommand),
    describeKey: "batchInferenceJob",
    list: c(ListBatchInferenceJobsCommand),
    listKey: "batchInferenceJobs",
    listParentKey: "solutionVersionArn",
    attributes: ["solutionVersionArn", "filterArn", "numResults", "roleArn"],
    describeListed: false
  },
  BatchSegmentJob: {
    arnKey: "batchSegmentJobArn",
    nameKey: "jobName",
    describe: c(DescribeBatchSegmentJobCommand),
    describeKey: "batchSegmentJob",
    list: c(ListBatchSegmentJobsCommand),
    listKey: "batchSegmentJobs",
    listParentKey: "solutionVersionArn",
    attributes: ["solutionVersionArn", "filterArn", "numResults", "roleArn"],
    describeListed: false
  }
}
