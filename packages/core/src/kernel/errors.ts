import { Schema } from "effect"

/** The stream was not at the version the append expected: someone else appended first. */
export class VersionConflict extends Schema.TaggedError<VersionConflict>()("VersionConflict", {
  stream: Schema.String,
  expected: Schema.Union([Schema.Number, Schema.Literal("any")]),
  actual: Schema.Number
}) {
  override get message() {
    return `stream ${this.stream} is at version ${this.actual}, expected ${this.expected}`
  }
}

/** An append is larger than the store can write atomically (DynamoDB: 400 KB per item). */
export class AppendTooLarge extends Schema.TaggedError<AppendTooLarge>()("AppendTooLarge", {
  stream: Schema.String,
  bytes: Schema.Number,
  limit: Schema.Number
}) {
  override get message() {
    return `append to ${this.stream} is ${this.bytes} bytes; one atomic append holds at most ${this.limit}`
  }
}

/** The store itself failed (network, permissions, corrupt item). */
export class EventStoreFailure extends Schema.TaggedError<EventStoreFailure>()("EventStoreFailure", {
  operation: Schema.String,
  cause: Schema.Defect()
}) {}

/** A stored event could not be decoded (unknown type, or data that no longer fits its schema). */
export class EventDecodeFailure extends Schema.TaggedError<EventDecodeFailure>()("EventDecodeFailure", {
  stream: Schema.String,
  version: Schema.Number,
  type: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `cannot decode event ${this.type} at ${this.stream}@${this.version}: ${this.reason}`
  }
}
