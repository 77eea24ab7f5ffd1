import { Schema } from "effect"
import type { ConfigPath } from "../ConfigPath.ts"
import { AvroSchemaDocument, checkDatasetSchema, toAvroSchema } from "../checkDatasetSchema.ts"
import { datasetTypes } from "../DatasetSchemaRules.ts"
import type { BatchJobSpec, DatasetType, Domain, ImportJobSpec, Tag } from "../Deployment.ts"
import { type Draft, emptyDraft, type LocatedSolution } from "../Draft.ts"
import { decodeEach, type IssueCollector, readArray, readObject } from "../IssueCollector.ts"
import {
  ConfigObject,
  DataLocation,
  FilterArn,
  FilterExpression,
  KmsKeyArn,
  mergeTags,
  PositiveInt,
  RecipeArn,
  ResourceName,
  RoleArn,
  ScheduleText,
  scheduleOf,
  Tags,
  TimeZoneText,
  TransactionsPerSecond
} from "../ResourceFields.ts"

/** The marker that identifies our own format. */
export const personalizeOpsFormatVersion = "personalize-ops/v1"

const opt = Schema.optionalKey
const Domains = Schema.Literals(["ECOMMERCE", "VIDEO_ON_DEMAND"])

const DatasetGroupDocument = Schema.Struct({
  name: ResourceName,
  domain: opt(Domains),
  roleArn: opt(RoleArn),
  kmsKeyArn: opt(KmsKeyArn),
  maxAge: opt(Schema.String),
  scheduleTimezone: opt(TimeZoneText),
  tags: opt(Tags)
})

const ImportJobDocument = Schema.Struct({
  name: opt(ResourceName),
  dataLocation: DataLocation,
  importMode: opt(Schema.Literals(["FULL", "INCREMENTAL"])),
  roleArn: opt(RoleArn),
  publishAttributionMetricsToS3: opt(Schema.Boolean),
  schedule: opt(ScheduleText),
  tags: opt(Tags)
})

const DatasetDocument = Schema.Struct({
  name: ResourceName,
  schemaName: opt(ResourceName),
  schema: Schema.Unknown,
  imports: opt(Schema.Unknown),
  tags: opt(Tags)
})

const NamedDocument = Schema.Struct({ name: ResourceName, tags: opt(Tags) })

const FilterDocument = Schema.Struct({ name: ResourceName, filterExpression: FilterExpression, tags: opt(Tags) })

const SolutionDocument = Schema.Struct({
  name: ResourceName,
  recipeArn: opt(RecipeArn),
  performAutoML: opt(Schema.Boolean),
  performHPO: opt(Schema.Boolean),
  performAutoTraining: opt(Schema.Boolean),
  maxAge: opt(Schema.String),
  eventType: opt(Schema.String),
  solutionConfig: opt(ConfigObject),
  // Decoded on their own (below), so a bad schedule does not hide the solution from the cross-resource rules.
  solutionVersion: opt(Schema.Unknown),
  schedules: opt(Schema.Unknown),
  tags: opt(Tags),
  campaigns: opt(Schema.Unknown),
  batchInferenceJobs: opt(Schema.Unknown),
  batchSegmentJobs: opt(Schema.Unknown)
})

const SolutionVersionDocument = Schema.Struct({
  trainingMode: opt(Schema.Literals(["FULL", "UPDATE"])),
  tags: opt(Tags)
})
const SolutionSchedulesDocument = Schema.Struct({ full: opt(ScheduleText), update: opt(ScheduleText) })

const CampaignDocument = Schema.Struct({
  name: ResourceName,
  minProvisionedTPS: opt(TransactionsPerSecond),
  minProvisionedTPSManaged: opt(Schema.Boolean),
  campaignConfig: opt(ConfigObject),
  tags: opt(Tags)
})

