import { type Config, Personalize as P } from "@personalize-ops/core"
import { Clock, Context, Effect, Layer, type Option } from "effect"
import { seededRandom } from "../simulation/seededRandom.ts"
import { isTurnClock } from "../simulation/virtualTime.ts"
import { runAutoTraining } from "./autoTraining.ts"
import { describeEntry } from "./describe.ts"
import { descriptionTokens } from "./descriptionTokens.ts"
import { type FaultProfile, type FaultProfileName, faultProfiles } from "./faults.ts"
import {
  type CreateOf,
  find,
  inUse,
  invalid,
  type KindRules,
  liveEntry,
  notFound,
  noUpdateInFlight,
  requireStatus,
  type TwinState,
  throttled,
  twinRules,
  type UpdateOf
} from "./rules/index.ts"
import { solutionMetrics } from "./solutionMetrics.ts"
import { checkTagKeys, checkTags } from "./tags.ts"
import { Timelines } from "./timelines.ts"
import {
  type Durations,
  defaultDurations,
  defaultOtherDurations,
  defaultQuotas,
  type OtherDurations,
  type Quotas
} from "./timings.ts"
import { restoreStore, snapshotStore, type TwinSnapshot } from "./twinSnapshot.ts"
import { type Entry, statusOf, TwinStore } from "./twinStore.ts"

/** How to build a twin: account/region, seed and fault profile, timings and quotas. */
export interface TwinOptions {
  readonly scope?: P.ArnScope
  readonly seed?: number
  readonly faults?: FaultProfileName | FaultProfile
  readonly durations?: Partial<Durations>
  readonly otherDurations?: Partial<OtherDurations>
  readonly quotas?: Partial<Quotas>
  /** Start from a snapshot's resources instead of an empty account (the clock is the caller's to set). */
  readonly restore?: TwinSnapshot
}

/**
 * Test and simulation access to the twin's inside (everything alive, how often each kind was created),
 * and the operations the served twin offers beyond the `Personalize` port: tags and solution metrics.
 */
export interface TwinInspector {
  readonly inventory: Effect.Effect<ReadonlyArray<P.ResourceDescription>>
  readonly createCount: (kind: P.ResourceKind) => number
  readonly callCount: () => number
  /** The twin's state now, to restore in a later process (`TwinOptions.restore`). */
  readonly snapshot: Effect.Effect<TwinSnapshot>
  /**
   * Takes in a resource that exists already (created at `createdAt`, in `status` since then; with a
   * finished or running update in `latestUpdateStatus`), as a monitor finds an account it did not
   * provision. No rule runs: the caller names a consistent parent.
   */
  readonly adopt: (resource: AdoptedResource) => Effect.Effect<void>
  /** ListTagsForResource. */
  readonly tags: (arn: string) => Effect.Effect<ReadonlyArray<Config.Tag>, P.PersonalizeError>
  /** TagResource: adds or overwrites keys (50 keys per resource at most). */
  readonly tagResource: (arn: string, tags: ReadonlyArray<Config.Tag>) => Effect.Effect<void, P.PersonalizeError>
  /** UntagResource. */
  readonly untagResource: (arn: string, keys: ReadonlyArray<string>) => Effect.Effect<void, P.PersonalizeError>
  /** GetSolutionMetrics of an ACTIVE solution version: seeded, moved by data size and training mode. */
  readonly solutionMetrics: (arn: P.ResourceArn) => Effect.Effect<Record<string, number>, P.PersonalizeError>
}

/** A resource handed to `TwinInspector.adopt`. */
export interface AdoptedResource {
  readonly kind: P.ResourceKind
  readonly name: string
  readonly arn: P.ResourceArn
  readonly parentArn?: P.ResourceArn
  readonly attributes: Record<string, unknown>
  readonly createdAt: number
  readonly status: P.Status
  readonly latestUpdateStatus?: P.Status
}

