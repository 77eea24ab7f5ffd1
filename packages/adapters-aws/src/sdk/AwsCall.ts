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

/**
 * Failures the SDK's standard retry strategy treats as transient besides throttling: a 5xx answer, a
 * timeout, a connection dropped mid-request. Our clients run with `maxAttempts: 1`, so `retryThrottled`
 * retries these itself (one retry policy per client; the SDK's attempts do not multiply ours).
 */
const transientNames: ReadonlySet<string> = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"])
const transientCodes: ReadonlySet<string> = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT"])
const SdkErrorFacts = Schema.Struct({
  code: Schema.optionalKey(Schema.String),
  $metadata: Schema.optionalKey(Schema.Struct({ httpStatusCode: Schema.optionalKey(Schema.Number) }))
})
const sdkErrorFacts = Schema.decodeUnknownOption(SdkErrorFacts)

const isTransient = (name: string, cause: unknown): boolean => {
  if (transientNames.has(name)) return true
  const facts = sdkErrorFacts(cause)
  if (facts._tag === "None") return false
  const status = facts.value.$metadata?.httpStatusCode ?? 0
  return status >= 500 || transientCodes.has(facts.value.code ?? "")
}

/** A failed AWS SDK call, with the service's exception name kept for mapping to a port's typed errors. */
export class AwsCallError extends Schema.TaggedError<AwsCallError>()("AwsCallError", {
  operation: Schema.String,
  /** The SDK exception's `name`, e.g. `ResourceNotFoundException`. */
  name: Schema.String,
  detail: Schema.String,
  throttled: Schema.Boolean,
  /** A 5xx answer, a timeout or a dropped connection: worth another try. */
  transient: Schema.Boolean,
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
      const throttled = throttlingErrorNames.has(name)
      return new AwsCallError({ operation, name, detail, throttled, transient: isTransient(name, cause), cause })
    }
  })

/** Exponential backoff from 100 ms, each delay capped at 5 s and jittered, at most `times` retries. */
export const backoff = (times = 6) =>
  Schedule.min([Schedule.exponential("100 millis"), Schedule.spaced("5 seconds")]).pipe(
    Schedule.jittered,
    Schedule.upTo({ times })
  )

/**
 * The one retry policy of a client: retries while the call fails with a throttled or (unless
 * `transient: false`, for callers that report retryability upward) a transient `AwsCallError`, or with
 * another error `retryable` accepts.
 */
export const retryThrottled =
  <E>(
    options: { readonly times?: number; readonly retryable?: (e: E) => boolean; readonly transient?: boolean } = {}
  ) =>
  <A, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    self.pipe(
      Effect.retry({
        schedule: backoff(options.times),
        while: (e: E) =>
          (e instanceof AwsCallError && (e.throttled || (options.transient !== false && e.transient))) ||
          options.retryable?.(e) === true
      })
    )
