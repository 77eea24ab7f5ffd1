import { Schedule } from "effect"
import type { ResourceKind } from "../personalize/ResourceKind.ts"
import { backoff, seconds } from "./retry.ts"

/** How to wait for one kind: capped exponential polling, with an explicit overall timeout (no hidden ceiling). */
export interface WaitPolicy {
  readonly initialSeconds: number
  readonly factor: number
  /** The longest gap between two polls: completion is noticed within this. */
  readonly maxIntervalSeconds: number
  readonly timeoutSeconds: number
}

const policy = (initialSeconds: number, maxIntervalSeconds: number, timeoutHours: number): WaitPolicy => ({
  initialSeconds,
  factor: 1.5,
  maxIntervalSeconds,
  timeoutSeconds: timeoutHours * 3600
})

/** Defaults per kind; training and imports get days, not the seeds' hidden ~5 h. */
export const defaultWaitPolicies: { readonly [K in ResourceKind]: WaitPolicy } = {
  DatasetGroup: policy(5, 30, 1),
  Schema: policy(1, 5, 1),
  Dataset: policy(5, 30, 1),
  DatasetImportJob: policy(30, 300, 48),
  EventTracker: policy(5, 30, 1),
  Filter: policy(5, 30, 1),
  Solution: policy(5, 30, 1),
  SolutionVersion: policy(60, 600, 96),
  Campaign: policy(30, 120, 6),
  Recommender: policy(60, 600, 96),
  BatchInferenceJob: policy(60, 600, 48),
  BatchSegmentJob: policy(60, 600, 48)
}

/** The gap after the `n`th poll (0-based): what `pollSchedule` waits, for progress displays. */
export const pollDelaySeconds = (p: WaitPolicy, n: number): number =>
  Math.min(p.initialSeconds * p.factor ** n, p.maxIntervalSeconds)

/** Capped exponential polling bounded by the timeout. */
export const pollSchedule = (p: WaitPolicy) =>
  Schedule.min([
    Schedule.exponential(seconds(p.initialSeconds), p.factor),
    Schedule.spaced(seconds(p.maxIntervalSeconds))
  ]).pipe(Schedule.upTo({ duration: seconds(p.timeoutSeconds) }))

/** `pollSchedule`'s delays, stepped by hand (one per wait: apply polls every resource it waits for). */
export const pollBackoff = (p: WaitPolicy) =>
  backoff(p.initialSeconds, p.factor, p.maxIntervalSeconds, p.timeoutSeconds)
