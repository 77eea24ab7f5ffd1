import { Schema } from "effect"

/** Who or what caused an event: a user, a handler, a schedule. */
export const Actor = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(256))

/** Metadata stored with every event. `at` is epoch milliseconds from Effect's Clock. */
export const EventMetadata = Schema.Struct({
  at: Schema.Number.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(0)),
  correlationId: Schema.String,
  causationId: Schema.optionalKey(Schema.String),
  actor: Actor
})
export type EventMetadata = typeof EventMetadata.Type
