import {
  PersonalizeEventsClient,
  PutEventsCommand,
  PutItemsCommand,
  PutUsersCommand
} from "@aws-sdk/client-personalize-events"
import { Ingestion } from "@personalize-ops/core"
import { Config, Effect, Layer, Option } from "effect"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"

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

/** A PutUsers/PutItems rejection (after the throttling retries) as the port's typed failure. */
const recordsFailed = (operation: "PutUsers" | "PutItems") => (e: AwsCallError) =>
  new Ingestion.PutRecordsFailed({
    operation,
    reason: e.name,
    detail: e.detail,
    retryable: !Ingestion.putRecordsPermanentErrors.has(e.name)
  })

/**
 * PutEvents, PutUsers and PutItems on the SDK: throttling retried with jittered backoff, other
 * rejections typed (retryable or not, per the service's exception tables in core): the caller retries
 * transient ones, so the adapter does not.
 */
export const makePersonalizeEventsAws = (client: PersonalizeEventsClient): Ingestion.PersonalizeEvents["Service"] =>
  Ingestion.PersonalizeEvents.of({
    putUsers: (request) =>
      awsCall("PutUsers", (abortSignal) =>
        client.send(
          new PutUsersCommand({ datasetArn: request.datasetArn, users: request.users.map((u) => ({ ...u })) }),
          { abortSignal }
        )
      ).pipe(retryThrottled({ transient: false }), Effect.asVoid, Effect.mapError(recordsFailed("PutUsers"))),
    putItems: (request) =>
      awsCall("PutItems", (abortSignal) =>
        client.send(
          new PutItemsCommand({ datasetArn: request.datasetArn, items: request.items.map((i) => ({ ...i })) }),
          { abortSignal }
        )
      ).pipe(retryThrottled({ transient: false }), Effect.asVoid, Effect.mapError(recordsFailed("PutItems"))),
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

/** The PersonalizeEvents port over a given SDK client. */
export const layerPersonalizeEvents = (client: PersonalizeEventsClient): Layer.Layer<Ingestion.PersonalizeEvents> =>
  Layer.succeed(Ingestion.PersonalizeEvents, makePersonalizeEventsAws(client))

/**
 * The PersonalizeEvents port with a client from the environment: `AWS_REGION`, and optionally
 * `PERSONALIZE_EVENTS_ENDPOINT` (a local endpoint in tests). The SDK's own retries are off
 * (`maxAttempts: 1`) so `retryThrottled` is the one retry policy.
 */
export const layerPersonalizeEventsFromConfig = Layer.unwrap(
  Effect.gen(function* () {
    const region = yield* Config.String("AWS_REGION").pipe(Config.withDefault("us-east-1"))
    const endpoint = yield* Config.option(Config.String("PERSONALIZE_EVENTS_ENDPOINT"))
    const client = new PersonalizeEventsClient({
      region,
      maxAttempts: 1,
      ...Option.match(endpoint, { onNone: () => ({}), onSome: (url) => ({ endpoint: url }) })
    })
    return layerPersonalizeEvents(client)
  })
)