/** The twin's inspection handle, provided next to `Personalize` by `layerMemoryPersonalize`. */
export class PersonalizeTwin extends Context.Service<PersonalizeTwin, TwinInspector>()(
  "@personalize-ops/adapters-memory/personalize/PersonalizeTwin"
) {}

/** The rules' state plus what the operations add: seeded throttling and a call counter. */
interface TwinRuntime extends TwinState {
  /**
   * Throttling's own seeded stream, apart from the timelines': how many calls a client makes (a wait that
   * skips unchanged polls makes fewer) never moves when resources finish.
   */
  readonly throttleRandom: () => number
  readonly seed: number
  readonly faults: FaultProfile
  readonly counters: { calls: number }
}

/**
 * Every call passes here: it is counted, due automatic trainings start, and the fault profile may throttle
 * it; else `answer` runs at the same `now`. The clock is read from the calling fiber in place (one
 * primitive and no closure of its own: `Effect.clockWith` added one per call, the twin's most frequent).
 */
const gated = <A>(
  twin: TwinRuntime,
  operation: string,
  answer: (now: number) => Effect.Effect<A, P.PersonalizeError>
): Effect.Effect<A, P.PersonalizeError> =>
  Effect.withFiber((fiber) => {
    const now = fiber.getRef(Clock.Clock).currentTimeMillisUnsafe()
    twin.counters.calls++
    runAutoTraining(twin, now)
    return twin.throttleRandom() < twin.faults.throttle ? throttled(operation) : answer(now)
  })

const create = (twin: TwinRuntime, input: P.CreateInput) =>
  gated(twin, `Create${input.kind}`, (now) => createAt(twin, input, now))

const createAt = Effect.fnUntraced(function* (twin: TwinRuntime, input: P.CreateInput, now: number) {
  const tags = "tags" in input ? (input.tags ?? []) : []
  yield* checkTags(input.kind, tags)
  const rules = twinRules[input.kind] as KindRules<P.ResourceKind>
  const entry = yield* rules.create(input as CreateOf<P.ResourceKind>, twin, now)
  for (const t of tags) entry.tags[t.tagKey] = t.tagValue
  return entry.arn
})

const describe = (twin: TwinRuntime, kind: P.ResourceKind, arn: P.ResourceArn) =>
  gated(twin, `Describe${kind}`, (now) => describeAt(twin, kind, arn, now))

const describeAt = (twin: TwinRuntime, kind: P.ResourceKind, arn: P.ResourceArn, now: number) => {
  const entry = liveEntry(twin.store, kind, arn, now)
  return entry === undefined ? notFound(kind, arn) : Effect.succeed(describeEntry(entry, now))
}

const list = (twin: TwinRuntime, input: P.ListInput) =>
  gated(twin, `List${input.kind}s`, (now) => listAt(twin, input, now))

const listAt = Effect.fnUntraced(function* (twin: TwinRuntime, input: P.ListInput, now: number) {
  const max = input.maxResults ?? 100
  if (!Number.isInteger(max) || max < 1 || max > 100)
    return yield* invalid(input.kind, "maxResults", "maxResults must be 1–100")
  const offset = input.nextToken === undefined ? 0 : Number.parseInt(input.nextToken, 36)
  if (!Number.isInteger(offset) || offset < 0) return yield* invalid(input.kind, "nextToken", "The token is not valid.")
  const all = (
    input.parentArn === undefined
      ? twin.store.alive(input.kind, now)
      : twin.store.childrenOf(input.parentArn, input.kind, now)
  ).filter((e) => input.region === undefined || P.arnRegion(e.arn) === input.region)
  const items = all.slice(offset, offset + max).map((e) => describeEntry(e, now))
  const page: P.ResourcePage = offset + max < all.length ? { items, nextToken: (offset + max).toString(36) } : { items }
  return page
})

const update = (twin: TwinRuntime, input: P.UpdateInput) =>
  gated(twin, `Update${input.kind}`, (now) => updateAt(twin, input, now))

