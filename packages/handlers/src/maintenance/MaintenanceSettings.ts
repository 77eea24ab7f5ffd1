import * as Maintenance from "@personalize-ops/core/maintenance"
import { Config, Context, Effect, Layer, Option, Result } from "effect"
import { type EnvVar, resource } from "../LambdaEntry.ts"
import { readEnv, refuseEnv } from "../settings.ts"

/** The variables the maintenance step reads (its entries row lists them all). */
export const maintenanceEnvVars = {
  region: {
    name: "AWS_REGION",
    required: false,
    description: "the function's region (set by Lambda)",
    from: { _tag: "Lambda" }
  },
  configBucket: {
    name: "CONFIG_BUCKET",
    required: true,
    description: "the bucket configs are uploaded to: a run reads <CONFIG_PREFIX><dataset group>/config.json",
    from: resource("configBucket", "name")
  },
  configPrefix: {
    name: "CONFIG_PREFIX",
    required: false,
    description: "configs are under this prefix (default train/, the MLOps solution's layout)"
  },
  role: {
    name: "PERSONALIZE_ROLE_ARN",
    required: false,
    description: "the role Personalize assumes for imports and batch jobs, when a config names none",
    from: resource("personalizeRole", "arn")
  },
  topic: {
    name: "NOTIFICATION_TOPIC_ARN",
    required: false,
    description: "SNS topic of run outcomes (else logged)",
    from: resource("notificationTopic", "arn")
  },
  gateMetric: {
    name: "PROMOTION_METRIC",
    required: false,
    description: "the promotion gate's metric: a GetSolutionMetrics key or NDCG@k, MRR@k, precision@k (default NDCG@25)"
  },
  gateTolerance: {
    name: "PROMOTION_TOLERANCE",
    required: false,
    description: "how much worse than the serving version's the candidate's metric may be (default 0)"
  }
} satisfies Record<string, EnvVar>

const v = maintenanceEnvVars

/** What the maintenance step reads from its environment. */
export interface MaintenanceSettingsShape {
  readonly region: string
  readonly configBucket: string
  readonly configPrefix: string
  readonly roleArn: string | undefined
  readonly notificationTopicArn: string | undefined
  /** The workflow's settings: the gate, the metrics namespace, batch output under `s3://<bucket>/batch`. */
  readonly workflow: Maintenance.WorkflowSettings
}

const optional = (row: EnvVar) =>
  readEnv(row, (name) => Config.option(Config.NonEmptyString(name))).pipe(Effect.map(Option.getOrUndefined))

/** Reads `maintenanceEnvVars`; a bad gate metric or tolerance fails the cold start naming its variable. */
export const loadMaintenanceSettings = Effect.gen(function* () {
  const region = yield* readEnv(v.region, (name) => Config.NonEmptyString(name).pipe(Config.withDefault("us-east-1")))
  const configBucket = yield* readEnv(v.configBucket, (name) => Config.NonEmptyString(name))
  const configPrefix = yield* readEnv(v.configPrefix, (name) => Config.String(name).pipe(Config.withDefault("train/")))
  const metric = yield* optional(v.gateMetric)
  const tolerance = yield* readEnv(v.gateTolerance, (name) => Config.option(Config.Number(name))).pipe(
    Effect.map(Option.getOrUndefined)
  )
  const gate = Maintenance.makeGateSettings({ metric, tolerance })
  if (Result.isFailure(gate))
    return yield* refuseEnv(gate.failure.field === "metric" ? v.gateMetric : v.gateTolerance, gate.failure.message)
  return {
    region,
    configBucket,
    configPrefix,
    roleArn: yield* optional(v.role),
    notificationTopicArn: yield* optional(v.topic),
    workflow: {
      ...Maintenance.defaultWorkflowSettings,
      gate: gate.success,
      region,
      batchPrefix: `s3://${configBucket}/batch`
    }
  } satisfies MaintenanceSettingsShape
})

/** The maintenance step's settings, decoded once per container. */
export class MaintenanceSettings extends Context.Service<MaintenanceSettings, MaintenanceSettingsShape>()(
  "@personalize-ops/handlers/maintenance/MaintenanceSettings"
) {
  static readonly layer = Layer.effect(MaintenanceSettings, loadMaintenanceSettings)
}
