import { layerSnsNotifications } from "@personalize-ops/adapters-aws/monitoring/SnsNotifications"
import { SnsClients } from "@personalize-ops/adapters-aws/sdk/SnsClients"
import * as Notify from "@personalize-ops/core/notify"
import { Effect, Layer } from "effect"
import { ProvisioningSettings } from "./ProvisioningSettings.ts"

/** Without a topic, notifications are logged (never lost silently). */
export const layerLogNotifications = Layer.succeed(
  Notify.Notifications,
  Notify.Notifications.of({
    publish: (n) =>
      Effect.logWarning(`no notification topic configured: ${n.subject}`).pipe(
        Effect.annotateLogs({ message: n.message })
      )
  })
)

/** The notifications of a deployment: its topic, or the log. */
export const layerProvisioningNotifications = Layer.unwrap(
  Effect.map(Effect.service(ProvisioningSettings), (s) =>
    s.notificationTopicArn === undefined
      ? layerLogNotifications
      : layerSnsNotifications(() => s.notificationTopicArn ?? "").pipe(Layer.provide(SnsClients.layer))
  )
)
