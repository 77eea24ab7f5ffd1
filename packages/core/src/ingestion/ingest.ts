import { Clock, Effect, Result } from "effect"
import { DeadLetter, type DeadLetterEntry, deadLetterKey } from "./DeadLetter.ts"
import type { MappingRules } from "./MappingRules.ts"
import { PersonalizeEvents } from "./PersonalizeEvents.ts"
import { type DatasetArns, type IngestionPlan, type PlannedRequest, planIngestion } from "./planIngestion.ts"
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
  /** PutUsers calls made (halves included). */
  readonly putUsersCalls: number
  /** PutItems calls made (halves included). */
  readonly putItemsCalls: number
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
  /** Where PutUsers/PutItems write, when the rules map users or items. */
  readonly datasets?: DatasetArns
}

/** A refusal, whichever call it came from. */
interface Refusal {
  readonly reason: string
  readonly retryable: boolean
  readonly message: string
}

/**
 * One call of any of the three APIs, as the sender sees it: entries (events, users, items), the
 * records behind each entry, and how to send a slice of them.
 */
interface Call {
  readonly api: "PutEvents" | "PutUsers" | "PutItems"
  readonly entries: ReadonlyArray<ReadonlyArray<string>>
  readonly put: (start: number, end: number) => Effect.Effect<void, Refusal>
}

/** The refusal that halving isolates: the service rejected some entry's content. */
const isolatedByHalving = "InvalidInputException"

/**
 * The calls to make as chains, sent one after another inside a chain: one chain per session (its
 * PutEvents requests in order), and one per PutUsers/PutItems request (they carry no order).
 */
const chainsOf = (plan: IngestionPlan, events: PersonalizeEvents["Service"]): ReadonlyArray<ReadonlyArray<Call>> => {
  const eventCall = (r: PlannedRequest): Call => ({
    api: "PutEvents",
    entries: r.recordIds.map((id) => [id]),
    put: (start, end) => events.putEvents({ ...r.request, eventList: r.request.eventList.slice(start, end) })
  })
  const chains = new Map<string, Array<Call>>()
  for (const r of plan.requests) {
    const chain = chains.get(r.key)
    if (chain === undefined) chains.set(r.key, [eventCall(r)])
    else chain.push(eventCall(r))
  }
  // Longest chains first: sessions are independent, and starting the long ones first keeps one long
  // session from running alone at the end of the invocation (the makespan of the bounded concurrency).
  return [
    ...[...chains.values()].sort((a, b) => b.length - a.length),
    ...plan.users.map(
      (r): ReadonlyArray<Call> => [
        {
          api: "PutUsers",
          entries: r.recordIds,
          put: (start, end) => events.putUsers({ ...r.request, users: r.request.users.slice(start, end) })
        }
      ]
    ),
    ...plan.items.map(
      (r): ReadonlyArray<Call> => [
        {
          api: "PutItems",
          entries: r.recordIds,
          put: (start, end) => events.putItems({ ...r.request, items: r.request.items.slice(start, end) })
        }
      ]
    )
  ]
}

const heldBack =
  "held back: an earlier request of this session failed; resent on redelivery so the session's events keep their order"

/**
 * Ingests one invocation: map and batch (pure), send with bounded concurrency, dead-letter what can
 * never be sent, and account for every record in exactly one bucket.
 *
 * - Poison isolation: a request PutEvents, PutUsers or PutItems refuses for good (InvalidInputException)
 *   is split in halves and each half resent, until only the refused entries are left; only their
 *   records are dead-lettered. Other permanent refusals (a missing dataset) dead-letter the request.
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
  const calls = { PutEvents: 0, PutUsers: 0, PutItems: 0 }
  const idsOf = (call: Call, start: number, end: number) => [...new Set(call.entries.slice(start, end).flat())]
  /**
   * Sends entries [start, end) of a call, halving on a content refusal; answers whether a retryable
   * failure happened (the chain's later calls are then held back).
   */
  const send = (call: Call, start: number, end: number): Effect.Effect<boolean> =>
    Effect.gen(function* () {
      calls[call.api]++
      const begin = yield* Clock.currentTimeMillis
      const result = yield* Effect.result(call.put(start, end))
      if (call.api === "PutEvents") latencies.push((yield* Clock.currentTimeMillis) - begin)
      if (Result.isSuccess(result)) {
        for (const id of idsOf(call, start, end)) sent.add(id)
        return false
      }
      const failure = result.failure
      if (!failure.retryable && failure.reason === isolatedByHalving && end - start > 1) {
        const half = start + Math.ceil((end - start) / 2)
        const first = yield* send(call, start, half)
        if (first) {
          for (const id of idsOf(call, half, end)) fail(id, heldBack, true)
          return true
        }
        return yield* send(call, half, end)
      }
      for (const id of idsOf(call, start, end)) fail(id, failure.message, failure.retryable)
      return failure.retryable
    })
  yield* Effect.forEach(
    chainsOf(plan, events),
    (chain) =>
      Effect.gen(function* () {
        let held = false
        for (const call of chain) {
          if (held) for (const id of idsOf(call, 0, call.entries.length)) fail(id, heldBack, true)
          else held = yield* send(call, 0, call.entries.length)
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
      putEventsCalls: calls.PutEvents,
      putUsersCalls: calls.PutUsers,
      putItemsCalls: calls.PutItems,
      propertiesDropped: plan.droppedProperties.reduce((n, d) => n + d.names.length, 0)
    },
    putEventsLatencyMillis: latencies,
    retryIds: outcomes.filter((o) => o.retry).map((o) => o.id)
  } satisfies IngestionReport
})
