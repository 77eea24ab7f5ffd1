import { Personalize as P } from "@personalize-ops/core"
import { type FaultProfile, injectedFailureReasons } from "./faults.ts"
import type { Durations, OtherDurations } from "./timings.ts"

/** One status a resource enters at `at` (epoch ms) and keeps until the next step. */
export interface Step {
  readonly at: number
  readonly status: P.Status
  readonly failureReason?: string
}

/** A resource's statuses over time, decided when the request is made and read back later (no fibers). */
export type Timeline = ReadonlyArray<Step>

/** The step in force at `now` (the first step when `now` precedes them all). */
export const statusAt = (timeline: Timeline, now: number): Step => {
  let current = timeline[0] as Step
  for (const step of timeline) if (step.at <= now) current = step
  return current
}

/** Seconds to milliseconds, rounded. */
const seconds = (s: number): number => Math.round(s * 1000)

/** The steps that have already happened at `now`. */
const past = (timeline: Timeline, now: number): Array<Step> => timeline.filter((s) => s.at <= now)

/**
 * The transitions of every request, drawn from the twin's one seeded PRNG: a seed replays the same run.
 * Only `create` and `update` draw numbers (three and one); delete, stop and start are fixed durations.
 */
export class Timelines {
  private readonly random: () => number
  private readonly durations: Durations
  private readonly other: OtherDurations
  private readonly faults: FaultProfile

  constructor(random: () => number, durations: Durations, other: OtherDurations, faults: FaultProfile) {
    this.random = random
    this.durations = durations
    this.other = other
    this.faults = faults
  }

  /** Draws exactly three numbers per resource so a seed replays the same run whatever the outcome. */
  create(kind: P.ResourceKind, now: number, dataFailure?: string): Array<Step> {
    const [min, max] = this.durations[kind]
    const base = min + (max - min) * this.random()
    const total = seconds(base * (this.random() < this.faults.slow ? this.faults.slowFactor : 1))
    const injected = this.random() < this.faults.createFailure
    if (!P.kindTraits[kind].hasStatus) return [{ at: now, status: "ACTIVE" }]
    const pendingEnd = now + Math.round(total * 0.1)
    const failureReason = dataFailure ?? (injected ? injectedFailureReasons[kind] : undefined)
    const end: Step =
      failureReason === undefined
        ? { at: now + Math.max(1, total), status: "ACTIVE" }
        : { at: now + Math.max(1, Math.round(total * 0.4)), status: "CREATE_FAILED", failureReason }
    return [{ at: now, status: "CREATE_PENDING" }, { at: pendingEnd, status: "CREATE_IN_PROGRESS" }, end]
  }

  /** An update (`latestXUpdate`): pending, in progress, then ACTIVE or (a seeded fault) CREATE_FAILED. */
  update(kind: P.ResourceKind, now: number): Array<Step> {
    const failed = this.random() < this.faults.createFailure
    const end = now + seconds(this.other.update)
    return [
      { at: now, status: "CREATE_PENDING" },
      { at: now + Math.round(seconds(this.other.update) * 0.1), status: "CREATE_IN_PROGRESS" },
      failed
        ? { at: end, status: "CREATE_FAILED", failureReason: injectedFailureReasons[kind] }
        : { at: end, status: "ACTIVE" }
    ]
  }

  /** DeleteX: DELETE_PENDING then (not for dataset groups) DELETE_IN_PROGRESS; the resource is gone at `goneAt`. */
  delete(
    kind: P.ResourceKind,
    timeline: Timeline,
    now: number
  ): { readonly timeline: Timeline; readonly goneAt: number } {
    const d = seconds(this.other.delete)
    const inProgress: Array<Step> =
      kind === "DatasetGroup" ? [] : [{ at: now + Math.round(d / 2), status: "DELETE_IN_PROGRESS" }]
    return { timeline: [...timeline, { at: now, status: "DELETE_PENDING" }, ...inProgress], goneAt: now + d }
  }

  /** StopSolutionVersionCreation: a pending version stops at once; one in progress goes through CREATE_STOPPING. */
  stopTraining(timeline: Timeline, status: P.Status, now: number): Timeline {
    if (status === "CREATE_PENDING") return [...past(timeline, now), { at: now, status: "CREATE_STOPPED" }]
    return [
      ...past(timeline, now),
      { at: now, status: "CREATE_STOPPING" },
      { at: now + seconds(this.other.stop), status: "CREATE_STOPPED" }
    ]
  }

  /** StopRecommender: STOP_PENDING → STOP_IN_PROGRESS → INACTIVE. */
  stop(timeline: Timeline, now: number): Timeline {
    const d = seconds(this.other.stop)
    return [
      ...past(timeline, now),
      { at: now, status: "STOP_PENDING" },
      { at: now + Math.round(d / 2), status: "STOP_IN_PROGRESS" },
      { at: now + d, status: "INACTIVE" }
    ]
  }

  /** StartRecommender: START_PENDING → START_IN_PROGRESS → ACTIVE. */
  start(timeline: Timeline, now: number): Timeline {
    const d = seconds(this.other.start)
    return [
      ...past(timeline, now),
      { at: now, status: "START_PENDING" },
      { at: now + Math.round(d / 2), status: "START_IN_PROGRESS" },
      { at: now + d, status: "ACTIVE" }
    ]
  }
}
