import { findTransition, isTerminal, type MeasuredPhase, measuredPhases } from "./BatchJobStatus.ts"
import type { HistoryEntry } from "./JobDecider.ts"

/** Milliseconds spent per phase (summed over attempts), and from creation to the end when known. */
export type PhaseDurations = { readonly [P in MeasuredPhase]?: number } & { readonly total?: number }

const isMeasured = (s: string): s is MeasuredPhase => (measuredPhases as ReadonlyArray<string>).includes(s)

/**
 * Per-phase durations from a history in progress order. A phase is measured only between two
 * observations joined by a documented transition (so a missed STARTING does not inflate RUNNABLE);
 * a retry (RUNNING → RUNNABLE on the next attempt) closes the RUNNING phase of the failed attempt.
 */
export const phaseDurations = (history: ReadonlyArray<HistoryEntry>, createdAt?: number): PhaseDurations => {
  const sums: { [P in MeasuredPhase]?: number } = {}
  for (let i = 1; i < history.length; i++) {
    const a = history[i - 1]!
    const b = history[i]!
    const transition = findTransition(a.status, b.status)
    if (transition === undefined) continue
    const sameAttempt = transition.retry === true ? b.attempt === a.attempt + 1 : b.attempt === a.attempt
    if (!sameAttempt || !isMeasured(a.status) || b.at < a.at) continue
    sums[a.status] = (sums[a.status] ?? 0) + (b.at - a.at)
  }
  const last = history[history.length - 1]
  const total =
    last !== undefined && isTerminal(last.status) && createdAt !== undefined && last.at >= createdAt
      ? last.at - createdAt
      : undefined
  return total === undefined ? sums : { ...sums, total }
}

/** How long a job may stay in a non-terminal status before it counts as stuck (ms). */
export interface StuckThresholds {
  readonly default: number
  readonly byStatus?: { readonly [status: string]: number }
}

/** Defaults: waiting for capacity an hour, starting 15 minutes, running 12 hours. */
export const defaultStuckThresholds: StuckThresholds = {
  default: 60 * 60_000,
  byStatus: { STARTING: 15 * 60_000, RUNNING: 12 * 60 * 60_000 }
}

/** Why a job counts as stuck. */
export interface Stuck {
  readonly status: string
  readonly since: number
  readonly forMs: number
  readonly thresholdMs: number
}

/** Whether a job in `status` since `since` is stuck at `now`. Terminal jobs never are. */
export const stuckAt = (
  job: { readonly status: string; readonly since: number },
  now: number,
  thresholds: StuckThresholds = defaultStuckThresholds
): Stuck | undefined => {
  if (job.status === "SUCCEEDED" || job.status === "FAILED") return undefined
  const thresholdMs = thresholds.byStatus?.[job.status] ?? thresholds.default
  const forMs = now - job.since
  return forMs > thresholdMs ? { status: job.status, since: job.since, forMs, thresholdMs } : undefined
}
