import { Context, Effect, Schema } from "effect"
import { type BatchJobStatus, isTerminal } from "./BatchJobStatus.ts"
import type { JobStats } from "./JobStats.ts"
import type { JobSummary, JobView } from "./JobView.ts"
import { type JobFilter, matchesFilter, memberOf } from "./jobRows.ts"

/**
 * A job list query: the dashboard's filters (each list "any of", `since`/`until` bound the submission
 * time, `search` a substring of the job id or name), or the members of one job.
 */
export interface JobQuery extends JobFilter {
  /** Only the array children or multi-node nodes of this job (by index). */
  readonly memberOf?: string
  /** Page size, 1–100 (default 20). */
  readonly limit?: number
  /** The opaque `nextCursor` of the previous page (valid for any filter: it marks a place in the order). */
  readonly cursor?: string
}

/** One page of jobs, newest first. `nextCursor` is absent on the last page. */
export interface JobPage {
  readonly jobs: ReadonlyArray<JobSummary>
  readonly nextCursor?: string
}

/** A stats query: submission days between `from` and `to` (epoch ms, inclusive). */
export interface StatsQuery {
  readonly from?: number
  readonly to?: number
}

/** Whether an upsert changed the store (a replay of an already projected version does not). */
export type UpsertOutcome = "written" | "unchanged"

/** Days a finished job is kept when no retention is configured (`JOBS_RETENTION_DAYS`). */
export const defaultRetentionDays = 90

/**
 * When a finished job expires, in epoch seconds (DynamoDB TTL's unit): `retentionMs` after it entered
 * its terminal status. An unfinished job never expires.
 */
export const expirySeconds = (
  job: { readonly status: BatchJobStatus; readonly since: number },
  retentionMs: number
): number | undefined => (isTerminal(job.status) ? Math.floor((job.since + retentionMs) / 1000) : undefined)

/**
 * Whether an item whose expiry is `expiry` (epoch seconds) is past it at `now` (epoch ms), as DynamoDB's
 * TTL decides: its expiry is before the current second. DynamoDB deletes such items lazily (within days)
 * and reads still return them until then, so every read (get, list, stats) leaves them out itself.
 */
export const isExpiredAt = (expiry: number | undefined, now: number): boolean =>
  expiry !== undefined && expiry < Math.floor(now / 1000)

/** The largest page a list returns. */
export const maxPageSize = 100
/** Page size when none is asked for. */
export const defaultPageSize = 20

/** The read model store failed. */
export class ReadModelFailure extends Schema.TaggedError<ReadModelFailure>()("ReadModelFailure", {
  operation: Schema.String,
  cause: Schema.Defect()
}) {
  override get message() {
    return `job read model: ${this.operation} failed`
  }
}

/** A cursor that this store did not issue, or issued for another filter. */
export class InvalidCursor extends Schema.TaggedError<InvalidCursor>()("InvalidCursor", {
  cursor: Schema.String
}) {
  override get message() {
    return "invalid page cursor"
  }
}

/**
 * The job read model, kept up to date by the projection. `upsert` is idempotent per stream version
 * and keeps the stats counters in step with the views (see `statsDelta`). A store with a retention
 * leaves a finished job out of get, list and stats once it expired (`isExpiredAt`), whether or not the
 * store has removed it yet.
 */
export class JobReadModel extends Context.Service<
  JobReadModel,
  {
    readonly upsert: (view: JobView) => Effect.Effect<UpsertOutcome, ReadModelFailure>
    readonly get: (jobId: string) => Effect.Effect<JobView | undefined, ReadModelFailure>
    readonly list: (query: JobQuery) => Effect.Effect<JobPage, ReadModelFailure | InvalidCursor>
    readonly stats: (query: StatsQuery) => Effect.Effect<JobStats, ReadModelFailure>
  }
>()("@personalize-ops/core/jobs/JobReadModel") {}

/** Whether a summary passes a query's filters (for stores that filter in memory, and for tests). */
export const matchesQuery = (job: JobSummary, q: JobQuery): boolean =>
  matchesFilter(job, q) && (q.memberOf === undefined || memberOf(job) === q.memberOf)

/** Newest first, ties broken by job id (descending) so pages are stable. */
export const compareNewestFirst = (a: JobSummary, b: JobSummary): number =>
  b.createdAt - a.createdAt || (a.jobId < b.jobId ? 1 : a.jobId > b.jobId ? -1 : 0)

/** Clamps a requested page size to 1–100. */
export const pageSize = (limit: number | undefined): number =>
  Math.min(maxPageSize, Math.max(1, Math.floor(limit ?? defaultPageSize)))

/** Every job a query matches, newest first, read page by page (what the dashboard sorts and counts). */
export const listEvery = (query: JobQuery) =>
  Effect.gen(function* () {
    const rm = yield* JobReadModel
    const jobs: Array<JobSummary> = []
    let cursor: string | undefined
    do {
      const page = yield* rm.list({ ...query, limit: maxPageSize, ...(cursor === undefined ? {} : { cursor }) })
      jobs.push(...page.jobs)
      cursor = page.nextCursor
    } while (cursor !== undefined)
    return jobs
  })
