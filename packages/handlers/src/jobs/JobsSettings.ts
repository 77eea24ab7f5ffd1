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

/** The jobs events handler's environment rows (the dashboard adds `jobsBasePathEnv`). */
export const jobsEnv: ReadonlyArray<EnvVar> = Object.values(jobsEnvVars)

const v = jobsEnvVars

/** What the jobs handlers need besides their ports. */
export interface JobsSettingsShape {
  readonly tableName: string
  readonly rules: Jobs.ClassificationRules
  readonly retentionDays: number
  readonly stuck: Jobs.StuckThresholds
  readonly basePath: string
}

/**
 * Reads the settings from the environment (`jobsEnvVars`, `jobsBasePathEnv`): the read-model table, the
 * classification rules (JSON, optional), the TTL of finished jobs (default 90 days), the stuck threshold
 * (default 60 minutes) and the dashboard's link prefix. (`EVENT_STORE_TABLE` is read by the event store.)
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
  return {
    tableName,
    rules,
    retentionDays,
    stuck: { ...Jobs.defaultStuckThresholds, default: stuckMinutes * 60_000 },
    basePath
  } satisfies JobsSettingsShape
})

/** The jobs handlers' settings, decoded once per container. */
export class JobsSettings extends Context.Service<JobsSettings, JobsSettingsShape>()(
  "@personalize-ops/handlers/jobs/JobsSettings"
) {
  static readonly layer = Layer.effect(JobsSettings, loadJobsSettings)
}
