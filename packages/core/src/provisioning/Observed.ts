import { Effect } from "effect"
import type { Deployment } from "../config/Deployment.ts"
import { runBase } from "../maintenance/BatchRuns.ts"
import type { ResourceArn } from "../personalize/Arn.ts"
import type { PersonalizeError } from "../personalize/errors.ts"
import { Personalize } from "../personalize/Personalize.ts"
import type { ResourceDescription } from "../personalize/Resource.ts"
import type { ResourceKind } from "../personalize/ResourceKind.ts"
import { isTerminal } from "../personalize/Status.ts"
import { type ResourceKey, resourceKey } from "./DesiredResource.ts"
import type { BatchKind } from "./desired/batchJobs.ts"
import { defaultRetryPolicy, type RetryPolicy, withRetry } from "./retry.ts"

/** What the tool itself last applied to a resource (from the provisioning event stream). */
export interface LedgerEntry {
  readonly arn: ResourceArn
  /** The compared fields as they were when the tool last created, updated or adopted the resource. */
  readonly fields: { readonly [field: string]: unknown }
}

/** The current state, indexed by resource key (kind + name) so planning is one lookup per resource. */
export interface Observed {
  readonly resources: ReadonlyMap<ResourceKey, ResourceDescription>
  /** Per solution name: how many versions exist (to name the next one). */
  readonly versionCounts: ReadonlyMap<string, number>
  readonly ledger: ReadonlyMap<ResourceKey, LedgerEntry>
}

export const emptyObserved: Observed = { resources: new Map(), versionCounts: new Map(), ledger: new Map() }

/** All pages of one List call (each page retried on throttling). */
export const listAll = (
  kind: ResourceKind,
  parentArn?: ResourceArn,
  retry: RetryPolicy = defaultRetryPolicy
): Effect.Effect<ReadonlyArray<ResourceDescription>, PersonalizeError, Personalize> =>
  Effect.flatMap(Effect.service(Personalize), (personalize) =>
    listPages({ personalize, retried: withRetry(retry), kind, parentArn }, [], undefined)
  )

/** One listing: the service, the retry of each page, the kind and its parent. */
interface Listing {
  readonly personalize: Personalize["Service"]
  readonly retried: ReturnType<typeof withRetry>
  readonly kind: ResourceKind
  readonly parentArn: ResourceArn | undefined
}

/** The pages from `nextToken` on, appended to `out` (a fresh array per run of the listing). */
const listPages = (
  listing: Listing,
  out: Array<ResourceDescription>,
  nextToken: string | undefined
): Effect.Effect<ReadonlyArray<ResourceDescription>, PersonalizeError> =>
  Effect.flatMap(
    listing.retried(
      listing.personalize.list({
        kind: listing.kind,
        maxResults: 100,
        ...(listing.parentArn === undefined ? {} : { parentArn: listing.parentArn }),
        ...(nextToken === undefined ? {} : { nextToken })
      })
    ),
    (page) => {
      out.push(...page.items)
      return page.nextToken === undefined ? Effect.succeed(out) : listPages(listing, out, page.nextToken)
    }
  )

/**
 * The version a solution is "at": the newest ACTIVE one, else the newest still training, else the
 * newest at all (failed or stopped), so the planner knows whether to create, wait or report.
 */
export const currentVersion = (versions: ReadonlyArray<ResourceDescription>): ResourceDescription | undefined => {
  const newestFirst = [...versions].sort((a, b) => b.creationDateTime - a.creationDateTime)
  return (
    newestFirst.find((v) => v.status === "ACTIVE") ??
    newestFirst.find((v) => v.status !== undefined && !isTerminal(v.status)) ??
    newestFirst[0]
  )
}

/**
 * Lists what exists for a deployment: the dataset group by name, then everything under it, one List
 * per parent (paginated), each resource indexed by its key. Cost is linear in the resources found.
 */
export const observe = (
  deployment: Deployment,
  ledger: ReadonlyMap<ResourceKey, LedgerEntry> = new Map(),
  retry: RetryPolicy = defaultRetryPolicy
): Effect.Effect<Observed, PersonalizeError, Personalize> =>
  Effect.gen(function* () {
    const list = (kind: ResourceKind, parentArn?: ResourceArn) => listAll(kind, parentArn, retry)
    const resources = new Map<ResourceKey, ResourceDescription>()
    const versionCounts = new Map<string, number>()
    const add = (d: ResourceDescription) => resources.set(resourceKey(d.kind, d.name), d)
    const wantedSchemas = new Set(deployment.datasets.map((d) => d.schema.name))
    const [groups, schemas] = yield* Effect.all([list("DatasetGroup"), list("Schema")], { concurrency: 2 })
    for (const s of schemas) if (wantedSchemas.has(s.name)) add(s)
    const group = groups.find((g) => g.name === deployment.datasetGroup.name)
    if (group === undefined) return { resources, versionCounts, ledger }
    add(group)
    const [datasets, trackers, filters, solutions, recommenders] = yield* Effect.all(
      [
        list("Dataset", group.arn),
        list("EventTracker", group.arn),
        list("Filter", group.arn),
        list("Solution", group.arn),
        list("Recommender", group.arn)
      ],
      { concurrency: 5 }
    )
    for (const d of [...datasets, ...trackers, ...filters, ...solutions, ...recommenders]) add(d)
    const imports = yield* Effect.forEach(datasets, (d) => list("DatasetImportJob", d.arn), { concurrency: 5 })
    for (const i of imports.flat()) add(i)
    const found: Found = { resources, versionCounts }
    const jobKinds = batchJobKinds(deployment)
    yield* Effect.forEach(
      solutions,
      (solution) => observeSolution(solution, jobKinds.get(solution.name) ?? [], retry, found),
      { concurrency: 5, discard: true }
    )
    return { resources, versionCounts, ledger }
  })

