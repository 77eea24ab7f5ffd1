/**
 * Every Personalize resource kind this toolkit manages, and what the service offers for each (aws-facts
 * §1.2): the ARN segment, the parent it lives under, its status family and the API verbs that exist.
 * This table is the one place these facts live; the twin, the AWS adapter and the planner read it.
 */

export const resourceKinds = [
  "datasetGroup",
  "schema",
  "dataset",
  "datasetImportJob",
  "eventTracker",
  "filter",
  "solution",
  "solutionVersion",
  "campaign",
  "recommender",
  "batchInferenceJob",
  "batchSegmentJob"
] as const
export type ResourceKind = (typeof resourceKinds)[number]

/** An API verb of the control plane besides create / describe / list. */
export type Verb = "update" | "delete" | "stop" | "start"

/** Which status strings a kind moves through (see Status.ts). */
export type StatusFamily =
  /** CREATE PENDING → CREATE IN_PROGRESS → ACTIVE | CREATE FAILED; DELETE PENDING → DELETE IN_PROGRESS. */
  | "resource"
  /** Like `resource`, plus CREATE STOPPING → CREATE STOPPED (StopSolutionVersionCreation). */
  | "solutionVersion"
  /** Like `resource`, plus STOP PENDING → STOP IN_PROGRESS → INACTIVE → START PENDING → START IN_PROGRESS → ACTIVE. */
  | "recommender"
  /** Jobs: PENDING → IN PROGRESS → ACTIVE | CREATE FAILED (both spellings accepted), never deleted. */
  | "job"
  /** Schemas have no status at all: they exist (reported as ACTIVE) or not. */
  | "none"

export interface KindInfo {
  /** The AWS name used in the API operation names: `Create${api}`, `Describe${api}`, `List${api}s`. */
  readonly api: string
  /** The ARN resource-type segment: `arn:aws:personalize:<region>:<account>:<segment>/<id>`. */
  readonly arnSegment: string
  /** The kind this one is created under (its parent ARN is a create input), if any. */
  readonly parent?: ResourceKind
  readonly statusFamily: StatusFamily
  /** The verbs the real API offers for this kind. */
  readonly verbs: ReadonlyArray<Verb>
  /** The create request's name field (`jobName` for jobs). */
  readonly nameField: "name" | "jobName"
}

export const kindTable: { readonly [K in ResourceKind]: KindInfo } = {
  datasetGroup: {
    api: "DatasetGroup",
    arnSegment: "dataset-group",
    statusFamily: "resource",
    verbs: ["delete"],
    nameField: "name"
  },
  schema: { api: "Schema", arnSegment: "schema", statusFamily: "none", verbs: ["delete"], nameField: "name" },
  dataset: {
    api: "Dataset",
    arnSegment: "dataset",
    parent: "datasetGroup",
    statusFamily: "resource",
    verbs: ["update", "delete"],
    nameField: "name"
  },
  datasetImportJob: {
    api: "DatasetImportJob",
    arnSegment: "dataset-import-job",
    parent: "dataset",
    statusFamily: "resource",
    verbs: [],
    nameField: "jobName"
  },
  eventTracker: {
    api: "EventTracker",
    arnSegment: "event-tracker",
    parent: "datasetGroup",
    statusFamily: "resource",
    verbs: ["delete"],
    nameField: "name"
  },
  filter: {
    api: "Filter",
    arnSegment: "filter",
    parent: "datasetGroup",
    statusFamily: "resource",
    verbs: ["delete"],
    nameField: "name"
  },
  solution: {
    api: "Solution",
    arnSegment: "solution",
    parent: "datasetGroup",
    statusFamily: "resource",
    verbs: ["update", "delete"],
    nameField: "name"
  },
  solutionVersion: {
    api: "SolutionVersion",
    arnSegment: "solution",
    parent: "solution",
    statusFamily: "solutionVersion",
    verbs: ["stop"],
    nameField: "name"
  },
  campaign: {
    api: "Campaign",
    arnSegment: "campaign",
    parent: "solutionVersion",
    statusFamily: "resource",
    verbs: ["update", "delete"],
    nameField: "name"
  },
  recommender: {
    api: "Recommender",
    arnSegment: "recommender",
    parent: "datasetGroup",
    statusFamily: "recommender",
    verbs: ["update", "delete", "stop", "start"],
    nameField: "name"
  },
  batchInferenceJob: {
    api: "BatchInferenceJob",
    arnSegment: "batch-inference-job",
    parent: "solutionVersion",
    statusFamily: "job",
    verbs: [],
    nameField: "jobName"
  },
  batchSegmentJob: {
    api: "BatchSegmentJob",
    arnSegment: "batch-segment-job",
    parent: "solutionVersion",
    statusFamily: "job",
    verbs: [],
    nameField: "jobName"
  }
}

/** Whether the real API offers `verb` for `kind`. */
export const offers = (kind: ResourceKind, verb: Verb): boolean => kindTable[kind].verbs.includes(verb)
