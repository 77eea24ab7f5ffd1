import { Schema } from "effect"

/** Every Personalize resource kind personalize-ops manages (aws-facts §1.2). */
export const ResourceKinds = [
  "DatasetGroup",
  "Schema",
  "Dataset",
  "DatasetImportJob",
  "EventTracker",
  "Filter",
  "Solution",
  "SolutionVersion",
  "Campaign",
  "Recommender",
  "BatchInferenceJob",
  "BatchSegmentJob"
] as const

export type ResourceKind = (typeof ResourceKinds)[number]
export const ResourceKind = Schema.Literals(ResourceKinds)

/** What the control plane offers per kind, and where its ARN lives. One table; nothing else encodes these. */
export interface KindTraits {
  /** ARN resource segment (`dataset-group/<name>`), per the Service Authorization Reference. */
  readonly arnSegment: string
  /**
   * How many `/`-separated parts the resource id after the segment has: 2 for a dataset
   * (`dataset/<group>/<TYPE>`) and a solution version (`solution/<solution>/<versionId>`), whose first
   * part names the parent; 1 for every other kind.
   */
  readonly arnIdParts: 1 | 2
  /** The kind whose ARN is this kind's parent (the List filter parameter), if any. */
  readonly parent: ResourceKind | undefined
  readonly deletable: boolean
  readonly updatable: boolean
  readonly stoppable: boolean
  readonly startable: boolean
  /** Jobs are one-shot: they are never updated or deleted, only created and observed. */
  readonly job: boolean
  /** Schema has no status at all; the twin and the planner treat it as ACTIVE once created. */
  readonly hasStatus: boolean
}

const t = (
  arnSegment: string,
  parent: ResourceKind | undefined,
  ops: Partial<Omit<KindTraits, "arnSegment" | "parent">> = {}
): KindTraits => ({
  arnSegment,
  arnIdParts: ops.arnIdParts ?? 1,
  parent,
  deletable: ops.deletable ?? false,
  updatable: ops.updatable ?? false,
  stoppable: ops.stoppable ?? false,
  startable: ops.startable ?? false,
  job: ops.job ?? false,
  hasStatus: ops.hasStatus ?? true
})

/** aws-facts §1.2: mutators, parents (List filter) and ARN templates. */
export const kindTraits: { readonly [K in ResourceKind]: KindTraits } = {
  DatasetGroup: t("dataset-group", undefined, { deletable: true }),
  Schema: t("schema", undefined, { deletable: true, hasStatus: false }),
  Dataset: t("dataset", "DatasetGroup", { deletable: true, updatable: true, arnIdParts: 2 }),
  DatasetImportJob: t("dataset-import-job", "Dataset", { job: true }),
  EventTracker: t("event-tracker", "DatasetGroup", { deletable: true }),
  Filter: t("filter", "DatasetGroup", { deletable: true }),
  Solution: t("solution", "DatasetGroup", { deletable: true, updatable: true }),
  SolutionVersion: t("solution", "Solution", { stoppable: true, arnIdParts: 2 }),
  Campaign: t("campaign", "Solution", { deletable: true, updatable: true }),
  Recommender: t("recommender", "DatasetGroup", { deletable: true, updatable: true, stoppable: true, startable: true }),
  BatchInferenceJob: t("batch-inference-job", "SolutionVersion", { job: true }),
  BatchSegmentJob: t("batch-segment-job", "SolutionVersion", { job: true })
}

/** Kinds with a DeleteX operation (kept in step with `kindTraits[k].deletable` by a test). */
export type DeletableKind =
  | "DatasetGroup"
  | "Schema"
  | "Dataset"
  | "EventTracker"
  | "Filter"
  | "Solution"
  | "Campaign"
  | "Recommender"
