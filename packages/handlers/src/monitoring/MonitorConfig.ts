import * as Monitoring from "@personalize-ops/core/monitoring"
import { Cause, Config, ConfigProvider, Context, Effect, Exit, Layer, Option, Schema } from "effect"
import { awsRegion, type EnvVar, resource } from "../LambdaEntry.ts"
import { readEnv, refuseEnv, type SettingsError } from "../settings.ts"
import { MonitorParameterBounds as bounds } from "./parameters.ts"

/** Everything a monitoring handler reads from its environment, decoded once per container. */
export interface MonitorConfigShape {
  readonly settings: Monitoring.MonitorSettings
  /** Where the function runs: its bus receives the command events; dashboards are written from here. */
  readonly homeRegion: string
  /** SNS topic of notifications (`NotificationTopicArn`, else `<NotificationTopicName>` in the home region). */
  readonly notificationTopicArn: string | undefined
  /** `NotificationEndpoint`: the e-mail the deployment subscribes to the topic (kept for the wiring). */
  readonly notificationEndpoint: string
}

/** The decoded environment, as a service so handlers and layers share one decode. */
export class MonitorConfig extends Context.Service<MonitorConfig, MonitorConfigShape>()(
  "@personalize-ops/handlers/monitoring/MonitorConfig"
) {}

// The yes/no, number and pattern settings are read as text (`Config.String`, the codec every setting
// shares) and checked here, as `refuseEnv`: the first decode through Schema's literal, union and
// string-to-number codecs costs the monitoring functions' cold start ~4 ms. The checks accept exactly what
// those codecs did (a number is `Number(text)`, finite).
const textOf = (r: EnvVar) => readEnv(r, (n) => Config.option(Config.String(n)))
const yesNoValues: ReadonlyArray<string> = ["Yes", "No", "yes", "no", "true", "false"]
/** A Yes/No setting (yes/no/true/false too); unset: `fallback`. */
const yesNo = (r: EnvVar, fallback: boolean) =>
  Effect.flatMap(textOf(r), (t) =>
    t._tag === "None"
      ? Effect.succeed(fallback)
      : yesNoValues.includes(t.value)
        ? Effect.succeed(t.value === "Yes" || t.value === "yes" || t.value === "true")
        : refuseEnv(r, `expected one of ${yesNoValues.join(", ")}, got ${JSON.stringify(t.value)}`)
  )
/** A finite number written as text, else undefined. */
const finite = (text: string): number | undefined => {
  const n = Number(text)
  return Number.isFinite(n) ? n : undefined
}
// An empty value is an unset one: the one-click template sets every variable, empty when not chosen.
/** An optional positive number: unset or empty means off (the template passes ""). */
const optionalPositive = (r: EnvVar) =>
  Effect.flatMap(textOf(r), (t) => {
    if (t._tag === "None" || t.value === "") return Effect.succeed(undefined)
    const n = finite(t.value)
    return n !== undefined && n > 0
      ? Effect.succeed(n)
      : refuseEnv(r, `expected a number greater than 0, got ${JSON.stringify(t.value)}`)
  })
const text = (name: string, fallback: string) =>
  Config.String(name).pipe(
    Config.withDefault(fallback),
    Config.map((v) => (v.trim() === "" ? fallback : v))
  )

type OptionalSettings = Pick<
  Monitoring.MonitorSettings,
  "latencyP95ThresholdMs" | "latencyAnomalyBand" | "errorRateThresholdPercent" | "staleModelDays"
>
/** Drops the unset ones (exact optional properties). */
const optionalSettings = (o: { readonly [K in keyof OptionalSettings]-?: number | undefined }): OptionalSettings =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as OptionalSettings

const row = (name: string, description: string): EnvVar => ({ name, required: false, description })

/**
 * The variables every monitoring function reads (the seed's parameter names plus this toolkit's), the same
 * on all of them, so an IaC sets them alike.
 */
