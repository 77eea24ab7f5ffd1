/**
 * The one typed model of a deployment. Every config format (our own, the MLOps solution's
 * `serviceConfig`/`workflowConfig`, the personalize-pipeline `params.json`) decodes into it; the
 * planner, the scheduler and the CLI only ever see this shape.
 *
 * Names here are checked (1–63 chars, `^[a-zA-Z0-9][a-zA-Z0-9\-_]*`) by the decoder, not by the type.
 */

/** Where a config came from. */
export type ConfigFormat = "personalize-ops" | "mlops-solution" | "personalize-pipeline"

/** A resource tag, as Personalize takes it. */
export interface Tag {
  readonly tagKey: string
  readonly tagValue: string
}

/** A parsed schedule: AWS 6-field `cron(min hour dom month dow year)` or `rate(n unit)`. */
export type ScheduleExpression =
  | {
      readonly _tag: "Cron"
      /** The expression as written, e.g. `cron(0 0/6 * * ? *)`. */
      readonly expression: string
      readonly minutes: string
      readonly hours: string
      readonly dayOfMonth: string
      readonly month: string
      readonly dayOfWeek: string
      readonly year: string
    }
  | {
      readonly _tag: "Rate"
      readonly expression: string
      readonly value: number
      readonly unit: "minute" | "minutes" | "hour" | "hours" | "day" | "days"
    }

export type Domain = "ECOMMERCE" | "VIDEO_ON_DEMAND"
export type DatasetType = "Interactions" | "Items" | "Users" | "Actions" | "Action_Interactions"
export type ImportMode = "FULL" | "INCREMENTAL"
export type TrainingMode = "FULL" | "UPDATE"

/** One field of an Avro record schema (flat: Personalize allows no nesting). */
export interface AvroField {
  readonly name: string
  /** A primitive type name, or a union such as `["null", "string"]`. */
  readonly type: string | ReadonlyArray<string>
  readonly categorical?: boolean
  readonly textual?: boolean
  readonly default?: unknown
}

/** A dataset's Avro schema, as an object (it is serialised to a string for CreateSchema). */
export interface AvroSchema {
  readonly type: "record"
  readonly name: string
  readonly namespace?: string
  readonly fields: ReadonlyArray<AvroField>
  readonly version?: string
}

export interface SchemaSpec {
  readonly name: string
  readonly avro: AvroSchema
  readonly domain?: Domain
}

/** A dataset import job: where the data is and how to import it; run once or on a schedule. */
export interface ImportJobSpec {
  /** The job name; when absent a unique one is generated per run (`<dataset>-import-<timestamp>`). */
  readonly name?: string
  /** `s3://bucket/prefix/` (or a local file path, which the in-memory twin reads). */
  readonly dataLocation: string
  readonly importMode: ImportMode
  readonly roleArn?: string
  readonly publishAttributionMetricsToS3?: boolean
  readonly schedule?: ScheduleExpression
  /** The MLOps solution's `"delete"` schedule value: remove an existing import schedule. */
  readonly scheduleDeleted?: boolean
  readonly tags: ReadonlyArray<Tag>
}

export interface DatasetSpec {
  readonly type: DatasetType
  readonly name: string
  readonly schema: SchemaSpec
  readonly imports: ReadonlyArray<ImportJobSpec>
  readonly tags: ReadonlyArray<Tag>
}

export interface EventTrackerSpec {
  readonly name: string
  readonly tags: ReadonlyArray<Tag>
}

export interface FilterSpec {
  readonly name: string
  readonly filterExpression: string
  readonly tags: ReadonlyArray<Tag>
}

export interface CampaignSpec {
  readonly name: string
  readonly minProvisionedTPS: number
  /**
   * The campaign monitor manages minProvisionedTPS (it steps it down on low traffic): the campaign is
   * created with `minProvisionedTPS`, and apply never changes it afterwards (nor reports it as drift).
   */
  readonly minProvisionedTPSManaged?: boolean
  /** CreateCampaign's `campaignConfig` (itemExplorationConfig, enableMetadataWithRecommendations, syncWithLatestSolutionVersion). */
  readonly campaignConfig?: { readonly [key: string]: unknown }
  readonly tags: ReadonlyArray<Tag>
}

