// The contract every EventBus adapter must pass. An adapter's test file calls
// `eventBusContract("memory", () => Effect.succeed(...))`; each test makes a fresh subject.
import { assert, describe, it } from "@effect/vitest"
import * as Monitoring from "@personalize-ops/core/monitoring"
import { Effect, type Scope } from "effect"

/** A port under test and what the bus delivered: each event with the region it was put in. */
export interface EventBusSubject {
  readonly port: Monitoring.EventBus["Service"]
  readonly delivered: () => ReadonlyArray<{ readonly region: string; readonly event: Monitoring.BusEvent }>
}

export type MakeEventBusSubject = () => Effect.Effect<EventBusSubject, never, Scope.Scope>

const event = (i: number): Monitoring.BusEvent => ({
  source: Monitoring.MonitorSource,
  detailType: Monitoring.DetailType.BuildDashboard,
  detail: { Reason: `r${i}`, Nested: { n: i } }
})

export const eventBusContract = (name: string, make: MakeEventBusSubject) =>
  describe(`EventBus contract: ${name}`, () => {
    it.live("delivers every event, in order, in the region it was put in (more than one PutEvents batch)", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make()
          const events = Array.from({ length: 23 }, (_, i) => event(i))
          yield* subject.port.put("eu-west-1", events)
          yield* subject.port.put("us-east-1", [event(99)])
          const delivered = subject.delivered()
          assert.deepStrictEqual(
            delivered.map((d) => d.region),
            [...events.map(() => "eu-west-1"), "us-east-1"]
          )
          assert.deepStrictEqual(
            delivered.map((d) => d.event),
            [...events, event(99)]
          )
        })
      )
    )

    it.live("putting nothing sends nothing", () =>
      Effect.scoped(
        Effect.gen(function* () {
          const subject = yield* make()
          yield* subject.port.put("eu-west-1", [])
          assert.deepStrictEqual(subject.delivered(), [])
        })
      )
    )
  })
