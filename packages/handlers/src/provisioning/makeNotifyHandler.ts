import type * as Notify from "@personalize-ops/core/notify"
import * as Workflow from "@personalize-ops/core/workflow"
import { Effect, Layer } from "effect"
import type { WriteLine } from "../logging.ts"
import { makeLambdaHandler } from "../runtime.ts"
import { layerProvisioningNotifications } from "./notifications.ts"
import { ProvisioningSettings } from "./ProvisioningSettings.ts"

/** What the Notify task runs on. */
export type NotifyServices = ProvisioningSettings | Notify.Notifications

/** The outcome notification of a finished execution; returns the state unchanged. */
export const handleNotify = (event: unknown) =>
  Effect.flatMap(Effect.service(ProvisioningSettings), (s) => Workflow.notifyTask(event, s.region))

/** Builds the Notify task handler on any wiring of its ports. */
export const makeNotifyHandler = <E>(
  layer: Layer.Layer<NotifyServices, E>,
  options: { readonly log?: WriteLine } = {}
) => makeLambdaHandler(layer, (event: unknown) => handleNotify(event), options)

/** The AWS wiring. */
export const layerNotifyAws = layerProvisioningNotifications.pipe(Layer.provideMerge(ProvisioningSettings.layer))
