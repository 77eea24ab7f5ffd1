import { Clock, Effect, Result } from "effect"
import { DeadLetter, type DeadLetterEntry } from "./DeadLetter.ts"
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
  readonly putEventsCalls: number
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

/**
 * Ingests one invocation: map and batch (pure), send with bounded concurrency, dead-letter what can
 * never be sent, and account for every record in exactly one bucket.
 */
export const ingest = Effect.fnUntraced(function* (input: IngestInput) {
  const events = yield* PersonalizeEvents
  const deadLetter = yield* DeadLetter
  const plan = planIngestion(input)

  const sent = new Set<string>()
  const failed = new Map<string, { readonly reason: string; readonly retryable: boolean }>()
  const latencies: Array<number> = []
  const send = (planned: PlannedRequest) =>
    Effect.gen(function* () {
      const start = yield* Clock.currentTimeMillis
      const result = yield* Effect.result(events.putEvents(planned.request))
      latencies.push((yield* Clock.currentTimeMillis) - start)
      for (const id of planned.recordIds) {
        if (Result.isSuccess(result)) sent.add(id)
        else failed.set(id, { reason: result.failure.message, retryable: result.failure.retryable })
      }
    })
  // A session's requests go one after another (arrival order); a failed one does not stop the rest:
  // they would be redelivered after a Kinesis retry anyway, and sending them now loses nothing if the
  // retry never comes (record expiry).
  yield* Effect.forEach(chainsOf(plan), (chain) => Effect.forEach(chain, send, { discard: true }), {
    concurrency: Math.max(1, input.concurrency ?? 4),
    discard: true
  })

  const byId = new Map(input.records.map((r) => [r.id, r]))
  const at = yield* Clock.currentTimeMillis
  const letter = (id: string, bucket: DeadLetterEntry["bucket"], reason: string): DeadLetterEntry => {
    const raw = rawPayload(byId.get(id)?.payload ?? { _tag: "Text", text: "" })
    return { id, source: input.source, bucket, reason, encoding: raw.encoding, payload: raw.body, at }
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
    if (sent.has(r.id)) return { id: r.id, bucket: "sent", retry: false }
    if (f !== undefined)
      return { id: r.id, bucket: "failed", reason: f.reason, retry: f.retryable || notKept.has(r.id) }
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
      putEventsCalls: plan.requests.length
    },
    putEventsLatencyMillis: latencies,
    retryIds: outcomes.filter((o) => o.retry).map((o) => o.id)
  } satisfies IngestionReport
})
