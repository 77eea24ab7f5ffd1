import { Schema } from "effect"

const Kind = Schema.Literals(["campaign", "recommender"])

/** The seed's step-down detail fields, kept verbatim so EventBridge consumers keep working. */
export const MinTpsDecisionSchema = Schema.Struct({
  ARN: Schema.String,
  Utilization: Schema.Finite,
  AgeHours: Schema.Finite,
  CurrentMinTPS: Schema.Finite,
  NewMinTPS: Schema.Finite,
  MinAverageTPS: Schema.Finite,
  MaxAverageTPS: Schema.Finite,
  Datapoints: Schema.Finite,
  Reason: Schema.String,
  /** New, optional: the saving per hour under the operator's price table. */
  EstimatedSavingPerHour: Schema.optionalKey(Schema.Finite),
  Currency: Schema.optionalKey(Schema.String)
})

/** The seed's idle detail fields. */
export const IdleDecisionSchema = Schema.Struct({
  ARN: Schema.String,
  Utilization: Schema.Finite,
  AgeHours: Schema.Finite,
  IdleThresholdHours: Schema.Finite,
  TotalRequestsDuringIdleThresholdHours: Schema.Finite,
  Reason: Schema.String
})

/** The monitor decided to lower a resource's minimum (the command event goes out next). */
export const MinTpsStepDownDecided = Schema.TaggedStruct("MinTpsStepDownDecided", {
  kind: Kind,
  at: Schema.Finite,
  decision: MinTpsDecisionSchema
})

/** The monitor decided to delete an idle campaign or stop an idle recommender. */
export const IdleActionDecided = Schema.TaggedStruct("IdleActionDecided", {
  kind: Kind,
  at: Schema.Finite,
  decision: IdleDecisionSchema
})

/** An operator raised the minimum ahead of a traffic peak; step-down waits until `until`. */
export const PreWarmRequested = Schema.TaggedStruct("PreWarmRequested", {
  arn: Schema.String,
  kind: Kind,
  at: Schema.Finite,
  newMinTPS: Schema.Finite,
  until: Schema.Finite,
  reason: Schema.String
})

/** UpdateCampaign / UpdateRecommender was accepted with the new minimum. */
export const MinTpsUpdated = Schema.TaggedStruct("MinTpsUpdated", {
  arn: Schema.String,
  kind: Kind,
  at: Schema.Finite,
  newMinTPS: Schema.Finite,
  reason: Schema.String
})

/** DeleteCampaign was accepted (or the campaign was already gone). */
export const CampaignDeleted = Schema.TaggedStruct("CampaignDeleted", {
  arn: Schema.String,
  at: Schema.Finite,
  reason: Schema.String,
  alarmsDeleted: Schema.Finite
})

/** StopRecommender was accepted (or the recommender was already stopping). */
export const RecommenderStopped = Schema.TaggedStruct("RecommenderStopped", {
  arn: Schema.String,
  at: Schema.Finite,
  reason: Schema.String,
  alarmsDeleted: Schema.Finite
})

/** Every event of a monitored resource's stream: the history of the monitor's decisions and actions. */
export const MonitorEvent = Schema.Union([
  MinTpsStepDownDecided,
  IdleActionDecided,
  PreWarmRequested,
  MinTpsUpdated,
  CampaignDeleted,
  RecommenderStopped
])
export type MonitorEvent = typeof MonitorEvent.Type
