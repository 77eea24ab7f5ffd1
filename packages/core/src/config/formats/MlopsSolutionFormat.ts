import { Schema } from "effect"
import type { ConfigPath } from "../ConfigPath.ts"
import type { BatchJobSpec, DatasetType, Tag } from "../Deployment.ts"
import { type Draft, emptyDraft, type LocatedSolution } from "../Draft.ts"
import { decodeEach, type IssueCollector, readArray, readObject } from "../IssueCollector.ts"
import {
  ConfigObject,
  CronOrDelete,
  FilterArn,
  FilterExpression,
  mergeTags,
  PositiveInt,
  RecipeArn,
  ResourceName,
  scheduleOf,
  Tags,
  TransactionsPerSecond
} from "../ResourceFields.ts"
import { decodeDatasetSchema } from "./PersonalizeOpsFormat.ts"

/**
 * The MLOps solution's config (`serviceConfig` / `workflowConfig`; seeds-anchors §2.2). Its quirks:
 * lower-case dataset keys and Avro record names, `"delete"` as a schedule value, `maxAge`, batch jobs
 * with an empty serviceConfig (names generated per run), the role from the stack (`ROLE_ARN`), and
 * data in the bucket's `train/<dataset group>/<type>/` prefix (or `<type>.csv`).
 */

/** Stands for the bucket the config was uploaded to; the S3 trigger substitutes it. */
export const bucketPlaceholder = "{bucket}"

const opt = Schema.optionalKey
const Domains = Schema.Literals(["ECOMMERCE", "VIDEO_ON_DEMAND"])

const DatasetGroupDocument = Schema.Struct({
  serviceConfig: Schema.Struct({ name: ResourceName, domain: opt(Domains), tags: opt(Tags) }),
  workflowConfig: opt(
    Schema.Struct({ schedules: opt(Schema.Struct({ import: opt(CronOrDelete) })), maxAge: opt(Schema.String) })
  )
})
const DatasetsServiceConfig = Schema.Struct({
  importMode: opt(Schema.Literals(["FULL", "INCREMENTAL"])),
  publishAttributionMetricsToS3: opt(Schema.Boolean),
  tags: opt(Tags)
})
const DatasetEntry = Schema.Struct({
  dataset: Schema.Struct({ serviceConfig: Schema.Struct({ name: ResourceName, tags: opt(Tags) }) }),
  schema: Schema.Struct({
    serviceConfig: Schema.Struct({ name: ResourceName, schema: Schema.Unknown, domain: opt(Domains) })
  })
})
const Named = Schema.Struct({ serviceConfig: Schema.Struct({ name: ResourceName, tags: opt(Tags) }) })
const FilterEntry = Schema.Struct({
  serviceConfig: Schema.Struct({ name: ResourceName, filterExpression: FilterExpression, tags: opt(Tags) })
})
const RecommenderEntry = Schema.Struct({
  serviceConfig: Schema.Struct({
    name: ResourceName,
    recipeArn: RecipeArn,
    recommenderConfig: opt(ConfigObject),
    tags: opt(Tags)
  })
})
const SolutionEntry = Schema.Struct({
  serviceConfig: Schema.Struct({
    name: ResourceName,
    recipeArn: opt(RecipeArn),
    performAutoML: opt(Schema.Boolean),
    performHPO: opt(Schema.Boolean),
    performAutoTraining: opt(Schema.Boolean),
    eventType: opt(Schema.String),
    solutionConfig: opt(ConfigObject),
    tags: opt(Tags),
    solutionVersion: opt(Schema.Struct({ trainingMode: opt(Schema.Literals(["FULL", "UPDATE"])), tags: opt(Tags) }))
  }),
  // Decoded on its own (below), so a bad schedule does not hide the solution from the cross-resource rules.
  workflowConfig: opt(Schema.Unknown),
  campaigns: opt(Schema.Unknown),
  batchInferenceJobs: opt(Schema.Unknown),
  batchSegmentJobs: opt(Schema.Unknown)
})
const SolutionWorkflow = Schema.Struct({
  schedules: opt(Schema.Struct({ full: opt(CronOrDelete), update: opt(CronOrDelete) })),
  maxAge: opt(Schema.String)
})
const CampaignEntry = Schema.Struct({
  serviceConfig: Schema.Struct({
    name: ResourceName,
    minProvisionedTPS: opt(TransactionsPerSecond),
    campaignConfig: opt(ConfigObject),
    tags: opt(Tags)
  })
})
const batchServiceFields = { numResults: opt(PositiveInt), filterArn: opt(FilterArn), tags: opt(Tags) }
const batchWorkflow = opt(Schema.Struct({ schedule: opt(CronOrDelete), maxAge: opt(Schema.String) }))
const BatchInferenceEntry = Schema.Struct({
  serviceConfig: Schema.Struct({ ...batchServiceFields, batchInferenceJobConfig: opt(ConfigObject) }),
  workflowConfig: batchWorkflow
})
const BatchSegmentEntry = Schema.Struct({
  serviceConfig: Schema.Struct(batchServiceFields),
  workflowConfig: batchWorkflow
})

