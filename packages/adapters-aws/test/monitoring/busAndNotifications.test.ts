// The EventBus and Notifications contracts against the SDK adapters, through the real SDK stack to a
// local endpoint on 127.0.0.1 (EventBridge awsJson1_1, SNS Query protocol).
import { Monitoring, Notify } from "@personalize-ops/core"
import { eventBusContract, notificationsContract } from "@personalize-ops/core/testing"
import { Effect, Layer, Schema } from "effect"
import { layerEventBridgeBus, layerSnsNotifications } from "../../src/index.ts"
import { EventBridgeClients } from "../../src/sdk/EventBridgeClients.ts"
import { SnsClients } from "../../src/sdk/SnsClients.ts"
import { type LocalAwsHandler as Handler, localCredentials, startLocalAws } from "../../src/testing/localAws.ts"

const localAws = (handler: Handler) =>
  Effect.acquireRelease(
    Effect.promise(() => startLocalAws(handler)),
    (server) => Effect.promise(server.close)
  )

const options = (endpoint: string) => ({ endpoint, credentials: localCredentials })

const PutEventsBody = Schema.Struct({
  Entries: Schema.Array(
    Schema.Struct({
      Source: Schema.String,
      DetailType: Schema.String,
      Detail: Schema.fromJsonString(Schema.Record(Schema.String, Schema.Unknown)),
      Resources: Schema.optionalKey(Schema.Array(Schema.String))
    })
  )
})
const putEventsBody = Schema.decodeUnknownSync(PutEventsBody)

eventBusContract("EventBridge through the SDK against a local endpoint", () =>
  Effect.gen(function* () {
    const server = yield* localAws((_, body) => ({
      json: { FailedEntryCount: 0, Entries: putEventsBody(body).Entries.map(() => ({ EventId: "e" })) }
    }))
    const port = yield* Effect.provide(
      Effect.gen(function* () {
        return yield* Monitoring.EventBus
      }),
      layerEventBridgeBus.pipe(Layer.provide(EventBridgeClients.layerOptions(options(server.endpoint))))
    )
    return {
      port,
      delivered: () =>
        server.received.flatMap((r) =>
          putEventsBody(r.body).Entries.map((e) => ({
            region: r.region,
            event: {
              source: e.Source,
              detailType: e.DetailType,
              detail: e.Detail,
              ...(e.Resources === undefined ? {} : { resources: e.Resources })
            }
          }))
        )
    }
  })
)

const published = `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`

notificationsContract("SNS through the SDK against a local endpoint", () =>
  Effect.gen(function* () {
    const server = yield* localAws(() => ({ xml: published }))
    const topic = (region: string) => `arn:aws:sns:${region}:123456789012:PersonalizeMonitorNotifications`
    const port = yield* Effect.provide(
      Effect.gen(function* () {
        return yield* Notify.Notifications
      }),
      layerSnsNotifications(topic).pipe(Layer.provide(SnsClients.layerOptions(options(server.endpoint))))
    )
    return {
      port,
      published: () =>
        server.received.map((r) => ({
          region: r.region,
          subject: String(r.body.Subject),
          message: String(r.body.Message)
        }))
    }
  })
)
