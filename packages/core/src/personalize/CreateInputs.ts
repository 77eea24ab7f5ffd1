import type * as Config from "../config/index.ts"

type Tags = ReadonlyArray<Config.Tag>
type Json = { readonly [key: string]: unknown }

/** The create request of each kind, as the real API takes it (ARNs of parents included). */
export interface CreateInputs {
  readonly datasetGroup: {
    readonly name: string
    readonly domain?: Config.Domain
    readonly roleArn?: string
    readonly kmsKeyArn?: string
    readonly tags?: Tags
  }
  readonly schema: { readonly name: string; readonly schema: string; readonly domain?: Config.Domain }
  readonly dataset: {
    readonly name: string
    readonly datasetGroupArn: string
    readonly datasetType: Config.DatasetType
    readonly schemaArn: string
    readonly tags?: Tags
  }
  readonly datasetImportJob: {
    readonly jobName: string
    readonly datasetArn: string
    readonly dataLocation: string
    readonly roleArn?: string
    readonly importMode: Config.ImportMode
    readonly publishAttributionMetricsToS3?: boolean
    readonly tags?: Tags
  }
  readonly eventTracker: { readonly name: string; readonly datasetGroupArn: string; readonly tags?: Tags }
  readonly filter: {
    readonly name: string
    readonly datasetGroupArn: string
    readonly filterExpression: string
    readonly tags?: Tags
  }
  readonly solution: {
    readonly name: string
    readonly datasetGroupArn: string
    readonly recipeArn?: string
    readonly performAutoML?: boolean
    readonly performHPO?: boolean
    readonly performAutoTraining?: boolean
    readonly eventType?: string
    readonly solutionConfig?: Json
    readonly tags?: Tags
  }
  readonly solutionVersion: {
    readonly name?: string
    readonly solutionArn: string
    readonly trainingMode: Config.TrainingMode
    readonly tags?: Tags
  }
  readonly campaign: {
    readonly name: string
    readonly solutionVersionArn: string
    readonly minProvisionedTPS: number
    readonly campaignConfig?: Json
    readonly tags?: Tags
  }
  readonly recommender: {
    readonly name: string
    readonly datasetGroupArn: string
    readonly recipeArn: string
    readonly recommenderConfig?: Json
    readonly tags?: Tags
  }
  readonly batchInferenceJob: {
    readonly jobName: string
    readonly solutionVersionArn: string
    readonly jobInput: string
    readonly jobOutput: string
    readonly roleArn?: string
    readonly filterArn?: string
    readonly numResults?: number
    readonly batchInferenceJobConfig?: Json
    readonly tags?: Tags
  }
  readonly batchSegmentJob: {
    readonly jobName: string
    readonly solutionVersionArn: string
    readonly jobInput: string
    readonly jobOutput: string
    readonly roleArn?: string
    readonly filterArn?: string
    readonly numResults?: number
    readonly tags?: Tags
  }
}

/** What UpdateX accepts for the kinds that have it. */
export interface UpdateInputs {
  readonly campaign: {
    readonly solutionVersionArn?: string
    readonly minProvisionedTPS?: number
    readonly campaignConfig?: Json
  }
  readonly recommender: { readonly recommenderConfig: Json }
  readonly solution: { readonly performAutoTraining?: boolean; readonly solutionUpdateConfig?: Json }
  readonly dataset: { readonly schemaArn: string }
}
