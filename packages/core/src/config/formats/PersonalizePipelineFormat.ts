import { Schema } from "effect"
import type { ConfigPath } from "../ConfigPath.ts"
import type { DatasetType, Domain } from "../Deployment.ts"
import { type Draft, emptyDraft, type LocatedSolution } from "../Draft.ts"
import { type IssueCollector, readArray, readObject } from "../IssueCollector.ts"
import {
  FilterExpression,
  KmsKeyArn,
  RecipeArn,
  ResourceName,
  RoleArn,
  Tags,
  TransactionsPerSecond
} from "../ResourceFields.ts"
import { bucketPlaceholder } from "./MlopsSolutionFormat.ts"
import { decodeDatasetSchema } from "./PersonalizeOpsFormat.ts"

/**
 * The personalize-pipeline `params.json` (seeds-anchors §5.1). v1 has one `solution` and one
 * `campaign`; v2 has fixed slots `solutions.{userPersonalization,sims,personalizedRanking}` and
 * `campaigns.{<slot>Campaign}`, plus `eventTracker` and `filters`. The pipeline imports each dataset
 * from the `<Type>/` folder of its input bucket, so every dataset gets one FULL import job from
 * `s3://{bucket}/<Type>/` (the S3 trigger substitutes the bucket). The Avro `name` is reused as the
 * schema name, as the pipeline does.
 */

const opt = Schema.optionalKey

const DatasetGroupDocument = Schema.Struct({
  name: ResourceName,
  roleArn: opt(RoleArn),
  kmsKeyArn: opt(KmsKeyArn),
  domain: opt(Schema.Literals(["ECOMMERCE", "VIDEO_ON_DEMAND"])),
  tags: opt(Tags)
})
const DatasetDocument = Schema.Struct({ name: ResourceName, schema: Schema.Unknown, tags: opt(Tags) })
const SolutionDocument = Schema.Struct({
  name: ResourceName,
  recipeArn: opt(RecipeArn),
  performAutoML: opt(Schema.Boolean),
  performHPO: opt(Schema.Boolean),
  performAutoTraining: opt(Schema.Boolean),
  eventType: opt(Schema.String),
  solutionConfig: opt(Schema.Record(Schema.String, Schema.Unknown)),
  tags: opt(Tags)
})
// Each section takes the parameters of the boto3 call it mirrors (CreateCampaign, CreateEventTracker, …).
const CampaignDocument = Schema.Struct({
  name: ResourceName,
  minProvisionedTPS: opt(TransactionsPerSecond),
  campaignConfig: opt(Schema.Record(Schema.String, Schema.Unknown)),
  tags: opt(Tags)
})
const Named = Schema.Struct({ name: ResourceName, tags: opt(Tags) })
const FilterDocument = Schema.Struct({ name: ResourceName, filterExpression: FilterExpression, tags: opt(Tags) })

/** v2's fixed solution slots and the campaign slot that serves each. */
export const pipelineSlots = [
  { solution: "userPersonalization", campaign: "userPersonalizationCampaign" },
  { solution: "sims", campaign: "simsCampaign" },
  { solution: "personalizedRanking", campaign: "personalizedRankingCampaign" }
] as const

// The same order as every other format (Config.datasetTypes), so deployments compare equal.
const datasetTypes: ReadonlyArray<DatasetType> = ["Interactions", "Items", "Users"]

/** The Interactions / Items / Users datasets, each with its schema and one full import from its folder. */
const decodeDatasets = (
  c: IssueCollector,
  root: Record<string, unknown>,
  domain: Domain | undefined,
  draft: Draft
): void => {
  const datasets =
    root["datasets"] === undefined
      ? undefined
      : readObject(c, root["datasets"], ["datasets"], {
          Interactions: "optional",
          Users: "optional",
          Items: "optional"
        })
  if (datasets === undefined) draft.datasetsIncomplete = true
  for (const type of datasetTypes) {
    const raw = datasets?.[type]
    if (raw === undefined) continue
    const at = ["datasets", type]
    const doc = c.decode(DatasetDocument, raw, at)
    const rawSchema = (raw as { schema?: unknown } | null)?.schema
    const avro =
      rawSchema === undefined ? undefined : decodeDatasetSchema(c, rawSchema, [...at, "schema"], type, domain)
    if (doc === undefined || avro === undefined) {
      draft.datasetsIncomplete = true
      continue
    }
    draft.datasets.push({
      spec: {
        type,
        name: doc.name,
        schema: { name: avro.name, avro, ...(domain === undefined ? {} : { domain }) },
        imports: [{ dataLocation: `s3://${bucketPlaceholder}/${type}/`, importMode: "FULL", tags: [] }],
        tags: doc.tags ?? []
      },
      at,
      nameAt: [...at, "name"],
      schemaNameAt: [...at, "schema", "name"],
      imports: [{ at }]
    })
  }
}

/** A solution document and the campaign serving it, with where each sits. */
interface SolutionPair {
  readonly solution: unknown
  readonly solutionAt: ConfigPath
  readonly campaign: unknown
  readonly campaignAt: ConfigPath
}

