import { Ingestion } from "@personalize-ops/core"
import { Context, type Duration, Effect, type Layer, Schedule, Schema } from "effect"
import { layerMemoryAdapter, type MemoryAdapter } from "../kernel/memoryAdapter.ts"
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
  /**
   * The Users and Items datasets' fields (UPPER_SNAKE, as in the Avro schema). When given, a PutUsers
   * or PutItems record with a property that is not a field is refused with InvalidInputException.
   */
  readonly datasetFields?: { readonly users?: ReadonlyArray<string>; readonly items?: ReadonlyArray<string> }
  /** A deterministic PutUsers/PutItems fault: the exception name for this call, retryable per the service. */
  readonly failRecordsWhen?: (
    operation: "PutUsers" | "PutItems",
    request: Ingestion.PutUsersRequest | Ingestion.PutItemsRequest
  ) => string | undefined
}

/** What tests read of the memory PutEvents: what it was sent and accepted. */
export interface PersonalizeEventsInspector {
  /** Requests the service accepted, in acceptance order. */
  readonly accepted: () => ReadonlyArray<Ingestion.PutEventsRequest>
  /** Every call (accepted or not), in call order. */
  readonly calls: () => ReadonlyArray<Ingestion.PutEventsRequest>
  /** Attempts including throttled retries. */
  readonly attempts: () => number
  /** PutUsers requests accepted, in order. */
  readonly acceptedUsers: () => ReadonlyArray<Ingestion.PutUsersRequest>
  /** PutItems requests accepted, in order. */
  readonly acceptedItems: () => ReadonlyArray<Ingestion.PutItemsRequest>
  /** Every PutUsers and PutItems call (accepted or not), in call order. */
  readonly recordCalls: () => ReadonlyArray<
    | { readonly operation: "PutUsers"; readonly request: Ingestion.PutUsersRequest }
    | { readonly operation: "PutItems"; readonly request: Ingestion.PutItemsRequest }
  >
}

/** The in-memory PutEvents service and what it recorded. */
export type MemoryPersonalizeEvents = MemoryAdapter<Ingestion.PersonalizeEvents["Service"], PersonalizeEventsInspector>

/** A dataset field as PutUsers/PutItems properties name it: `CATEGORY_L1` → `categoryl1` (compared case-insensitively). */
const fieldKey = (name: string) => name.replaceAll("_", "").toLowerCase()

/** The first record property that is not one of the dataset's fields. */
const unknownProperty = (records: ReadonlyArray<{ readonly properties?: string }>, fields: ReadonlyArray<string>) => {
  const known = new Set(fields.map(fieldKey))
  for (const r of records) {
    const unknown = Object.keys(JSON.parse(r.properties ?? "{}")).find((k) => !known.has(fieldKey(k)))
    if (unknown !== undefined) return unknown
  }
  return undefined
}

/** A PutUsers / PutItems refusal; retryable as the service's exception is. */
const recordsRefusal = (operation: "PutUsers" | "PutItems") => (reason: string, detail: string) =>
  new Ingestion.PutRecordsFailed({
    operation,
    reason,
    detail,
    retryable: !Ingestion.putRecordsPermanentErrors.has(reason)
  })

const asRecordsFailure = (operation: "PutUsers" | "PutItems") => (e: Ingestion.PutEventsFailed) =>
  recordsRefusal(operation)(e.reason, e.detail)

const validRequest = Schema.decodeUnknownResult(Ingestion.PutEventsRequest)
const validUsers = Schema.decodeUnknownResult(Ingestion.PutUsersRequest)
const validItems = Schema.decodeUnknownResult(Ingestion.PutItemsRequest)

/**
 * A faithful twin of PutEvents, PutUsers and PutItems: it rejects requests that break the API limits
 * (and records with properties outside the dataset's schema, when told its fields) with
 * InvalidInputException, as the service does; throttles and fails under a seed; records calls.
 */
export const makeMemoryPersonalizeEvents = (options: MemoryPersonalizeEventsOptions = {}): MemoryPersonalizeEvents => {
  const random = seededRandom(options.seed ?? 1)
  const accepted: Array<Ingestion.PutEventsRequest> = []
  const calls: Array<Ingestion.PutEventsRequest> = []
  const acceptedUsers: Array<Ingestion.PutUsersRequest> = []
  const acceptedItems: Array<Ingestion.PutItemsRequest> = []
  const recordCalls: Array<
    | { readonly operation: "PutUsers"; readonly request: Ingestion.PutUsersRequest }
    | { readonly operation: "PutItems"; readonly request: Ingestion.PutItemsRequest }
  > = []
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

  const putRecords = <R extends Ingestion.PutUsersRequest | Ingestion.PutItemsRequest>(
    operation: "PutUsers" | "PutItems",
    request: R,
    valid: (r: unknown) => { readonly _tag: string; readonly failure?: { readonly message: string } },
    records: ReadonlyArray<{ readonly properties?: string }>,
    fields: ReadonlyArray<string> | undefined,
    accept: (r: R) => void
  ) =>
    Effect.gen(function* () {
      recordCalls.push({ operation, request } as (typeof recordCalls)[number])
      const refuse = recordsRefusal(operation)
      yield* attempt().pipe(
        Effect.mapError(asRecordsFailure(operation)),
        Effect.retry({
          schedule: Schedule.exponential("100 millis").pipe(
            Schedule.jittered,
            Schedule.upTo({ times: options.retries ?? 3 })
          )
        })
      )
      const invalid = valid(request)
      if (invalid._tag === "Failure") return yield* refuse("InvalidInputException", invalid.failure?.message ?? "")
      const unknown = fields === undefined ? undefined : unknownProperty(records, fields)
      if (unknown !== undefined)
        return yield* refuse("InvalidInputException", `property ${unknown} is not a field of the dataset schema`)
      const fault = options.failRecordsWhen?.(operation, request)
      if (fault !== undefined) return yield* refuse(fault, "injected fault")
      accept(request)
    })

  return {
    service: Ingestion.PersonalizeEvents.of({
      putEvents,
      putUsers: (request) =>
        putRecords(
          "PutUsers",
          request,
          (r) => validUsers(r, { errors: "first" }),
          request.users,
          options.datasetFields?.users,
          (r) => acceptedUsers.push(r)
        ),
      putItems: (request) =>
        putRecords(
          "PutItems",
          request,
          (r) => validItems(r, { errors: "first" }),
          request.items,
          options.datasetFields?.items,
          (r) => acceptedItems.push(r)
        )
    }),
    accepted: () => accepted,
    calls: () => calls,
    attempts: () => attempts,
    acceptedUsers: () => acceptedUsers,
    acceptedItems: () => acceptedItems,
    recordCalls: () => recordCalls
  }
}

/** The memory PutEvents' inspection handle, provided next to `PersonalizeEvents` by `layerMemoryPersonalizeEvents`. */
export class MemoryPersonalizeEventsInspector extends Context.Service<
  MemoryPersonalizeEventsInspector,
  PersonalizeEventsInspector
>()("@personalize-ops/adapters-memory/ingestion/MemoryPersonalizeEventsInspector") {}

/** `PersonalizeEvents` and its inspector: over one made by `makeMemoryPersonalizeEvents`, or a fresh one per build. */
export const layerMemoryPersonalizeEvents = (
  from: MemoryPersonalizeEvents | MemoryPersonalizeEventsOptions = {}
): Layer.Layer<Ingestion.PersonalizeEvents | MemoryPersonalizeEventsInspector> =>
  layerMemoryAdapter(Ingestion.PersonalizeEvents, MemoryPersonalizeEventsInspector, makeMemoryPersonalizeEvents, from)
