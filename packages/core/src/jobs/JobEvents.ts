import { Schema } from "effect"
import { makeEventCodec } from "../kernel/EventCodec.ts"
import { BatchJobStatus } from "./BatchJobStatus.ts"
import { JobShape } from "./JobShape.ts"

const StringMap = Schema.Record(Schema.String, Schema.String)
const Millis = Schema.Finite

/**
 * An operator action on a job: `retry` and `terminate` call Batch; `mark-broken` only records, on the
 * job's stream (persistent and audited like the others), that an operator flagged the job as broken.
 */
export const JobAction = Schema.Literals(["retry", "terminate", "mark-broken"])
export type JobAction = typeof JobAction.Type

/**
 * One status observation from a Batch Job State Change event. `late` is true when the job had
 * already progressed further on arrival: it is kept in the history but does not move the job.
 */
export const JobStatusObserved = Schema.TaggedStruct("JobStatusObserved", {
  eventId: Schema.String,
  observationKey: Schema.String,
  jobId: Schema.String,
  status: BatchJobStatus,
  attempt: Schema.Int,
  /** When the status was entered (epoch ms). */
  at: Millis,
  /** The EventBridge envelope time (epoch ms). */
  time: Millis,
  late: Schema.Boolean,
  statusReason: Schema.optionalKey(Schema.String),
  exitCode: Schema.optionalKey(Schema.Finite),
  jobName: Schema.String,
  jobQueue: Schema.String,
  jobDefinition: Schema.String,
  region: Schema.String,
  account: Schema.String,
  createdAt: Schema.optionalKey(Millis),
  parameters: Schema.optionalKey(StringMap),
  command: Schema.optionalKey(Schema.Array(Schema.String)),
  tags: Schema.optionalKey(StringMap),
  /** What kind of job it is (container, ECS, EKS, array parent/child, multi-node main/node). */
  shape: Schema.optionalKey(JobShape),
  /** The detail's `startedAt` / `stoppedAt` (epoch ms): the run time even when only the final event was seen. */
  startedAt: Schema.optionalKey(Millis),
  stoppedAt: Schema.optionalKey(Millis),
  /** The container's own reason (e.g. `OutOfMemoryError: …`), which `statusReason` often hides. */
  containerReason: Schema.optionalKey(Schema.String),
  logStreamName: Schema.optionalKey(Schema.String),
  /** The raw event as JSON, cut at `rawEventLimit` characters so stored items stay small. */
  raw: Schema.String
})
export type JobStatusObserved = typeof JobStatusObserved.Type

/** An operator action and its outcome: the persistent audit log of a job. */
export const OperatorActionRecorded = Schema.TaggedStruct("OperatorActionRecorded", {
  action: JobAction,
  actor: Schema.String,
  reason: Schema.String,
  at: Millis,
  outcome: Schema.Literals(["succeeded", "failed"]),
  newJobId: Schema.optionalKey(Schema.String),
  error: Schema.optionalKey(Schema.String)
})
export type OperatorActionRecorded = typeof OperatorActionRecorded.Type

/**
 * An operator action claimed before Batch is called: appended at the version the operator confirmed,
 * so of two confirmations of one action only one gets to call Batch (the other conflicts).
 */
export const OperatorActionRequested = Schema.TaggedStruct("OperatorActionRequested", {
  action: JobAction,
  actor: Schema.String,
  reason: Schema.String,
  at: Millis
})
export type OperatorActionRequested = typeof OperatorActionRequested.Type

/** Every event of a job stream. */
export const JobEvent = Schema.Union([JobStatusObserved, OperatorActionRequested, OperatorActionRecorded])
export type JobEvent = typeof JobEvent.Type

/** How job events are stored (all at schema version 1). */
export const jobEventCodec = makeEventCodec<JobEvent>(JobEvent)

/** Raw events longer than this are cut (DynamoDB items hold at most 400 KB). */
export const rawEventLimit = 16_384
