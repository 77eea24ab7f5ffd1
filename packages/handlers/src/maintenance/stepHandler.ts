import type * as Config from "@personalize-ops/core/config"
import * as Maintenance from "@personalize-ops/core/maintenance"
import * as Workflow from "@personalize-ops/core/workflow"
import { Clock, Context, Effect, Schema, SchemaIssue } from "effect"

/** What a deployed maintenance step works on: the deployment (decoded config) and the workflow settings. */
export class MaintenanceConfig extends Context.Service<
  MaintenanceConfig,
  { readonly deployment: Config.Deployment; readonly settings: Maintenance.WorkflowSettings }
>()("@personalize-ops/handlers/maintenance/MaintenanceConfig") {}

/** The step's input did not decode: the path and what was expected. */
export class MaintenanceStepInputInvalid extends Schema.TaggedError<MaintenanceStepInputInvalid>()(
  "MaintenanceStepInputInvalid",
  { detail: Schema.String }
) {}

/** The state between steps: the run's state and the reconcile loop's bookkeeping (what Decide and Wait read). */
export const MaintenanceLoopState = Schema.Struct({
  ...Maintenance.MaintenanceStepState.fields,
  ...Workflow.LoopState.fields
})
export type MaintenanceLoopState = typeof MaintenanceLoopState.Type

/** The Task's input: the schedule's MaintenanceInput on the first step, the previous step's state after. */
const StepEvent = Schema.Union([MaintenanceLoopState, Maintenance.MaintenanceInput])

const formatIssue = SchemaIssue.makeFormatterDefault()

/**
 * The maintenance state machine's Reconcile task: decodes its input, runs one `maintenanceStep`, and
 * advances the loop (done when the run ended — failed when it failed —, else waiting as long as the
 * step asks). Thin by design.
 */
export const maintenanceStepHandler = (
  event: unknown
): Effect.Effect<
  MaintenanceLoopState,
  MaintenanceStepInputInvalid,
  MaintenanceConfig | Effect.Services<ReturnType<typeof Maintenance.maintenanceStep>>
> =>
  Effect.gen(function* () {
    const decoded = yield* Schema.decodeUnknownEffect(StepEvent)(event).pipe(
      Effect.mapError((e) => new MaintenanceStepInputInvalid({ detail: formatIssue(e.issue) }))
    )
    const { deployment, settings } = yield* MaintenanceConfig
    const now = yield* Clock.currentTimeMillis
    // The first input is what the schedule sent: the run is fired now.
    const { state, loop } =
      "phase" in decoded
        ? { state: decoded, loop: decoded }
        : { state: Maintenance.startState(decoded, now), loop: Workflow.initialLoopState }
    const next = yield* Maintenance.maintenanceStep(deployment, settings, state)
    const ended = next.phase === "done"
    return {
      ...next,
      ...Workflow.advanceLoop(
        loop,
        {
          status: !ended ? "waiting" : next.outcome === "failed" ? "failed" : "done",
          waitSeconds: next.waitSeconds,
          ...(ended && next.outcome === "failed" && next.reason !== undefined ? { cause: next.reason } : {})
        },
        now
      )
    }
  })
