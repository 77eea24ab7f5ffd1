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
 * The in-memory job read model: views in a map, stats counters in rows updated by `statsDelta`. With a
 * retention, a finished job past it is removed, and its counts with it, before any read or write.
 */
export const makeMemoryJobReadModel = (options: MemoryJobReadModelOptions = {}): Jobs.JobReadModel["Service"] => {
  const views = new Map<string, Jobs.JobView>()
  let counters: ReadonlyArray<Jobs.CounterRow> = []
  const retentionMs = options.retentionDays === undefined ? undefined : options.retentionDays * 86_400_000

  /** Removes the jobs expired at the clock's time, and their counts (what the TTL and its ledger do). */
  const reap = <A, E>(then: Effect.Effect<A, E>): Effect.Effect<A, E> =>
    retentionMs === undefined
      ? then
      : Effect.flatMap(Clock.currentTimeMillis, (now) => {
          for (const [jobId, view] of views) {
            if (Jobs.isExpiredAt(Jobs.expirySeconds(view, retentionMs), now)) {
              counters = Jobs.applyDeltas(counters, Jobs.statsDelta(Jobs.toSummary(view), undefined))
              views.delete(jobId)
            }
          }
          return then
        })

  const upsert: Jobs.JobReadModel["Service"]["upsert"] = (view) =>
    reap(
      Effect.sync(() => {
        const before = views.get(view.jobId)
        // Same version with other content is a reprojection (e.g. new classification rules): it is written.
        if (
          before !== undefined &&
          (before.version > view.version ||
            (before.version === view.version && JSON.stringify(before) === JSON.stringify(view)))
        ) {
          return "unchanged" as const
        }
        counters = Jobs.applyDeltas(
          counters,
          Jobs.statsDelta(before === undefined ? undefined : Jobs.toSummary(before), Jobs.toSummary(view))
        )
        views.set(view.jobId, view)
        return "written" as const
      })
    )

  const get: Jobs.JobReadModel["Service"]["get"] = (jobId) => reap(Effect.sync(() => views.get(jobId)))

  const list: Jobs.JobReadModel["Service"]["list"] = (query) =>
    reap(
      Effect.suspend(() => {
        const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
        if (query.cursor !== undefined && after === undefined) {
          return Effect.fail(new Jobs.InvalidCursor({ cursor: query.cursor }))
        }
        const limit = Jobs.pageSize(query.limit)
        const sorted = [...views.values()]
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
      })
    )

  const stats: Jobs.JobReadModel["Service"]["stats"] = (query) =>
    reap(
      Effect.sync(() => {
        const from = query.from === undefined ? undefined : Jobs.dayOf(query.from)
        const to = query.to === undefined ? undefined : Jobs.dayOf(query.to)
        return Jobs.computeStats(
          counters.filter((r) => (from === undefined || r.day >= from) && (to === undefined || r.day <= to))
        )
      })
    )

  return Jobs.JobReadModel.of({ upsert, get, list, stats })
}

/** A fresh in-memory job read model per layer build (no retention: every job is kept). */
export const layerMemoryJobReadModel: Layer.Layer<Jobs.JobReadModel> = Layer.sync(Jobs.JobReadModel, () =>
  makeMemoryJobReadModel()
)

/** A fresh in-memory job read model per layer build, with these options (a retention, like DynamoDB's TTL). */
export const layerMemoryJobReadModelWith = (options: MemoryJobReadModelOptions): Layer.Layer<Jobs.JobReadModel> =>
  Layer.sync(Jobs.JobReadModel, () => makeMemoryJobReadModel(options))
