import { Schema } from "effect"
import { type BatchJobStatus, batchJobStatuses, type MeasuredPhase, measuredPhases } from "./BatchJobStatus.ts"
import type { JobSummary } from "./JobView.ts"

/**
 * Upper bounds (ms) of the duration histogram buckets. Percentiles are read from these counters, so
 * they are exact to a bucket: p95 = the upper bound of the bucket holding the 95th percentile.
 */
export const durationBucketBounds: ReadonlyArray<number> = [
  1_000,
  2_000,
  5_000,
  10_000,
  15_000,
  30_000,
  60_000,
  120_000,
  180_000,
  300_000,
  600_000,
  900_000,
  1_800_000,
  2_700_000,
  3_600_000,
  5_400_000,
  7_200_000,
  10_800_000,
  14_400_000,
  21_600_000,
  28_800_000,
  43_200_000,
  57_600_000,
  86_400_000,
  172_800_000,
  Number.POSITIVE_INFINITY
]

/** Index of the bucket a duration falls in. */
export const bucketOf = (ms: number): number => {
  const i = durationBucketBounds.findIndex((bound) => ms <= bound)
  return i === -1 ? durationBucketBounds.length - 1 : i
}

/** The UTC day (`YYYY-MM-DD`) a job's counters are filed under: its submission day. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** Counter names: `s:<STATUS>` counts jobs per status, `d:<PHASE>:<bucket>` counts phase durations. */
export const statusCounter = (status: BatchJobStatus) => `s:${status}`
export const durationCounter = (phase: MeasuredPhase, bucket: number) => `d:${phase}:${bucket}`

/** A counter row: all counters of one task type on one day. */
export interface CounterRow {
  readonly day: string
  readonly taskType: string
  readonly counters: { readonly [name: string]: number }
}

/** One counter change, applied with an atomic add. */
export interface CounterDelta {
  readonly day: string
  readonly taskType: string
  readonly counter: string
  readonly delta: number
}

const contributions = (job: JobSummary | undefined): ReadonlyArray<Omit<CounterDelta, "delta">> => {
  if (job === undefined) return []
  const day = dayOf(job.createdAt)
  const rows = [{ day, taskType: job.taskType, counter: statusCounter(job.status) }]
  for (const phase of measuredPhases) {
    const ms = job.durations[phase]
    if (ms !== undefined) rows.push({ day, taskType: job.taskType, counter: durationCounter(phase, bucketOf(ms)) })
  }
  return rows
}

/**
 * The counter changes that take the stats from counting `before` to counting `after`: what a
 * projection applies with atomic adds. Unchanged jobs give no deltas, so replays add nothing.
 */
export const statsDelta = (
  before: JobSummary | undefined,
  after: JobSummary | undefined
): ReadonlyArray<CounterDelta> => {
  const sums = new Map<string, CounterDelta>()
  const add = (c: Omit<CounterDelta, "delta">, delta: number) => {
    const key = `${c.day}\u0000${c.taskType}\u0000${c.counter}`
    const prev = sums.get(key)
    sums.set(key, { ...c, delta: (prev?.delta ?? 0) + delta })
  }
  for (const c of contributions(before)) add(c, -1)
  for (const c of contributions(after)) add(c, 1)
  return [...sums.values()].filter((d) => d.delta !== 0)
}

/** Adds deltas into rows (the memory store's and the tests' counter arithmetic). */
export const applyDeltas = (
  rows: ReadonlyArray<CounterRow>,
  deltas: ReadonlyArray<CounterDelta>
): Array<CounterRow> => {
  const byKey = new Map(rows.map((r) => [`${r.day}\u0000${r.taskType}`, { ...r, counters: { ...r.counters } }]))
  for (const d of deltas) {
    const key = `${d.day}\u0000${d.taskType}`
    const row = byKey.get(key) ?? { day: d.day, taskType: d.taskType, counters: {} }
    row.counters[d.counter] = (row.counters[d.counter] ?? 0) + d.delta
    byKey.set(key, row)
  }
  return [...byKey.values()]
}

