// The kind table: every kind's Describe/List/Delete calls once, each typed by its SDK command; member names
// come from core (aws-facts §1.2). Responses are decoded in decode.ts.
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
  ListSolutionVersionsCommand,
  type PersonalizeClient
} from "@aws-sdk/client-personalize"
import { Personalize as P } from "@personalize-ops/core"

/** One SDK call, built from a typed command, sent on the client of the call's region. */
export type Call = (client: PersonalizeClient, options: { readonly abortSignal: AbortSignal }) => Promise<unknown>

/** A ListX page request. */
export interface Page {
  readonly maxResults: number | undefined
  readonly nextToken: string | undefined
}

/** The parent filter of a ListX request: `{ [listParentKey]: parentArn }`, or none. */
export type ParentFilter = { readonly [listParentKey: string]: string }

/** Per kind: its SDK calls, and what to read of its responses. */
interface Commands {
  readonly describe: (arn: string) => Call
  readonly list: (page: Page, parent: ParentFilter) => Call
  /** Response members copied into `attributes` (the fields the planner compares). */
  readonly attributes: ReadonlyArray<string>
  /** List summaries lack the compared fields: describe each listed resource. */
  readonly describeListed: boolean
}

/** Per kind: the SDK calls, plus the member names of its requests and responses (core's `wireNames`). */
export interface KindSpec extends Commands, P.WireNames {}

/**
 * The Delete call of every deletable kind, keyed by core's `DeletableKind` (the one list of which kinds
 * can be deleted; `kindTraits[k].deletable` reads it too), so the compiler keeps this table complete.
 */
export const deleteCommands: { readonly [K in P.DeletableKind]: (arn: string) => Call } = {
  DatasetGroup: (datasetGroupArn) => (client, o) => client.send(new DeleteDatasetGroupCommand({ datasetGroupArn }), o),
  Schema: (schemaArn) => (client, o) => client.send(new DeleteSchemaCommand({ schemaArn }), o),
  Dataset: (datasetArn) => (client, o) => client.send(new DeleteDatasetCommand({ datasetArn }), o),
  EventTracker: (eventTrackerArn) => (client, o) => client.send(new DeleteEventTrackerCommand({ eventTrackerArn }), o),
  Filter: (filterArn) => (client, o) => client.send(new DeleteFilterCommand({ filterArn }), o),
  Solution: (solutionArn) => (client, o) => client.send(new DeleteSolutionCommand({ solutionArn }), o),
  Campaign: (campaignArn) => (client, o) => client.send(new DeleteCampaignCommand({ campaignArn }), o),
  Recommender: (recommenderArn) => (client, o) => client.send(new DeleteRecommenderCommand({ recommenderArn }), o)
}

