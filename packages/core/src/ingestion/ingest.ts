import { Clock, Effect, Result } from "effect"
import { DeadLetter, type DeadLetterEntry, deadLetterKey } from "./DeadLetter.ts"
import type { MappingRules } from "./MappingRules.ts"
import { PersonalizeEvents } from "./PersonalizeEvents.ts"
import { type IngestionPlan, type PlannedRequest, planIngestion } from "./planIngestion.ts"
import { type IngestRecord, rawPayload } from "./RecordPayload.ts"

/** The bucket every record ends in, exactly one per record. */
export type Bucket = "sent" | "skipped" | "invalid" | "failed"

/**
 * What happened to one record. `retry` is true when the record must be delivered again: its request
 * failed retryably, or it could not be dead-lettered (nothing accepted is dropped silently).
 */
export interface RecordOutcome {
  readonly id: string
  readonly bucket: Bucket
  readonly reason?: string
  readonly retry: boolean
}

/** Counters of one invocation (the EMF metrics). */
export interface IngestionCounters {
  readonly received: number
  readonly sent: number
  readonly skipped: number
  readonly invalid: number
  readonly failed: number
  readonly deadLettered: number
  /** PutEvents calls made, including the halves resent to isolate a refused event. */
  readonly putEventsCalls: number
  /** Optional properties left out of events to fit PutEvents' 1,024-character limit. */
  readonly propertiesDropped: number
}

/** The result of ingesting one invocation's records. */
export interface IngestionReport {
  /** One per input record, in input order. */
  readonly outcomes: ReadonlyArray<RecordOutcome>
  readonly counters: IngestionCounters
  /** Wall time of each PutEvents call (after the adapter's retries), in milliseconds. */
  readonly putEventsLatencyMillis: ReadonlyArray<number>
  /** Ids of the records to report for retry, in input order. */
  readonly retryIds: ReadonlyArray<string>
}

/** What to ingest and how. */
export interface IngestInput {
  readonly trackingId: string
  readonly rules: MappingRules
  readonly records: ReadonlyArray<IngestRecord>
  /** Sessions sent at once (requests of one session are sent in order). Default 4. */
  readonly concurrency?: number
  /** Recorded on dead letters, e.g. the stream ARN. */
  readonly source: string
}

/** Splits the planned requests into per-key chains, keeping order inside each chain. */
const chainsOf = (plan: IngestionPlan): ReadonlyArray<ReadonlyArray<PlannedRequest>> => {
  const chains = new Map<string, Array<PlannedRequest>>()
  for (const r of plan.requests) {
    const chain = chains.get(r.key)
    if (chain === undefined) chains.set(r.key, [r])
    else chain.push(r)
  }
  return [...chains.values()]
}

const heldBack =
  "held back: an earlier request of this session failed; resent on redelivery so the session's events keep their order"

/**
 * Ingests one invocation: map and batch (pure), send with bounded concurrency, dead-letter what can
 * never be sent, and account for every record in exactly one bucket.
 *
 * - Poison isolation: a request PutEvents refuses for good (InvalidInputException) is split in halves
 *   and each half resent, until only the refused events are left; only their records are dead-lettered.
 * - Order: after a retryable failure, the session's later requests are not sent now (they would
 *   overtake the failed one); they are retried with it.
 */
