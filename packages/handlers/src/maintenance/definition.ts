import * as Workflow from "@personalize-ops/core/workflow"

/**
 * The maintenance state machine, generated from code: one run of a scheduled task as core's reusable
 * reconcile loop (`Workflow.reconcileLoopDefinition`) — `Reconcile` (the maintenance step handler:
 * observe → decide → act → record, notifying each outcome itself) → `Decide` (done / failed / out of
 * bounds) → `Wait` (the seconds the step asks for) → `Reconcile`. Hours of training are Wait states,
 * never a Lambda sleeping; passes and total time are bounded.
 */

export interface MaintenanceDefinitionOptions {
  /** The step handler's Lambda ARN (or an IaC token that resolves to one). */
  readonly stepFunctionArn: string
  /** At most this many steps (default 400: with 5-minute polls, well over a day of training). */
  readonly maxIterations?: number
  /** The whole run's bound in seconds since its first step (default 2 days). */
  readonly maxSeconds?: number
}

/** State names (tests override the Task and the Wait by name). */
export const maintenanceStates = { step: Workflow.loopStates.reconcile, wait: Workflow.loopStates.wait } as const

/** The ASL of the maintenance state machine. */
export const maintenanceDefinition = (options: MaintenanceDefinitionOptions): Workflow.AslDefinition =>
  Workflow.reconcileLoopDefinition({
    comment:
      "personalize-ops maintenance: one scheduled run (import, FULL/UPDATE retraining, batch job) as a reconcile loop",
    reconcileResource: options.stepFunctionArn,
    maxIterations: options.maxIterations ?? 400,
    maxSeconds: options.maxSeconds ?? 2 * 86_400,
    failureCause: "the run failed: see its notification and the maintenance events"
  })