export const monitorEnvVars = {
  campaigns: row("CampaignARNs", "`all` or a CSV of campaign ARNs"),
  recommenders: row("RecommenderARNs", "`all` or a CSV of recommender ARNs"),
  regions: row("Regions", "CSV of regions to scan (default the function's)"),
  autoCreateUtilizationAlarms: row("AutoCreateUtilizationAlarms", "Yes/No (default Yes)"),
  utilizationThresholdAlarmLowerBound: row("UtilizationThresholdAlarmLowerBound", "percent, 0–1000 (default 100)"),
  autoCreateIdleAlarms: row("AutoCreateIdleAlarms", "Yes/No (default Yes)"),
  idleThresholdHours: row("IdleThresholdHours", "hours without requests that mean idle (default 24)"),
  autoDeleteOrStopIdleResources: row("AutoDeleteOrStopIdleResources", "Yes/No (default No)"),
  autoAdjustMinTPS: row("AutoAdjustMinTPS", "Yes/No (default Yes)"),
  latencyP95ThresholdMs: row("LatencyP95ThresholdMs", "p95 latency alarm threshold, ms (default none)"),
  latencyAnomalyBand: row("LatencyAnomalyBand", "p95 latency anomaly-band alarm width (default none)"),
  errorRateThresholdPercent: row("ErrorRateThresholdPercent", "4xx/5xx error-rate alarms threshold, % (default none)"),
  staleModelDays: row("StaleModelDays", "stale-model alarm: served model age in days (default none)"),
  priceTable: row("PriceTable", "JSON price table per region (Monitoring.PriceTable): step-downs record their saving"),
  alarmNamePrefix: row("AlarmNamePrefix", "prefix of owned alarms (default PersonalizeMonitor-)"),
  dashboardName: row("DashboardName", "dashboard stem (default Amazon-Personalize-Monitor)"),
  notificationTopicName: row(
    "NotificationTopicName",
    "per-region topic alarms notify (default PersonalizeMonitorNotifications)"
  ),
  notificationEndpoint: row("NotificationEndpoint", "e-mail the deployment subscribes to the topic"),
  accountId: row("AccountId", "12-digit account id (default: from the function ARN)"),
  instanceId: row(
    "MonitorInstanceId",
    "this deployment's id on its events; its rules and commands take only their own (default none)"
  ),
  region: awsRegion
} satisfies Record<string, EnvVar>

/** The monitoring functions' common environment rows. */
export const monitorSettingsEnv: ReadonlyArray<EnvVar> = Object.values(monitorEnvVars)

/** Read by the functions that notify (the command handlers). */
export const notificationTopicArnEnv: EnvVar = {
  name: "NotificationTopicArn",
  required: false,
  description: "SNS topic of action notifications (else logged)",
  from: resource("notificationTopic", "arn")
}

const v = monitorEnvVars

/** The optional thresholds (unset or empty: off). */
const readOptionalSettings = Effect.gen(function* () {
  return optionalSettings({
    latencyP95ThresholdMs: yield* optionalPositive(v.latencyP95ThresholdMs),
    latencyAnomalyBand: yield* optionalPositive(v.latencyAnomalyBand),
    errorRateThresholdPercent: yield* optionalPositive(v.errorRateThresholdPercent),
    staleModelDays: yield* optionalPositive(v.staleModelDays)
  })
})

/** A number setting within the template's bounds (its fallback when unset). */
const between = (r: EnvVar, b: { readonly minimum: number; readonly maximum: number }, fallback: number) =>
  Effect.flatMap(textOf(r), (t) => {
    if (t._tag === "None") return Effect.succeed(fallback)
    const n = finite(t.value)
    return n !== undefined && n >= b.minimum && n <= b.maximum
      ? Effect.succeed(n)
      : refuseEnv(r, `expected a number between ${b.minimum} and ${b.maximum}, got ${JSON.stringify(t.value)}`)
  })

/** A set, non-blank value of a text setting. */
const nonBlank = (name: string) =>
  Config.String(name).pipe(
    Config.option,
    Config.map((o) => (o._tag === "Some" && o.value.trim() !== "" ? o.value : undefined))
  )

const priceTableConfig = (name: string) => Config.schema(Schema.fromJsonString(Monitoring.PriceTable), name)

// PriceTable: a price table as JSON (Monitoring.PriceTable), so each step-down records its saving;
// empty (the template's default) or unset: none.
const readPriceTable = readEnv(v.priceTable, nonBlank).pipe(
  Effect.flatMap((text) => (text === undefined ? Effect.succeed(undefined) : readEnv(v.priceTable, priceTableConfig)))
)

