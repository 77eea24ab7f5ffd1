import { Effect, Schedule, Schema } from "effect"

/**
 * Exception names that mean "slow down": retried with jittered backoff. Personalize's
 * LimitExceededException is deliberately absent: it is also raised for quota breaches ("more than 5
 * pending jobs"), which a retry loop cannot fix; ports decide per operation whether it is retryable.
 */
export const throttlingErrorNames: ReadonlySet<string> = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ProvisionedThroughputExceededException",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown"
])

/** A failed AWS SDK call, with the service's exception name kept for mapping to a port's typed errors. */
export class AwsCallError extends Schema.TaggedError<AwsCallError>()("AwsCallError", {
  operation: Schema.String,
  /** The SDK exception's `name`, e.g. `ResourceNotFoundException`. */
  name: Schema.String,
  detail: Schema.String,
  throttled: Schema.Boolean,
  cause: Schema.Defect()
}) {
  override get message() {
    return `${this.operation} failed: ${this.name}: ${this.detail}`
  }
}

/** Runs one SDK call; interruption aborts the HTTP request. Every rejection becomes an `AwsCallError`. */
export const awsCall = <A>(operation: string, f: (abortSignal: AbortSignal) => Promise<A>) =>
  Effect.tryPromise({
    try: f,
    catch: (cause) => {
      const name = cause instanceof Error ? cause.name : "UnknownError"
      const detail = cause instanceof Error ? cause.message : String(cause)
      return new AwsCallError({ operation, name, detail, throttled: throttlingErrorNames.has(name), cause })
    }
  })

/** Exponential backoff from 100 ms, each delay capped at 5 s and jittered, at most `times` retries. */
export const backoff = (times = 6) =>
  Schedule.min([Schedule.exponential("100 millis"), Schedule.spaced("5 seconds")]).pipe(
    Schedule.jittered,
    Schedule.upTo({ times })
  )

/** Retries an effect while it fails with a throttled `AwsCallError` (or another error `retryable` accepts). */
export const retryThrottled =
  <E>(options: { readonly times?: number; readonly retryable?: (e: E) => boolean } = {}) =>
  <A, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    self.pipe(
      Effect.retry({
        schedule: backoff(options.times),
        while: (e: E) => (e instanceof AwsCallError && e.throttled) || options.retryable?.(e) === true
      })
    )
