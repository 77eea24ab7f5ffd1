import type { BatchJobStatus } from "./BatchJobStatus.ts"
import { applyDeltas, computeStats, type JobStats, statsDelta } from "./JobStats.ts"
import type { JobSummary } from "./JobView.ts"

/** The filters of the dashboard and `jobs report`: each list is "any of"; the window bounds submission time. */
export interface JobFilter {
  readonly statuses?: ReadonlyArray<BatchJobStatus>
  readonly taskTypes?: ReadonlyArray<string>
  readonly queues?: ReadonlyArray<string>
  readonly regions?: ReadonlyArray<string>
  /** Epoch ms, inclusive. */
  readonly since?: number
  /** Epoch ms, inclusive. */
  readonly until?: number
  /** A substring of the job id or name (case-insensitive). */
  readonly search?: string
}

const anyOf = <A>(list: ReadonlyArray<A> | undefined, value: A) =>
  list === undefined || list.length === 0 || list.includes(value)

/** Whether a job passes every filter. */
export const matchesFilter = (job: JobSummary, f: JobFilter): boolean =>
  anyOf(f.statuses, job.status) &&
  anyOf(f.taskTypes, job.taskType) &&
  anyOf(f.queues, job.queue) &&
  anyOf(f.regions, job.region) &&
  (f.since === undefined || job.createdAt >= f.since) &&
  (f.until === undefined || job.createdAt <= f.until) &&
  (f.search === undefined ||
    f.search === "" ||
    `${job.jobId}\u0000${job.jobName}`.toLowerCase().includes(f.search.toLowerCase()))

/** A listed job with the jobs that belong to it: an array job's children, a multi-node job's nodes. */
export interface JobRow {
  readonly job: JobSummary
  /** Children by index, or nodes by node index. */
  readonly members: ReadonlyArray<JobSummary>
}

/** The job an array child or a multi-node node belongs to. */
export const memberOf = (job: JobSummary): string | undefined =>
  job.shape?.kind === "array-child"
    ? job.shape.parentJobId
    : job.shape?.kind === "node"
      ? job.shape.mainJobId
      : undefined
/** An array child's index or a node's index (0 for other jobs). */
export const memberIndex = (job: JobSummary): number =>
  job.shape?.kind === "array-child" ? job.shape.index : job.shape?.kind === "node" ? job.shape.nodeIndex : 0

/**
 * Groups jobs into rows: an array job's children and a multi-node job's nodes go under it (not as
 * unrelated rows with one name). A child whose parent was never seen stays a row of its own.
 */
export const jobRows = (jobs: ReadonlyArray<JobSummary>): ReadonlyArray<JobRow> => {
  const ids = new Set(jobs.map((j) => j.jobId))
  const members = new Map<string, Array<JobSummary>>()
  for (const j of jobs) {
    const parent = memberOf(j)
    if (parent !== undefined && ids.has(parent)) members.set(parent, [...(members.get(parent) ?? []), j])
  }
  return jobs
    .filter((j) => {
      const parent = memberOf(j)
      return parent === undefined || !ids.has(parent)
    })
    .map((job) => ({ job, members: (members.get(job.jobId) ?? []).sort((a, b) => memberIndex(a) - memberIndex(b)) }))
}

/** Members per status: an array job's own summary when it has one, else counted from the members seen. */
export const memberCounts = (row: JobRow): Readonly<Record<string, number>> => {
  const counts: Record<string, number> = {}
  const summary = row.job.shape?.kind === "array" ? row.job.shape.statusSummary : undefined
  if (summary !== undefined && Object.values(summary).some((n) => n > 0)) {
    for (const [s, n] of Object.entries(summary)) if (n > 0) counts[s] = n
    return counts
  }
  for (const m of row.members) counts[m.status] = (counts[m.status] ?? 0) + 1
  return counts
}

/** Stats of exactly these jobs (no day rounding, no other jobs): what a filtered list's cards show. */
export const statsOfJobs = (jobs: ReadonlyArray<JobSummary>): JobStats =>
  computeStats(
    applyDeltas(
      [],
      jobs.flatMap((j) => statsDelta(undefined, j))
    )
  )
