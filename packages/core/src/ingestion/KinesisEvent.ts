import { Schema } from "effect"

/** One Kinesis record as Lambda delivers it (aws-facts §6.1); `data` is base64. */
export const KinesisStreamRecord = Schema.Struct({
  kinesis: Schema.Struct({
    sequenceNumber: Schema.String.check(Schema.isMinLength(1)),
    data: Schema.String,
    partitionKey: Schema.optionalKey(Schema.String),
    approximateArrivalTimestamp: Schema.optionalKey(Schema.Number)
  }),
  eventID: Schema.optionalKey(Schema.String),
  eventSourceARN: Schema.optionalKey(Schema.String)
})
export type KinesisStreamRecord = typeof KinesisStreamRecord.Type

/** A Kinesis event source mapping invocation. */
export const KinesisStreamEvent = Schema.Struct({ Records: Schema.Array(KinesisStreamRecord) })
export type KinesisStreamEvent = typeof KinesisStreamEvent.Type
