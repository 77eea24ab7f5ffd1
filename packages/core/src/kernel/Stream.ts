import { Schema } from "effect"

/** The id of an event stream, e.g. `job-<jobId>` or `campaign-<arn>`. */
export const StreamId = Schema.String.check(
  Schema.isMinLength(1),
  Schema.isMaxLength(512),
  Schema.isPattern(/^[^\s]+$/, { expected: "a stream id without white space" })
).pipe(Schema.brand("StreamId"))
export type StreamId = typeof StreamId.Type

/** Builds a stream id from a category and an entity id: `category-id`. */
export const streamId = (category: string, id: string): StreamId => StreamId.make(`${category}-${id}`)

/**
 * The version an append expects the stream to be at. A stream's version is the number of events in it;
 * `0` means the stream must not exist yet, `"any"` skips the check.
 */
export type ExpectedVersion = number | "any"