const PhaseStats = Schema.Struct({
  count: Schema.Int,
  p50: Schema.NullOr(Schema.Finite),
  p95: Schema.NullOr(Schema.Finite)
})
const StatusCounts = Schema.Record(Schema.String, Schema.Int)

/** Stats for one task type. */
export const TaskTypeStats = Schema.Struct({
  total: Schema.Int,
  byStatus: StatusCounts,
  successRate: Schema.NullOr(Schema.Finite),
  durations: Schema.Record(Schema.String, PhaseStats)
})
export type TaskTypeStats = typeof TaskTypeStats.Type

/** Totals per status, success rate (SUCCEEDED / finished), and p50/p95 phase durations per task type. */
export const JobStats = Schema.Struct({
  total: Schema.Int,
  byStatus: StatusCounts,
  successRate: Schema.NullOr(Schema.Finite),
  byTaskType: Schema.Record(Schema.String, TaskTypeStats)
})
export type JobStats = typeof JobStats.Type

/** The duration at quantile `q` of a histogram (bucket upper bound; the open last bucket reports its lower bound). */
export const percentile = (counts: ReadonlyArray<number>, q: number): number | null => {
  const total = counts.reduce((a, b) => a + b, 0)
  if (total <= 0) return null
  const rank = Math.ceil(q * total)
  let seen = 0
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0
    if (seen >= rank) {
      const bound = durationBucketBounds[i]!
      return Number.isFinite(bound) ? bound : durationBucketBounds[i - 1]!
    }
  }
  return null
}

const rate = (byStatus: { readonly [s: string]: number }) => {
  const ok = byStatus["SUCCEEDED"] ?? 0
  const finished = ok + (byStatus["FAILED"] ?? 0)
  return finished === 0 ? null : ok / finished
}

const emptyByStatus = () => Object.fromEntries(batchJobStatuses.map((s) => [s, 0])) as Record<string, number>

/** Folds counter rows (any days, any task types) into stats. */
export const computeStats = (rows: ReadonlyArray<CounterRow>): JobStats => {
  const byStatus = emptyByStatus()
  const perType = new Map<string, { byStatus: Record<string, number>; hist: Map<MeasuredPhase, Array<number>> }>()
  for (const row of rows) {
    for (const [name, n] of Object.entries(row.counters)) {
      // rows whose jobs all moved elsewhere keep zero counters: they do not make a task type appear
      if (n === 0) continue
      const t = perType.get(row.taskType) ?? { byStatus: emptyByStatus(), hist: new Map() }
      perType.set(row.taskType, t)
      const [kind, a, b] = name.split(":")
      if (kind === "s" && a !== undefined) {
        byStatus[a] = (byStatus[a] ?? 0) + n
        t.byStatus[a] = (t.byStatus[a] ?? 0) + n
      } else if (kind === "d" && a !== undefined && b !== undefined) {
        const phase = a as MeasuredPhase
        const hist = t.hist.get(phase) ?? durationBucketBounds.map(() => 0)
        hist[Number(b)] = (hist[Number(b)] ?? 0) + n
        t.hist.set(phase, hist)
      }
    }
  }
  const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0)
  const byTaskType: Record<string, TaskTypeStats> = {}
  for (const [taskType, t] of [...perType.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const durations: Record<string, { count: number; p50: number | null; p95: number | null }> = {}
    for (const phase of measuredPhases) {
      const hist = t.hist.get(phase)
      if (hist === undefined) continue
      durations[phase] = {
        count: sum(Object.fromEntries(hist.entries())),
        p50: percentile(hist, 0.5),
        p95: percentile(hist, 0.95)
      }
    }
    byTaskType[taskType] = { total: sum(t.byStatus), byStatus: t.byStatus, successRate: rate(t.byStatus), durations }
  }
  return { total: sum(byStatus), byStatus, successRate: rate(byStatus), byTaskType }
}
