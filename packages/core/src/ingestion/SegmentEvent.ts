import { Schema } from "effect"

// Server-side sources send database ids as JSON numbers (`"userId": 1234567`).
const OptionalId = Schema.optionalKey(Schema.NullOr(Schema.Union([Schema.String, Schema.Finite])))
const OptionalObject = Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))

// The top-level single values every Segment event carries (Segment spec `common.md`).
const commonScalars = [
  "messageId",
  "anonymousId",
  "userId",
  "timestamp",
  "originalTimestamp",
  "sentAt",
  "receivedAt",
  "channel",
  "version"
] as const

/**
 * The top-level fields of a Segment `track` event (Segment spec common fields): the ones holding a
 * single value and the ones holding an object. A mapping rule path must start at one of them.
 */
export const segmentTrackFields = {
  scalars: ["type", "event", ...commonScalars],
  objects: ["properties", "context", "integrations"]
} as const

/**
 * The top-level fields of a Segment `identify` event (Segment spec `identify.md`): the user's
 * `traits` instead of `event` and `properties`. A users rule path must start at one of them.
 */
export const segmentIdentifyFields = {
  scalars: ["type", ...commonScalars],
  objects: ["traits", "context", "integrations"]
} as const

/** The fields of one kind of Segment event: single values and objects. */
export interface SegmentFields {
  readonly scalars: ReadonlyArray<string>
  readonly objects: ReadonlyArray<string>
}

/**
 * A Segment `track` event (Segment spec, aws-facts §9.1): the fields we read, with their spec types.
 * Unknown keys are ignored. `userId` and `anonymousId` may be null (Segment sends null for "absent")
 * or a number (server-side libraries pass database ids through).
 */
export const SegmentTrackEvent = Schema.Struct({
  type: Schema.optionalKey(Schema.String),
  event: Schema.String,
  messageId: Schema.optionalKey(Schema.String),
  anonymousId: OptionalId,
  userId: OptionalId,
  timestamp: Schema.optionalKey(Schema.String),
  originalTimestamp: Schema.optionalKey(Schema.String),
  sentAt: Schema.optionalKey(Schema.String),
  receivedAt: Schema.optionalKey(Schema.String),
  properties: OptionalObject,
  context: OptionalObject,
  integrations: OptionalObject
})
export type SegmentTrackEvent = typeof SegmentTrackEvent.Type
