import { Schema } from "effect"
import { MonitoredResourceArn } from "../personalize/monitoring.ts"

/** Source of every event the monitor puts on EventBridge (the seed's, so existing rules keep matching). */
export const MonitorSource = "personalize.monitor"

/**
 * The detail field that names the monitor deployment an event is for (`MonitorInstanceId` setting).
 * The monitor writes it on every event it puts; a deployment's rules match only its own id, and its
 * command handlers refuse events of other instances.
 */
export const MonitorInstanceField = "MonitorInstanceId"

/** `events` with this instance's id in their detail (unchanged without an id). */
export const withInstanceId = <E extends { readonly detail: object }>(
  events: ReadonlyArray<E>,
  instanceId: string | undefined
): ReadonlyArray<E> =>
  instanceId === undefined
    ? events
    : events.map((e) => ({ ...e, detail: { ...e.detail, [MonitorInstanceField]: instanceId } }))

/** Detail types of the seed's EventBridge contract, commands and notifications. */
export const DetailType = {
  BuildDashboard: "BuildPersonalizeMonitorDashboard",
  UpdateCampaignMinTps: "UpdatePersonalizeCampaignMinProvisionedTPS",
  UpdateRecommenderMinRps: "UpdatePersonalizeRecommenderMinRecommendationRPS",
  DeleteCampaign: "DeletePersonalizeCampaign",
  StopRecommender: "StopPersonalizeRecommender",
  CampaignMinTpsUpdated: "PersonalizeCampaignMinProvisionedTPSUpdated",
  RecommenderMinRpsUpdated: "PersonalizeRecommenderMinRecommendationRPSUpdated",
  CampaignDeleted: "PersonalizeCampaignDeleted",
  RecommenderStopped: "PersonalizeRecommenderStopped"
} as const

const IsoTime = Schema.String.check(
  Schema.makeFilter((s: string) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), {
    expected: "an ISO 8601 date-time, e.g. 2026-11-27T08:00:00Z"
  })
)

/**
 * `UpdatePersonalize…MinProvisionedTPS` / `…MinRecommendationRPS` detail (also a direct invocation).
 * The decision fields are optional so an operator can send `{ARN, NewMinTPS, Reason}`; `PreWarmUntil`
 * is new: a manual pre-warm that step-down leaves alone until then.
 */
export const UpdateMinTpsDetail = Schema.Struct({
  ARN: MonitoredResourceArn,
  NewMinTPS: Schema.Number.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(1)),
  Reason: Schema.optionalKey(Schema.String),
  PreWarmUntil: Schema.optionalKey(IsoTime),
  Utilization: Schema.optionalKey(Schema.Finite),
  AgeHours: Schema.optionalKey(Schema.Finite),
  CurrentMinTPS: Schema.optionalKey(Schema.Finite),
  MinAverageTPS: Schema.optionalKey(Schema.Finite),
  MaxAverageTPS: Schema.optionalKey(Schema.Finite),
  // The seed's monitor writes the hourly datapoints themselves (a list); ours writes their count.
  Datapoints: Schema.optionalKey(Schema.Union([Schema.Finite, Schema.Array(Schema.Unknown)]))
})
export type UpdateMinTpsDetail = typeof UpdateMinTpsDetail.Type

/** `DeletePersonalizeCampaign` / `StopPersonalizeRecommender` detail (also a direct invocation). */
export const RemoveResourceDetail = Schema.Struct({
  ARN: MonitoredResourceArn,
  Reason: Schema.optionalKey(Schema.String),
  Utilization: Schema.optionalKey(Schema.Finite),
  AgeHours: Schema.optionalKey(Schema.Finite),
  IdleThresholdHours: Schema.optionalKey(Schema.Finite),
  TotalRequestsDuringIdleThresholdHours: Schema.optionalKey(Schema.Finite)
})
export type RemoveResourceDetail = typeof RemoveResourceDetail.Type

/** `BuildPersonalizeMonitorDashboard` detail, or a direct invocation `{ "Reason": "…" }`. */
export const BuildDashboardDetail = Schema.Struct({ Reason: Schema.optionalKey(Schema.String) })

/** An EventBridge event as Lambda receives it (only the fields the handlers read). */
export const EventBridgeEnvelope = Schema.Struct({
  source: Schema.String,
  "detail-type": Schema.String,
  detail: Schema.Unknown,
  time: Schema.optionalKey(Schema.String)
})