const updateAt = Effect.fnUntraced(function* (twin: TwinRuntime, input: P.UpdateInput, now: number) {
  const entry = yield* find(twin.store, input.kind, input.arn, now)
  yield* noUpdateInFlight(entry, now)
  const rule = twinRules[input.kind].update as (
    input: UpdateOf<P.UpdateInput["kind"]>,
    entry: Entry,
    twin: TwinState,
    now: number
  ) => Effect.Effect<Record<string, unknown>, P.PersonalizeError>
  const fields = yield* rule(input, entry, twin, now)
  entry.update = { fields, applied: false, timeline: twin.timelines.update(entry.kind, now) }
  // The update may turn auto-training on or change its schedule: the solution is looked at again.
  if (entry.kind === "Solution") twin.store.queueAutoTraining(entry, now)
})

const del = (twin: TwinRuntime, kind: P.DeletableKind, arn: P.ResourceArn) =>
  gated(twin, `Delete${kind}`, (now) => delAt(twin, kind, arn, now))

const delAt = Effect.fnUntraced(function* (twin: TwinRuntime, kind: P.DeletableKind, arn: P.ResourceArn, now: number) {
  const entry = yield* find(twin.store, kind, arn, now)
  const hasStatus = P.kindTraits[kind].hasStatus
  if (hasStatus) yield* requireStatus(entry, now, ["ACTIVE", "CREATE_FAILED", "INACTIVE"])
  yield* noUpdateInFlight(entry, now)
  const guard = (twinRules[kind] as KindRules<P.ResourceKind>).deleteGuard
  if (guard !== undefined) yield* guard(entry, twin, now)
  // A kind without status (Schema) is gone at once; the others go through DELETE_PENDING first.
  if (!hasStatus) return twin.store.remove(entry)
  const deleting = twin.timelines.delete(kind, entry.timeline, now)
  twin.store.retime(entry, deleting.timeline)
  twin.store.markGone(entry, deleting.goneAt)
})

const stop = (twin: TwinRuntime, kind: "SolutionVersion" | "Recommender", arn: P.ResourceArn) =>
  gated(twin, kind === "SolutionVersion" ? "StopSolutionVersionCreation" : "StopRecommender", (now) =>
    stopAt(twin, kind, arn, now)
  )

const stopAt = Effect.fnUntraced(function* (
  twin: TwinRuntime,
  kind: "SolutionVersion" | "Recommender",
  arn: P.ResourceArn,
  now: number
) {
  const entry = yield* find(twin.store, kind, arn, now)
  const status = statusOf(entry, now)
  if (kind === "Recommender") {
    yield* requireStatus(entry, now, ["ACTIVE"])
    twin.store.retime(entry, twin.timelines.stop(entry.timeline, now))
    return
  }
  if (status !== "CREATE_PENDING" && status !== "CREATE_IN_PROGRESS")
    return yield* inUse(entry, `cannot stop a solution version in ${status} state`)
  twin.store.retime(entry, twin.timelines.stopTraining(entry.timeline, status, now))
})

const start = (twin: TwinRuntime, kind: "Recommender", arn: P.ResourceArn) =>
  gated(twin, "StartRecommender", (now) => startAt(twin, kind, arn, now))

const startAt = Effect.fnUntraced(function* (twin: TwinRuntime, kind: "Recommender", arn: P.ResourceArn, now: number) {
  const entry = yield* find(twin.store, kind, arn, now)
  yield* requireStatus(entry, now, ["INACTIVE"])
  twin.store.retime(entry, twin.timelines.start(entry.timeline, now))
})

/** Any live resource by ARN (tag operations name no kind). */
const anyResource = (twin: TwinRuntime, operation: string, arn: string) =>
  gated(twin, operation, (now) => anyResourceAt(twin, arn, now))

const anyResourceAt = (twin: TwinRuntime, arn: string, now: number) => {
  const entry = twin.store.lookup(arn, now)
  return entry === undefined ? notFound("Resource", arn) : Effect.succeed(entry)
}

