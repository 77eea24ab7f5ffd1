import { Ingestion } from "@personalize-ops/core"
import { type Duration, Effect, Layer, Schedule, Schema } from "effect"
import { seededRandom } from "../simulation/seededRandom.ts"

/** Faults and timing of the in-memory PutEvents. Everything random is drawn from `seed`. */
export interface MemoryPersonalizeEventsOptions {
  /** Time each attempt takes, on Effect's Clock (virtual under TestClock). Default 0. */
  readonly latency?: Duration.Input
  readonly seed?: number
  /** Probability that an attempt is throttled; throttled attempts are retried with jittered backoff. */
  readonly throttleRate?: number
  /** Throttling retries before the call fails (retryably). Default 3. */
  readonly retries?: number
  /** Probability that a call fails with a retryable 5xx (`ServiceUnavailableException`). */
  readonly failureRate?: number
  /**
   * A deterministic fault: return the service's exception name to fail this call. Whether it is
   * retryable follows the service (`putEventsPermanentErrors`), as in the AWS adapter.
   */
  readonly failWhen?: (request: Ingestion.PutEventsRequest) => string | undefined
}

/** The in-memory PutEvents service and what it recorded. */
export interface MemoryPersonalizeEvents {
  readonly service: Ingestion.PersonalizeEvents["Service"]
  /** Requests the service accepted, in acceptance order. */
  readonly accepted: () => ReadonlyArray<Ingestion.PutEventsRequest>
  /** Every call (accepted or not), in call order. */
  readonly calls: () => ReadonlyArray<Ingestion.PutEventsRequest>
  /** Attempts including throttled retries. */
  readonly attempts: () => number
}

const validRequest = Schema.decodeUnknownResult(Ingestion.PutEventsRequest)

/**
 * A faithful twin of PutEvents: it rejects requests that break the API limits with
 * InvalidInputException (as the service does), throttles and fails under a seed, and records calls.
 */
export const makeMemoryPersonalizeEvents = (options: MemoryPersonalizeEventsOptions = {}): MemoryPersonalizeEvents => {
  const random = seededRandom(options.seed ?? 1)
  const accepted: Array<Ingestion.PutEventsRequest> = []
  const calls: Array<Ingestion.PutEventsRequest> = []
  let attempts = 0
  const latency = options.latency ?? 0

  const attempt = () =>
    Effect.gen(function* () {
      attempts++
      if (latency !== 0) yield* Effect.sleep(latency)
      if (random() < (options.throttleRate ?? 0))
        return yield* new Ingestion.PutEventsFailed({
          reason: "ThrottlingException",
          detail: "Rate exceeded",
          retryable: true
        })
    })

  const putEvents = (request: Ingestion.PutEventsRequest) =>
    Effect.gen(function* () {
      calls.push(request)
      yield* attempt().pipe(
        Effect.retry({
          schedule: Schedule.exponential("100 millis").pipe(
            Schedule.jittered,
            Schedule.upTo({ times: options.retries ?? 3 })
          )
        })
      )
      const invalid = validRequest(request, { errors: "first" })
      if (invalid._tag === "Failure")
        return yield* new Ingestion.PutEventsFailed({
          reason: "InvalidInputException",
          detail: invalid.failure.message,
          retryable: false
        })
      const fault = options.failWhen?.(request)
      if (fault !== undefined)
        return yield* new Ingestion.PutEventsFailed({
          reason: fault,
          detail: "injected fault",
          retryable: !Ingestion.putEventsPermanentErrors.has(fault)
        })
      if (random() < (options.failureRate ?? 0))
        return yield* new Ingestion.PutEventsFailed({
          reason: "ServiceUnavailableException",
          detail: "injected 5xx",
          retryable: true
        })
      accepted.push(request)
    })

  return {
    service: Ingestion.PersonalizeEvents.of({ putEvents }),
    accepted: () => accepted,
    calls: () => calls,
    attempts: () => attempts
  }
}

/** A layer over a memory PutEvents made by `makeMemoryPersonalizeEvents` (keep it to inspect calls). */
export const layerMemoryPersonalizeEvents = (
  memory: MemoryPersonalizeEvents = makeMemoryPersonalizeEvents()
): Layer.Layer<Ingestion.PersonalizeEvents> => Layer.succeed(Ingestion.PersonalizeEvents, memory.service)