const datasetKeys: ReadonlyArray<readonly [string, DatasetType]> = [
  ["interactions", "Interactions"],
  ["items", "Items"],
  ["users", "Users"]
]

const batchJob = (
  job: typeof BatchSegmentEntry.Type & {
    readonly serviceConfig: { readonly batchInferenceJobConfig?: { readonly [k: string]: unknown } }
  },
  base: string,
  defaults: ReadonlyArray<Tag>
): BatchJobSpec => {
  const { numResults, filterArn, batchInferenceJobConfig, tags } = job.serviceConfig
  const scheduleText = job.workflowConfig?.schedule
  const schedule = scheduleOf(scheduleText)
  return {
    // Inference and segment jobs share the one input file in the MLOps layout.
    inputPath: `${base}job_config.json`,
    outputPath: base,
    ...(numResults === undefined ? {} : { numResults }),
    ...(filterArn === undefined ? {} : { filterArn }),
    ...(batchInferenceJobConfig === undefined ? {} : { jobConfig: batchInferenceJobConfig }),
    ...(schedule === undefined ? {} : { schedule }),
    ...(scheduleText === "delete" ? { scheduleDeleted: true } : {}),
    ...(job.workflowConfig?.maxAge === undefined ? {} : { maxAge: job.workflowConfig.maxAge }),
    tags: mergeTags(defaults, tags)
  }
}

type Defaults = ReadonlyArray<Tag>
type DatasetGroupDoc = typeof DatasetGroupDocument.Type

/** The dataset group: its spec in the draft; the decoded document (for the parts the datasets and jobs read). */
const decodeDatasetGroup = (
  c: IssueCollector,
  root: Record<string, unknown>,
  defaults: Defaults,
  draft: Draft
): DatasetGroupDoc | undefined => {
  const dsg =
    root["datasetGroup"] === undefined
      ? undefined
      : c.decode(DatasetGroupDocument, root["datasetGroup"], ["datasetGroup"])
  if (dsg === undefined) return undefined
  const { name, domain, tags } = dsg.serviceConfig
  const maxAge = dsg.workflowConfig?.maxAge
  draft.datasetGroup = {
    spec: {
      name,
      ...(domain === undefined ? {} : { domain }),
      ...(maxAge === undefined ? {} : { maxAge }),
      tags: mergeTags(defaults, tags)
    },
    at: ["datasetGroup", "serviceConfig"]
  }
  return dsg
}

