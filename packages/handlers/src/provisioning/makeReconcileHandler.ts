import { layerAwsScheduler } from "@personalize-ops/adapters-aws/maintenance/AwsScheduler"
import { layerEventBridgeBus } from "@personalize-ops/adapters-aws/monitoring/EventBridgeBus"
import { layerAwsPersonalize } from "@personalize-ops/adapters-aws/personalize"
import { EventBridgeClients } from "@personalize-ops/adapters-aws/sdk/EventBridgeClients"
import { PersonalizeClients } from "@personalize-ops/adapters-aws/sdk/PersonalizeClients"
import { SchedulerClients } from "@personalize-ops/adapters-aws/sdk/SchedulerClients"
import type * as Kernel from "@personalize-ops/core/kernel"
import type * as Maintenance from "@personalize-ops/core/maintenance"
import type * as Monitoring from "@personalize-ops/core/monitoring"
import type * as Personalize from "@personalize-ops/core/personalize"
import * as Workflow from "@personalize-ops/core/workflow"
import { Effect, Layer } from "effect"
import { layerEventStoreAws } from "../eventStore.ts"
import type { WriteLine } from "../logging.ts"
import { makeLambdaHandler } from "../runtime.ts"
import { executionScheduleSettings, ProvisioningSettings } from "./ProvisioningSettings.ts"

/** What the Reconcile task runs on. */
export type ReconcileServices =
  | ProvisioningSettings
  | Personalize.Personalize
  | Kernel.EventStore
  | Monitoring.EventBus
  | Maintenance.Scheduler

/**
 * One Reconcile pass for the state machine: takes the execution state, returns it advanced. The pass that
 * finishes the resources also reconciles the config's schedules (a teardown removes them first).
 */
export const handleReconcile = (event: unknown) =>
  Effect.gen(function* () {
    const settings = yield* ProvisioningSettings
    const state = yield* Workflow.reconcileTask(event, settings.region)
    return yield* Workflow.reconcileExecutionSchedules(state, executionScheduleSettings(settings))
  })

/** Builds the Reconcile task handler on any wiring of its ports. */
export const makeReconcileHandler = <E>(
  layer: Layer.Layer<ReconcileServices, E>,
  options: { readonly log?: WriteLine } = {}
) => makeLambdaHandler(layer, (event: unknown) => handleReconcile(event), options)

/** The AWS wiring. */
export const layerReconcileAws: Layer.Layer<ReconcileServices, unknown> = Layer.unwrap(
  Effect.map(Effect.service(ProvisioningSettings), (s) =>
    Layer.mergeAll(
      layerAwsPersonalize({ region: s.region }),
      layerEventStoreAws,
      layerEventBridgeBus,
      layerAwsScheduler(s.region)
    )
  )
).pipe(
  Layer.provide(Layer.mergeAll(PersonalizeClients.layer, EventBridgeClients.layer, SchedulerClients.layer)),
  Layer.provideMerge(ProvisioningSettings.layer)
)