/** A batch inference or batch segment job on a solution's latest ACTIVE version. */
export interface BatchJobSpec {
  /** The job name; when absent a unique one is generated per run. */
  readonly name?: string
  /** `s3://…` input path (JSON lines), and the output prefix. */
  readonly inputPath?: string
  readonly outputPath?: string
  readonly roleArn?: string
  readonly numResults?: number
  /** A filter of this deployment, by name. */
  readonly filterName?: string
  /** A filter by ARN (the MLOps solution's `filterArn`), when not one of this deployment's. */
  readonly filterArn?: string
  /** Extra CreateBatchInferenceJob config (`batchInferenceJobConfig`), passed through. */
  readonly jobConfig?: { readonly [key: string]: unknown }
  readonly schedule?: ScheduleExpression
  /** The MLOps solution's `"delete"` schedule value: remove an existing schedule. */
  readonly scheduleDeleted?: boolean
  /** How old the latest job may be and still count as current (MLOps `maxAge`, e.g. `"1 day"`). */
  readonly maxAge?: string
  readonly tags: ReadonlyArray<Tag>
}

export interface SolutionSpec {
  readonly name: string
  readonly recipeArn?: string
  readonly performAutoML?: boolean
  readonly performHPO?: boolean
  readonly performAutoTraining?: boolean
  readonly eventType?: string
  /** CreateSolution's `solutionConfig`, passed through. */
  readonly solutionConfig?: { readonly [key: string]: unknown }
  /** Training mode of the first solution version (FULL unless an ACTIVE FULL version exists). */
  readonly trainingMode: TrainingMode
  readonly schedules: {
    readonly full?: ScheduleExpression
    readonly update?: ScheduleExpression
    /** The MLOps solution's `"delete"` value: remove an existing FULL / UPDATE schedule. */
    readonly fullDeleted?: boolean
    readonly updateDeleted?: boolean
  }
  /** How old the latest ACTIVE version may be and still count as current (MLOps `maxAge`). */
  readonly maxAge?: string
  readonly campaigns: ReadonlyArray<CampaignSpec>
  readonly batchInferenceJobs: ReadonlyArray<BatchJobSpec>
  readonly batchSegmentJobs: ReadonlyArray<BatchJobSpec>
  readonly tags: ReadonlyArray<Tag>
  readonly versionTags: ReadonlyArray<Tag>
}

export interface RecommenderSpec {
  readonly name: string
  readonly recipeArn: string
  /** CreateRecommender's `recommenderConfig` (minRecommendationRequestsPerSecond, …), passed through. */
  readonly recommenderConfig?: { readonly [key: string]: unknown }
  readonly tags: ReadonlyArray<Tag>
}

export interface DatasetGroupSpec {
  readonly name: string
  readonly domain?: Domain
  readonly roleArn?: string
  readonly kmsKeyArn?: string
  /** How old the latest import may be and still count as current (MLOps `maxAge`). */
  readonly maxAge?: string
  /** IANA time zone every cron of the deployment is evaluated in (UTC when absent). */
  readonly scheduleTimezone?: string
  readonly tags: ReadonlyArray<Tag>
}

/** A whole deployment: one dataset group and everything in it. */
export interface Deployment {
  readonly format: ConfigFormat
  readonly datasetGroup: DatasetGroupSpec
  readonly datasets: ReadonlyArray<DatasetSpec>
  readonly eventTracker?: EventTrackerSpec
  readonly filters: ReadonlyArray<FilterSpec>
  readonly solutions: ReadonlyArray<SolutionSpec>
  readonly recommenders: ReadonlyArray<RecommenderSpec>
  /** Default role for import and batch jobs (`ROLE_ARN` in the MLOps solution). */
  readonly roleArn?: string
}