/** The users / items / interactions datasets, each with its schema and its one import. */
const decodeDatasets = (
  c: IssueCollector,
  root: Record<string, unknown>,
  defaults: Defaults,
  dsg: DatasetGroupDoc | undefined,
  draft: Draft
): void => {
  const domain = dsg?.serviceConfig.domain
  const importText = dsg?.workflowConfig?.schedules?.import
  const importSchedule = scheduleOf(importText)
  const dsgName = dsg?.serviceConfig.name ?? "dataset-group"
  const datasets =
    root["datasets"] === undefined
      ? undefined
      : readObject(c, root["datasets"], ["datasets"], {
          serviceConfig: "optional",
          users: "optional",
          items: "optional",
          interactions: "optional"
        })
  if (root["datasets"] !== undefined && datasets === undefined) draft.datasetsIncomplete = true
  const common =
    datasets?.["serviceConfig"] === undefined
      ? {}
      : (c.decode(DatasetsServiceConfig, datasets["serviceConfig"], ["datasets", "serviceConfig"]) ?? {})
  for (const [key, type] of datasetKeys) {
    const raw = datasets?.[key]
    if (raw === undefined) continue
    const at = ["datasets", key]
    const entry = c.decode(DatasetEntry, raw, at)
    const schemaAt: ConfigPath = [...at, "schema", "serviceConfig", "schema"]
    const rawSchema = (raw as { schema?: { serviceConfig?: { schema?: unknown } } } | null)?.schema?.serviceConfig
      ?.schema
    const avro = rawSchema === undefined ? undefined : decodeDatasetSchema(c, rawSchema, schemaAt, type, domain)
    if (entry === undefined || avro === undefined) {
      draft.datasetsIncomplete = true
      continue
    }
    const schemaDomain = entry.schema.serviceConfig.domain ?? domain
    draft.datasets.push({
      spec: {
        type,
        name: entry.dataset.serviceConfig.name,
        schema: {
          name: entry.schema.serviceConfig.name,
          avro,
          ...(schemaDomain === undefined ? {} : { domain: schemaDomain })
        },
        imports: [
          {
            dataLocation: `s3://${bucketPlaceholder}/train/${dsgName}/${key}/`,
            importMode: common.importMode ?? "FULL",
            ...(common.publishAttributionMetricsToS3 === undefined
              ? {}
              : { publishAttributionMetricsToS3: common.publishAttributionMetricsToS3 }),
            ...(importSchedule === undefined ? {} : { schedule: importSchedule }),
            ...(importText === "delete" ? { scheduleDeleted: true } : {}),
            tags: mergeTags(defaults, common.tags)
          }
        ],
        tags: mergeTags(defaults, entry.dataset.serviceConfig.tags)
      },
      at,
      nameAt: [...at, "dataset", "serviceConfig", "name"],
      schemaNameAt: [...at, "schema", "serviceConfig", "name"],
      imports: [{ at: ["datasetGroup", "workflowConfig", "schedules", "import"] }]
    })
  }
}

/** The event tracker, the filters and the recommenders: each a named service config with tags. */
const decodeNamedResources = (
  c: IssueCollector,
  root: Record<string, unknown>,
  defaults: Defaults,
  draft: Draft
): void => {
  if (root["eventTracker"] !== undefined) {
    const tracker = c.decode(Named, root["eventTracker"], ["eventTracker"])
    if (tracker !== undefined)
      draft.eventTracker = {
        spec: { name: tracker.serviceConfig.name, tags: mergeTags(defaults, tracker.serviceConfig.tags) },
        at: ["eventTracker", "serviceConfig"]
      }
  }
  for (const [element, at] of readArray(c, root["filters"], ["filters"])) {
    const filter = c.decode(FilterEntry, element, at)
    if (filter === undefined) {
      draft.filtersIncomplete = true
      continue
    }
    const { tags, ...rest } = filter.serviceConfig
    draft.filters.push({
      spec: { ...rest, tags: mergeTags(defaults, tags) },
      at,
      nameAt: [...at, "serviceConfig", "name"]
    })
  }
  for (const [element, at] of readArray(c, root["recommenders"], ["recommenders"])) {
    const doc = c.decode(RecommenderEntry, element, at)
    if (doc === undefined) continue
    const { tags, ...rest } = doc.serviceConfig
    draft.recommenders.push({
      spec: { ...rest, tags: mergeTags(defaults, tags) },
      at,
      nameAt: [...at, "serviceConfig", "name"]
    })
  }
}

type CampaignDoc = typeof CampaignEntry.Type

const campaignSpec = (campaign: CampaignDoc, defaults: Defaults) => {
  const { name, minProvisionedTPS, campaignConfig, tags } = campaign.serviceConfig
  return {
    name,
    minProvisionedTPS: minProvisionedTPS ?? 1,
    ...(campaignConfig === undefined ? {} : { campaignConfig }),
    tags: mergeTags(defaults, tags)
  }
}

/** A batch job's place and the filter it names (which may be outside this config, so it is not a reference). */
const jobLocation = (x: { readonly at: ConfigPath }) => ({
  at: x.at,
  filterAt: [...x.at, "serviceConfig", "filterArn"]
})

