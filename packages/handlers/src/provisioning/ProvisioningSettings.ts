import * as Maintenance from "@personalize-ops/core/maintenance"
import type * as Workflow from "@personalize-ops/core/workflow"
import { Config, Context, Effect, Layer, Option } from "effect"
import { type EnvVar, resource } from "../LambdaEntry.ts"
import { readEnv, refuseEnv } from "../settings.ts"

/** The variables the provisioning handlers read (each handler's entries row lists the ones it uses). */
export const provisioningEnvVars = {
  region: {
    name: "AWS_REGION",
    required: false,
    description: "the function's region (set by Lambda)",
    from: { _tag: "Lambda" }
  },
  stateMachine: {
    name: "STATE_MACHINE_ARN",
    required: true,
    description: "the provisioning state machine",
    from: resource("provisioningStateMachine", "arn")
  },
  configPrefix: {
    name: "CONFIG_PREFIX",
    required: false,
    description: "configs are *.json under this prefix (default train/)"
  },
  role: {
    name: "PERSONALIZE_ROLE_ARN",
    required: false,
    description: "the role Personalize assumes to read the bucket, when a config names none",
    from: resource("personalizeRole", "arn")
  },
  kmsKey: { name: "PERSONALIZE_KMS_KEY_ARN", required: false, description: "KMS key of new dataset groups (optional)" },
  topic: {
    name: "NOTIFICATION_TOPIC_ARN",
    required: false,
    description: "SNS topic of provisioning outcomes (else logged)",
    from: resource("notificationTopic", "arn")
  },
  scheduleInstance: {
    name: "SCHEDULE_INSTANCE",
    required: false,
    description: "prefix of the deployment's schedule groups and schedules (default personalize-ops)",
    from: resource("scheduleGroups", "name")
  },
  maintenanceStateMachine: {
    name: "MAINTENANCE_STATE_MACHINE_ARN",
    required: false,
    description: "what the config's schedules start (absent: a config with schedules fails, naming them)",
    from: resource("maintenanceStateMachine", "arn")
  },
  schedulerRole: {
    name: "SCHEDULER_ROLE_ARN",
    required: false,
    description: "the role EventBridge Scheduler assumes to start the maintenance state machine",
    from: resource("schedulerRole", "arn")
  }
} satisfies Record<string, EnvVar>

const v = provisioningEnvVars

/** What the provisioning handlers read from their environment. */
export interface ProvisioningSettingsShape {
  readonly region: string
  /** The provisioning state machine (the trigger starts it). */
  readonly stateMachineArn: string | undefined
  /** Configs are `*.json` under this prefix (default `train/`, the MLOps solution's layout). */
  readonly configPrefix: string
  /** The deployment's Personalize role and KMS key, used when a config names none. */
  readonly roleArn: string | undefined
  readonly kmsKeyArn: string | undefined
  /** Where outcomes go (absent: logged). */
  readonly notificationTopicArn: string | undefined
  /** The schedules' instance prefix (absent: `personalize-ops`). */
  readonly scheduleInstance?: string | undefined
  /** What the config's schedules start, and the role they start it as (absent: schedules cannot be made). */
  readonly maintenanceStateMachineArn?: string | undefined
  readonly schedulerRoleArn?: string | undefined
}

const optional = (row: EnvVar) =>
  readEnv(row, (name) => Config.option(Config.NonEmptyString(name))).pipe(Effect.map(Option.getOrUndefined))

/** Reads `provisioningEnvVars` (the state machine is required by the trigger only: `requireStateMachine`). */
export const loadProvisioningSettings = Effect.gen(function* () {
  const region = yield* readEnv(v.region, (name) => Config.NonEmptyString(name).pipe(Config.withDefault("us-east-1")))
  const configPrefix = yield* readEnv(v.configPrefix, (name) => Config.String(name).pipe(Config.withDefault("train/")))
  const stateMachineArn = yield* optional(v.stateMachine)
  if (
    stateMachineArn !== undefined &&
    !/^arn:[a-z-]+:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/.test(stateMachineArn)
  )
    return yield* refuseEnv(v.stateMachine, `"${stateMachineArn}" is not a state machine ARN`)
  return {
    region,
    stateMachineArn,
    configPrefix,
    roleArn: yield* optional(v.role),
    kmsKeyArn: yield* optional(v.kmsKey),
    notificationTopicArn: yield* optional(v.topic),
    scheduleInstance: yield* optional(v.scheduleInstance),
    maintenanceStateMachineArn: yield* optional(v.maintenanceStateMachine),
    schedulerRoleArn: yield* optional(v.schedulerRole)
  } satisfies ProvisioningSettingsShape
})

/** The state machine the trigger starts; a trigger deployed without one fails its cold start naming it. */
export const requireStateMachine = (settings: ProvisioningSettingsShape) =>
  settings.stateMachineArn === undefined
    ? refuseEnv(v.stateMachine, "required by the trigger")
    : Effect.succeed(settings.stateMachineArn)

/** Where the Reconcile task puts the config's schedules, and what they start (both ARNs, or no target). */
export const executionScheduleSettings = (s: ProvisioningSettingsShape): Workflow.ExecutionScheduleSettings => ({
  settings: { instance: s.scheduleInstance ?? Maintenance.defaultMaintenanceSettings.instance },
  targets:
    s.maintenanceStateMachineArn === undefined || s.schedulerRoleArn === undefined
      ? undefined
      : { stateMachineArn: s.maintenanceStateMachineArn, roleArn: s.schedulerRoleArn }
})

/** The provisioning handlers' settings, decoded once per container. */
export class ProvisioningSettings extends Context.Service<ProvisioningSettings, ProvisioningSettingsShape>()(
  "@personalize-ops/handlers/provisioning/ProvisioningSettings"
) {
  static readonly layer = Layer.effect(ProvisioningSettings, loadProvisioningSettings)
}
