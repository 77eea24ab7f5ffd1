import { Schema } from "effect"
import { makeEventCodec } from "../kernel/EventCodec.ts"
import type { ResourceArn } from "../personalize/Arn.ts"
import type { LedgerEntry } from "./Observed.ts"

const Key = Schema.String
const Fields = Schema.Record(Schema.String, Schema.Unknown)

/** A plan was computed (actions = steps apply acts on). */
export const PlanComputed = Schema.TaggedStruct("PlanComputed", {
  datasetGroup: Schema.String,
  steps: Schema.Number,
  actions: Schema.Number
})
/** The decision for one resource (Create, Update, Adopt, Wait, NoOp, Drift, Failed), and why. */
export const StepDecided = Schema.TaggedStruct("StepDecided", {
  key: Key,
  action: Schema.String,
  reason: Schema.optionalKey(Schema.String)
})
export const CreateRequested = Schema.TaggedStruct("CreateRequested", { key: Key, arn: Schema.String })
export const UpdateRequested = Schema.TaggedStruct("UpdateRequested", { key: Key, arn: Schema.String, fields: Fields })
/** A status seen while polling (only changes are recorded). */
export const StatusObserved = Schema.TaggedStruct("StatusObserved", {
  key: Key,
  arn: Schema.String,
  status: Schema.String,
  failureReason: Schema.optionalKey(Schema.String)
})
/** A call failed with a retryable error and will be retried. */
export const CallRetried = Schema.TaggedStruct("CallRetried", {
  key: Key,
  operation: Schema.String,
  error: Schema.String
})
/** The resource is ACTIVE with these compared fields: the ledger entry drift is measured against. */
export const ResourceReady = Schema.TaggedStruct("ResourceReady", {
  key: Key,
  arn: Schema.String,
  fields: Fields,
  adopted: Schema.Boolean
})
export const ResourceFailed = Schema.TaggedStruct("ResourceFailed", {
  key: Key,
  arn: Schema.optionalKey(Schema.String),
  reason: Schema.String
})
/** Not attempted because a dependency failed. */
export const StepSkipped = Schema.TaggedStruct("StepSkipped", { key: Key, blockedBy: Key, reason: Schema.String })
export const ApplyFinished = Schema.TaggedStruct("ApplyFinished", {
  ok: Schema.Boolean,
  failures: Schema.Number,
  simulatedSeconds: Schema.Number
})

/** DeleteX was called (destroy). */
export const DeleteRequested = Schema.TaggedStruct("DeleteRequested", { key: Key, arn: Schema.String })
/** The resource is gone (deleted by destroy, or found absent): it leaves the ledger. */
export const ResourceDeleted = Schema.TaggedStruct("ResourceDeleted", { key: Key, arn: Schema.String })
export const DestroyFinished = Schema.TaggedStruct("DestroyFinished", {
  ok: Schema.Boolean,
  failures: Schema.Number,
  simulatedSeconds: Schema.Number
})

export const ProvisioningEvent = Schema.Union([
  PlanComputed,
  StepDecided,
  CreateRequested,
  UpdateRequested,
  StatusObserved,
  CallRetried,
  ResourceReady,
  ResourceFailed,
  StepSkipped,
  ApplyFinished,
  DeleteRequested,
  ResourceDeleted,
  DestroyFinished
])
export type ProvisioningEvent = typeof ProvisioningEvent.Type

export const provisioningCodec = makeEventCodec(ProvisioningEvent)

/** The event types `ledgerOf` reads: the rest of a stream leaves the ledger as it is. */
export const ledgerEventTypes: ReadonlySet<ProvisioningEvent["_tag"]> = new Set(["ResourceReady", "ResourceDeleted"])

/** Folds the provisioning stream into the ledger: what the tool last made each resource look like. */
export const ledgerOf = (events: Iterable<ProvisioningEvent>): Map<string, LedgerEntry> => {
  const ledger = new Map<string, LedgerEntry>()
  for (const e of events) {
    if (e._tag === "ResourceReady") ledger.set(e.key, { arn: e.arn as ResourceArn, fields: e.fields })
    if (e._tag === "ResourceDeleted" && ledger.get(e.key)?.arn === e.arn) ledger.delete(e.key)
  }
  return ledger
}
