import { Jobs } from "@personalize-ops/core"
import { Config, Context, Effect, Layer, Result, Schema } from "effect"

/** The jobs handlers' settings could not be read; `variable` names the environment variable. */
export class JobsConfigError extends Schema.TaggedError<JobsConfigError>()("JobsConfigError", {
  variable: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `${this.variable}: ${this.reason}`
  }
}

/**
 * Settings of the jobs handlers, from the environment:
 * `JOBS_TABLE` (read-model table), `JOBS_RULES` (classification rules as JSON, optional),
 * `JOBS_RETENTION_DAYS` (TTL of finished jobs, default 90), `JOBS_STUCK_MINUTES` (default 60),
 * `JOBS_BASE_PATH` (link prefix, e.g. `/prod`; default none).
 */
export class JobsSettings extends Context.Service<
  JobsSettings,
  {
    readonly tableName: string
    readonly rules: Jobs.ClassificationRules
    readonly retentionDays: number
    readonly stuck: Jobs.StuckThresholds
    readonly basePath: string
  }
>()("@personalize-ops/handlers/jobs/JobsSettings") {
  static readonly layer = Layer.effect(
    JobsSettings,
    Effect.gen(function* () {
      const bad = (variable: string) => (e: { readonly message: string }) =>
        new JobsConfigError({ variable, reason: e.message })
      const tableName = yield* Config.String("JOBS_TABLE").pipe(Effect.mapError(bad("JOBS_TABLE")))
      const rulesText = yield* Config.String("JOBS_RULES").pipe(
        Config.withDefault(""),
        Effect.mapError(bad("JOBS_RULES"))
      )
      let rules = Jobs.emptyRules
      if (rulesText !== "") {
        let parsed: unknown
        try {
          parsed = JSON.parse(rulesText)
        } catch (e) {
          return yield* new JobsConfigError({ variable: "JOBS_RULES", reason: `not JSON: ${String(e)}` })
        }
        const decoded = Jobs.decodeRules(parsed)
        if (Result.isFailure(decoded)) return yield* bad("JOBS_RULES")(decoded.failure)
        rules = decoded.success
      }
      const retentionDays = yield* Config.Int("JOBS_RETENTION_DAYS").pipe(
        Config.withDefault(90),
        Effect.mapError(bad("JOBS_RETENTION_DAYS"))
      )
      const stuckMinutes = yield* Config.Int("JOBS_STUCK_MINUTES").pipe(
        Config.withDefault(60),
        Effect.mapError(bad("JOBS_STUCK_MINUTES"))
      )
      const basePath = yield* Config.String("JOBS_BASE_PATH").pipe(
        Config.withDefault(""),
        Effect.mapError(bad("JOBS_BASE_PATH"))
      )
      return {
        tableName,
        rules,
        retentionDays,
        stuck: { ...Jobs.defaultStuckThresholds, default: stuckMinutes * 60_000 },
        basePath
      }
    })
  )
}
