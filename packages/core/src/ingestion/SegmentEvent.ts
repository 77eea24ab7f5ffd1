import { Schema } from "effect"

const OptionalText = Schema.optionalKey(Schema.NullOr(Schema.String))
const OptionalObject = Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))

/**
 * A Segment `track` event (Segment spec, aws-facts §9.1): the fields we read, with their spec types.
 * Unknown keys are ignored. `userId` and `anonymousId` may be null (Segment sends null for "absent").
 */
export const SegmentTrackEvent = Schema.Struct({
  type: Schema.optionalKey(Schema.String),
  event: Schema.String,
  messageId: Schema.optionalKey(Schema.String),
  anonymousId: OptionalText,
  userId: OptionalText,
  timestamp: Schema.optionalKey(Schema.String),
  originalTimestamp: Schema.optionalKey(Schema.String),
  sentAt: Schema.optionalKey(Schema.String),
  receivedAt: Schema.optionalKey(Schema.String),
  properties: OptionalObject,
  context: OptionalObject,
  integrations: OptionalObject
})
export type SegmentTrackEvent = typeof SegmentTrackEvent.Type