export const ingest = Effect.fnUntraced(function* (input: IngestInput) {
  const events = yield* PersonalizeEvents
  const deadLetter = yield* DeadLetter
  const plan = planIngestion(input)

  const sent = new Set<string>()
  // A record with events in several requests fails when any of them does; a retryable failure wins.
  const failed = new Map<string, { readonly reason: string; readonly retryable: boolean }>()
  const fail = (id: string, reason: string, retryable: boolean) => {
    const before = failed.get(id)
    if (before === undefined || (retryable && !before.retryable)) failed.set(id, { reason, retryable })
  }
  const latencies: Array<number> = []
  let calls = 0
  /** Sends one request, halving it on a permanent refusal; answers whether a retryable failure happened. */
  const send = (request: PlannedRequest["request"], recordIds: ReadonlyArray<string>): Effect.Effect<boolean> =>
    Effect.gen(function* () {
      calls++
      const start = yield* Clock.currentTimeMillis
      const result = yield* Effect.result(events.putEvents(request))
      latencies.push((yield* Clock.currentTimeMillis) - start)
      if (Result.isSuccess(result)) {
        for (const id of recordIds) sent.add(id)
        return false
      }
      const failure = result.failure
      const n = request.eventList.length
      if (!failure.retryable && n > 1) {
        const half = Math.ceil(n / 2)
        const first = yield* send({ ...request, eventList: request.eventList.slice(0, half) }, recordIds.slice(0, half))
        if (first) {
          for (const id of recordIds.slice(half)) fail(id, heldBack, true)
          return true
        }
        return yield* send({ ...request, eventList: request.eventList.slice(half) }, recordIds.slice(half))
      }
      for (const id of recordIds) fail(id, failure.message, failure.retryable)
      return failure.retryable
    })
  yield* Effect.forEach(
    chainsOf(plan),
    (chain) =>
      Effect.gen(function* () {
        let held = false
        for (const planned of chain) {
          if (held) for (const id of planned.recordIds) fail(id, heldBack, true)
          else held = yield* send(planned.request, planned.recordIds)
        }
      }),
    { concurrency: Math.max(1, input.concurrency ?? 4), discard: true }
  )

  const byId = new Map(input.records.map((r) => [r.id, r]))
  const at = yield* Clock.currentTimeMillis
  const letter = (id: string, bucket: DeadLetterEntry["bucket"], reason: string): DeadLetterEntry => {
    const raw = rawPayload(byId.get(id)?.payload ?? { _tag: "Text", text: "" })
    return {
      id,
      source: input.source,
      bucket,
      reason,
      encoding: raw.encoding,
      payload: raw.body,
      at,
      dedupeKey: deadLetterKey(input.source, id)
    }
  }
  const letters = [
    ...plan.invalid.map((v) => letter(v.id, "invalid", v.reason)),
    ...[...failed].filter(([, f]) => !f.retryable).map(([id, f]) => letter(id, "failed", f.reason))
  ]
  const notKept = new Set<string>()
  if (letters.length > 0) {
    const kept = yield* Effect.result(deadLetter.send(letters))
    for (const id of Result.isSuccess(kept) ? kept.success.failedIds : letters.map((l) => l.id)) notKept.add(id)
    if (Result.isFailure(kept))
      yield* Effect.logWarning("dead letter failed; those records will be retried", kept.failure)
  }

  const skippedReason = new Map(plan.skipped.map((v) => [v.id, v.reason]))
  const invalidReason = new Map(plan.invalid.map((v) => [v.id, v.reason]))
  const outcomes = input.records.map((r): RecordOutcome => {
    const f = failed.get(r.id)
    if (f !== undefined)
      return { id: r.id, bucket: "failed", reason: f.reason, retry: f.retryable || notKept.has(r.id) }
    if (sent.has(r.id)) return { id: r.id, bucket: "sent", retry: false }
    const inv = invalidReason.get(r.id)
    if (inv !== undefined) return { id: r.id, bucket: "invalid", reason: inv, retry: notKept.has(r.id) }
    return { id: r.id, bucket: "skipped", reason: skippedReason.get(r.id) ?? "not sent", retry: false }
  })
  const count = (b: Bucket) => outcomes.filter((o) => o.bucket === b).length
  return {
    outcomes,
    counters: {
      received: input.records.length,
      sent: count("sent"),
      skipped: count("skipped"),
      invalid: count("invalid"),
      failed: count("failed"),
      deadLettered: letters.length - notKept.size,
      putEventsCalls: calls,
      propertiesDropped: plan.droppedProperties.reduce((n, d) => n + d.names.length, 0)
    },
    putEventsLatencyMillis: latencies,
    retryIds: outcomes.filter((o) => o.retry).map((o) => o.id)
  } satisfies IngestionReport
})
