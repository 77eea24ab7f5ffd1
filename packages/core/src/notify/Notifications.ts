import { Context, type Effect, Schema } from "effect"

/** A human-readable notification: SNS takes a subject (≤ 100 ASCII chars) and a message. */
export interface Notification {
  readonly subject: string
  readonly message: string
  /** Where the event happened: the adapter publishes to that region's topic. */
  readonly region: string
  /** Machine-readable copy of the event (sent as JSON below the text). */
  readonly detail?: { readonly [k: string]: unknown }
}

/** Publishing a notification failed. */
export class NotificationFailure extends Schema.TaggedError<NotificationFailure>()("NotificationFailure", {
  operation: Schema.String,
  name: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `${this.operation} failed: ${this.name}: ${this.detail}`
  }
}

/** The notifications port (SNS in AWS, a list in memory). */
export class Notifications extends Context.Service<
  Notifications,
  { readonly publish: (notification: Notification) => Effect.Effect<void, NotificationFailure> }
>()("@personalize-ops/core/notify/Notifications") {}

/** SNS subject rules: ASCII, no line breaks, at most 100 characters. */
export const snsSubject = (text: string): string =>
  text
    .replace(/[\r\n]+/g, " ")
    .replace(/[^\x20-\x7e]/g, "?")
    .slice(0, 100)
