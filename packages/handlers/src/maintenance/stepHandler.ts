import type * as Config from "@personalize-ops/core/config"
import * as Maintenance from "@personalize-ops/core/maintenance"
import { Context, Effect, Schema, SchemaIssue } from "effect"

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

/** The Task's input: the state (first: the schedule's MaintenanceInput) and the execution's start time. */
const StepEvent = Schema.Struct({
  state: Schema.Union([Maintenance.MaintenanceStepState, Maintenance.MaintenanceInput]),
  startTime: Schema.String
})

const formatIssue = SchemaIssue.makeFormatterDefault()

/**
 * The maintenance state machine's Task: decodes its input (the schedule's typed input on the first step,
 * the previous step's state after), runs one `maintenanceStep`, counts the step. Thin by design.
 */
export const maintenanceStepHandler = (
  event: unknown
): Effect.Effect<
  Maintenance.MaintenanceStepState,
  MaintenanceStepInputInvalid,
  MaintenanceConfig | Effect.Services<ReturnType<typeof Maintenance.maintenanceStep>>
> =>
  Effect.gen(function* () {
    const decoded = yield* Schema.decodeUnknownEffect(StepEvent)(event).pipe(
      Effect.mapError((e) => new MaintenanceStepInputInvalid({ detail: formatIssue(e.issue) }))
    )
    const { deployment, settings } = yield* MaintenanceConfig
    const state =
      "phase" in decoded.state ? decoded.state : Maintenance.startState(decoded.state, Date.parse(decoded.startTime))
    const next = yield* Maintenance.maintenanceStep(deployment, settings, state)
    return { ...next, iterations: (state.iterations ?? 0) + 1 }
  })
