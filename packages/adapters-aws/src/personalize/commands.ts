// The port's create and update requests → typed SDK calls (member names as the API spells them). The
// untyped config members are decoded into the SDK's shapes first (configs.ts).
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
import { Effect } from "effect"
import { decodeConfig } from "./configs.ts"
import type { Call } from "./kindSpecs.ts"

type Tags = ReadonlyArray<{ readonly tagKey: string; readonly tagValue: string }>

/** Tags as the SDK takes them; none is no member (CreateX refuses an empty list). */
const sdkTags = (tags: Tags | undefined) =>
  tags === undefined || tags.length === 0 ? undefined : tags.map((t) => ({ tagKey: t.tagKey, tagValue: t.tagValue }))

/** A create's call and the response member holding the new ARN. */
export interface CreateCall {
  readonly call: Call
  readonly arnKey: string
}

const created = (arnKey: string, call: Call): CreateCall => ({ call, arnKey })

const createBatchJob = (
  input: Extract<P.CreateInput, { readonly kind: "BatchInferenceJob" | "BatchSegmentJob" }>
): Effect.Effect<CreateCall, P.InvalidInput> => {
  const common = {
    jobName: input.name,
    solutionVersionArn: input.solutionVersionArn,
    filterArn: input.filterArn,
    numResults: input.numResults,
    jobInput: { s3DataSource: { path: input.inputPath } },
    jobOutput: { s3DataDestination: { path: input.outputPath } },
    roleArn: input.roleArn,
    tags: sdkTags(input.tags)
  }
  return input.kind === "BatchInferenceJob"
    ? Effect.map(decodeConfig(input.kind, "batchInferenceJobConfig", input.jobConfig), (batchInferenceJobConfig) =>
        created("batchInferenceJobArn", (client, o) =>
          client.send(new CreateBatchInferenceJobCommand({ ...common, batchInferenceJobConfig }), o)
        )
      )
    : Effect.succeed(
        created("batchSegmentJobArn", (client, o) => client.send(new CreateBatchSegmentJobCommand(common), o))
      )
}

/** The CreateX call of a create request; a config member that is not the SDK's shape is `InvalidInput`. */
export const createCommand = (input: P.CreateInput): Effect.Effect<CreateCall, P.InvalidInput> => {
  switch (input.kind) {
    case "DatasetGroup": {
      const { kind: _, tags, ...request } = input
      const command = new CreateDatasetGroupCommand({ ...request, tags: sdkTags(tags) })
      return Effect.succeed(created("datasetGroupArn", (client, o) => client.send(command, o)))
    }
    case "Schema": {
      const command = new CreateSchemaCommand({
        name: input.name,
        schema: JSON.stringify(input.schema),
        domain: input.domain
      })
      return Effect.succeed(created("schemaArn", (client, o) => client.send(command, o)))
    }
    case "Dataset": {
      const { kind: _, tags, ...request } = input
      const command = new CreateDatasetCommand({ ...request, tags: sdkTags(tags) })
      return Effect.succeed(created("datasetArn", (client, o) => client.send(command, o)))
    }
    case "DatasetImportJob": {
      const command = new CreateDatasetImportJobCommand({
        jobName: input.name,
        datasetArn: input.datasetArn,
        dataSource: { dataLocation: input.dataLocation },
        roleArn: input.roleArn,
        importMode: input.importMode,
        publishAttributionMetricsToS3: input.publishAttributionMetricsToS3,
        tags: sdkTags(input.tags)
      })
      return Effect.succeed(created("datasetImportJobArn", (client, o) => client.send(command, o)))
    }
    case "EventTracker": {
      const { kind: _, tags, ...request } = input
      const command = new CreateEventTrackerCommand({ ...request, tags: sdkTags(tags) })
      return Effect.succeed(created("eventTrackerArn", (client, o) => client.send(command, o)))
    }
    case "Filter": {
      const { kind: _, tags, ...request } = input
      const command = new CreateFilterCommand({ ...request, tags: sdkTags(tags) })
      return Effect.succeed(created("filterArn", (client, o) => client.send(command, o)))
    }
    case "Solution": {
      const { kind, tags, solutionConfig, ...request } = input
      return Effect.map(decodeConfig(kind, "solutionConfig", solutionConfig), (config) => {
        const command = new CreateSolutionCommand({ ...request, solutionConfig: config, tags: sdkTags(tags) })
        return created("solutionArn", (client, o) => client.send(command, o))
      })
    }
    case "SolutionVersion": {
      const { kind: _, tags, ...request } = input
      const command = new CreateSolutionVersionCommand({ ...request, tags: sdkTags(tags) })
      return Effect.succeed(created("solutionVersionArn", (client, o) => client.send(command, o)))
    }
    case "Campaign": {
      const { kind, tags, campaignConfig, ...request } = input
      return Effect.map(decodeConfig(kind, "campaignConfig", campaignConfig), (config) => {
        const command = new CreateCampaignCommand({ ...request, campaignConfig: config, tags: sdkTags(tags) })
        return created("campaignArn", (client, o) => client.send(command, o))
      })
    }
    case "Recommender": {
      const { kind, tags, recommenderConfig, ...request } = input
      return Effect.map(decodeConfig(kind, "recommenderConfig", recommenderConfig), (config) => {
        const command = new CreateRecommenderCommand({ ...request, recommenderConfig: config, tags: sdkTags(tags) })
        return created("recommenderArn", (client, o) => client.send(command, o))
      })
    }
    case "BatchInferenceJob":
    case "BatchSegmentJob":
      return createBatchJob(input)
  }
}

/** The UpdateX call of an update request; a config member that is not the SDK's shape is `InvalidInput`. */
export const updateCommand = (input: P.UpdateInput): Effect.Effect<Call, P.InvalidInput> => {
  switch (input.kind) {
    case "Dataset": {
      const command = new UpdateDatasetCommand({ datasetArn: input.arn, schemaArn: input.schemaArn })
      return Effect.succeed((client, o) => client.send(command, o))
    }
    case "Solution":
      return Effect.map(decodeConfig(input.kind, "solutionUpdateConfig", input.solutionUpdateConfig), (config) => {
        const command = new UpdateSolutionCommand({
          solutionArn: input.arn,
          performAutoTraining: input.performAutoTraining,
          solutionUpdateConfig: config
        })
        return (client, o) => client.send(command, o)
      })
    case "Campaign":
      return Effect.map(decodeConfig(input.kind, "campaignConfig", input.campaignConfig), (config) => {
        const command = new UpdateCampaignCommand({
          campaignArn: input.arn,
          solutionVersionArn: input.solutionVersionArn,
          minProvisionedTPS: input.minProvisionedTPS,
          campaignConfig: config
        })
        return (client, o) => client.send(command, o)
      })
    case "Recommender":
      return Effect.map(decodeConfig(input.kind, "recommenderConfig", input.recommenderConfig), (config) => {
        const command = new UpdateRecommenderCommand({ recommenderArn: input.arn, recommenderConfig: config })
        return (client, o) => client.send(command, o)
      })
  }
}
