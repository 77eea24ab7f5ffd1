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

/** Kinds with a DeleteX operation (aws-facts §1.2): the one list; `kindTraits[k].deletable` is read from it. */
export const DeletableKinds = [
  "DatasetGroup",
  "Schema",
  "Dataset",
  "EventTracker",
  "Filter",
  "Solution",
  "Campaign",
  "Recommender"
] as const satisfies ReadonlyArray<ResourceKind>

export type DeletableKind = (typeof DeletableKinds)[number]

const isDeletable = (kind: ResourceKind): boolean => (DeletableKinds as ReadonlyArray<ResourceKind>).includes(kind)

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
  /** A DeleteX operation exists (from `DeletableKinds`). */
  readonly deletable: boolean
  readonly updatable: boolean
  readonly stoppable: boolean
  readonly startable: boolean
  /** Jobs are one-shot: they are never updated or deleted, only created and observed. */
  readonly job: boolean
  /** Schema has no status at all; the twin and the planner treat it as ACTIVE once created. */
  readonly hasStatus: boolean
}

type OwnTraits = Omit<KindTraits, "deletable">

const t = (
  arnSegment: string,
  parent: ResourceKind | undefined,
  ops: Partial<Omit<OwnTraits, "arnSegment" | "parent">> = {}
): OwnTraits => ({
  arnSegment,
  arnIdParts: ops.arnIdParts ?? 1,
  parent,
  updatable: ops.updatable ?? false,
  stoppable: ops.stoppable ?? false,
  startable: ops.startable ?? false,
  job: ops.job ?? false,
  hasStatus: ops.hasStatus ?? true
})

/** aws-facts §1.2: mutators, parents (List filter) and ARN templates. */
const ownTraits: { readonly [K in ResourceKind]: OwnTraits } = {
  DatasetGroup: t("dataset-group", undefined),
  Schema: t("schema", undefined, { hasStatus: false }),
  Dataset: t("dataset", "DatasetGroup", { updatable: true, arnIdParts: 2 }),
  DatasetImportJob: t("dataset-import-job", "Dataset", { job: true }),
  EventTracker: t("event-tracker", "DatasetGroup"),
  Filter: t("filter", "DatasetGroup"),
  Solution: t("solution", "DatasetGroup", { updatable: true }),
  SolutionVersion: t("solution", "Solution", { stoppable: true, arnIdParts: 2 }),
  Campaign: t("campaign", "Solution", { updatable: true }),
  Recommender: t("recommender", "DatasetGroup", { updatable: true, stoppable: true, startable: true }),
  BatchInferenceJob: t("batch-inference-job", "SolutionVersion", { job: true }),
  BatchSegmentJob: t("batch-segment-job", "SolutionVersion", { job: true })
}

/** Every kind's traits (`ownTraits` plus `deletable` from `DeletableKinds`). */
export const kindTraits = Object.fromEntries(
  ResourceKinds.map((kind) => [kind, { ...ownTraits[kind], deletable: isDeletable(kind) }])
) as { readonly [K in ResourceKind]: KindTraits }
