import { Effect } from "effect"
import { ArnOf, arnParent, parseArn, type ResourceArn, recipeId } from "./Arn.ts"
import { type PersonalizeError, ResourceNotFound } from "./errors.ts"
import { Personalize } from "./Personalize.ts"
import type { ListInput, ResourceDescription } from "./Resource.ts"
import type { Status } from "./Status.ts"

/**
 * What the monitoring capability (core/monitoring) sees of Personalize: campaigns and recommenders,
 * projected from the one `Personalize` port. There is no second Personalize model, client or status
 * type for monitoring: statuses are the canonical `Status`, errors the `PersonalizeError` family.
 */

/** The monitor's own name of each kind it watches (its events, metrics and messages use these). */
export type MonitoredKind = "campaign" | "recommender"

/** Personalize kind → the monitor's name for it. */
export const monitoredKinds = { Campaign: "campaign", Recommender: "recommender" } as const

/**
 * A campaign or recommender as the monitor needs to see it. `minTPS` is the campaign's
 * `minProvisionedTPS` or the recommender's `recommenderConfig.minRecommendationRequestsPerSecond`;
 * `createdAt` is epoch milliseconds.
 */
export interface MonitoredResource {
  readonly arn: string
  readonly name: string
  readonly kind: MonitoredKind
  readonly region: string
  readonly datasetGroupArn: string
  readonly datasetGroupName: string
  readonly recipeArn?: string
  readonly minTPS: number
  /** The solution version a campaign serves (absent for recommenders). */
  readonly solutionVersionArn?: string
  readonly status: Status
  /** `latestCampaignUpdate.status` / `latestRecommenderUpdate.status`, when an update ever ran. */
  readonly latestUpdateStatus?: Status
  /** When that latest update was last changed (epoch ms): a recently updated resource is not idle. */
  readonly lastUpdatedAt?: number
  readonly createdAt: number
}

/** The latest solution version of one solution: the retraining-freshness widget shows these. */
export interface SolutionFreshness {
  readonly solutionArn: string
  readonly solutionName: string
  readonly datasetGroupArn: string
  readonly region: string
  /** Creation time (epoch ms) of the newest solution version, absent when the solution has none. */
  readonly lastSolutionVersionAt?: number
  readonly lastSolutionVersionStatus?: Status
}

/** A region's monitored resources, and the ARNs that exist but could not be described this time. */
export interface ListedResources {
  readonly resources: ReadonlyArray<MonitoredResource>
  readonly unavailable: ReadonlyArray<string>
}

const deleting: ReadonlySet<Status> = new Set(["DELETE_PENDING", "DELETE_IN_PROGRESS"])
const updatable: ReadonlySet<Status> = new Set(["ACTIVE", "CREATE_FAILED"])

/** Monitored only when ACTIVE and its latest update is not a pending or running delete (seed `common.py`). */
export const isMonitorable = (r: Pick<MonitoredResource, "status" | "latestUpdateStatus">): boolean =>
  r.status === "ACTIVE" && (r.latestUpdateStatus === undefined || !deleting.has(r.latestUpdateStatus))

/** UpdateCampaign / UpdateRecommender are accepted only in ACTIVE or CREATE FAILED, for the resource and its last update. */
export const isUpdatable = (r: Pick<MonitoredResource, "status" | "latestUpdateStatus">): boolean =>
  updatable.has(r.status) && (r.latestUpdateStatus === undefined || updatable.has(r.latestUpdateStatus))

/** A campaign or recommender ARN taken apart, with the monitor's kind. */
export interface MonitoredArn {
  readonly partition: string
  readonly region: string
  readonly account: string
  readonly kind: MonitoredKind
  readonly name: string
}

/** Parses a campaign or recommender ARN (through `parseArn`), or `undefined` when it is neither. */
export const parseMonitoredArn = (arn: string): MonitoredArn | undefined => {
  const parts = parseArn(arn)
  if (parts === undefined || (parts.kind !== "Campaign" && parts.kind !== "Recommender")) return undefined
  const { partition, region, account, name } = parts
  return { partition, region, account, kind: monitoredKinds[parts.kind], name }
}

/** A campaign or recommender ARN (checked). */
export const MonitoredResourceArn = ArnOf(["Campaign", "Recommender"])

/** Recipes served by GetPersonalizedRanking rather than GetRecommendations (the seed matched only v1). */
const rankingRecipe = /^aws-personalized-ranking(-v\d+)?$/

/** True when the resource answers GetPersonalizedRanking (its traffic is counted under that metric). */
export const isRankingRecipe = (recipeArn: string | undefined): boolean =>
  recipeArn !== undefined && rankingRecipe.test(recipeId(recipeArn) ?? "")

// ---- the projection over the port -------------------------------------------------------------------

