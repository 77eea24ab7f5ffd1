import * as Monitoring from "@personalize-ops/core/monitoring"
import { Config, Context, Effect, Layer, Schema } from "effect"
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

const yesNo = (name: string, fallback: boolean) =>
  Config.Literals(["Yes", "No", "yes", "no", "true", "false"], name).pipe(
    Config.map((v) => v === "Yes" || v === "yes" || v === "true"),
    Config.withDefault(fallback)
  )
const numberIn = (name: string, minimum: number, maximum: number, fallback: number) =>
  Config.schema(Schema.FiniteFromString.check(Schema.isBetween({ minimum, maximum })), name).pipe(
    Config.withDefault(fallback)
  )
// An empty value is an unset one: the one-click template sets every variable, empty when not chosen.
// An optional positive number: unset or empty means off (the template passes "").
const optionalNumber = (name: string) =>
  Config.schema(Schema.Union([Schema.Literal(""), Schema.FiniteFromString.check(Schema.isGreaterThan(0))]), name).pipe(
    Config.withDefault(""),
    Config.map((v) => (v === "" ? undefined : v))
  )
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

/**
 * The seed's parameter names (CampaignARNs, RecommenderARNs, Regions, AutoCreateUtilizationAlarms,
 * UtilizationThresholdAlarmLowerBound, AutoCreateIdleAlarms, IdleThresholdHours,
 * AutoDeleteOrStopIdleResources, AutoAdjustMinTPS, NotificationEndpoint) plus AlarmNamePrefix,
 * DashboardName, NotificationTopicName, NotificationTopicArn and AccountId.
 */
export const monitorConfig = Effect.gen(function* () {
  const homeRegion = yield* text("AWS_REGION", "us-east-1")
  const d = Monitoring.defaultSettings
  const regions = Monitoring.parseArnList(yield* text("Regions", homeRegion))
  // This deployment's id on its events (rules and command handlers match only their own); empty: none.
  const instanceId = yield* Config.schema(
    Schema.String.check(
      Schema.isMaxLength(64),
      Schema.isPattern(/^[A-Za-z0-9._-]*$/, { expected: "letters, digits, . _ - (at most 64)" })
    ),
    "MonitorInstanceId"
  ).pipe(Config.withDefault(""))
  const accountId = yield* Config.option(
    Config.schema(Schema.String.check(Schema.isPattern(/^\d{12}$/, { expected: "a 12-digit account id" })), "AccountId")
  )
  const settings: Monitoring.MonitorSettings = {
    campaigns: Monitoring.parseArnList(yield* text("CampaignARNs", "all")),
    recommenders: Monitoring.parseArnList(yield* text("RecommenderARNs", "all")),
    regions: regions === "all" ? [homeRegion] : regions,
    autoCreateUtilizationAlarms: yield* yesNo("AutoCreateUtilizationAlarms", d.autoCreateUtilizationAlarms),
    utilizationThresholdAlarmLowerBound: yield* numberIn(
      "UtilizationThresholdAlarmLowerBound",
      bounds.UtilizationThresholdAlarmLowerBound.minimum,
      bounds.UtilizationThresholdAlarmLowerBound.maximum,
      d.utilizationThresholdAlarmLowerBound
    ),
    autoCreateIdleAlarms: yield* yesNo("AutoCreateIdleAlarms", d.autoCreateIdleAlarms),
    idleThresholdHours: yield* numberIn(
      "IdleThresholdHours",
      bounds.IdleThresholdHours.minimum,
      bounds.IdleThresholdHours.maximum,
      d.idleThresholdHours
    ),
    autoDeleteOrStopIdleResources: yield* yesNo("AutoDeleteOrStopIdleResources", d.autoDeleteOrStopIdleResources),
    autoAdjustMinTPS: yield* yesNo("AutoAdjustMinTPS", d.autoAdjustMinTPS),
    alarmNamePrefix: yield* text("AlarmNamePrefix", d.alarmNamePrefix),
    dashboardName: yield* text("DashboardName", d.dashboardName),
    notificationTopicName: yield* text("NotificationTopicName", d.notificationTopicName),
    ...(accountId._tag === "Some" ? { accountId: accountId.value } : {}),
    ...(instanceId === "" ? {} : { instanceId }),
    ...optionalSettings({
      latencyP95ThresholdMs: yield* optionalNumber("LatencyP95ThresholdMs"),
      latencyAnomalyBand: yield* optionalNumber("LatencyAnomalyBand"),
      errorRateThresholdPercent: yield* optionalNumber("ErrorRateThresholdPercent"),
      staleModelDays: yield* optionalNumber("StaleModelDays")
    })
  }
  // PriceTable: a price table as JSON (Monitoring.PriceTable), so each step-down records its saving.
  const priceTable = yield* Config.schema(Schema.fromJsonString(Monitoring.PriceTable), "PriceTable").pipe(
    Config.option
  )
  const priced: Monitoring.MonitorSettings =
    priceTable._tag === "Some" ? { ...settings, prices: priceTable.value } : settings
  const explicitTopic = yield* Config.option(Config.String("NotificationTopicArn"))
  const notificationTopicArn =
    explicitTopic._tag === "Some"
      ? explicitTopic.value
      : settings.accountId === undefined
        ? undefined
        : `arn:aws:sns:${homeRegion}:${settings.accountId}:${settings.notificationTopicName}`
  return {
    settings: priced,
    homeRegion,
    notificationTopicArn,
    notificationEndpoint: yield* text("NotificationEndpoint", "")
  } satisfies MonitorConfigShape
})

/** Decodes the environment once, when the layer is built (at cold start). */
export const layerMonitorConfig: Layer.Layer<MonitorConfig, Config.ConfigError> = Layer.effect(
  MonitorConfig,
  monitorConfig
)

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
