// The kind table: every kind's Describe/List/Delete commands once; member names come from core (aws-facts §1.2).
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
import { Personalize as P } from "@personalize-ops/core"

/** The one thing the adapter needs of the SDK client (keeps the command generics out of the table). */
export interface Sender {
  readonly send: (command: unknown, options?: { readonly abortSignal?: AbortSignal }) => Promise<unknown>
}

export type Raw = { readonly [key: string]: unknown }
export type Input = { readonly [key: string]: unknown }
type CommandOf = (input: Input) => unknown

/** Per kind: which SDK commands, and what to read of its responses. */
interface Commands {
  readonly describe: CommandOf
  readonly list: CommandOf
  /** Response members copied into `attributes` (the fields the planner compares). */
  readonly attributes: ReadonlyArray<string>
  /** List summaries lack the compared fields: describe each listed resource. */
  readonly describeListed: boolean
}

/** Per kind: the SDK commands, plus the member names of its requests and responses (core's `wireNames`). */
export interface KindSpec extends Commands, P.WireNames {}

const c =
  (Cmd: new (input: never) => unknown): CommandOf =>
  (input) =>
    new Cmd(input as never)

/**
 * The Delete command of every deletable kind, keyed by core's `DeletableKind` (the one list of which kinds
 * can be deleted; `kindTraits[k].deletable` reads it too), so the compiler keeps this table complete.
 */
export const deleteCommands: { readonly [K in P.DeletableKind]: CommandOf } = {
  DatasetGroup: c(DeleteDatasetGroupCommand),
  Schema: c(DeleteSchemaCommand),
  Dataset: c(DeleteDatasetCommand),
  EventTracker: c(DeleteEventTrackerCommand),
  Filter: c(DeleteFilterCommand),
  Solution: c(DeleteSolutionCommand),
  Campaign: c(DeleteCampaignCommand),
  Recommender: c(DeleteRecommenderCommand)
}

const commands: { readonly [K in P.ResourceKind]: Commands } = {
  DatasetGroup: {
    describe: c(DescribeDatasetGroupCommand),
    list: c(ListDatasetGroupsCommand),
    attributes: ["domain", "roleArn", "kmsKeyArn"],
    describeListed: false
  },
  Schema: {
    describe: c(DescribeSchemaCommand),
    list: c(ListSchemasCommand),
    attributes: ["schema", "domain"],
    describeListed: true
  },
  Dataset: {
    describe: c(DescribeDatasetCommand),
    list: c(ListDatasetsCommand),
    attributes: ["datasetType", "schemaArn", "datasetGroupArn", "trackingId"],
    describeListed: true
  },
  DatasetImportJob: {
    describe: c(DescribeDatasetImportJobCommand),
    list: c(ListDatasetImportJobsCommand),
    attributes: ["datasetArn", "dataLocation", "importMode", "roleArn"],
    describeListed: true
  },
  EventTracker: {
    describe: c(DescribeEventTrackerCommand),
    list: c(ListEventTrackersCommand),
    attributes: ["datasetGroupArn", "trackingId"],
    describeListed: false
  },
  Filter: {
    describe: c(DescribeFilterCommand),
    list: c(ListFiltersCommand),
    attributes: ["datasetGroupArn", "filterExpression"],
    describeListed: true
  },
  Solution: {
    describe: c(DescribeSolutionCommand),
    list: c(ListSolutionsCommand),
    attributes: [
      "datasetGroupArn",
      "recipeArn",
      "eventType",
      "performHPO",
      "performAutoML",
      "performAutoTraining",
      "solutionConfig"
    ],
    describeListed: true
  },
  SolutionVersion: {
    describe: c(DescribeSolutionVersionCommand),
    list: c(ListSolutionVersionsCommand),
    attributes: ["solutionArn", "trainingMode", "trainingType"],
    describeListed: false
  },
  Campaign: {
    describe: c(DescribeCampaignCommand),
    list: c(ListCampaignsCommand),
    attributes: ["solutionVersionArn", "minProvisionedTPS", "campaignConfig"],
    describeListed: true
  },
  Recommender: {
    describe: c(DescribeRecommenderCommand),
    list: c(ListRecommendersCommand),
    attributes: ["datasetGroupArn", "recipeArn", "recommenderConfig"],
    // Summaries lack latestRecommenderUpdate, which the monitor reads.
    describeListed: true
  },
  BatchInferenceJob: {
    describe: c(DescribeBatchInferenceJobCommand),
    list: c(ListBatchInferenceJobsCommand),
    attributes: ["solutionVersionArn", "filterArn", "numResults", "roleArn"],
    describeListed: false
  },
  BatchSegmentJob: {
    describe: c(DescribeBatchSegmentJobCommand),
    list: c(ListBatchSegmentJobsCommand),
    attributes: ["solutionVersionArn", "filterArn", "numResults", "roleArn"],
    describeListed: false
  }
}

/** The table: every kind's commands and member names. */
export const kindSpecs: { readonly [K in P.ResourceKind]: KindSpec } = Object.fromEntries(
  P.ResourceKinds.map((kind) => [kind, { ...P.wireNames[kind], ...commands[kind] }])
) as { readonly [K in P.ResourceKind]: KindSpec }
