import { Config, Context, Effect, Layer, Option, Schema } from "effect"

/** A provisioning handler's environment is missing or wrong; raised at cold start, naming the variable. */
export class ProvisioningConfigError extends Schema.TaggedError<ProvisioningConfigError>()("ProvisioningConfigError", {
  variable: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `invalid configuration ${this.variable}: ${this.detail}`
  }
}

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
}

const read = <A>(variable: string, config: Config.Config<A>) =>
  Effect.mapError(config, (e) => new ProvisioningConfigError({ variable, detail: e.message }))

const optional = (variable: string) =>
  read(variable, Config.option(Config.NonEmptyString(variable))).pipe(Effect.map(Option.getOrUndefined))

/**
 * Reads `AWS_REGION`, `STATE_MACHINE_ARN`, `CONFIG_PREFIX` (default `train/`), `PERSONALIZE_ROLE_ARN`,
 * `PERSONALIZE_KMS_KEY_ARN` and `NOTIFICATION_TOPIC_ARN`.
 */
export const loadProvisioningSettings = Effect.gen(function* () {
  const region = yield* read("AWS_REGION", Config.NonEmptyString("AWS_REGION").pipe(Config.withDefault("us-east-1")))
  const configPrefix = yield* read("CONFIG_PREFIX", Config.String("CONFIG_PREFIX").pipe(Config.withDefault("train/")))
  const stateMachineArn = yield* optional("STATE_MACHINE_ARN")
  if (
    stateMachineArn !== undefined &&
    !/^arn:[a-z-]+:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/.test(stateMachineArn)
  )
    return yield* new ProvisioningConfigError({
      variable: "STATE_MACHINE_ARN",
      detail: `"${stateMachineArn}" is not a state machine ARN`
    })
  return {
    region,
    stateMachineArn,
    configPrefix,
    roleArn: yield* optional("PERSONALIZE_ROLE_ARN"),
    kmsKeyArn: yield* optional("PERSONALIZE_KMS_KEY_ARN"),
    notificationTopicArn: yield* optional("NOTIFICATION_TOPIC_ARN")
  } satisfies ProvisioningSettingsShape
})

/** The provisioning handlers' settings, decoded once per container. */
export class ProvisioningSettings extends Context.Service<ProvisioningSettings, ProvisioningSettingsShape>()(
  "@personalize-ops/handlers/provisioning/ProvisioningSettings"
) {
  static readonly layer = Layer.effect(ProvisioningSettings, loadProvisioningSettings)
}
