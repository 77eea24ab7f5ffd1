import type { ConfigPath } from "./ConfigPath.ts"
import type {
  ConfigFormat,
  DatasetGroupSpec,
  DatasetSpec,
  Deployment,
  EventTrackerSpec,
  FilterSpec,
  RecommenderSpec,
  SolutionSpec
} from "./Deployment.ts"
import type { IssueCollector } from "./IssueCollector.ts"

/**
 * A deployment being decoded: every spec that decoded, with where its parts are in the user's own
 * document, so the cross-resource rules (duplicates, references, training modes) report paths the
 * user recognises. Specs that failed to decode are absent; `incomplete` says some section failed.
 */
export interface Draft {
  readonly format: ConfigFormat
  datasetGroup?: { readonly spec: DatasetGroupSpec; readonly at: ConfigPath }
  readonly datasets: Array<{
    readonly spec: DatasetSpec
    readonly at: ConfigPath
    readonly nameAt: ConfigPath
    readonly schemaNameAt: ConfigPath
    readonly imports: ReadonlyArray<{ readonly at: ConfigPath }>
  }>
  eventTracker?: { readonly spec: EventTrackerSpec; readonly at: ConfigPath }
  readonly filters: Array<{ readonly spec: FilterSpec; readonly at: ConfigPath; readonly nameAt: ConfigPath }>
  readonly solutions: Array<LocatedSolution>
  readonly recommenders: Array<{ readonly spec: RecommenderSpec; readonly at: ConfigPath; readonly nameAt: ConfigPath }>
  roleArn?: string
  /** Path of the datasets section (for "an Interactions dataset is required"). */
  datasetsAt: ConfigPath
  /** Some filters failed to decode: references to filters cannot be judged dangling. */
  filtersIncomplete: boolean
  /** The datasets section failed to decode in part: "missing Interactions" cannot be judged. */
  datasetsIncomplete: boolean
}

export interface LocatedSolution {
  readonly spec: SolutionSpec
  readonly at: ConfigPath
  readonly nameAt: ConfigPath
  readonly recipeAt: ConfigPath
  readonly trainingModeAt: ConfigPath
  readonly updateScheduleAt: ConfigPath
  readonly campaigns: ReadonlyArray<{ readonly nameAt: ConfigPath; readonly at: ConfigPath }>
  readonly batchInferenceJobs: ReadonlyArray<{ readonly at: ConfigPath; readonly filterAt: ConfigPath }>
  readonly batchSegmentJobs: ReadonlyArray<{ readonly at: ConfigPath; readonly filterAt: ConfigPath }>
}

/** An empty draft for a format. */
export const emptyDraft = (format: ConfigFormat, datasetsAt: ConfigPath): Draft => ({
  format,
  datasets: [],
  filters: [],
  solutions: [],
  recommenders: [],
  datasetsAt,
  filtersIncomplete: false,
  datasetsIncomplete: false
})

/** Recipes that support `UPDATE` training (aws-facts §1.4): User-Personalization (v1, v2) and legacy HRNN-Coldstart. */
export const supportsUpdateTraining = (recipeArn: string | undefined): boolean =>
  recipeArn !== undefined && /recipe\/aws-(user-personalization|hrnn-coldstart)/.test(recipeArn)

const maxTagKeys = 50

