import { Jobs } from "@personalize-ops/core"
import { Effect, Layer } from "effect"

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

/** The in-memory job read model: views in a map, stats counters in rows updated by `statsDelta`. */
export const makeMemoryJobReadModel = (): Jobs.JobReadModel["Service"] => {
  const views = new Map<string, Jobs.JobView>()
  let counters: ReadonlyArray<Jobs.CounterRow> = []

  const upsert: Jobs.JobReadModel["Service"]["upsert"] = (view) =>
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

  const get: Jobs.JobReadModel["Service"]["get"] = (jobId) => Effect.sync(() => views.get(jobId))

  const list: Jobs.JobReadModel["Service"]["list"] = (query) =>
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

  const stats: Jobs.JobReadModel["Service"]["stats"] = (query) =>
    Effect.sync(() => {
      const from = query.from === undefined ? undefined : Jobs.dayOf(query.from)
      const to = query.to === undefined ? undefined : Jobs.dayOf(query.to)
      return Jobs.computeStats(
        counters.filter((r) => (from === undefined || r.day >= from) && (to === undefined || r.day <= to))
      )
    })

  return Jobs.JobReadModel.of({ upsert, get, list, stats })
}

/** A fresh in-memory job read model per layer build. */
export const layerMemoryJobReadModel: Layer.Layer<Jobs.JobReadModel> = Layer.sync(
  Jobs.JobReadModel,
  makeMemoryJobReadModel
)
