import { Schema } from "effect"
import { initialLoopState, LoopState } from "./LoopState.ts"

/** What an execution does with its config: build it, or tear it down. */
export const ProvisioningMode = Schema.Literals(["apply", "destroy"])
export type ProvisioningMode = typeof ProvisioningMode.Type

/** The upload that started an execution. */
export const ExecutionSource = Schema.Struct({ bucket: Schema.String, key: Schema.String, eTag: Schema.String })
export type ExecutionSource = typeof ExecutionSource.Type

/** One resource as the last pass left it. */
export const ExecutionResource = Schema.Struct({
  kind: Schema.String,
  name: Schema.String,
  arn: Schema.optionalKey(Schema.String),
  /** ready / waiting / failed / skipped (apply); gone / waiting / failed (destroy). */
  state: Schema.String,
  /** The Personalize status last seen. */
  status: Schema.optionalKey(Schema.String),
  reason: Schema.optionalKey(Schema.String)
})
export type ExecutionResource = typeof ExecutionResource.Type

/** A resource that failed, why, and what was therefore not attempted. */
export const ExecutionFailure = Schema.Struct({
  kind: Schema.String,
  name: Schema.String,
  cause: Schema.String,
  dependents: Schema.Array(Schema.Struct({ kind: Schema.String, name: Schema.String }))
})
export type ExecutionFailure = typeof ExecutionFailure.Type

/**
 * The provisioning state machine's state, from the trigger's input through every pass: the loop's
 * bookkeeping, the resolved config (in our own format), where it came from, and the last pass's view.
 * `error` is what the state machine's Catch adds when a task failed.
 */
export const ProvisioningExecution = Schema.Struct({
  ...LoopState.fields,
  mode: ProvisioningMode,
  /** The resolved config as a `personalize-ops/v1` document (placeholders, data and roles resolved). */
  config: Schema.Unknown,
  datasetGroup: Schema.String,
  /** Every log line, event and notification of the execution carries it. */
  correlationId: Schema.String,
  source: Schema.optionalKey(ExecutionSource),
  /** Datasets whose data was not found: created, not imported. */
  notImported: Schema.optionalKey(Schema.Array(Schema.String)),
  resources: Schema.optionalKey(Schema.Array(ExecutionResource)),
  failures: Schema.optionalKey(Schema.Array(ExecutionFailure)),
  error: Schema.optionalKey(
    Schema.Struct({ Error: Schema.optionalKey(Schema.String), Cause: Schema.optionalKey(Schema.String) })
  )
})
export type ProvisioningExecution = typeof ProvisioningExecution.Type

/** The input an execution starts from (deterministic for one upload, so a duplicate start is the same request). */
export const executionInput = (input: {
  readonly mode: ProvisioningMode
  readonly config: unknown
  readonly datasetGroup: string
  readonly correlationId: string
  readonly source?: ExecutionSource
  readonly notImported?: ReadonlyArray<string>
}): ProvisioningExecution => ({
  ...initialLoopState,
  mode: input.mode,
  config: input.config,
  datasetGroup: input.datasetGroup,
  correlationId: input.correlationId,
  ...(input.source === undefined ? {} : { source: input.source }),
  ...(input.notImported === undefined || input.notImported.length === 0 ? {} : { notImported: input.notImported })
})