/** v2's slots: each configured solution slot with its campaign slot; a campaign without its solution is an issue. */
const slotPairs = (c: IssueCollector, root: Record<string, unknown>): Array<SolutionPair> => {
  const slotsOf = (key: "solutions" | "campaigns", names: ReadonlyArray<string>) =>
    root[key] === undefined
      ? {}
      : (readObject(c, root[key], [key], Object.fromEntries(names.map((n) => [n, "optional"]))) ?? {})
  const solutions = slotsOf(
    "solutions",
    pipelineSlots.map((s) => s.solution)
  )
  const campaigns = slotsOf(
    "campaigns",
    pipelineSlots.map((s) => s.campaign)
  )
  const pairs: Array<SolutionPair> = []
  for (const slot of pipelineSlots) {
    const solution = solutions[slot.solution]
    const campaign = campaigns[slot.campaign]
    if (solution === undefined && campaign !== undefined)
      c.add(
        ["campaigns", slot.campaign],
        `campaign slot ${slot.campaign} serves solutions.${slot.solution}, which is not configured`
      )
    if (solution !== undefined)
      pairs.push({
        solution,
        solutionAt: ["solutions", slot.solution],
        campaign,
        campaignAt: ["campaigns", slot.campaign]
      })
  }
  return pairs
}

/** One solution (with the campaign serving it, if any); undefined when the solution does not decode. */
const decodeSolution = (c: IssueCollector, pair: SolutionPair): LocatedSolution | undefined => {
  const solution = pair.solution === undefined ? undefined : c.decode(SolutionDocument, pair.solution, pair.solutionAt)
  const campaign = pair.campaign === undefined ? undefined : c.decode(CampaignDocument, pair.campaign, pair.campaignAt)
  if (solution === undefined) return undefined
  return {
    spec: {
      ...solution,
      trainingMode: "FULL",
      schedules: {},
      campaigns:
        campaign === undefined
          ? []
          : [
              {
                name: campaign.name,
                minProvisionedTPS: campaign.minProvisionedTPS ?? 1,
                ...(campaign.campaignConfig === undefined ? {} : { campaignConfig: campaign.campaignConfig }),
                tags: campaign.tags ?? []
              }
            ],
      batchInferenceJobs: [],
      batchSegmentJobs: [],
      tags: solution.tags ?? [],
      versionTags: []
    },
    at: pair.solutionAt,
    nameAt: [...pair.solutionAt, "name"],
    recipeAt: [...pair.solutionAt, "recipeArn"],
    trainingModeAt: pair.solutionAt,
    updateScheduleAt: pair.solutionAt,
    campaigns: campaign === undefined ? [] : [{ nameAt: [...pair.campaignAt, "name"], at: pair.campaignAt }],
    batchInferenceJobs: [],
    batchSegmentJobs: []
  }
}

/** v2's event tracker and filters. */
const decodeTrackerAndFilters = (c: IssueCollector, root: Record<string, unknown>, draft: Draft): void => {
  if (root["eventTracker"] !== undefined) {
    const tracker = c.decode(Named, root["eventTracker"], ["eventTracker"])
    if (tracker !== undefined)
      draft.eventTracker = { spec: { name: tracker.name, tags: tracker.tags ?? [] }, at: ["eventTracker"] }
  }
  for (const [element, at] of readArray(c, root["filters"], ["filters"])) {
    const filter = c.decode(FilterDocument, element, at)
    if (filter === undefined) draft.filtersIncomplete = true
    else draft.filters.push({ spec: { ...filter, tags: filter.tags ?? [] }, at, nameAt: [...at, "name"] })
  }
}

/** Decodes a personalize-pipeline `params.json` (v1 or v2) into a draft, recording every issue. */
export const decodePersonalizePipeline = (input: unknown, c: IssueCollector): Draft => {
  const draft = emptyDraft("personalize-pipeline", ["datasets"])
  const probe = (input ?? {}) as Record<string, unknown>
  const v2 = !("solution" in probe) && !("campaign" in probe)
  const root = readObject(
    c,
    input,
    [],
    v2
      ? {
          datasetGroup: "required",
          datasets: "required",
          solutions: "optional",
          campaigns: "optional",
          eventTracker: "optional",
          filters: "optional"
        }
      : { datasetGroup: "required", datasets: "required", solution: "required", campaign: "required" }
  )
  if (root === undefined) return draft
  const dsg =
    root["datasetGroup"] === undefined
      ? undefined
      : c.decode(DatasetGroupDocument, root["datasetGroup"], ["datasetGroup"])
  if (dsg !== undefined) {
    // CreateDatasetGroup's roleArn (the role Personalize uses with kmsKeyArn) reaches the request; the
    // pipeline also runs its import jobs with it.
    draft.datasetGroup = { spec: { ...dsg, tags: dsg.tags ?? [] }, at: ["datasetGroup"] }
    if (dsg.roleArn !== undefined) draft.roleArn = dsg.roleArn
  }
  decodeDatasets(c, root, dsg?.domain, draft)
  // v1: one solution with one campaign; v2: fixed slots, each campaign slot serving its solution slot.
  const pairs: ReadonlyArray<SolutionPair> = v2
    ? slotPairs(c, root)
    : [{ solution: root["solution"], solutionAt: ["solution"], campaign: root["campaign"], campaignAt: ["campaign"] }]
  for (const pair of pairs) {
    const located = decodeSolution(c, pair)
    if (located !== undefined) draft.solutions.push(located)
  }
  if (v2) decodeTrackerAndFilters(c, root, draft)
  return draft
}
