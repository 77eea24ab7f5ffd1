import { layerEventBridgeBus } from "@personalize-ops/adapters-aws/monitoring/EventBridgeBus"
import { layerAwsPersonalize } from "@personalize-ops/adapters-aws/personalize"
import type * as Kernel from "@personalize-ops/core/kernel"
import type * as Monitoring from "@personalize-ops/core/monitoring"
import type * as Personalize from "@personalize-ops/core/personalize"
import * as Workflow from "@personalize-ops/core/workflow"
import { Effect, Layer } from "effect"
import { layerEventStoreAws } from "../eventStore.ts"
import type { WriteLine } from "../logging.ts"
import { makeLambdaHandler } from "../runtime.ts"
import { ProvisioningSettings } from "./ProvisioningSettings.ts"

/** What the Reconcile task runs on. */
export type ReconcileServices = ProvisioningSettings | Personalize.Personalize | Kernel.EventStore | Monitoring.EventBus

/** One Reconcile pass for the state machine: takes the execution state, returns it advanced. */
export const handleReconcile = (event: unknown) =>
  Effect.flatMap(Effect.service(ProvisioningSettings), (s) => Workflow.reconcileTask(event, s.region))

/** Builds the Reconcile task handler on any wiring of its ports. */
export const makeReconcileHandler = <E>(
  layer: Layer.Layer<ReconcileServices, E>,
  options: { readonly log?: WriteLine } = {}
) => makeLambdaHandler(layer, (event: unknown) => handleReconcile(event), options)

/** The AWS wiring. */
export const layerReconcileAws: Layer.Layer<ReconcileServices, unknown> = Layer.unwrap(
  Effect.map(Effect.service(ProvisioningSettings), (s) =>
    Layer.mergeAll(layerAwsPersonalize({ region: s.region }), layerEventStoreAws, layerEventBridgeBus())
  )
).pipe(Layer.provideMerge(ProvisioningSettings.layer))
