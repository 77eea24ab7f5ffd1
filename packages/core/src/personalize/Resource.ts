import type { AvroSchema, DatasetType, Domain, ImportMode, Tag, TrainingMode } from "../config/Deployment.ts"
import type { ResourceArn } from "./Arn.ts"
import type { ResourceKind } from "./ResourceKind.ts"
import type { Status } from "./Status.ts"

type Config = { readonly [key: string]: unknown }

/** The create request of each kind, as CreateX takes it (parents by ARN). */
export type CreateInput =
  | {
      readonly kind: "DatasetGroup"
      readonly name: string
      readonly domain?: Domain
      readonly roleArn?: string
      readonly kmsKeyArn?: string
      readonly tags?: ReadonlyArray<Tag>
    }
  | { readonly kind: "Schema"; readonly name: string; readonly schema: AvroSchema; readonly domain?: Domain }
  | {
      readonly kind: "Dataset"
      readonly name: string
      readonly datasetGroupArn: ResourceArn
      readonly schemaArn: ResourceArn
      readonly datasetType: DatasetType
      readonly tags?: ReadonlyArray<Tag>
    }
  | {
      readonly kind: "DatasetImportJob"
      readonly name: string
      readonly datasetArn: ResourceArn
      readonly dataLocation: string
      readonly roleArn?: string
      readonly importMode: ImportMode
      readonly publishAttributionMetricsToS3?: boolean
      readonly tags?: ReadonlyArray<Tag>
    }
  | {
      readonly kind: "EventTracker"
      readonly name: string
      readonly datasetGroupArn: ResourceArn
      readonly tags?: ReadonlyArray<Tag>
    }
  | {
      readonly kind: "Filter"
      readonly name: string
      readonly datasetGroupArn: ResourceArn
      readonly filterExpression: string
      readonly tags?: ReadonlyArray<Tag>
    }
  | {
      readonly kind: "Solution"
      readonly name: string
      readonly datasetGroupArn: ResourceArn
      readonly recipeArn?: string
      readonly performAutoML?: boolean
      readonly performHPO?: boolean
      readonly performAutoTraining?: boolean
      readonly eventType?: string
      readonly solutionConfig?: Config
      readonly tags?: ReadonlyArray<Tag>
    }
  | {
      readonly kind: "SolutionVersion"
      readonly name: string
      readonly solutionArn: ResourceArn
      readonly trainingMode: TrainingMode
      readonly tags?: ReadonlyArray<Tag>
    }
  | {
      readonly kind: "Campaign"
      readonly name: string
      readonly solutionVersionArn: ResourceArn
      readonly minProvisionedTPS: number
      readonly campaignConfig?: Config
      readonly tags?: ReadonlyArray<Tag>
    }
  | {
      readonly kind: "Recommender"
      readonly name: string
      readonly datasetGroupArn: ResourceArn
      readonly recipeArn: string
      readonly recommenderConfig?: Config
      readonly tags?: ReadonlyArray<Tag>
    }
  | {
      readonly kind: "BatchInferenceJob" | "BatchSegmentJob"
      readonly name: string
      readonly solutionVersionArn: ResourceArn
      readonly inputPath: string
      readonly outputPath: string
      readonly roleArn: string
      readonly filterArn?: ResourceArn
      readonly numResults?: number
      readonly jobConfig?: Config
      readonly tags?: ReadonlyArray<Tag>
    }

/** The update request of each updatable kind (UpdateDataset, UpdateSolution, UpdateCampaign, UpdateRecommender). */
export type UpdateInput =
  | { readonly kind: "Dataset"; readonly arn: ResourceArn; readonly schemaArn: ResourceArn }
  | {
      readonly kind: "Solution"
      readonly arn: ResourceArn
      readonly performAutoTraining?: boolean
      readonly solutionUpdateConfig?: Config
    }
  | {
      readonly kind: "Campaign"
      readonly arn: ResourceArn
      readonly solutionVersionArn?: ResourceArn
      readonly minProvisionedTPS?: number
      readonly campaignConfig?: Config
    }
  | { readonly kind: "Recommender"; readonly arn: ResourceArn; readonly recommenderConfig: Config }

/** An in-flight or finished update (`latestCampaignUpdate`, `latestSolutionUpdate`, `latestRecommenderUpdate`). */
export interface LatestUpdate {
  readonly status: Status
  readonly failureReason?: string
  readonly solutionVersionArn?: ResourceArn
  readonly minProvisionedTPS?: number
  readonly config?: Config
  readonly lastUpdatedDateTime: number
}

/** What DescribeX returns, normalised: one shape for every kind; `parentArn` is the List filter value. */
export interface ResourceDescription {
  readonly kind: ResourceKind
  readonly name: string
  readonly arn: ResourceArn
  /** undefined only for Schema, which has no status. */
  readonly status: Status | undefined
  readonly failureReason?: string
  readonly parentArn?: ResourceArn
  /** Kind-specific fields the planner compares (solutionVersionArn, minProvisionedTPS, filterExpression, …). */
  readonly attributes: Config
  readonly latestUpdate?: LatestUpdate
  /** Epoch milliseconds. */
  readonly creationDateTime: number
  readonly lastUpdatedDateTime: number
}

/** One page of ListX, with the next page's token. */
export interface ResourcePage {
  readonly items: ReadonlyArray<ResourceDescription>
  readonly nextToken?: string
  /**
   * Listed, but not describable right now (throttled with no recent description to stand in): the
   * caller leaves them alone this time instead of failing the whole listing. A resource deleted
   * between List and Describe is simply not in the page.
   */
  readonly unavailable?: ReadonlyArray<ResourceArn>
}

export interface ListInput {
  readonly kind: ResourceKind
  readonly parentArn?: ResourceArn
  /**
   * The region to list in when there is no parent (with a parent, the parent's region). An account
   * spans regions; the monitor lists every campaign and recommender of each region it watches.
   */
  readonly region?: string
  readonly nextToken?: string
  /** 1–100 (aws-facts §1.1). */
  readonly maxResults?: number
}