const commands: { readonly [K in P.ResourceKind]: Commands } = {
  DatasetGroup: {
    describe: (datasetGroupArn) => (client, o) => client.send(new DescribeDatasetGroupCommand({ datasetGroupArn }), o),
    list: (page, parent) => (client, o) => client.send(new ListDatasetGroupsCommand({ ...page, ...parent }), o),
    attributes: ["domain", "roleArn", "kmsKeyArn"],
    describeListed: false
  },
  Schema: {
    describe: (schemaArn) => (client, o) => client.send(new DescribeSchemaCommand({ schemaArn }), o),
    list: (page, parent) => (client, o) => client.send(new ListSchemasCommand({ ...page, ...parent }), o),
    attributes: ["schema", "domain"],
    describeListed: true
  },
  Dataset: {
    describe: (datasetArn) => (client, o) => client.send(new DescribeDatasetCommand({ datasetArn }), o),
    list: (page, parent) => (client, o) => client.send(new ListDatasetsCommand({ ...page, ...parent }), o),
    attributes: ["datasetType", "schemaArn", "datasetGroupArn", "trackingId"],
    describeListed: true
  },
  DatasetImportJob: {
    describe: (datasetImportJobArn) => (client, o) =>
      client.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn }), o),
    list: (page, parent) => (client, o) => client.send(new ListDatasetImportJobsCommand({ ...page, ...parent }), o),
    attributes: ["datasetArn", "dataLocation", "importMode", "roleArn"],
    describeListed: true
  },
  EventTracker: {
    describe: (eventTrackerArn) => (client, o) => client.send(new DescribeEventTrackerCommand({ eventTrackerArn }), o),
    list: (page, parent) => (client, o) => client.send(new ListEventTrackersCommand({ ...page, ...parent }), o),
    attributes: ["datasetGroupArn", "trackingId"],
    describeListed: false
  },
  Filter: {
    describe: (filterArn) => (client, o) => client.send(new DescribeFilterCommand({ filterArn }), o),
    list: (page, parent) => (client, o) => client.send(new ListFiltersCommand({ ...page, ...parent }), o),
    attributes: ["datasetGroupArn", "filterExpression"],
    describeListed: true
  },
  Solution: {
    describe: (solutionArn) => (client, o) => client.send(new DescribeSolutionCommand({ solutionArn }), o),
    list: (page, parent) => (client, o) => client.send(new ListSolutionsCommand({ ...page, ...parent }), o),
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
    describe: (solutionVersionArn) => (client, o) =>
      client.send(new DescribeSolutionVersionCommand({ solutionVersionArn }), o),
    list: (page, parent) => (client, o) => client.send(new ListSolutionVersionsCommand({ ...page, ...parent }), o),
    attributes: ["solutionArn", "trainingMode", "trainingType"],
    describeListed: false
  },
  Campaign: {
    describe: (campaignArn) => (client, o) => client.send(new DescribeCampaignCommand({ campaignArn }), o),
    list: (page, parent) => (client, o) => client.send(new ListCampaignsCommand({ ...page, ...parent }), o),
    attributes: ["solutionVersionArn", "minProvisionedTPS", "campaignConfig"],
    describeListed: true
  },
  Recommender: {
    describe: (recommenderArn) => (client, o) => client.send(new DescribeRecommenderCommand({ recommenderArn }), o),
    list: (page, parent) => (client, o) => client.send(new ListRecommendersCommand({ ...page, ...parent }), o),
    attributes: ["datasetGroupArn", "recipeArn", "recommenderConfig"],
    // Summaries lack latestRecommenderUpdate, which the monitor reads.
    describeListed: true
  },
  BatchInferenceJob: {
    describe: (batchInferenceJobArn) => (client, o) =>
      client.send(new DescribeBatchInferenceJobCommand({ batchInferenceJobArn }), o),
    list: (page, parent) => (client, o) => client.send(new ListBatchInferenceJobsCommand({ ...page, ...parent }), o),
    attributes: ["solutionVersionArn", "filterArn", "numResults", "roleArn"],
    describeListed: false
  },
  BatchSegmentJob: {
    describe: (batchSegmentJobArn) => (client, o) =>
      client.send(new DescribeBatchSegmentJobCommand({ batchSegmentJobArn }), o),
    list: (page, parent) => (client, o) => client.send(new ListBatchSegmentJobsCommand({ ...page, ...parent }), o),
    attributes: ["solutionVersionArn", "filterArn", "numResults", "roleArn"],
    describeListed: false
  }
}

/** The table: every kind's calls and member names. */
export const kindSpecs: { readonly [K in P.ResourceKind]: KindSpec } = {
  DatasetGroup: { ...P.wireNames.DatasetGroup, ...commands.DatasetGroup },
  Schema: { ...P.wireNames.Schema, ...commands.Schema },
  Dataset: { ...P.wireNames.Dataset, ...commands.Dataset },
  DatasetImportJob: { ...P.wireNames.DatasetImportJob, ...commands.DatasetImportJob },
  EventTracker: { ...P.wireNames.EventTracker, ...commands.EventTracker },
  Filter: { ...P.wireNames.Filter, ...commands.Filter },
  Solution: { ...P.wireNames.Solution, ...commands.Solution },
  SolutionVersion: { ...P.wireNames.SolutionVersion, ...commands.SolutionVersion },
  Campaign: { ...P.wireNames.Campaign, ...commands.Campaign },
  Recommender: { ...P.wireNames.Recommender, ...commands.Recommender },
  BatchInferenceJob: { ...P.wireNames.BatchInferenceJob, ...commands.BatchInferenceJob },
  BatchSegmentJob: { ...P.wireNames.BatchSegmentJob, ...commands.BatchSegmentJob }
}
