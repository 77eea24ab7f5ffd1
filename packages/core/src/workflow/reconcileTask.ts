import { Clock, Effect, Result, Schema } from "effect"
import type { Deployment } from "../config/Deployment.ts"
import { decodeConfig } from "../config/decodeConfig.ts"
import { decodeWithIssues, type InputIssue, showInputIssues } from "../input/InputIssues.ts"
import type { EventStore } from "../kernel/EventStore.ts"
import type { BusEvent } from "../monitoring/ports.ts"
import { EventBus } from "../monitoring/ports.ts"
import type { PersonalizeError } from "../personalize/errors.ts"
import type { Personalize } from "../personalize/Personalize.ts"
import { reconcilePass } from "../provisioning/reconcilePass.ts"
import { advanceLoop } from "./LoopState.ts"
import { type ExecutionResource, ProvisioningExecution } from "./ProvisioningExecution.ts"

/** A task's input did not decode, or its config no longer does: every issue with its path. */
export class TaskInputInvalid extends Schema.TaggedError<TaskInputInvalid>()("TaskInputInvalid", {
  issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
}) {
  override get message() {
    return `invalid task input: ${showInputIssues(this.issues)}`
  }
}

/** The `source` of provisioning lifecycle events on EventBridge. */
export const ProvisioningSource = "personalize-ops.provisioning"
/** The `detail-type` of a resource's status change. */
export const ResourceStateChange = "Personalize Resource State Change"

const decodeExecution = decodeWithIssues(ProvisioningExecution)

/** Decodes a task's input (the execution state). */
export const decodeExecutionState = (input: unknown): Effect.Effect<ProvisioningExecution, TaskInputInvalid> => {
  const decoded = decodeExecution(input)
  return Result.isSuccess(decoded)
    ? Effect.succeed(decoded.success)
    : Effect.fail(new TaskInputInvalid({ issues: decoded.failure.issues }))
}

/** The deployment an execution carries (its config was valid at the trigger; decoding it again is cheap). */
export const executionDeployment = (state: ProvisioningExecution): Effect.Effect<Deployment, TaskInputInvalid> => {
  const decoded = decodeConfig(state.config)
  if (decoded.valid) return Effect.succeed(decoded.deployment)
  const issues: ReadonlyArray<InputIssue> = decoded.issues.map((i) => ({
    path: i.path === "" ? "config" : `config.${i.path}`,
    message: i.message
  }))
  return Effect.fail(new TaskInputInvalid({ issues }))
}

const identity = (r: ExecutionResource) => `${r.kind}:${r.name}`

/** A lifecycle event for each resource whose state or status differs from the previous pass. */
export const lifecycleEvents = (
  state: ProvisioningExecution,
  resources: ReadonlyArray<ExecutionResource>
): ReadonlyArray<BusEvent> => {
  const before = new Map((state.resources ?? []).map((r) => [identity(r), r]))
  return resources.flatMap((r) => {
    const previous = before.get(identity(r))
    if (previous !== undefined && previous.state === r.state && previous.status === r.status) return []
    return [
      {
        source: ProvisioningSource,
        detailType: ResourceStateChange,
        detail: {
          datasetGroup: state.datasetGroup,
          mode: state.mode,
          kind: r.kind,
          name: r.name,
          state: r.state,
          ...(r.status === undefined ? {} : { status: r.status }),
          ...(previous === undefined ? {} : { previousState: previous.state }),
          ...(previous?.status === undefined ? {} : { previousStatus: previous.status }),
          ...(r.arn === undefined ? {} : { arn: r.arn }),
          ...(r.reason === undefined ? {} : { reason: r.reason }),
          correlationId: state.correlationId
        },
        ...(r.arn === undefined ? {} : { resources: [r.arn] })
      }
    ]
  })
}

/**
 * The provisioning state machine's Reconcile task: one pass (apply: start what is ready; destroy:
 * request the deletes that are ready), recorded in the provisioning stream under the execution's
 * correlation id; a lifecycle event per resource status change; the loop state advanced with the wait
 * the pass asks for. Never sleeps: the state machine's Wait does.
 */
export const reconcileTask = (
  input: unknown,
  region: string
): Effect.Effect<ProvisioningExecution, TaskInputInvalid | PersonalizeError, Personalize | EventStore | EventBus> =>
  Effect.gen(function* () {
    const state = yield* decodeExecutionState(input)
    const deployment = yield* executionDeployment(state)
    const pass = yield* reconcilePass(deployment, state.mode, state.iteration, {
      correlationId: state.correlationId,
      actor: "provisioning-workflow"
    })
    const now = yield* Clock.currentTimeMillis
    const resources: ReadonlyArray<ExecutionResource> = pass.resources.map((r) => ({ ...r }))
    const events = lifecycleEvents(state, resources)
    if (events.length > 0) {
      const bus = yield* EventBus
      // A lost lifecycle event must not fail the pass: the resources and the ledger are the truth.
      yield* bus
        .put(region, events)
        .pipe(Effect.catch((e) => Effect.logWarning(`lifecycle events not sent: ${e.message}`)))
    }
    const cause =
      pass.failures.length === 0 ? undefined : pass.failures.map((f) => `${f.kind} ${f.name}: ${f.cause}`).join("; ")
    const loop = advanceLoop(
      state,
      { status: pass.status, waitSeconds: pass.waitSeconds, ...(cause === undefined ? {} : { cause }) },
      now
    )
    yield* Effect.logInfo(`reconcile pass ${loop.iteration}: ${loop.status}`).pipe(
      Effect.annotateLogs({
        datasetGroup: state.datasetGroup,
        mode: state.mode,
        waitSeconds: loop.waitSeconds,
        resources: resources.length,
        failures: pass.failures.length
      })
    )
    return {
      ...state,
      ...loop,
      resources,
      failures: pass.failures.map((f) => ({ kind: f.kind, name: f.name, cause: f.cause, dependents: f.dependents }))
    }
  }).pipe(Effect.annotateLogs({ correlationId: correlationIdOf(input) }))

/** The correlation id of a raw task input, for log lines written before it decoded. */
export const correlationIdOf = (input: unknown): string => {
  const id =
    typeof input === "object" && input !== null ? (input as { correlationId?: unknown }).correlationId : undefined
  return typeof id === "string" ? id : "unknown"
}
