import { layerDynamoEventStoreConfig } from "@personalize-ops/adapters-aws/kernel"
import { layerEventBridgeBus } from "@personalize-ops/adapters-aws/monitoring/EventBridgeBus"
import { layerAwsPersonalize } from "@personalize-ops/adapters-aws/personalize"
import type * as Kernel from "@personalize-ops/core/kernel"
import type * as Monitoring from "@personalize-ops/core/monitoring"
import type * as Personalize from "@personalize-ops/core/personalize"
import * as Workflow from "@personalize-ops/core/workflow"
import { Effect, Layer } from "effect"
import { type LambdaContextLike, makeHandlerRuntime, runInvocation } from "../runtime.ts"
import { ProvisioningSettings } from "./ProvisioningSettings.ts"

/** What the Reconcile task runs on. */
export type ReconcileServices = ProvisioningSettings | Personalize.Personalize | Kernel.EventStore | Monitoring.EventBus

/** One Reconcile pass for the state machine: takes the execution state, returns it advanced. */
export const handleReconcile = (event: unknown) =>
  Effect.flatMap(Effect.service(ProvisioningSettings), (s) => Workflow.reconcileTask(event, s.region))

/** Builds the Reconcile task handler on any wiring of its ports. */
export const makeReconcileHandler = <E>(layer: Layer.Layer<ReconcileServices, E>) => {
  const runtime = makeHandlerRuntime(layer)
  return (event: unknown, context?: LambdaContextLike) => runInvocation(runtime, event, context, handleReconcile(event))
}

const layerReconcileAws: Layer.Layer<ReconcileServices, unknown> = Layer.unwrap(
  Effect.map(Effect.service(ProvisioningSettings), (s) =>
    Layer.mergeAll(layerAwsPersonalize({ region: s.region }), layerDynamoEventStoreConfig, layerEventBridgeBus())
  )
).pipe(Layer.provideMerge(ProvisioningSettings.layer))

/** Lambda entry point: the provisioning state machine's Reconcile task. */
export const reconcileHandler = makeReconcileHandler(layerReconcileAws)