/** Every page of a listing: the items, and those listed but not describable right now. */
const listAll = Effect.fnUntraced(function* (input: Omit<ListInput, "nextToken" | "maxResults">) {
  const port = yield* Personalize
  const items: Array<ResourceDescription> = []
  const unavailable: Array<string> = []
  let nextToken: string | undefined
  do {
    const page = yield* port.list({ ...input, maxResults: 100, ...(nextToken === undefined ? {} : { nextToken }) })
    items.push(...page.items)
    unavailable.push(...(page.unavailable ?? []))
    nextToken = page.nextToken
  } while (nextToken !== undefined)
  return { items, unavailable }
})

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined)
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined)

const view = (
  d: ResourceDescription,
  fields: {
    readonly datasetGroupArn: string
    readonly recipeArn: string | undefined
    readonly minTPS: number
    readonly solutionVersionArn?: string
  }
): MonitoredResource => ({
  arn: d.arn,
  name: d.name,
  kind: d.kind === "Campaign" ? "campaign" : "recommender",
  region: parseArn(d.arn)?.region ?? "",
  datasetGroupArn: fields.datasetGroupArn,
  datasetGroupName: parseArn(fields.datasetGroupArn)?.name ?? fields.datasetGroupArn,
  ...(fields.recipeArn === undefined ? {} : { recipeArn: fields.recipeArn }),
  minTPS: fields.minTPS,
  ...(fields.solutionVersionArn === undefined ? {} : { solutionVersionArn: fields.solutionVersionArn }),
  status: d.status ?? "ACTIVE",
  ...(d.latestUpdate === undefined
    ? {}
    : { latestUpdateStatus: d.latestUpdate.status, lastUpdatedAt: d.latestUpdate.lastUpdatedDateTime }),
  createdAt: d.creationDateTime
})

/** The solutions a projection has described, by ARN (immutable parts only: dataset group and recipe). */
type Solutions = Map<string, ResourceDescription>

/**
 * A campaign's view: its dataset group and recipe come from its solution (the parent of its solution
 * version), described once per projection however many campaigns share it.
 */
const campaignView = Effect.fnUntraced(function* (d: ResourceDescription, solutions: Solutions) {
  const versionArn = str(d.attributes.solutionVersionArn) ?? ""
  const solutionArn = arnParent(versionArn) ?? d.parentArn
  if (solutionArn === undefined)
    return yield* new ResourceNotFound({ kind: "Solution", arn: versionArn, message: `no solution for ${d.arn}` })
  let solution = solutions.get(solutionArn)
  if (solution === undefined) {
    solution = yield* (yield* Personalize).describe("Solution", solutionArn)
    solutions.set(solutionArn, solution)
  }
  return view(d, {
    datasetGroupArn: str(solution.attributes.datasetGroupArn) ?? "",
    recipeArn: str(solution.attributes.recipeArn),
    minTPS: num(d.attributes.minProvisionedTPS) ?? 1,
    ...(versionArn === "" ? {} : { solutionVersionArn: versionArn })
  })
})

const recommenderView = (d: ResourceDescription): MonitoredResource => {
  const config = d.attributes.recommenderConfig as { readonly minRecommendationRequestsPerSecond?: unknown } | undefined
  return view(d, {
    datasetGroupArn: str(d.attributes.datasetGroupArn) ?? d.parentArn ?? "",
    recipeArn: str(d.attributes.recipeArn),
    minTPS: num(config?.minRecommendationRequestsPerSecond) ?? 1
  })
}

const project = (d: ResourceDescription, solutions: Solutions) =>
  d.kind === "Campaign" ? campaignView(d, solutions) : Effect.succeed(recommenderView(d))

/**
 * Projects listed descriptions; one whose solution is gone by now is skipped (as one deleted between
 * List and Describe is), one whose solution cannot be described right now is unavailable.
 */
const projectAll = (descriptions: ReadonlyArray<ResourceDescription>) => {
  const solutions: Solutions = new Map()
  return Effect.forEach(descriptions, (d) =>
    project(d, solutions).pipe(
      Effect.map((r): ListedResources => ({ resources: [r], unavailable: [] })),
      Effect.catchTag("ResourceNotFound", () => Effect.succeed<ListedResources>({ resources: [], unavailable: [] })),
      Effect.catchTag("Throttled", () => Effect.succeed<ListedResources>({ resources: [], unavailable: [d.arn] }))
    )
  ).pipe(
    Effect.map((parts) => ({
      resources: parts.flatMap((p) => p.resources),
      unavailable: parts.flatMap((p) => p.unavailable)
    }))
  )
}

/** Every campaign and recommender of `region`, with those listed but not describable right now. */
export const listMonitored = Effect.fnUntraced(function* (
  region: string
): Effect.fn.Return<ListedResources, PersonalizeError, Personalize> {
  const campaigns = yield* listAll({ kind: "Campaign", region })
  const recommenders = yield* listAll({ kind: "Recommender", region })
  const projected = yield* projectAll([...campaigns.items, ...recommenders.items])
  return {
    resources: projected.resources,
    unavailable: [...campaigns.unavailable, ...recommenders.unavailable, ...projected.unavailable]
  }
})

const notMonitored = (arn: string) =>
  new ResourceNotFound({ kind: "Campaign", arn, message: `${arn} is not a campaign or recommender ARN` })

