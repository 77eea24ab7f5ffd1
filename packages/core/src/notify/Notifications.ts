import { Context, type Effect, Schema } from "effect"

/** A human-readable notification: SNS takes a subject (≤ 100 ASCII chars) and a message. */
export interface Notification {
  readonly subject: string
  readonly message: string
  /** Where the event happened: the adapter publishes to that region's topic. */
  readonly region: string
  /** Machine-readable copy of the event (sent as JSON below the text). */
  readonly detail?: { readonly [k: string]: unknown }
  /**
   * A message per subscription protocol (SNS `MessageStructure: "json"`): readable text for e-mail,
   * the JSON document for SQS / Lambda / HTTP(S) / email-json, a short line for SMS. Absent: every
   * protocol gets `message` (with `detail` below it).
   */
  readonly protocols?: ProtocolMessages
}

/** The per-protocol bodies of one notification. */
export interface ProtocolMessages {
  readonly email: string
  readonly sms: string
  readonly json: { readonly [k: string]: unknown }
}

/** The SNS `Message` of a notification with per-protocol bodies (`MessageStructure: "json"`). */
export const snsProtocolMessage = (n: Notification & { readonly protocols: ProtocolMessages }): string => {
  const json = JSON.stringify(n.protocols.json)
  return JSON.stringify({
    default: n.message,
    email: n.protocols.email,
    "email-json": json,
    sqs: json,
    lambda: json,
    http: json,
    https: json,
    sms: n.protocols.sms
  })
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