const batchJobFields = {
  name: opt(ResourceName),
  inputPath: DataLocation,
  outputPath: DataLocation,
  roleArn: opt(RoleArn),
  numResults: opt(PositiveInt),
  filterName: opt(ResourceName),
  filterArn: opt(FilterArn),
  maxAge: opt(Schema.String),
  schedule: opt(ScheduleText),
  tags: opt(Tags)
}
const BatchInferenceJobDocument = Schema.Struct({
  ...batchJobFields,
  batchInferenceJobConfig: opt(ConfigObject)
})
const BatchSegmentJobDocument = Schema.Struct(batchJobFields)

const RecommenderDocument = Schema.Struct({
  name: ResourceName,
  recipeArn: RecipeArn,
  recommenderConfig: opt(ConfigObject),
  tags: opt(Tags)
})

const rootKeys = {
  format: "required",
  tags: "optional",
  roleArn: "optional",
  datasetGroup: "required",
  datasets: "optional",
  eventTracker: "optional",
  filters: "optional",
  solutions: "optional",
  recommenders: "optional"
} as const

const datasetKeys = Object.fromEntries(datasetTypes.map((t) => [t, "optional"])) as Record<DatasetType, "optional">

/** Decodes a dataset's Avro schema and checks it against the rules of its type. */
export const decodeDatasetSchema = (
  c: IssueCollector,
  input: unknown,
  path: ConfigPath,
  type: DatasetType,
  domain: Domain | undefined
) => {
  const avro = c.decode(AvroSchemaDocument, input, path)
  if (avro === undefined) return undefined
  const problems = checkDatasetSchema(avro, type, domain)
  for (const p of problems) c.add([...path, ...p.path], p.message)
  return problems.length === 0 ? toAvroSchema(avro) : undefined
}

const batchJob = (
  doc: typeof BatchSegmentJobDocument.Type & { readonly batchInferenceJobConfig?: { readonly [k: string]: unknown } },
  defaults: ReadonlyArray<Tag>
): BatchJobSpec => {
  const schedule = scheduleOf(doc.schedule)
  return {
    ...(doc.name === undefined ? {} : { name: doc.name }),
    inputPath: doc.inputPath,
    outputPath: doc.outputPath,
    ...(doc.roleArn === undefined ? {} : { roleArn: doc.roleArn }),
    ...(doc.numResults === undefined ? {} : { numResults: doc.numResults }),
    ...(doc.filterName === undefined ? {} : { filterName: doc.filterName }),
    ...(doc.filterArn === undefined ? {} : { filterArn: doc.filterArn }),
    ...(doc.maxAge === undefined ? {} : { maxAge: doc.maxAge }),
    ...(doc.batchInferenceJobConfig === undefined ? {} : { jobConfig: doc.batchInferenceJobConfig }),
    ...(schedule === undefined ? {} : { schedule }),
    tags: mergeTags(defaults, doc.tags)
  }
}

type Defaults = ReadonlyArray<Tag>

/** One dataset's import jobs; `ok` is false when one of them does not decode. */
const decodeImports = (c: IssueCollector, input: unknown, at: ConfigPath, defaults: Defaults) => {
  const imports: Array<{ spec: ImportJobSpec; at: ConfigPath }> = []
  let ok = true
  for (const [element, jobAt] of readArray(c, input, at)) {
    const job = c.decode(ImportJobDocument, element, jobAt)
    if (job === undefined) {
      ok = false
      continue
    }
    const schedule = scheduleOf(job.schedule)
    const { tags, schedule: _schedule, importMode, ...rest } = job
    imports.push({
      spec: {
        ...rest,
        importMode: importMode ?? "FULL",
        ...(schedule === undefined ? {} : { schedule }),
        tags: mergeTags(defaults, tags)
      },
      at: jobAt
    })
  }
  return { imports, ok }
}