/** The seed's parameters (`monitorEnvVars`), the scope of the monitor. */
const readMonitorSettings = (homeRegion: string) =>
  Effect.gen(function* () {
    const d = Monitoring.defaultSettings
    const regions = Monitoring.parseArnList(yield* readEnv(v.regions, (n) => text(n, homeRegion)))
    // This deployment's id on its events (rules and command handlers match only their own); empty: none.
    const instanceId = Option.getOrElse(yield* textOf(v.instanceId), () => "")
    if (instanceId.length > 64 || !/^[A-Za-z0-9._-]*$/.test(instanceId))
      return yield* refuseEnv(v.instanceId, `expected letters, digits, . _ - (at most 64), got ${instanceId}`)
    const accountId = yield* textOf(v.accountId)
    if (accountId._tag === "Some" && !/^\d{12}$/.test(accountId.value))
      return yield* refuseEnv(v.accountId, `expected a 12-digit account id, got ${accountId.value}`)
    const settings: Monitoring.MonitorSettings = {
      campaigns: Monitoring.parseArnList(yield* readEnv(v.campaigns, (n) => text(n, "all"))),
      recommenders: Monitoring.parseArnList(yield* readEnv(v.recommenders, (n) => text(n, "all"))),
      regions: regions === "all" ? [homeRegion] : regions,
      autoCreateUtilizationAlarms: yield* yesNo(v.autoCreateUtilizationAlarms, d.autoCreateUtilizationAlarms),
      utilizationThresholdAlarmLowerBound: yield* between(
        v.utilizationThresholdAlarmLowerBound,
        bounds.UtilizationThresholdAlarmLowerBound,
        d.utilizationThresholdAlarmLowerBound
      ),
      autoCreateIdleAlarms: yield* yesNo(v.autoCreateIdleAlarms, d.autoCreateIdleAlarms),
      idleThresholdHours: yield* between(v.idleThresholdHours, bounds.IdleThresholdHours, d.idleThresholdHours),
      autoDeleteOrStopIdleResources: yield* yesNo(v.autoDeleteOrStopIdleResources, d.autoDeleteOrStopIdleResources),
      autoAdjustMinTPS: yield* yesNo(v.autoAdjustMinTPS, d.autoAdjustMinTPS),
      alarmNamePrefix: yield* readEnv(v.alarmNamePrefix, (n) => text(n, d.alarmNamePrefix)),
      dashboardName: yield* readEnv(v.dashboardName, (n) => text(n, d.dashboardName)),
      notificationTopicName: yield* readEnv(v.notificationTopicName, (n) => text(n, d.notificationTopicName)),
      ...(accountId._tag === "Some" ? { accountId: accountId.value } : {}),
      ...(instanceId === "" ? {} : { instanceId }),
      ...(yield* readOptionalSettings)
    }
    const priceTable = yield* readPriceTable
    return priceTable === undefined ? settings : { ...settings, prices: priceTable }
  })

/** Reads `monitorEnvVars` and `notificationTopicArnEnv`; a bad value fails with a `SettingsError` naming it. */
export const monitorConfig = Effect.gen(function* () {
  const homeRegion = yield* readEnv(v.region, (n) => text(n, "us-east-1"))
  const settings = yield* readMonitorSettings(homeRegion)
  const explicitTopic = yield* readEnv(notificationTopicArnEnv, (n) => Config.option(Config.String(n)))
  const notificationTopicArn =
    explicitTopic._tag === "Some"
      ? explicitTopic.value
      : settings.accountId === undefined
        ? undefined
        : `arn:aws:sns:${homeRegion}:${settings.accountId}:${settings.notificationTopicName}`
  return {
    settings,
    homeRegion,
    notificationTopicArn,
    notificationEndpoint: yield* readEnv(v.notificationEndpoint, (n) => text(n, ""))
  } satisfies MonitorConfigShape
})

/** The settings' defaults (e.g. the alarm name prefix an IaC template scopes the topic policy by). */
export const monitorDefaults: Monitoring.MonitorSettings = Monitoring.defaultSettings

/**
 * Checks settings before deploying (the CDK example calls it at synth time): decodes them as the
 * monitoring functions will at cold start, and returns the first issue, naming the variable, or
 * undefined. A custom resource whose function cannot start leaves CloudFormation waiting, so a bad
 * setting must stop the synth instead.
 */
