import { Ingestion, Input, Personalize } from "@personalize-ops/core"
import { Config, Context, Effect, Layer, Option, Result, Schema } from "effect"

/** A handler's environment is missing or wrong; raised at cold start, naming the variable. */
export class IngestionConfigError extends Schema.TaggedError<IngestionConfigError>()("IngestionConfigError", {
  variable: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `invalid configuration ${this.variable}: ${this.detail}`
  }
}

/** What an ingestion handler needs besides its ports. */
export interface IngestionSettingsShape {
  readonly trackingId: string
  readonly rules: Ingestion.MappingRules
  /** Sessions sent at once. */
  readonly concurrency: number
  /** CloudWatch namespace of the EMF metrics. */
  readonly namespace: string
  /** The Users and Items datasets PutUsers/PutItems write, when the rules map users or items. */
  readonly datasets: Ingestion.DatasetArns
}

const read = <A>(variable: string, config: Config.Config<A>) =>
  Effect.mapError(config, (e) => new IngestionConfigError({ variable, detail: e.message }))

const fail = (variable: string, detail: string) => Effect.fail(new IngestionConfigError({ variable, detail }))

/**
 * Reads the settings from the environment: `PERSONALIZE_TRACKING_ID` (required), `INGESTION_RULES`
 * (a rules JSON document; default: the seed's rules), `INGESTION_CONCURRENCY` (1–64, default 4),
 * `METRICS_NAMESPACE` (default `PersonalizeOps/Ingestion`), and `USERS_DATASET_ARN` /
 * `ITEMS_DATASET_ARN` (required when the rules have `users` / `items`).
 */
export const loadIngestionSettings = Effect.gen(function* () {
  const trackingId = yield* read("PERSONALIZE_TRACKING_ID", Config.NonEmptyString("PERSONALIZE_TRACKING_ID"))
  if (trackingId.length > Ingestion.PutEventsLimits.idLength.max)
    return yield* fail("PERSONALIZE_TRACKING_ID", `longer than ${Ingestion.PutEventsLimits.idLength.max} characters`)
  const rulesText = yield* read("INGESTION_RULES", Config.option(Config.String("INGESTION_RULES")))
  let rules = Ingestion.defaultMappingRules
  if (Option.isSome(rulesText)) {
    let parsed: unknown
    try {
      parsed = JSON.parse(rulesText.value)
    } catch (error) {
      return yield* fail("INGESTION_RULES", `not JSON: ${error instanceof Error ? error.message : String(error)}`)
    }
    const decoded = Ingestion.decodeMappingRules(parsed)
    if (Result.isFailure(decoded)) return yield* fail("INGESTION_RULES", Input.showInputIssues(decoded.failure.issues))
    rules = decoded.success
  }
  const concurrency = yield* read(
    "INGESTION_CONCURRENCY",
    Config.Int("INGESTION_CONCURRENCY").pipe(Config.withDefault(4))
  )
  if (concurrency < 1 || concurrency > 64) return yield* fail("INGESTION_CONCURRENCY", "must be between 1 and 64")
  const namespace = yield* read(
    "METRICS_NAMESPACE",
    Config.NonEmptyString("METRICS_NAMESPACE").pipe(Config.withDefault(Ingestion.ingestionMetricsNamespace))
  )
  const datasets: { users?: string; items?: string } = {}
  for (const [kind, variable] of [
    ["users", "USERS_DATASET_ARN"],
    ["items", "ITEMS_DATASET_ARN"]
  ] as const) {
    const arn = yield* read(variable, Config.option(Config.NonEmptyString(variable)))
    if (Option.isSome(arn)) {
      if (Personalize.parseArn(arn.value)?.kind !== "Dataset")
        return yield* fail(
          variable,
          `expected a Personalize dataset ARN (arn:aws:personalize:…:dataset/…), got ${arn.value}`
        )
      datasets[kind] = arn.value
    } else if (rules[kind] !== undefined)
      return yield* fail(variable, `required: INGESTION_RULES maps ${kind} (the ${kind} rules need their dataset)`)
  }
  return { trackingId, rules, concurrency, namespace, datasets } satisfies IngestionSettingsShape
})

/** The ingestion handlers' settings, decoded once per container. */
export class IngestionSettings extends Context.Service<IngestionSettings, IngestionSettingsShape>()(
  "@personalize-ops/handlers/ingestion/IngestionSettings"
) {
  static readonly layer = Layer.effect(IngestionSettings, loadIngestionSettings)
}
