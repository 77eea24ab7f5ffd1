import { Schema } from "effect"
import { EventMetadata } from "./Metadata.ts"
import { StreamId } from "./Stream.ts"

/** An event as the store keeps it: its type, schema version and JSON data, plus where it sits. */
export const StoredEvent = Schema.Struct({
  stream: StreamId,
  /** 1-based position of the event in its stream. */
  version: Schema.Number,
  /** Position in the store-wide log; increases with every append but may have gaps. */
  position: Schema.Number,
  type: Schema.String,
  /** The event's schema version, for upcasting. */
  schemaVersion: Schema.Number,
  data: Schema.Unknown,
  metadata: EventMetadata
})
export type StoredEvent = typeof StoredEvent.Type

/** An event ready to append: encoded data, not yet positioned. */
export interface NewEvent {
  readonly type: string
  readonly schemaVersion: number
  readonly data: unknown
  readonly metadata: EventMetadata
}