/**
 * Per solution of the config, the batch job kinds it declares: only those runs are ever planned, drifted
 * or torn down (by the job's key), so only those are listed (a solution without any lists none).
 */
const batchJobKinds = (deployment: Deployment): ReadonlyMap<string, ReadonlyArray<BatchKind>> => {
  const kinds = new Map<string, ReadonlyArray<BatchKind>>()
  for (const s of deployment.solutions) {
    const declared: Array<BatchKind> = []
    if (s.batchInferenceJobs.length > 0) declared.push("BatchInferenceJob")
    if (s.batchSegmentJobs.length > 0) declared.push("BatchSegmentJob")
    if (declared.length > 0) kinds.set(s.name, declared)
  }
  return kinds
}

/** What `observe` has found so far, filled in by the listings of each parent. */
interface Found {
  readonly resources: Map<ResourceKey, ResourceDescription>
  readonly versionCounts: Map<string, number>
}

/**
 * Lists what is under one solution: its versions (counted; the current one kept), its campaigns and, on
 * its ACTIVE versions, the newest run of each batch job of the kinds the config declares for it.
 */
const observeSolution = (
  solution: ResourceDescription,
  jobKinds: ReadonlyArray<BatchKind>,
  retry: RetryPolicy,
  found: Found
): Effect.Effect<void, PersonalizeError, Personalize> =>
  Effect.flatMap(
    Effect.all([listAll("SolutionVersion", solution.arn, retry), listAll("Campaign", solution.arn, retry)], {
      concurrency: 2
    }),
    ([versions, campaigns]) => {
      found.versionCounts.set(solution.name, versions.length)
      for (const c of campaigns) found.resources.set(resourceKey(c.kind, c.name), c)
      const current = currentVersion(versions)
      if (current === undefined) return Effect.void
      found.resources.set(resourceKey("SolutionVersion", solution.name), current)
      if (jobKinds.length === 0) return Effect.void
      // Batch jobs are runs, on whichever version was current when each started: list them on every
      // version that can have any (only ACTIVE versions run jobs), and keep each job's newest run.
      const jobs = Effect.forEach(
        versions.filter((v) => v.status === "ACTIVE"),
        (v) => listRuns(v, jobKinds, retry),
        { concurrency: 2 }
      )
      // A listing may carry only a summary (AWS's lacks the filter and numResults the plan compares).
      return Effect.flatMap(jobs, (runs) => describeNewestRuns(retry, found, runs.flat(2)))
    }
  )

/** The runs of the given batch job kinds on one version. */
const listRuns = (
  version: ResourceDescription,
  kinds: ReadonlyArray<BatchKind>,
  retry: RetryPolicy
): Effect.Effect<ReadonlyArray<ReadonlyArray<ResourceDescription>>, PersonalizeError, Personalize> =>
  Effect.forEach(kinds, (kind) => listAll(kind, version.arn, retry), { concurrency: 2 })

/** Describes the newest run of each batch job in full (a listing may carry only a summary). */
const describeNewestRuns = (
  retry: RetryPolicy,
  found: Found,
  runs: ReadonlyArray<ResourceDescription>
): Effect.Effect<void, PersonalizeError, Personalize> =>
  Effect.flatMap(Effect.service(Personalize), (personalize) =>
    Effect.forEach(newestRuns(runs), ([key, j]) => describeRun(personalize, retry, found, key, j), {
      concurrency: 2,
      discard: true
    })
  )

/** The newest run of each batch job, by the job's key (its name without the run suffix). */
const newestRuns = (runs: ReadonlyArray<ResourceDescription>): Map<ResourceKey, ResourceDescription> => {
  const newest = new Map<ResourceKey, ResourceDescription>()
  for (const j of runs) {
    const key = resourceKey(j.kind, runBase(j.name))
    const seen = newest.get(key)
    if (seen === undefined || j.creationDateTime >= seen.creationDateTime) newest.set(key, j)
  }
  return newest
}

/** Describes one batch run in full and keeps it under the job's key. */
const describeRun = (
  personalize: Personalize["Service"],
  retry: RetryPolicy,
  found: Found,
  key: ResourceKey,
  run: ResourceDescription
): Effect.Effect<void, PersonalizeError> =>
  Effect.map(withRetry(retry)(personalize.describe(run.kind, run.arn)), (d) => {
    found.resources.set(key, d)
  })