/** The users / items / interactions datasets, each with its schema and imports. */
const decodeDatasets = (
  c: IssueCollector,
  root: Record<string, unknown>,
  defaults: Defaults,
  domain: Domain | undefined,
  draft: Draft
): void => {
  const datasets =
    root["datasets"] === undefined ? undefined : readObject(c, root["datasets"], ["datasets"], datasetKeys)
  if (root["datasets"] !== undefined && datasets === undefined) draft.datasetsIncomplete = true
  for (const type of datasetTypes) {
    const raw = datasets?.[type]
    if (raw === undefined) continue
    const at = ["datasets", type]
    const doc = c.decode(DatasetDocument, raw, at)
    const avro =
      raw !== null && typeof raw === "object" && "schema" in raw
        ? decodeDatasetSchema(c, (raw as { schema: unknown }).schema, [...at, "schema"], type, domain)
        : undefined
    const { imports, ok } = decodeImports(c, doc?.imports, [...at, "imports"], defaults)
    if (doc === undefined || avro === undefined || !ok) {
      draft.datasetsIncomplete = true
      continue
    }
    const schemaName = doc.schemaName ?? `${doc.name}-schema`
    draft.datasets.push({
      spec: {
        type,
        name: doc.name,
        schema: { name: schemaName, avro, ...(domain === undefined ? {} : { domain }) },
        imports: imports.map((i) => i.spec),
        tags: mergeTags(defaults, doc.tags)
      },
      at,
      nameAt: [...at, "name"],
      schemaNameAt: doc.schemaName === undefined ? [...at, "name"] : [...at, "schemaName"],
      imports: imports.map((i) => ({ at: i.at }))
    })
  }
}

/** The event tracker and the filters. */
const decodeTrackerAndFilters = (
  c: IssueCollector,
  root: Record<string, unknown>,
  defaults: Defaults,
  draft: Draft
): void => {
  if (root["eventTracker"] !== undefined) {
    const tracker = c.decode(NamedDocument, root["eventTracker"], ["eventTracker"])
    if (tracker !== undefined)
      draft.eventTracker = {
        spec: { name: tracker.name, tags: mergeTags(defaults, tracker.tags) },
        at: ["eventTracker"]
      }
  }
  for (const [element, at] of readArray(c, root["filters"], ["filters"])) {
    const filter = c.decode(FilterDocument, element, at)
    if (filter === undefined) {
      draft.filtersIncomplete = true
      continue
    }
    draft.filters.push({ spec: { ...filter, tags: mergeTags(defaults, filter.tags) }, at, nameAt: [...at, "name"] })
  }
  if (root["filters"] !== undefined && !Array.isArray(root["filters"])) draft.filtersIncomplete = true
}

const campaignSpec = (campaign: typeof CampaignDocument.Type, defaults: Defaults) => ({
  name: campaign.name,
  minProvisionedTPS: campaign.minProvisionedTPS ?? 1,
  ...(campaign.minProvisionedTPSManaged === undefined
    ? {}
    : { minProvisionedTPSManaged: campaign.minProvisionedTPSManaged }),
  ...(campaign.campaignConfig === undefined ? {} : { campaignConfig: campaign.campaignConfig }),
  tags: mergeTags(defaults, campaign.tags)
})

/** A batch job's place and the filter it names. */
const jobLocation = (x: { readonly at: ConfigPath }) => ({ at: x.at, filterAt: [...x.at, "filterName"] })

