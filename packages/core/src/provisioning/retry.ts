import { Clock, Effect, Schedule } from "effect"
import { isRetryable, type PersonalizeError } from "../personalize/errors.ts"

/** Backoff for retryable call errors (throttling, ResourceInUse, in-flight quotas). */
export interface RetryPolicy {
  readonly initialSeconds: number
  readonly maxIntervalSeconds: number
  readonly timeoutSeconds: number
}

export const defaultRetryPolicy: RetryPolicy = { initialSeconds: 1, maxIntervalSeconds: 300, timeoutSeconds: 24 * 3600 }

/** A Duration input in milliseconds from (possibly fractional) seconds. */
export const seconds = (s: number) => `${Math.max(0, Math.round(s * 1000))} millis` as const

/** Capped exponential backoff bounded by the policy's timeout, for retryable call errors. */
export const retrySchedule = (p: RetryPolicy) =>
  Schedule.min([
    Schedule.exponential(seconds(p.initialSeconds), 2),
    Schedule.spaced(seconds(p.maxIntervalSeconds))
  ]).pipe(Schedule.upTo({ duration: seconds(p.timeoutSeconds) }))

/**
 * The delays of a capped exponential backoff bounded by a timeout, stepped by hand: `next(now)` gives the
 * delay (ms) before the next attempt, or undefined once `now` is past the timeout counted from the first
 * step. The same delays and stop as `Schedule.min([Schedule.exponential(initial, factor), Schedule.spaced(max)])
 * .pipe(Schedule.upTo({ duration: timeout }))` (see `retrySchedule`), without building a schedule per call:
 * apply steps through one on every call and every poll.
 */
export const backoff = (
  initialSeconds: number,
  factor: number,
  maxIntervalSeconds: number,
  timeoutSeconds: number
): ((now: number) => number | undefined) => {
  const initial = Math.max(0, Math.round(initialSeconds * 1000))
  const max = Math.max(0, Math.round(maxIntervalSeconds * 1000))
  const timeout = Math.max(0, Math.round(timeoutSeconds * 1000))
  let attempt = 0
  let start: number | undefined
  return (now) => {
    start ??= now
    const delay = Math.min(initial * factor ** attempt, max)
    attempt++
    return now - start <= timeout ? delay : undefined
  }
}

/** The retry policy's backoff, stepped by hand (`retrySchedule`'s delays). */
export const retryBackoff = (p: RetryPolicy) => backoff(p.initialSeconds, 2, p.maxIntervalSeconds, p.timeoutSeconds)

/** LimitExceeded is retried only for in-flight quotas and rate limits, which clear by themselves. */
export const retryableInApply = (e: PersonalizeError): boolean =>
  e._tag === "LimitExceeded" ? /PENDING|IN_PROGRESS|per second|rate/i.test(e.message) : isRetryable(e)

/** Retries `effect` after the error `e`, if `retryable`, while `next` gives a delay (`retrySchedule`'s, stepped by hand). */
const retryAfter = <A, R>(
  effect: Effect.Effect<A, PersonalizeError, R>,
  next: (now: number) => number | undefined,
  retryable: (e: PersonalizeError) => boolean,
  e: PersonalizeError
): Effect.Effect<A, PersonalizeError, R> =>
  retryable(e)
    ? Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const delay = next(now)
        return delay === undefined
          ? Effect.fail(e)
          : Effect.andThen(
              Effect.sleep(delay),
              Effect.catch(effect, (again) => retryAfter(effect, next, retryable, again))
            )
      })
    : Effect.fail(e)

/**
 * Retries one call on retryable errors (by default `retryableInApply`'s) under the policy, at `retrySchedule`'s
 * times. A call that succeeds (nearly all: observe lists and describes every resource this way) builds no schedule.
 */
export const withRetry =
  (policy: RetryPolicy, retryable: (e: PersonalizeError) => boolean = retryableInApply) =>
  <A, R>(effect: Effect.Effect<A, PersonalizeError, R>): Effect.Effect<A, PersonalizeError, R> =>
    Effect.catch(effect, (e) => retryAfter(effect, retryBackoff(policy), retryable, e))
