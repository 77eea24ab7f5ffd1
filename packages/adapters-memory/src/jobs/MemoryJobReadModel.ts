import { Jobs } from "@personalize-ops/core"
import { Clock, Effect, Layer } from "effect"

const encodeCursor = (job: Jobs.JobSummary) =>
  Buffer.from(JSON.stringify([job.createdAt, job.jobId]), "utf8").toString("base64url")

const decodeCursor = (cursor: string): readonly [number, string] | undefined => {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))
    return Array.isArray(v) && v.length === 2 && typeof v[0] === "number" && typeof v[1] === "string"
      ? [v[0], v[1]]
      : undefined
  } catch {
    return undefined
  }
}

/** Options of the memory job read model. */
export interface MemoryJobReadModelOptions {
  /**
   * Days a finished job is kept, on Effect's clock (as the DynamoDB store's TTL): past it, get, list and
   * stats leave the job out. Default: kept for ever (a report over an old event file shows every job).
   */
  readonly retentionDays?: number
}

/**
 * The read model's state, views in a map and stats counters in rows updated by `statsDelta`, with one
 * method per operation, run by the service after `reaped` removed the expired jobs.
 */
class JobViews {
  /** Milliseconds a finished job is kept; undefined keeps every job. */
  private readonly retentionMs: number | undefined
  private readonly views = new Map<string, Jobs.JobView>()
  private counters: ReadonlyArray<Jobs.CounterRow> = []

  constructor(retentionMs: number | undefined) {
    this.retentionMs = retentionMs
  }

  /** `then`, run after the jobs expired at the clock's time are reaped (nothing to reap without a retention). */
  reaped<A, E>(then: Effect.Effect<A, E>): Effect.Effect<A, E> {
    const retentionMs = this.retentionMs
    return retentionMs === undefined
      ? then
      : Effect.flatMap(Clock.currentTimeMillis, (now) => {
          this.reap(retentionMs, now)
          return then
        })
  }

  /** Removes the jobs expired at `now`, and their counts (what the TTL and its ledger do). */
  private reap(retentionMs: number, now: number): void {
    for (const [jobId, view] of this.views) {
      if (Jobs.isExpiredAt(Jobs.expirySeconds(view, retentionMs), now)) {
        this.counters = Jobs.applyDeltas(this.counters, Jobs.statsDelta(Jobs.toSummary(view), undefined))
        this.views.delete(jobId)
      }
    }
  }

  upsert(view: Jobs.JobView): Jobs.UpsertOutcome {
    const before = this.views.get(view.jobId)
    // Same version with other content is a reprojection (e.g. new classification rules): it is written.
    if (
      before !== undefined &&
      (before.version > view.version ||
        (before.version === view.version && JSON.stringify(before) === JSON.stringify(view)))
    ) {
      return "unchanged"
    }
    this.counters = Jobs.applyDeltas(
      this.counters,
      Jobs.statsDelta(before === undefined ? undefined : Jobs.toSummary(before), Jobs.toSummary(view))
    )
    this.views.set(view.jobId, view)
    return "written"
  }

  get(jobId: string): Jobs.JobView | undefined {
    return this.views.get(jobId)
  }

  list(query: Jobs.JobQuery): Effect.Effect<Jobs.JobPage, Jobs.InvalidCursor> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
    if (query.cursor !== undefined && after === undefined) {
      return Effect.fail(new Jobs.InvalidCursor({ cursor: query.cursor }))
    }
    const limit = Jobs.pageSize(query.limit)
    const sorted = [...this.views.values()]
      .map(Jobs.toSummary)
      .filter((j) => Jobs.matchesQuery(j, query))
      .sort(Jobs.compareNewestFirst)
    const start =
      after === undefined
        ? 0
        : sorted.findIndex((j) => Jobs.compareNewestFirst(j, { ...j, createdAt: after[0], jobId: after[1] }) > 0)
    const jobs = start === -1 ? [] : sorted.slice(start, start + limit)
    const last = jobs[jobs.length - 1]
    const more = start !== -1 && start + limit < sorted.length
    return Effect.succeed(more && last !== undefined ? { jobs, nextCursor: encodeCursor(last) } : { jobs })
  }

  stats(query: Jobs.StatsQuery): Jobs.JobStats {
    const from = query.from === undefined ? undefined : Jobs.dayOf(query.from)
    const to = query.to === undefined ? undefined : Jobs.dayOf(query.to)
    return Jobs.computeStats(
      this.counters.filter((r) => (from === undefined || r.day >= from) && (to === undefined || r.day <= to))
    )
  }
}

/**
 * The in-memory job read model: views in a map, stats counters in rows updated by `statsDelta`. With a
 * retention, a finished job past it is removed, and its counts with it, before any read or write.
 */
export const makeMemoryJobReadModel = (options: MemoryJobReadModelOptions = {}): Jobs.JobReadModel["Service"] => {
  const state = new JobViews(options.retentionDays === undefined ? undefined : options.retentionDays * 86_400_000)
  return Jobs.JobReadModel.of({
    upsert: (view) => state.reaped(Effect.sync(() => state.upsert(view))),
    get: (jobId) => state.reaped(Effect.sync(() => state.get(jobId))),
    list: (query) => state.reaped(Effect.suspend(() => state.list(query))),
    stats: (query) => state.reaped(Effect.sync(() => state.stats(query)))
  })
}

/** A fresh in-memory job read model per layer build (no retention: every job is kept). */
export const layerMemoryJobReadModel: Layer.Layer<Jobs.JobReadModel> = Layer.sync(Jobs.JobReadModel, () =>
  makeMemoryJobReadModel()
)

/** A fresh in-memory job read model per layer build, with these options (a retention, like DynamoDB's TTL). */
export const layerMemoryJobReadModelWith = (options: MemoryJobReadModelOptions): Layer.Layer<Jobs.JobReadModel> =>
  Layer.sync(Jobs.JobReadModel, () => makeMemoryJobReadModel(options))
