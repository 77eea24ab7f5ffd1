import { type EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge"
import { Monitoring } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { EventBridgeClients } from "../sdk/EventBridgeClients.ts"
import { monitoredCall } from "./clientOptions.ts"

/** PutEvents takes at most 10 entries per call. */
export const PutEventsBatch = 10

/** Our events as PutEvents entries. */
const entriesOf = (events: ReadonlyArray<Monitoring.BusEvent>) =>
  events.map((e) => ({
    Source: e.source,
    DetailType: e.detailType,
    Detail: JSON.stringify(e.detail),
    ...(e.resources === undefined ? {} : { Resources: [...e.resources] })
  }))

/** The EventBus port on EventBridge's default bus; a rejected entry fails the call with its error codes. */
export const makeEventBridgeBus = (client: (region: string) => EventBridgeClient): Monitoring.EventBus["Service"] =>
  Monitoring.EventBus.of({
    put: Effect.fnUntraced(function* (region, events) {
      for (let i = 0; i < events.length; i += PutEventsBatch) {
        const part = events.slice(i, i + PutEventsBatch)
        const out = yield* monitoredCall("PutEvents", (abortSignal) =>
          client(region).send(new PutEventsCommand({ Entries: entriesOf(part) }), { abortSignal })
        )
        if ((out.FailedEntryCount ?? 0) > 0) {
          const codes = (out.Entries ?? []).flatMap((e) =>
            e.ErrorCode === undefined ? [] : [`${e.ErrorCode}: ${e.ErrorMessage ?? ""}`]
          )
          return yield* new Monitoring.MonitoringFailure({
            operation: "PutEvents",
            name: "FailedEntries",
            detail: `${out.FailedEntryCount} of ${part.length} entries rejected (${codes.join("; ")})`
          })
        }
      }
    })
  })

/** The default EventBridge bus, on the `EventBridgeClients` client service (one client per region). */
export const layerEventBridgeBus: Layer.Layer<Monitoring.EventBus, never, EventBridgeClients> = Layer.effect(
  Monitoring.EventBus,
  Effect.map(EventBridgeClients, makeEventBridgeBus)
)