/** The cross-resource rules: unique names, references that resolve, training modes, domain-only resources, tag counts. */
export const checkDraft = (draft: Draft, c: IssueCollector): void => {
  const unique = (
    kind: string,
    entries: ReadonlyArray<{ readonly name: string | undefined; readonly at: ConfigPath }>,
    scope = ""
  ) => {
    const first = new Map<string, ConfigPath>()
    for (const { name, at } of entries) {
      if (name === undefined) continue
      const earlier = first.get(name)
      if (earlier === undefined) first.set(name, at)
      else c.add(at, `duplicate ${kind} name "${name}"${scope}`)
    }
  }
  unique(
    "dataset",
    draft.datasets.map((d) => ({ name: d.spec.name, at: d.nameAt }))
  )
  unique(
    "schema",
    draft.datasets.map((d) => ({ name: d.spec.schema.name, at: d.schemaNameAt }))
  )
  unique(
    "dataset import job",
    draft.datasets.flatMap((d) =>
      d.spec.imports.map((job, i) => ({ name: job.name, at: [...(d.imports[i]?.at ?? d.at), "name"] }))
    )
  )
  unique(
    "filter",
    draft.filters.map((f) => ({ name: f.spec.name, at: f.nameAt }))
  )
  unique(
    "solution",
    draft.solutions.map((s) => ({ name: s.spec.name, at: s.nameAt }))
  )
  unique(
    "campaign",
    draft.solutions.flatMap((s) =>
      s.spec.campaigns.map((campaign, i) => ({ name: campaign.name, at: s.campaigns[i]!.nameAt }))
    ),
    " (campaign names are unique per account)"
  )
  unique(
    "recommender",
    draft.recommenders.map((r) => ({ name: r.spec.name, at: r.nameAt }))
  )
  unique(
    "batch job",
    draft.solutions.flatMap((s) => [
      ...s.spec.batchInferenceJobs.map((job, i) => ({ name: job.name, at: [...s.batchInferenceJobs[i]!.at, "name"] })),
      ...s.spec.batchSegmentJobs.map((job, i) => ({ name: job.name, at: [...s.batchSegmentJobs[i]!.at, "name"] }))
    ])
  )

  const filterNames = new Set(draft.filters.map((f) => f.spec.name))
  const domain = draft.datasetGroup?.spec.domain
  for (const s of draft.solutions) {
    const solution = s.spec
    if (solution.recipeArn === undefined && solution.performAutoML !== true)
      c.add(s.recipeAt, `solution "${solution.name}" needs a recipeArn (or performAutoML: true)`)
    if (solution.trainingMode === "UPDATE" && !supportsUpdateTraining(solution.recipeArn))
      c.add(
        s.trainingModeAt,
        `trainingMode UPDATE needs a User-Personalization or HRNN-Coldstart recipe (got ${solution.recipeArn ?? "none"})`
      )
    if (solution.schedules.update !== undefined && !supportsUpdateTraining(solution.recipeArn))
      c.add(
        s.updateScheduleAt,
        `an UPDATE schedule needs a User-Personalization or HRNN-Coldstart recipe (got ${solution.recipeArn ?? "none"})`
      )
    const jobs = [
      ...solution.batchInferenceJobs.map((job, i) => [job, s.batchInferenceJobs[i]!] as const),
      ...solution.batchSegmentJobs.map((job, i) => [job, s.batchSegmentJobs[i]!] as const)
    ]
    for (const [job, at] of jobs)
      if (job.filterName !== undefined && !draft.filtersIncomplete && !filterNames.has(job.filterName))
        c.add(
          at.filterAt,
          `no filter named "${job.filterName}" in this config (filters: ${[...filterNames].join(", ") || "none"})`
        )
  }
  for (const r of draft.recommenders)
    if (domain === undefined && draft.datasetGroup !== undefined)
      c.add(
        r.at,
        `recommender "${r.spec.name}" needs a domain dataset group (set datasetGroup.domain to ECOMMERCE or VIDEO_ON_DEMAND)`
      )
  // A config that declares no datasets trains on the ones its dataset group already has (the MLOps
  // solution's validator only warns then); one that declares some must declare the Interactions one.
  if (
    (draft.solutions.length > 0 || draft.recommenders.length > 0) &&
    !draft.datasetsIncomplete &&
    draft.datasets.length > 0 &&
    !draft.datasets.some((d) => d.spec.type === "Interactions")
  )
    c.add(draft.datasetsAt, "solutions and recommenders train on an Interactions dataset: add one")

  const tagCount = (tags: ReadonlyArray<unknown>, at: ConfigPath) => {
    if (tags.length > maxTagKeys)
      c.add(at, `at most ${maxTagKeys} tag keys per resource, with the default tags (got ${tags.length})`)
  }
  if (draft.datasetGroup) tagCount(draft.datasetGroup.spec.tags, draft.datasetGroup.at)
  for (const d of draft.datasets) tagCount(d.spec.tags, d.at)
  for (const f of draft.filters) tagCount(f.spec.tags, f.at)
  if (draft.eventTracker) tagCount(draft.eventTracker.spec.tags, draft.eventTracker.at)
  for (const d of draft.datasets)
    for (const [i, job] of d.spec.imports.entries()) tagCount(job.tags, d.imports[i]?.at ?? d.at)
  for (const s of draft.solutions) {
    tagCount(s.spec.tags, s.at)
    for (const [i, campaign] of s.spec.campaigns.entries()) tagCount(campaign.tags, s.campaigns[i]!.at)
    for (const [i, job] of s.spec.batchInferenceJobs.entries()) tagCount(job.tags, s.batchInferenceJobs[i]!.at)
    for (const [i, job] of s.spec.batchSegmentJobs.entries()) tagCount(job.tags, s.batchSegmentJobs[i]!.at)
  }
  for (const r of draft.recommenders) tagCount(r.spec.tags, r.at)
}

/** The deployment a complete, valid draft describes. */
export const toDeployment = (
  draft: Draft & { readonly datasetGroup: NonNullable<Draft["datasetGroup"]> }
): Deployment => ({
  format: draft.format,
  datasetGroup: draft.datasetGroup.spec,
  datasets: draft.datasets.map((d) => d.spec),
  ...(draft.eventTracker === undefined ? {} : { eventTracker: draft.eventTracker.spec }),
  filters: draft.filters.map((f) => f.spec),
  solutions: draft.solutions.map((s) => s.spec),
  recommenders: draft.recommenders.map((r) => r.spec),
  ...(draft.roleArn === undefined ? {} : { roleArn: draft.roleArn })
})
