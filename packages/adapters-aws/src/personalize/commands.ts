// The port's create and update requests → SDK commands (member names as the API spells them).
import {
  CreateBatchInferenceJobCommand,
  CreateBatchSegmentJobCommand,
  CreateCampaignCommand,
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateDatasetImportJobCommand,
  CreateEventTrackerCommand,
  CreateFilterCommand,
  CreateRecommenderCommand,
  CreateSchemaCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  UpdateCampaignCommand,
  UpdateDatasetCommand,
  UpdateRecommenderCommand,
  UpdateSolutionCommand
} from "@aws-sdk/client-personalize"
import type { Personalize as P } from "@personalize-ops/core"
import type { Input } from "./kindSpecs.ts"

export const withoutUndefined = (o: Input): Input =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

export const createCommand = (input: P.CreateInput): { readonly command: unknown; readonly arnKey: string } => {
  const tags = "tags" in input && input.tags !== undefined && input.tags.length > 0 ? input.tags : undefined
  switch (input.kind) {
    case "DatasetGroup":
      return {
        command: new CreateDatasetGroupCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "datasetGroupArn"
      }
    case "Schema":
      return {
        command: new CreateSchemaCommand(
          withoutUndefined({ name: input.name, schema: JSON.stringify(input.schema), domain: input.domain }) as never
        ),
        arnKey: "schemaArn"
      }
    case "Dataset":
      return {
        command: new CreateDatasetCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "datasetArn"
      }
    case "DatasetImportJob":
      return {
        command: new CreateDatasetImportJobCommand(
          withoutUndefined({
            jobName: input.name,
            datasetArn: input.datasetArn,
            dataSource: { dataLocation: input.dataLocation },
            roleArn: input.roleArn,
            importMode: input.importMode,
            publishAttributionMetricsToS3: input.publishAttributionMetricsToS3,
            tags
          }) as never
        ),
        arnKey: "datasetImportJobArn"
      }
    case "EventTracker":
      return {
        command: new CreateEventTrackerCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "eventTrackerArn"
      }
    case "Filter":
      return {
        command: new CreateFilterCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "filterArn"
      }
    case "Solution":
      return {
        command: new CreateSolutionCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "solutionArn"
      }
    case "SolutionVersion":
      return {
        command: new CreateSolutionVersionCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "solutionVersionArn"
      }
    case "Campaign":
      return {
        command: new CreateCampaignCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "campaignArn"
      }
    case "Recommender":
      return {
        command: new CreateRecommenderCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "recommenderArn"
      }
    case "BatchInferenceJob":
    case "BatchSegmentJob": {
      const common = {
        jobName: input.name,
        solutionVersionArn: input.solutionVersionArn,
        filterArn: input.filterArn,
        numResults: input.numResults,
        jobInput: { s3DataSource: { path: input.inputPath } },
        jobOutput: { s3DataDestination: { path: input.outputPath } },
        roleArn: input.roleArn,
        tags
      }
      return input.kind === "BatchInferenceJob"
        ? {
            command: new CreateBatchInferenceJobCommand(
              withoutUndefined({ ...common, batchInferenceJobConfig: input.jobConfig }) as never
            ),
            arnKey: "batchInferenceJobArn"
          }
        : { command: new CreateBatchSegmentJobCommand(withoutUndefined(common) as never), arnKey: "batchSegmentJobArn" }
    }
  }
}

export const updateCommand = (input: P.UpdateInput): unknown => {
  switch (input.kind) {
    case "Dataset":
      return new UpdateDatasetCommand({ datasetArn: input.arn, schemaArn: input.schemaArn })
    case "Solution":
      return new UpdateSolutionCommand(
        withoutUndefined({
          solutionArn: input.arn,
          performAutoTraining: input.performAutoTraining,
          solutionUpdateConfig: input.solutionUpdateConfig
        }) as never
      )
    case "Campaign":
      return new UpdateCampaignCommand(
        withoutUndefined({
          campaignArn: input.arn,
          solutionVersionArn: input.solutionVersionArn,
          minProvisionedTPS: input.minProvisionedTPS,
          campaignConfig: input.campaignConfig
        }) as never
      )
    case "Recommender":
      return new UpdateRecommenderCommand({
        recommenderArn: input.arn,
        recommenderConfig: input.recommenderConfig as never
      })
  }
}
