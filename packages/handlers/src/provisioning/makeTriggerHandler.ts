import { S3Clients } from "@personalize-ops/adapters-aws/sdk/S3Clients"
import { SfnClients } from "@personalize-ops/adapters-aws/sdk/SfnClients"
import { layerS3ConfigBucket, layerSfnExecutions } from "@personalize-ops/adapters-aws/workflow"
import type * as Notify from "@personalize-ops/core/notify"
import * as Workflow from "@personalize-ops/core/workflow"
import { Effect, Layer } from "effect"
import type { WriteLine } from "../logging.ts"
import { makeLambdaHandler } from "../runtime.ts"
import type { SettingsError } from "../settings.ts"
import { layerProvisioningNotifications } from "./notifications.ts"
import { ProvisioningSettings, requireStateMachine } from "./ProvisioningSettings.ts"

/** What the trigger runs on. */
export type TriggerServices = ProvisioningSettings | Workflow.ConfigBucket | Workflow.Executions | Notify.Notifications

/** One S3 notification: every config upload in it decoded, validated, resolved and started (or reported). */
export const handleConfigUpload = (event: unknown) =>
  Effect.gen(function* () {
    const settings = yield* ProvisioningSettings
    const outcomes = yield* Workflow.triggerTask(event, {
      prefix: settings.configPrefix,
      region: settings.region,
      ...(settings.roleArn === undefined ? {} : { roleArn: settings.roleArn }),
      ...(settings.kmsKeyArn === undefined ? {} : { kmsKeyArn: settings.kmsKeyArn })
    })
    return { outcomes }
  })

/** Builds the S3 trigger on any wiring of its ports (runtime built once per container). */
export const makeTriggerHandler = <E>(
  layer: Layer.Layer<TriggerServices, E>,
  options: { readonly log?: WriteLine } = {}
) => makeLambdaHandler(layer, (event: unknown) => handleConfigUpload(event), options)

/** The AWS wiring. */
export const layerTriggerAws: Layer.Layer<TriggerServices, SettingsError> = Layer.unwrap(
  Effect.gen(function* () {
    const settings = yield* ProvisioningSettings
    const stateMachineArn = yield* requireStateMachine(settings)
    return Layer.mergeAll(
      layerS3ConfigBucket(settings.region),
      layerSfnExecutions(stateMachineArn),
      layerProvisioningNotifications
    ).pipe(Layer.provide(Layer.mergeAll(S3Clients.layer, SfnClients.layer)))
  })
).pipe(Layer.provideMerge(ProvisioningSettings.layer))