/** One solution with its schedules, campaigns and batch jobs; undefined when its own fields do not decode. */
const decodeSolution = (
  c: IssueCollector,
  element: unknown,
  at: ConfigPath,
  defaults: Defaults,
  dsgName: string
): LocatedSolution | undefined => {
  const doc = c.decode(SolutionEntry, element, at)
  // Children are read from the raw element, so a bad solution field does not hide their issues.
  const raw = (typeof element === "object" && element !== null ? element : {}) as Record<string, unknown>
  const workflow =
    raw["workflowConfig"] === undefined
      ? undefined
      : c.decode(SolutionWorkflow, raw["workflowConfig"], [...at, "workflowConfig"])
  const campaigns = decodeEach(c, CampaignEntry, raw["campaigns"], [...at, "campaigns"])
  const inference = decodeEach(c, BatchInferenceEntry, raw["batchInferenceJobs"], [...at, "batchInferenceJobs"])
  const segment = decodeEach(c, BatchSegmentEntry, raw["batchSegmentJobs"], [...at, "batchSegmentJobs"])
  if (doc === undefined) return undefined
  const s = doc.serviceConfig
  const schedules = workflow?.schedules
  const full = scheduleOf(schedules?.full)
  const update = scheduleOf(schedules?.update)
  const base = `s3://${bucketPlaceholder}/batch/${dsgName}/${s.name}/`
  return {
    spec: {
      name: s.name,
      ...(s.recipeArn === undefined ? {} : { recipeArn: s.recipeArn }),
      ...(s.performAutoML === undefined ? {} : { performAutoML: s.performAutoML }),
      ...(s.performHPO === undefined ? {} : { performHPO: s.performHPO }),
      ...(s.performAutoTraining === undefined ? {} : { performAutoTraining: s.performAutoTraining }),
      ...(s.eventType === undefined ? {} : { eventType: s.eventType }),
      ...(s.solutionConfig === undefined ? {} : { solutionConfig: s.solutionConfig }),
      trainingMode: s.solutionVersion?.trainingMode ?? "FULL",
      schedules: {
        ...(full === undefined ? {} : { full }),
        ...(update === undefined ? {} : { update }),
        ...(schedules?.full === "delete" ? { fullDeleted: true } : {}),
        ...(schedules?.update === "delete" ? { updateDeleted: true } : {})
      },
      ...(workflow?.maxAge === undefined ? {} : { maxAge: workflow.maxAge }),
      campaigns: campaigns.map((x) => campaignSpec(x.doc, defaults)),
      batchInferenceJobs: inference.map((x) => batchJob(x.doc, base, defaults)),
      batchSegmentJobs: segment.map((x) => batchJob(x.doc, base, defaults)),
      tags: mergeTags(defaults, s.tags),
      versionTags: mergeTags(defaults, s.solutionVersion?.tags)
    },
    at,
    nameAt: [...at, "serviceConfig", "name"],
    recipeAt: [...at, "serviceConfig", "recipeArn"],
    trainingModeAt: [...at, "serviceConfig", "solutionVersion", "trainingMode"],
    updateScheduleAt: [...at, "workflowConfig", "schedules", "update"],
    campaigns: campaigns.map((x) => ({ nameAt: [...x.at, "serviceConfig", "name"], at: x.at })),
    batchInferenceJobs: inference.map(jobLocation),
    batchSegmentJobs: segment.map(jobLocation)
  }
}

/** Decodes an MLOps solution config into a draft, recording every issue. */
export const decodeMlopsSolution = (input: unknown, c: IssueCollector): Draft => {
  const draft = emptyDraft("mlops-solution", ["datasets"])
  const root = readObject(c, input, [], {
    tags: "optional",
    datasetGroup: "required",
    datasets: "optional",
    eventTracker: "optional",
    filters: "optional",
    recommenders: "optional",
    solutions: "optional"
  })
  if (root === undefined) return draft
  const defaults = (root["tags"] === undefined ? undefined : c.decode(Tags, root["tags"], ["tags"])) ?? []
  const dsg = decodeDatasetGroup(c, root, defaults, draft)
  decodeDatasets(c, root, defaults, dsg, draft)
  decodeNamedResources(c, root, defaults, draft)
  const dsgName = dsg?.serviceConfig.name ?? "dataset-group"
  for (const [element, at] of readArray(c, root["solutions"], ["solutions"])) {
    const located = decodeSolution(c, element, at, defaults, dsgName)
    if (located !== undefined) draft.solutions.push(located)
  }
  return draft
}
