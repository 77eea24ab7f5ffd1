import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns"
import { Notify } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import { SnsClients } from "../sdk/SnsClients.ts"

/** The Notifications port on SNS: each notification goes to `topicArn(region)`, in the topic's own region. */
export const makeSnsNotifications = (
  client: (region: string) => SNSClient,
  topicArn: (region: string) => string
): Notify.Notifications["Service"] =>
  Notify.Notifications.of({
    publish: (n) => {
      const topic = topicArn(n.region)
      const topicRegion = topic.split(":")[3] ?? n.region
      const protocols = n.protocols
      const message =
        protocols !== undefined
          ? Notify.snsProtocolMessage({ ...n, protocols })
          : n.detail === undefined
            ? n.message
            : `${n.message}\n\n${JSON.stringify(n.detail, null, 2)}`
      return awsCall("Publish", (abortSignal) =>
        client(topicRegion).send(
          new PublishCommand({
            TopicArn: topic,
            Subject: Notify.snsSubject(n.subject),
            Message: message,
            ...(protocols === undefined ? {} : { MessageStructure: "json" })
          }),
          { abortSignal }
        )
      ).pipe(
        retryThrottled(),
        Effect.mapError(
          (e) => new Notify.NotificationFailure({ operation: e.operation, name: e.name, detail: e.detail })
        ),
        Effect.asVoid
      )
    }
  })

/** Notifications on SNS (the `SnsClients` client service); one topic for all regions, or one per region. */
export const layerSnsNotifications = (
  topicArn: (region: string) => string
): Layer.Layer<Notify.Notifications, never, SnsClients> =>
  Layer.effect(
    Notify.Notifications,
    Effect.map(SnsClients, (clients) => makeSnsNotifications(clients, topicArn))
  )