const tagResource = Effect.fnUntraced(function* (twin: TwinRuntime, arn: string, tags: ReadonlyArray<Config.Tag>) {
  const entry = yield* anyResource(twin, "TagResource", arn)
  yield* checkTags(entry.kind, tags, entry.tags)
  for (const t of tags) entry.tags[t.tagKey] = t.tagValue
})

const untagResource = Effect.fnUntraced(function* (twin: TwinRuntime, arn: string, keys: ReadonlyArray<string>) {
  const entry = yield* anyResource(twin, "UntagResource", arn)
  yield* checkTagKeys(entry.kind, keys)
  for (const k of keys) delete entry.tags[k]
})

const listTags = (twin: TwinRuntime, arn: string) =>
  Effect.map(anyResource(twin, "ListTagsForResource", arn), (entry) =>
    Object.entries(entry.tags).map(([tagKey, tagValue]) => ({ tagKey, tagValue }))
  )

const metricsOf = (twin: TwinRuntime, arn: P.ResourceArn) =>
  gated(twin, "GetSolutionMetrics", (now) => metricsOfAt(twin, arn, now))

const metricsOfAt = Effect.fnUntraced(function* (twin: TwinRuntime, arn: P.ResourceArn, now: number) {
  const version = yield* find(twin.store, "SolutionVersion", arn, now)
  yield* requireStatus(version, now, ["ACTIVE"])
  return solutionMetrics(twin.seed, arn, version.trainedOn ?? 0, String(version.attributes.trainingMode))
})

/** Every live resource as DescribeX would answer it at `now`, kind by kind. */
const describeAlive = (twin: TwinRuntime, now: number): ReadonlyArray<P.ResourceDescription> => {
  runAutoTraining(twin, now)
  return P.ResourceKinds.flatMap((k) => twin.store.alive(k, now).map((e) => describeEntry(e, now)))
}

const inventory = (twin: TwinRuntime) => Effect.map(Clock.currentTimeMillis, (now) => describeAlive(twin, now))

const runtime = (options: TwinOptions, dataSource: Option.Option<P.DataSource["Service"]>): TwinRuntime => {
  const faults = typeof options.faults === "object" ? options.faults : faultProfiles[options.faults ?? "none"]
  const random = seededRandom(options.seed ?? 1)
  const throttleRandom = seededRandom((options.seed ?? 1) ^ 0x9e3779b9)
  const durations: Durations = { ...defaultDurations, ...options.durations }
  const other: OtherDurations = { ...defaultOtherDurations, ...options.otherDurations }
  return {
    store: options.restore === undefined ? new TwinStore() : restoreStore(options.restore),
    timelines: new Timelines(random, durations, other, faults),
    quotas: { ...defaultQuotas, ...options.quotas },
    scope: options.scope ?? P.defaultScope,
    dataSource,
    throttleRandom,
    seed: options.seed ?? 1,
    faults,
    counters: { calls: 0 }
  }
}

type Tokens = (typeof P.DescriptionTokens)["Service"]

/** Sleeps `delay`, then `again(now)` more while it gives a delay: on `runVirtual`'s clock without waking. */
const sleepTurns = (
  clock: Clock.Clock,
  delay: number,
  again: (now: number) => number | undefined
): Effect.Effect<void> =>
  isTurnClock(clock) ? clock.sleepTurns(delay, again) : Effect.andThen(Effect.sleep(delay), nextTurn(clock, again))

const nextTurn = (clock: Clock.Clock, again: (now: number) => number | undefined): Effect.Effect<void> =>
  Effect.suspend(() => {
    const delay = again(clock.currentTimeMillisUnsafe())
    return delay === undefined ? Effect.void : sleepTurns(clock, delay, again)
  })

/** A wait's turns while the token of `arn` stays `seen` (`DescriptionTokens.skipTurns`). */
const skipTurns = (
  token: (arn: P.ResourceArn, now: number) => number | undefined,
  arn: P.ResourceArn,
  seen: number,
  delay: number,
  next: (now: number) => number | undefined
): Effect.Effect<boolean> =>
  Effect.clockWith((clock) => {
    let moved = false
    const again = (now: number) => {
      const t = token(arn, now)
      moved = t === undefined || t !== seen
      return moved ? undefined : next(now)
    }
    return Effect.map(sleepTurns(clock, delay, again), () => moved)
  })

