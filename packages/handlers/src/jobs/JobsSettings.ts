import { Jobs } from "@personalize-ops/core"
import { Config, Context, Effect, Layer, Result } from "effect"
import { type EnvVar, eventStoreEnv, resource } from "../LambdaEntry.ts"
import { readEnv, readJsonEnv, refuseEnv } from "../settings.ts"

/** The variables the jobs handlers read (their rows of the entries table). */
export const jobsEnvVars = {
  table: {
    name: "JOBS_TABLE",
    required: true,
    description: "DynamoDB read model of Batch jobs",
    from: resource("jobsTable", "name")
  },
  eventStore: eventStoreEnv,
  rules: { name: "JOBS_RULES", required: false, description: "failure classification rules JSON (default none)" },
  retentionDays: {
    name: "JOBS_RETENTION_DAYS",
    required: false,
    description: "days finished jobs are kept (TTL, default 90)"
  },
  stuckMinutes: {
    name: "JOBS_STUCK_MINUTES",
    required: false,
    description: "minutes in one status that mean stuck (default 60)"
  }
} satisfies Record<string, EnvVar>

/** Read by the dashboard only. */
export const jobsBasePathEnv: EnvVar = {
  name: "JOBS_BASE_PATH",
  required: false,
  description: "link prefix behind a proxy, e.g. /prod (default none)"
}

/** Read by the dashboard only: who may act, on what. */
export const jobsActionEnvVars = {
  actionQueues: {
    name: "JOBS_ACTION_QUEUES",
    required: false,
    description: "job queue ARNs (comma-separated) whose jobs may be retried/terminated; empty: none; unset: any",
    from: { _tag: "Scope", scope: "batchJobQueueArns" }
  },
  operatorGroup: {
    name: "JOBS_OPERATOR_GROUP",
    required: false,
    description: "the group (JWT groups claim) actions need (default none)"
  },
  groupsClaim: {
    name: "JOBS_GROUPS_CLAIM",
    required: false,
    description: "the JWT claim holding the caller's groups (default cognito:groups)"
  }
} satisfies Record<string, EnvVar>

/** The jobs events handler's environment rows (the dashboard adds `jobsBasePathEnv` and `jobsActionEnvVars`). */
export const jobsEnv: ReadonlyArray<EnvVar> = Object.values(jobsEnvVars)

const v = jobsEnvVars

/** What the jobs handlers need besides their ports. */
export interface JobsSettingsShape {
  readonly tableName: string
  readonly rules: Jobs.ClassificationRules
  readonly retentionDays: number
  readonly stuck: Jobs.StuckThresholds
  readonly basePath: string
  /** The queues whose jobs may be acted on (`JOBS_ACTION_QUEUES`); undefined: any (IAM decides). */
  readonly actionQueues: ReadonlyArray<string> | undefined
  /** The group actions need (`JOBS_OPERATOR_GROUP`); undefined: none. */
  readonly operatorGroup: string | undefined
  /** The JWT claim holding the groups (`JOBS_GROUPS_CLAIM`). */
  readonly groupsClaim: string
}

/**
 * Reads the settings from the environment (`jobsEnvVars`, `jobsBasePathEnv`): the read-model table, the
 * classification rules (JSON, optional), the TTL of finished jobs (default 90 days), the stuck threshold
 * (default 60 minutes), the dashboard's link prefix and who may act on what (`jobsActionEnvVars`).
 * (`EVENT_STORE_TABLE` is read by the event store.)
 */
export const loadJobsSettings = Effect.gen(function* () {
  const tableName = yield* readEnv(v.table, Config.NonEmptyString)
  const rulesJson = yield* readJsonEnv(v.rules)
  let rules = Jobs.emptyRules
  if (rulesJson !== undefined) {
    const decoded = Jobs.decodeRules(rulesJson)
    if (Result.isFailure(decoded)) return yield* refuseEnv(v.rules, decoded.failure.message)
    rules = decoded.success
  }
  const retentionDays = yield* readEnv(v.retentionDays, (name) => Config.Int(name).pipe(Config.withDefault(90)))
  const stuckMinutes = yield* readEnv(v.stuckMinutes, (name) => Config.Int(name).pipe(Config.withDefault(60)))
  const basePath = yield* readEnv(jobsBasePathEnv, (name) => Config.String(name).pipe(Config.withDefault("")))
  const a = jobsActionEnvVars
  const actionQueues = yield* readEnv(a.actionQueues, (name) => Config.option(Config.String(name)))
  const operatorGroup = yield* readEnv(a.operatorGroup, (name) => Config.String(name).pipe(Config.withDefault("")))
  const groupsClaim = yield* readEnv(a.groupsClaim, (name) =>
    Config.String(name).pipe(Config.withDefault("cognito:groups"))
  )
  return {
    tableName,
    rules,
    retentionDays,
    stuck: { ...Jobs.defaultStuckThresholds, default: stuckMinutes * 60_000 },
    basePath,
    actionQueues:
      actionQueues._tag === "None"
        ? undefined
        : actionQueues.value
            .split(",")
            .map((q) => q.trim())
            .filter((q) => q !== ""),
    operatorGroup: operatorGroup.trim() === "" ? undefined : operatorGroup.trim(),
    groupsClaim
  } satisfies JobsSettingsShape
})

/** The jobs handlers' settings, decoded once per container. */
export class JobsSettings extends Context.Service<JobsSettings, JobsSettingsShape>()(
  "@personalize-ops/handlers/jobs/JobsSettings"
) {
  static readonly layer = Layer.effect(JobsSettings, loadJobsSettings)
}
