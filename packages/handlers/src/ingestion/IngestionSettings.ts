import { Ingestion, Input, Personalize } from "@personalize-ops/core"
import { Config, Context, Effect, Layer, Option, Result } from "effect"
import { awsRegion, type EnvVar, resource } from "../LambdaEntry.ts"
import { readEnv, readJsonEnv, refuseEnv } from "../settings.ts"

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

/** The variables the ingestion handlers read (their rows of the entries table). */
export const ingestionEnvVars = {
  trackingId: { name: "PERSONALIZE_TRACKING_ID", required: true, description: "the event tracker's tracking id" },
  deadLetterQueue: {
    name: "DEAD_LETTER_QUEUE_URL",
    required: true,
    description: "SQS queue URL for invalid and undeliverable records",
    from: resource("deadLetterQueue", "url")
  },
  rules: { name: "INGESTION_RULES", required: false, description: "mapping rules JSON (default: the seed's rules)" },
  users: {
    name: "USERS_DATASET_ARN",
    required: false,
    description: "the Users dataset PutUsers writes (required when the rules map users)"
  },
  items: {
    name: "ITEMS_DATASET_ARN",
    required: false,
    description: "the Items dataset PutItems writes (required when the rules map items)"
  },
  concurrency: {
    name: "INGESTION_CONCURRENCY",
    required: false,
    description: "sessions sent at once, 1–64 (default 4)"
  },
  namespace: {
    name: "METRICS_NAMESPACE",
    required: false,
    description: "EMF namespace (default PersonalizeOps/Ingestion)"
  },
  region: awsRegion
} satisfies Record<string, EnvVar>

/** The ingestion handlers' environment rows. */
export const ingestionEnv: ReadonlyArray<EnvVar> = Object.values(ingestionEnvVars)

const v = ingestionEnvVars

/**
 * Reads the settings from the environment (`ingestionEnvVars`): the tracking id, the rules (default: the
 * seed's), the concurrency (1–64, default 4), the EMF namespace, and the Users / Items datasets (required
 * when the rules map users / items). (`DEAD_LETTER_QUEUE_URL` is read by the SQS adapter.)
 */
export const loadIngestionSettings = Effect.gen(function* () {
  const trackingId = yield* readEnv(v.trackingId, Config.NonEmptyString)
  if (trackingId.length > Ingestion.PutEventsLimits.idLength.max)
    return yield* refuseEnv(v.trackingId, `longer than ${Ingestion.PutEventsLimits.idLength.max} characters`)
  const rulesJson = yield* readJsonEnv(v.rules)
  let rules = Ingestion.defaultMappingRules
  if (rulesJson !== undefined) {
    const decoded = Ingestion.decodeMappingRules(rulesJson)
    if (Result.isFailure(decoded)) return yield* refuseEnv(v.rules, Input.showInputIssues(decoded.failure.issues))
    rules = decoded.success
  }
  const concurrency = yield* readEnv(v.concurrency, (name) => Config.Int(name).pipe(Config.withDefault(4)))
  if (concurrency < 1 || concurrency > 64) return yield* refuseEnv(v.concurrency, "must be between 1 and 64")
  const namespace = yield* readEnv(v.namespace, (name) =>
    Config.NonEmptyString(name).pipe(Config.withDefault(Ingestion.ingestionMetricsNamespace))
  )
  const datasets: { users?: string; items?: string } = {}
  for (const kind of ["users", "items"] as const) {
    const row = v[kind]
    const arn = yield* readEnv(row, (name) => Config.option(Config.NonEmptyString(name)))
    if (Option.isSome(arn)) {
      if (Personalize.parseArn(arn.value)?.kind !== "Dataset")
        return yield* refuseEnv(
          row,
          `expected a Personalize dataset ARN (arn:aws:personalize:…:dataset/…), got ${arn.value}`
        )
      datasets[kind] = arn.value
    } else if (rules[kind] !== undefined)
      return yield* refuseEnv(row, `required: INGESTION_RULES maps ${kind} (the ${kind} rules need their dataset)`)
  }
  return { trackingId, rules, concurrency, namespace, datasets } satisfies IngestionSettingsShape
})

/** The ingestion handlers' settings, decoded once per container. */
export class IngestionSettings extends Context.Service<IngestionSettings, IngestionSettingsShape>()(
  "@personalize-ops/handlers/ingestion/IngestionSettings"
) {
  static readonly layer = Layer.effect(IngestionSettings, loadIngestionSettings)
}