/**
 * The twin's `DescriptionTokens`: unchanged polls are known without a call (no count, no throttling), and
 * a wait's turns until the answer changes are taken without waking the waiter.
 */
const tokensOf = (twin: TwinRuntime): Tokens => {
  const token = descriptionTokens(twin.store)
  return {
    token: (arn) =>
      Effect.withFiber((fiber) => Effect.succeed(token(arn, fiber.getRef(Clock.Clock).currentTimeMillisUnsafe()))),
    skipTurns: (arn, seen, delay, next) => skipTurns(token, arn, seen, delay, next)
  }
}

const services = (twin: TwinRuntime) => ({
  tokens: tokensOf(twin),
  personalize: P.Personalize.of({
    create: (input) => create(twin, input),
    describe: (kind, arn) => describe(twin, kind, arn),
    list: (input) => list(twin, input),
    update: (input) => update(twin, input),
    delete: (kind, arn) => del(twin, kind, arn),
    stop: (kind, arn) => stop(twin, kind, arn),
    start: (kind, arn) => start(twin, kind, arn)
  }),
  inspector: {
    inventory: inventory(twin),
    createCount: (kind) => twin.store.createCount(kind),
    callCount: () => twin.counters.calls,
    snapshot: Effect.map(Clock.currentTimeMillis, (now) => snapshotStore(twin.store, now)),
    adopt: (r) =>
      Effect.sync(() => {
        const { latestUpdateStatus, status, parentArn, ...fields } = r
        const entry = twin.store.insert({ ...fields, parentArn, timeline: [{ at: r.createdAt, status }] })
        if (latestUpdateStatus !== undefined)
          entry.update = { fields: {}, applied: true, timeline: [{ at: r.createdAt, status: latestUpdateStatus }] }
      }),
    tags: (arn) => listTags(twin, arn),
    tagResource: (arn, tags) => tagResource(twin, arn, tags),
    untagResource: (arn, keys) => untagResource(twin, arn, keys),
    solutionMetrics: (arn) => metricsOf(twin, arn)
  } satisfies TwinInspector
})

/**
 * Builds an in-memory Personalize that follows the service's rules (aws-facts §1, §3): name and ARN
 * rules, ResourceAlreadyExists / ResourceNotFound / ResourceInUse (delete order) / LimitExceeded
 * (quotas) / InvalidInput (bad fields, parent not ACTIVE), statuses that move with Effect's `Clock`,
 * import data checked against the schema and the training minimums, and seeded faults.
 * Statuses are computed from timelines when read, so the twin needs no background fibers.
 * The parts: `TwinStore` (entries and indexes), `Timelines` (seeded transitions), `twinRules` (one rule set per kind).
 */
export const makePersonalizeTwin = (
  options: TwinOptions = {}
): Effect.Effect<{
  readonly personalize: P.Personalize["Service"]
  readonly inspector: TwinInspector
  readonly tokens: (typeof P.DescriptionTokens)["Service"]
}> => Effect.map(Effect.serviceOption(P.DataSource), (dataSource) => services(runtime(options, dataSource)))

/**
 * The twin as a layer: `Personalize` plus its `PersonalizeTwin` inspector and its `DescriptionTokens`
 * (reads `DataSource` when provided).
 */
export const layerMemoryPersonalize = (options: TwinOptions = {}): Layer.Layer<P.Personalize | PersonalizeTwin> =>
  Layer.effectContext(
    Effect.map(makePersonalizeTwin(options), ({ inspector, personalize, tokens }) =>
      Context.make(P.Personalize, personalize).pipe(
        Context.add(PersonalizeTwin, inspector),
        Context.add(P.DescriptionTokens, tokens)
      )
    )
  )
