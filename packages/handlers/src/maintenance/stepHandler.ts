import type * as Config from "@personalize-ops/core/config"
import * as Maintenance from "@personalize-ops/core/maintenance"
import * as Workflow from "@personalize-ops/core/workflow"
import { Clock, Context, Effect, Layer, Schema, SchemaIssue } from "effect"

/** The config of a run's dataset group could not be read, decoded or resolved: where, and why. */
export class MaintenanceConfigUnavailable extends Schema.TaggedError<MaintenanceConfigUnavailable>()(
  "MaintenanceConfigUnavailable",
  { location: Schema.String, detail: Schema.String }
) {
  override get message() {
    return `${this.location}: ${this.detail}`
  }
}

/** What a run works on: its dataset group's deployment (decoded config) and the workflow settings. */
export interface MaintenanceWork {
  readonly deployment: Config.Deployment
  readonly settings: Maintenance.WorkflowSettings
}

/**
 * Where a deployed maintenance step finds its work, per run (one state machine serves every dataset group
 * of a deployment): deployed, the config in the deployment's bucket (`layerBucketMaintenanceConfig`).
 */
export class MaintenanceConfig extends Context.Service<
  MaintenanceConfig,
  {
    readonly load: (input: Maintenance.MaintenanceInput) => Effect.Effect<MaintenanceWork, MaintenanceConfigUnavailable>
  }
>()("@personalize-ops/handlers/maintenance/MaintenanceConfig") {
  /** One deployment for every run (tests, and a single-config setup). */
  static readonly fixed = (work: MaintenanceWork) =>
    Layer.succeed(MaintenanceConfig, MaintenanceConfig.of({ load: () => Effect.succeed(work) }))
}

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
  MaintenanceStepInputInvalid | MaintenanceConfigUnavailable,
  MaintenanceConfig | Effect.Services<ReturnType<typeof Maintenance.maintenanceStep>>
> =>
  Effect.gen(function* () {
    const decoded = yield* Schema.decodeUnknownEffect(StepEvent)(event).pipe(
      Effect.mapError((e) => new MaintenanceStepInputInvalid({ detail: formatIssue(e.issue) }))
    )
    const now = yield* Clock.currentTimeMillis
    // The first input is what the schedule sent: the run is fired now.
    const { state, loop } =
      "phase" in decoded
        ? { state: decoded, loop: decoded }
        : { state: Maintenance.startState(decoded, now), loop: Workflow.initialLoopState }
    const { deployment, settings } = yield* Effect.flatMap(Effect.service(MaintenanceConfig), (c) =>
      c.load(state.input)
    )
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
