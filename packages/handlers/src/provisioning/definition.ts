import * as Workflow from "@personalize-ops/core/workflow"

/** The bounds of a provisioning execution (defaults: 500 passes, 14 days since the first pass). */
export interface ProvisioningBounds {
  readonly maxIterations?: number
  readonly maxSeconds?: number
}

export const defaultProvisioningBounds = { maxIterations: 500, maxSeconds: 14 * 86_400 } as const

/**
 * The provisioning state machine: the generic reconcile loop whose Reconcile task is the provisioning
 * reconcile handler and whose Notify tasks send the outcome. `personalize-ops workflow definition`,
 * the IaC and the local run all use this one definition.
 */
export const provisioningDefinition = (
  resources: { readonly reconcile: string; readonly notify: string },
  bounds: ProvisioningBounds = {}
): Workflow.AslDefinition =>
  Workflow.reconcileLoopDefinition({
    comment:
      "personalize-ops provisioning: reconcile a config until its resources are ACTIVE (or gone, in destroy mode)",
    reconcileResource: resources.reconcile,
    notifyResource: resources.notify,
    maxIterations: bounds.maxIterations ?? defaultProvisioningBounds.maxIterations,
    maxSeconds: bounds.maxSeconds ?? defaultProvisioningBounds.maxSeconds
  })
