import {
  type PersonalizeEventsClient,
  PutEventsCommand,
  PutItemsCommand,
  PutUsersCommand
} from "@aws-sdk/client-personalize-events"
import { Ingestion } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import { PersonalizeEventsClients } from "../sdk/PersonalizeEventsClients.ts"

/** Our request in the SDK's shape: `sentAt` (epoch seconds) becomes the Date the SDK serialises back. */
const toSdk = (request: Ingestion.PutEventsRequest) => ({
  trackingId: request.trackingId,
  sessionId: request.sessionId,
  ...(request.userId === undefined ? {} : { userId: request.userId }),
  eventList: request.eventList.map(({ impression, ...e }) => ({
    ...e,
    // Rounding recovers the exact millisecond: sentAt was built as millis / 1000.
    sentAt: new Date(Math.round(e.sentAt * 1000)),
    ...(impression === undefined ? {} : { impression: [...impression] })
  }))
})

/** A PutUsers / PutItems request in the SDK's shape (the records as mutable copies). */
const usersInput = (request: Ingestion.PutUsersRequest) => ({
  datasetArn: request.datasetArn,
  users: request.users.map((u) => ({ ...u }))
})
const itemsInput = (request: Ingestion.PutItemsRequest) => ({
  datasetArn: request.datasetArn,
  items: request.items.map((i) => ({ ...i }))
})

/** One PutUsers/PutItems call: throttling retried, a rejection as the port's typed failure. */
const putRecords = <A>(operation: "PutUsers" | "PutItems", send: (abortSignal: AbortSignal) => Promise<A>) =>
  awsCall(operation, send).pipe(
    retryThrottled({ transient: false }),
    Effect.asVoid,
    Effect.mapError(
      (e: AwsCallError) =>
        new Ingestion.PutRecordsFailed({
          operation,
          reason: e.name,
          detail: e.detail,
          retryable: !Ingestion.putRecordsPermanentErrors.has(e.name)
        })
    )
  )

/**
 * PutEvents, PutUsers and PutItems on the SDK: throttling retried with jittered backoff, other
 * rejections typed (retryable or not, per the service's exception tables in core): the caller retries
 * transient ones, so the adapter does not.
 */
export const makePersonalizeEventsAws = (client: PersonalizeEventsClient): Ingestion.PersonalizeEvents["Service"] =>
  Ingestion.PersonalizeEvents.of({
    putUsers: (request) =>
      putRecords("PutUsers", (abortSignal) => client.send(new PutUsersCommand(usersInput(request)), { abortSignal })),
    putItems: (request) =>
      putRecords("PutItems", (abortSignal) => client.send(new PutItemsCommand(itemsInput(request)), { abortSignal })),
    putEvents: (request) =>
      awsCall("PutEvents", (abortSignal) => client.send(new PutEventsCommand(toSdk(request)), { abortSignal })).pipe(
        retryThrottled({ transient: false }),
        Effect.asVoid,
        Effect.mapError(
          (e) =>
            new Ingestion.PutEventsFailed({
              reason: e.name,
              detail: e.detail,
              retryable: !Ingestion.putEventsPermanentErrors.has(e.name)
            })
        )
      )
  })

/**
 * The PersonalizeEvents port on the default region's client of the `PersonalizeEventsClients` client service
 * (the handlers provide `PersonalizeEventsClients.layerConfig`: `AWS_REGION`, `PERSONALIZE_EVENTS_ENDPOINT`).
 */
export const layerPersonalizeEvents: Layer.Layer<Ingestion.PersonalizeEvents, never, PersonalizeEventsClients> =
  Layer.effect(
    Ingestion.PersonalizeEvents,
    Effect.map(PersonalizeEventsClients, (clients) => makePersonalizeEventsAws(clients()))
  )
