// The contract every Notifications adapter must pass. An adapter's test file calls
// `notificationsContract("memory", () => Effect.succeed(...))`; each test makes a fresh subject.
import { assert, describe, it } from "@effect/vitest"
import * as Notify from "@personalize-ops/core/notify"
import { Effect, type Scope } from "effect"

/** A port under test and what was published: the region it went to, the subject and message as sent. */
export interface NotificationsSubject {
  readonly port: Notify.Notifications["Service"]
  readonly published: () => ReadonlyArray<{
    readonly region: string
    readonly subject: string
    readonly message: string
  }>
}

/** Builds a subject with one topic per region (the notification's region picks the topic). */
export type MakeNotificationsSubject = () => Effect.Effect<NotificationsSubject, never, Scope.Scope>

export const notificationsContract = (name: string, make: MakeNotificationsSubject) =>
  describe(`Notifications contract: ${name}`, () => {
    it.live("publishes in the notification's region, in order, the message as written", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make()
          yield* subject.port.publish({ subject: "first", message: "one", region: "eu-west-1" })
          yield* subject.port.publish({ subject: "second", message: "two\nlines", region: "us-east-1" })
          assert.deepStrictEqual(subject.published(), [
            { region: "eu-west-1", subject: "first", message: "one" },
            { region: "us-east-1", subject: "second", message: "two\nlines" }
          ])
        })
      )
    )

    it.live("sends a subject SNS accepts: ASCII, one line, at most 100 characters", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make()
          const wild = `Campagne « été »\nsupprimée ${"x".repeat(120)}`
          yield* subject.port.publish({ subject: wild, message: "m", region: "eu-west-1" })
          const sent = subject.published()[0]?.subject ?? ""
          assert.strictEqual(sent, Notify.snsSubject(wild))
          assert.isAtMost(sent.length, 100)
          assert.match(sent, /^[\x20-\x7e]*$/)
        })
      )
    )
  })
