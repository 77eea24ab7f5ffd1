import { ConfigProvider, Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { type EnvVar, lambdaEntries } from "../src/entries.ts"
import { ingestionEnv, ingestionEnvVars, loadIngestionSettings } from "../src/ingestion/IngestionSettings.ts"
import { jobsActionEnvVars, jobsBasePathEnv, jobsEnv, jobsEnvVars, loadJobsSettings } from "../src/jobs/JobsSettings.ts"
import { eventStoreEnv } from "../src/LambdaEntry.ts"
import { loadMaintenanceSettings, maintenanceEnvVars } from "../src/maintenance/MaintenanceSettings.ts"
import { monitorConfig, monitorSettingsEnv, notificationTopicArnEnv } from "../src/monitoring/MonitorConfig.ts"
import { loadProvisioningSettings, provisioningEnvVars } from "../src/provisioning/ProvisioningSettings.ts"
import { SettingsError } from "../src/settings.ts"

/** Runs a settings loader on `env`, recording every variable it looked up. */
const load = <A, E>(loader: Effect.Effect<A, E>, env: Record<string, string>) => {
  const seen = new Set<string>()
  const base = ConfigProvider.fromUnknown(env)
  const provider = ConfigProvider.make((path) => {
    seen.add(String(path[0]))
    return base.load(path)
  })
  const exit = Effect.runSyncExit(loader.pipe(Effect.provideService(ConfigProvider.ConfigProvider, provider)))
  return { exit, seen }
}

const failure = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit) && exit.cause.reasons[0]?._tag === "Fail" ? exit.cause.reasons[0].error : undefined

const names = (rows: ReadonlyArray<EnvVar>) => rows.map((r) => r.name).sort()

// Each settings module, the rows it exports, the ones an adapter reads instead (not the module), and a
// minimal valid environment.
const modules = [
  {
    name: "ingestion",
    loader: loadIngestionSettings,
    rows: ingestionEnv,
    byAdapters: [ingestionEnvVars.deadLetterQueue, ingestionEnvVars.region],
    env: { PERSONALIZE_TRACKING_ID: "tracking" }
  },
  {
    name: "jobs",
    loader: loadJobsSettings,
    rows: [...jobsEnv, jobsBasePathEnv, ...Object.values(jobsActionEnvVars)],
    byAdapters: [jobsEnvVars.eventStore],
    env: { JOBS_TABLE: "Jobs" }
  },
  {
    name: "provisioning",
    loader: loadProvisioningSettings,
    rows: Object.values(provisioningEnvVars),
    byAdapters: [],
    env: {}
  },
  {
    name: "maintenance",
    loader: loadMaintenanceSettings,
    rows: Object.values(maintenanceEnvVars),
    byAdapters: [],
    env: { CONFIG_BUCKET: "configs" }
  },
  {
    name: "monitoring",
    loader: monitorConfig,
    rows: [...monitorSettingsEnv, notificationTopicArnEnv],
    byAdapters: [],
    env: {}
  }
] as const

describe("handler settings (one Config style, one error, rows exported for the entries table)", () => {
  for (const m of modules) {
    it(`${m.name}: reads exactly the variables of its exported rows`, () => {
      const { exit, seen } = load(m.loader as Effect.Effect<unknown, unknown>, m.env)
      expect(Exit.isSuccess(exit), String(failure(exit))).toBe(true)
      const own = m.rows.filter((r) => !(m.byAdapters as ReadonlyArray<EnvVar>).includes(r))
      expect([...seen].sort()).toEqual(names(own))
    })

    it(`${m.name}: every required row it reads, when missing, fails the load with a SettingsError naming it`, () => {
      const required = m.rows.filter(
        (r) => r.required && !(m.byAdapters as ReadonlyArray<EnvVar>).includes(r) && r.name in m.env
      )
      for (const row of required) {
        const env: Record<string, string> = { ...m.env }
        delete env[row.name]
        const error = failure(load(m.loader as Effect.Effect<unknown, unknown>, env).exit)
        expect(error, row.name).toBeInstanceOf(SettingsError)
        expect((error as SettingsError).variable).toBe(row.name)
      }
    })
  }

  it("a bad value fails with the same SettingsError in every module", () => {
    const bad = [
      load(loadIngestionSettings, { PERSONALIZE_TRACKING_ID: "t", INGESTION_CONCURRENCY: "0" }),
      load(loadJobsSettings, { JOBS_TABLE: "Jobs", JOBS_RETENTION_DAYS: "ninety" }),
      load(loadProvisioningSettings, { STATE_MACHINE_ARN: "not-an-arn" }),
      load(monitorConfig, { IdleThresholdHours: "0" }),
      load(loadMaintenanceSettings, { CONFIG_BUCKET: "configs", PROMOTION_METRIC: "NDCG" }),
      load(loadMaintenanceSettings, { CONFIG_BUCKET: "configs", PROMOTION_TOLERANCE: "-1" })
    ].map((r) => failure(r.exit))
    expect(bad.map((e) => (e as SettingsError).variable)).toEqual([
      "INGESTION_CONCURRENCY",
      "JOBS_RETENTION_DAYS",
      "STATE_MACHINE_ARN",
      "IdleThresholdHours",
      "PROMOTION_METRIC",
      "PROMOTION_TOLERANCE"
    ])
    for (const e of bad) expect(e).toBeInstanceOf(SettingsError)
  })

  it("every row of the entries table is a row a settings module exports (no second list)", () => {
    const exported = new Set<EnvVar>([...modules.flatMap((m) => m.rows), eventStoreEnv])
    for (const e of lambdaEntries)
      for (const row of e.env) expect(exported.has(row), `${e.name}: ${row.name}`).toBe(true)
  })
})