/** One campaign or recommender by ARN (`ResourceNotFound` when it does not exist or is neither). */
export const describeMonitored = Effect.fnUntraced(function* (
  arn: string
): Effect.fn.Return<MonitoredResource, PersonalizeError, Personalize> {
  const parsed = parseArn(arn)
  if (parsed === undefined || (parsed.kind !== "Campaign" && parsed.kind !== "Recommender"))
    return yield* notMonitored(arn)
  const d = yield* (yield* Personalize).describe(parsed.kind, arn as ResourceArn)
  return yield* project(d, new Map())
})

/** The newest solution version of every solution of the given dataset groups. */
export const latestSolutionVersions = Effect.fnUntraced(function* (
  datasetGroupArns: ReadonlyArray<string>
): Effect.fn.Return<ReadonlyArray<SolutionFreshness>, PersonalizeError, Personalize> {
  const out: Array<SolutionFreshness> = []
  for (const dg of datasetGroupArns) {
    const { items: solutions } = yield* listAll({ kind: "Solution", parentArn: dg as ResourceArn })
    for (const solution of solutions) {
      const { items: versions } = yield* listAll({ kind: "SolutionVersion", parentArn: solution.arn })
      const latest = versions.reduce<ResourceDescription | undefined>(
        (a, v) => (a === undefined || v.creationDateTime > a.creationDateTime ? v : a),
        undefined
      )
      out.push({
        solutionArn: solution.arn,
        solutionName: solution.name,
        datasetGroupArn: str(solution.attributes.datasetGroupArn) ?? dg,
        region: parseArn(solution.arn)?.region ?? "",
        ...(latest === undefined ? {} : { lastSolutionVersionAt: latest.creationDateTime }),
        ...(latest?.status === undefined ? {} : { lastSolutionVersionStatus: latest.status })
      })
    }
  }
  return out
})

/** How fresh the model a campaign serves is: its version's age, and newer ACTIVE versions not deployed. */
export interface ModelFreshness {
  readonly campaignArn: string
  /** Creation time (epoch ms) of the served solution version. */
  readonly servedCreatedAt: number
  /** ACTIVE versions of the same solution created after the served one. */
  readonly newerActiveVersions: number
}

/** The model freshness of campaigns (each solution's versions listed once); campaigns without a version are skipped. */
export const modelFreshness = Effect.fnUntraced(function* (
  campaigns: ReadonlyArray<Pick<MonitoredResource, "arn" | "solutionVersionArn">>
): Effect.fn.Return<ReadonlyArray<ModelFreshness>, PersonalizeError, Personalize> {
  const versionsBySolution = new Map<string, ReadonlyArray<ResourceDescription>>()
  const out: Array<ModelFreshness> = []
  for (const c of campaigns) {
    const solutionArn = c.solutionVersionArn === undefined ? undefined : arnParent(c.solutionVersionArn)
    if (solutionArn === undefined) continue
    let versions = versionsBySolution.get(solutionArn)
    if (versions === undefined) {
      versions = (yield* listAll({ kind: "SolutionVersion", parentArn: solutionArn })).items
      versionsBySolution.set(solutionArn, versions)
    }
    const served = versions.find((v) => v.arn === c.solutionVersionArn)
    if (served === undefined) continue
    out.push({
      campaignArn: c.arn,
      servedCreatedAt: served.creationDateTime,
      newerActiveVersions: versions.filter((v) => v.status === "ACTIVE" && v.creationDateTime > served.creationDateTime)
        .length
    })
  }
  return out
})

/** UpdateCampaign minProvisionedTPS / UpdateRecommender minRecommendationRequestsPerSecond. */
export const updateMinTps = Effect.fnUntraced(function* (
  arn: string,
  minTPS: number
): Effect.fn.Return<void, PersonalizeError, Personalize> {
  const parsed = parseMonitoredArn(arn)
  if (parsed === undefined) return yield* notMonitored(arn)
  const port = yield* Personalize
  const resourceArn = arn as ResourceArn
  if (parsed.kind === "campaign")
    return yield* port.update({ kind: "Campaign", arn: resourceArn, minProvisionedTPS: minTPS })
  // UpdateRecommender replaces the whole config: keep every other setting as it is.
  const current = yield* port.describe("Recommender", resourceArn)
  const config = (current.attributes.recommenderConfig ?? {}) as { readonly [k: string]: unknown }
  yield* port.update({
    kind: "Recommender",
    arn: resourceArn,
    recommenderConfig: { ...config, minRecommendationRequestsPerSecond: minTPS }
  })
})

/** The monitor's idle action: DeleteCampaign, or StopRecommender (a recommender can be started again). */
export const removeMonitored = Effect.fnUntraced(function* (
  arn: string
): Effect.fn.Return<void, PersonalizeError, Personalize> {
  const parsed = parseMonitoredArn(arn)
  if (parsed === undefined) return yield* notMonitored(arn)
  const port = yield* Personalize
  if (parsed.kind === "campaign") yield* port.delete("Campaign", arn as ResourceArn)
  else yield* port.stop("Recommender", arn as ResourceArn)
})
