import { Context, type Effect } from "effect"
import type { AppendTooLarge, EventStoreFailure, VersionConflict } from "./errors.ts"
import type { NewEvent, StoredEvent } from "./StoredEvent.ts"
import type { ExpectedVersion, StreamId } from "./Stream.ts"

/**
 * What an append returns: the stream's new version. The store-wide positions of its events are not
 * part of it: a store may hand them out after the append commits (the DynamoDB store's sequencer);
 * `read` and `readAll` return them.
 */
export interface AppendResult {
  readonly nextVersion: number
}

/** Every way an append can fail. */
export type AppendError = VersionConflict | AppendTooLarge | EventStoreFailure

/**
 * A page of the store-wide log, in append order. `next` is the cursor to pass as `after` next time:
 * the position of the last event returned, or further when the page skipped positions that hold no
 * event. A page may be empty yet move the cursor; `next === after` means the reader has caught up.
 * Every event appears exactly once: a reader never skips an event that commits later.
 */
export interface AllPage {
  readonly events: ReadonlyArray<StoredEvent>
  readonly next: number
}

/** Store-wide position before the first event. */
export const START = 0

/**
 * The event store port. Streams are append-only; a multi-event append is atomic (all or none) and
 * guarded by an expected version. `readAll` walks every stream in append order for projections.
 */
export class EventStore extends Context.Service<
  EventStore,
  {
    /** Events of one stream with `version > from` (default 0: the whole stream), oldest first. */
    readonly read: (
      stream: StreamId,
      options?: { readonly from?: number }
    ) => Effect.Effect<ReadonlyArray<StoredEvent>, EventStoreFailure>
    /** Appends atomically if the stream is at `expected`; fails with `VersionConflict` otherwise. */
    readonly append: (
      stream: StreamId,
      events: ReadonlyArray<NewEvent>,
      expected: ExpectedVersion
    ) => Effect.Effect<AppendResult, AppendError>
    /** Events of all streams with `position > after`, in append order, at most `limit` (default 100). */
    readonly readAll: (options: {
      readonly after: number
      readonly limit?: number
    }) => Effect.Effect<AllPage, EventStoreFailure>
  }
>()("@personalize-ops/core/kernel/EventStore") {}
