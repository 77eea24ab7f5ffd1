import { Context, type Effect, Schema } from "effect"

/**
 * The EventBridge Scheduler port: schedule groups and schedules, as personalize-ops uses them. The AWS
 * adapter calls `@aws-sdk/client-scheduler`; the memory adapter keeps them in a map and fires them in
 * virtual time (Effect's Clock). Both raise the same typed errors, mapped from AWS's error names by
 * {@link schedulerErrorNames}.
 */

export type ScheduleState = "ENABLED" | "DISABLED"

/** What a schedule starts: the maintenance state machine (its ARN), the role Scheduler assumes, and the input. */
export interface ScheduleTarget {
  readonly arn: string
  readonly roleArn: string
  /** The JSON text the target receives (a `MaintenanceInput`). */
  readonly input: string
}

/** CreateSchedule / UpdateSchedule (an update replaces every field, as the API does). */
export interface ScheduleRequest {
  readonly name: string
  readonly group: string
  /** `cron(…)` or `rate(…)`, as written. */
  readonly expression: string
  /** IANA zone of a cron (`ScheduleExpressionTimezone`); UTC when absent. */
  readonly timeZone?: string
  readonly state: ScheduleState
  readonly target: ScheduleTarget
  readonly description?: string
}

/** GetSchedule. Times are epoch ms. */
export interface ScheduleDescription extends ScheduleRequest {
  readonly arn: string
  readonly createdAt: number
  readonly updatedAt: number
}

/** A row of ListSchedules. */
export interface ScheduleSummary {
  readonly name: string
  readonly group: string
  readonly arn: string
  readonly state: ScheduleState
  readonly targetArn: string
}

/** GetScheduleGroup / a row of ListScheduleGroups. */
export interface ScheduleGroupDescription {
  readonly name: string
  readonly arn: string
  readonly state: "ACTIVE" | "DELETING"
  readonly createdAt: number
  readonly updatedAt: number
}

/** The group or schedule does not exist (`ResourceNotFoundException`). */
export class ScheduleNotFound extends Schema.TaggedError<ScheduleNotFound>()("ScheduleNotFound", {
  group: Schema.String,
  name: Schema.optionalKey(Schema.String),
  detail: Schema.String
}) {}

/** It already exists, or is being deleted (`ConflictException`). */
export class ScheduleConflict extends Schema.TaggedError<ScheduleConflict>()("ScheduleConflict", {
  group: Schema.String,
  name: Schema.optionalKey(Schema.String),
  detail: Schema.String
}) {}

/** The request was refused (`ValidationException`): a bad expression, zone, name or target. */
export class ScheduleRequestInvalid extends Schema.TaggedError<ScheduleRequestInvalid>()("ScheduleRequestInvalid", {
  detail: Schema.String
}) {}

/** Anything else (throttling that outlasted the retries, quotas, the service failing). */
export class SchedulerFailure extends Schema.TaggedError<SchedulerFailure>()("SchedulerFailure", {
  operation: Schema.String,
  name: Schema.String,
  detail: Schema.String
}) {}

export type SchedulerError = ScheduleNotFound | ScheduleConflict | ScheduleRequestInvalid | SchedulerFailure

/** AWS's error names (and HTTP statuses) and the typed error each becomes: the one table both adapters follow. */
export const schedulerErrorNames = {
  ResourceNotFoundException: { tag: "ScheduleNotFound", status: 404 },
  ConflictException: { tag: "ScheduleConflict", status: 409 },
  ValidationException: { tag: "ScheduleRequestInvalid", status: 400 },
  ServiceQuotaExceededException: { tag: "SchedulerFailure", status: 402 },
  ThrottlingException: { tag: "SchedulerFailure", status: 429 },
  InternalServerException: { tag: "SchedulerFailure", status: 500 }
} as const satisfies { readonly [name: string]: { readonly tag: SchedulerError["_tag"]; readonly status: number } }

/** The group every account has; it cannot be deleted. */
export const defaultScheduleGroup = "default"

export class Scheduler extends Context.Service<
  Scheduler,
  {
    /** CreateScheduleGroup; returns its ARN. */
    readonly createGroup: (name: string) => Effect.Effect<string, SchedulerError>
    readonly describeGroup: (name: string) => Effect.Effect<ScheduleGroupDescription, SchedulerError>
    /** DeleteScheduleGroup: the group and every schedule in it. */
    readonly deleteGroup: (name: string) => Effect.Effect<void, SchedulerError>
    /** ListScheduleGroups, every page. */
    readonly listGroups: (namePrefix?: string) => Effect.Effect<ReadonlyArray<ScheduleGroupDescription>, SchedulerError>
    /** CreateSchedule; returns its ARN. */
    readonly createSchedule: (request: ScheduleRequest) => Effect.Effect<string, SchedulerError>
    /** UpdateSchedule (replaces every field); returns its ARN. */
    readonly updateSchedule: (request: ScheduleRequest) => Effect.Effect<string, SchedulerError>
    readonly describeSchedule: (group: string, name: string) => Effect.Effect<ScheduleDescription, SchedulerError>
    readonly deleteSchedule: (group: string, name: string) => Effect.Effect<void, SchedulerError>
    /** ListSchedules of a group, every page. */
    readonly listSchedules: (group: string) => Effect.Effect<ReadonlyArray<ScheduleSummary>, SchedulerError>
  }
>()("@personalize-ops/core/maintenance/Scheduler") {}