/** One solution with its version, schedules, campaigns and batch jobs; undefined when its own fields do not decode. */
const decodeSolution = (
  c: IssueCollector,
  element: unknown,
  at: ConfigPath,
  defaults: Defaults
): LocatedSolution | undefined => {
  const doc = c.decode(SolutionDocument, element, at)
  // Children are read from the raw element, so a bad solution field does not hide their issues.
  const raw = (typeof element === "object" && element !== null ? element : {}) as Record<string, unknown>
  const version =
    raw["solutionVersion"] === undefined
      ? undefined
      : c.decode(SolutionVersionDocument, raw["solutionVersion"], [...at, "solutionVersion"])
  const schedules =
    raw["schedules"] === undefined
      ? undefined
      : c.decode(SolutionSchedulesDocument, raw["schedules"], [...at, "schedules"])
  const campaigns = decodeEach(c, CampaignDocument, raw["campaigns"], [...at, "campaigns"])
  const inference = decodeEach(c, BatchInferenceJobDocument, raw["batchInferenceJobs"], [...at, "batchInferenceJobs"])
  const segment = decodeEach(c, BatchSegmentJobDocument, raw["batchSegmentJobs"], [...at, "batchSegmentJobs"])
  if (doc === undefined) return undefined
  const full = scheduleOf(schedules?.full)
  const update = scheduleOf(schedules?.update)
  return {
    spec: {
      name: doc.name,
      ...(doc.recipeArn === undefined ? {} : { recipeArn: doc.recipeArn }),
      ...(doc.performAutoML === undefined ? {} : { performAutoML: doc.performAutoML }),
      ...(doc.performHPO === undefined ? {} : { performHPO: doc.performHPO }),
      ...(doc.performAutoTraining === undefined ? {} : { performAutoTraining: doc.performAutoTraining }),
      ...(doc.maxAge === undefined ? {} : { maxAge: doc.maxAge }),
      ...(doc.eventType === undefined ? {} : { eventType: doc.eventType }),
      ...(doc.solutionConfig === undefined ? {} : { solutionConfig: doc.solutionConfig }),
      trainingMode: version?.trainingMode ?? "FULL",
      schedules: { ...(full === undefined ? {} : { full }), ...(update === undefined ? {} : { update }) },
      campaigns: campaigns.map((x) => campaignSpec(x.doc, defaults)),
      batchInferenceJobs: inference.map((x) => batchJob(x.doc, defaults)),
      batchSegmentJobs: segment.map((x) => batchJob(x.doc, defaults)),
      tags: mergeTags(defaults, doc.tags),
      versionTags: mergeTags(defaults, version?.tags)
    },
    at,
    nameAt: [...at, "name"],
    recipeAt: [...at, "recipeArn"],
    trainingModeAt: [...at, "solutionVersion", "trainingMode"],
    updateScheduleAt: [...at, "schedules", "update"],
    campaigns: campaigns.map((x) => ({ nameAt: [...x.at, "name"], at: x.at })),
    batchInferenceJobs: inference.map(jobLocation),
    batchSegmentJobs: segment.map(jobLocation)
  }
}

/** Decodes our own format (`"format": "personalize-ops/v1"`) into a draft, recording every issue. */
export const decodePersonalizeOps = (input: unknown, c: IssueCollector): Draft => {
  const draft = emptyDraft("personalize-ops", ["datasets"])
  const root = readObject(c, input, [], rootKeys)
  if (root === undefined) return draft
  if (root["format"] !== undefined && root["format"] !== personalizeOpsFormatVersion)
    c.add(
      ["format"],
      `unsupported format "${String(root["format"])}": this version reads "${personalizeOpsFormatVersion}"`
    )
  const defaults = (root["tags"] === undefined ? undefined : c.decode(Tags, root["tags"], ["tags"])) ?? []
  const roleArn = root["roleArn"] === undefined ? undefined : c.decode(RoleArn, root["roleArn"], ["roleArn"])
  if (roleArn !== undefined) draft.roleArn = roleArn

  const dsg =
    root["datasetGroup"] === undefined
      ? undefined
      : c.decode(DatasetGroupDocument, root["datasetGroup"], ["datasetGroup"])
  if (dsg !== undefined) {
    const { tags, ...rest } = dsg
    draft.datasetGroup = { spec: { ...rest, tags: mergeTags(defaults, tags) }, at: ["datasetGroup"] }
  }
  decodeDatasets(c, root, defaults, dsg?.domain, draft)
  decodeTrackerAndFilters(c, root, defaults, draft)
  for (const [element, at] of readArray(c, root["solutions"], ["solutions"])) {
    const located = decodeSolution(c, element, at, defaults)
    if (located !== undefined) draft.solutions.push(located)
  }
  for (const [element, at] of readArray(c, root["recommenders"], ["recommenders"])) {
    const doc = c.decode(RecommenderDocument, element, at)
    if (doc !== undefined)
      draft.recommenders.push({ spec: { ...doc, tags: mergeTags(defaults, doc.tags) }, at, nameAt: [...at, "name"] })
  }
  return draft
}
