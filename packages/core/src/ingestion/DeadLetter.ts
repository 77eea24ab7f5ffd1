import { Context, type Effect, Schema } from "effect"

/** A record kept for inspection because it cannot be sent: its payload as it arrived, and why. */
export interface DeadLetterEntry {
  /** The record id (Kinesis sequence number, Segment messageId, or NDJSON line). */
  readonly id: string
  /** Where it came from, e.g. `kinesis:<stream arn>` or `segment`. */
  readonly source: string
  readonly bucket: "invalid" | "failed"
  readonly reason: string
  readonly encoding: "base64" | "utf8"
  readonly payload: string
  /** Epoch milliseconds when it was dead-lettered. */
  readonly at: number
  /**
   * The same for every delivery of this record (`<source>|<id>`): a redelivered Kinesis batch
   * dead-letters its bad records again, and a store (or its reader) keeps one per key.
   */
  readonly dedupeKey: string
}

/** The dedupe key of a record's dead letter. */
export const deadLetterKey = (source: string, id: string): string => `${source}|${id}`

/** The dead-letter store failed as a whole (the entries are not kept). */
export class DeadLetterFailure extends Schema.TaggedError<DeadLetterFailure>()("DeadLetterFailure", {
  detail: Schema.String,
  cause: Schema.Defect()
}) {
  override get message() {
    return `dead letter failed: ${this.detail}`
  }
}

/**
 * The dead-letter port. `send` answers with the ids it could not keep (those records must be retried).
 * An entry whose `dedupeKey` is already kept counts as kept, and is not kept twice.
 */
export class DeadLetter extends Context.Service<
  DeadLetter,
  {
    readonly send: (
      entries: ReadonlyArray<DeadLetterEntry>
    ) => Effect.Effect<{ readonly failedIds: ReadonlyArray<string> }, DeadLetterFailure>
  }
>()("@personalize-ops/core/ingestion/DeadLetter") {}