export const monitorSettingsIssue = (env: { readonly [name: string]: string }): string | undefined => {
  const exit = Effect.runSyncExit(
    monitorConfig.pipe(Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: { ...env } }))))
  )
  if (Exit.isSuccess(exit)) return undefined
  const error = Cause.squash(exit.cause)
  return error instanceof Error ? error.message : String(error)
}

/** Decodes the environment once, when the layer is built (at cold start). */
export const layerMonitorConfig: Layer.Layer<MonitorConfig, SettingsError> = Layer.effect(MonitorConfig, monitorConfig)

const Overrides = Schema.Struct({
  CampaignARNs: Schema.optionalKey(Schema.String),
  RecommenderARNs: Schema.optionalKey(Schema.String),
  Regions: Schema.optionalKey(Schema.String),
  AutoCreateUtilizationAlarms: Schema.optionalKey(Schema.Literals(["Yes", "No"])),
  UtilizationThresholdAlarmLowerBound: Schema.optionalKey(
    Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1000 }))
  ),
  AutoCreateIdleAlarms: Schema.optionalKey(Schema.Literals(["Yes", "No"])),
  IdleThresholdHours: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThanOrEqualTo(1))),
  AutoDeleteOrStopIdleResources: Schema.optionalKey(Schema.Literals(["Yes", "No"])),
  AutoAdjustMinTPS: Schema.optionalKey(Schema.Literals(["Yes", "No"])),
  LatencyP95ThresholdMs: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThan(0))),
  LatencyAnomalyBand: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThan(0))),
  ErrorRateThresholdPercent: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThan(0))),
  StaleModelDays: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThan(0)))
})

/** The seed let a direct invocation override any parameter by a key of the same name in the event. */
export const applyOverrides = (settings: Monitoring.MonitorSettings, event: unknown) =>
  Monitoring.decodeInput(Overrides, event).pipe(
    Effect.map((o): Monitoring.MonitorSettings => {
      const list = (v: string | undefined, current: Monitoring.MonitorSettings["campaigns"]) =>
        v === undefined ? current : Monitoring.parseArnList(v)
      const regions = o.Regions === undefined ? settings.regions : Monitoring.parseArnList(o.Regions)
      return {
        ...settings,
        campaigns: list(o.CampaignARNs, settings.campaigns),
        recommenders: list(o.RecommenderARNs, settings.recommenders),
        regions: regions === "all" ? settings.regions : regions,
        ...(o.AutoCreateUtilizationAlarms === undefined
          ? {}
          : { autoCreateUtilizationAlarms: o.AutoCreateUtilizationAlarms === "Yes" }),
        ...(o.UtilizationThresholdAlarmLowerBound === undefined
          ? {}
          : { utilizationThresholdAlarmLowerBound: o.UtilizationThresholdAlarmLowerBound }),
        ...(o.AutoCreateIdleAlarms === undefined ? {} : { autoCreateIdleAlarms: o.AutoCreateIdleAlarms === "Yes" }),
        ...(o.IdleThresholdHours === undefined ? {} : { idleThresholdHours: o.IdleThresholdHours }),
        ...(o.AutoDeleteOrStopIdleResources === undefined
          ? {}
          : { autoDeleteOrStopIdleResources: o.AutoDeleteOrStopIdleResources === "Yes" }),
        ...(o.AutoAdjustMinTPS === undefined ? {} : { autoAdjustMinTPS: o.AutoAdjustMinTPS === "Yes" }),
        ...optionalSettings({
          latencyP95ThresholdMs: o.LatencyP95ThresholdMs ?? settings.latencyP95ThresholdMs,
          latencyAnomalyBand: o.LatencyAnomalyBand ?? settings.latencyAnomalyBand,
          errorRateThresholdPercent: o.ErrorRateThresholdPercent ?? settings.errorRateThresholdPercent,
          staleModelDays: o.StaleModelDays ?? settings.staleModelDays
        })
      }
    })
  )

/** The account id from a Lambda context's function ARN, when the config did not name it. */
export const withAccountFrom = (settings: Monitoring.MonitorSettings, invokedFunctionArn: string | undefined) => {
  const account = invokedFunctionArn?.split(":")[4]
  return settings.accountId !== undefined || account === undefined || !/^\d{12}$/.test(account)
    ? settings
    : { ...settings, accountId: account }
}
