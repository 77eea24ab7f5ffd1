import { parseArn } from "../personalize/Arn.ts"
import type { Notification } from "./Notifications.ts"

const nameOf = (arn: string) => parseArn(arn)?.name ?? arn
const regionOf = (arn: string) => parseArn(arn)?.region ?? ""

/** The min TPS/RPS of a campaign or recommender was changed. */
export const minTpsUpdatedMessage = (input: {
  readonly arn: string
  readonly kind: "campaign" | "recommender"
  readonly newMinTPS: number
  readonly reason: string
}): Notification => {
  const what = input.kind === "campaign" ? "minProvisionedTPS" : "minRecommendationRequestsPerSecond"
  return {
    region: regionOf(input.arn),
    subject: `Personalize ${input.kind} ${nameOf(input.arn)}: ${what} set to ${input.newMinTPS}`,
    message: `The ${what} of ${input.arn} was updated to ${input.newMinTPS}.\n\nReason: ${input.reason}`,
    detail: { ARN: input.arn, NewMinTPS: input.newMinTPS, Reason: input.reason }
  }
}

/** An idle campaign was deleted. */
export const campaignDeletedMessage = (input: { readonly arn: string; readonly reason: string }): Notification => ({
  region: regionOf(input.arn),
  subject: `Personalize campaign ${nameOf(input.arn)} deleted`,
  message: `The campaign ${input.arn} was deleted; its solution version is kept and can serve a new campaign.\n\nReason: ${input.reason}`,
  detail: { ARN: input.arn, Reason: input.reason }
})

/** An idle recommender was stopped. */
export const recommenderStoppedMessage = (input: { readonly arn: string; readonly reason: string }): Notification => ({
  region: regionOf(input.arn),
  subject: `Personalize recommender ${nameOf(input.arn)} stopped`,
  message: `The recommender ${input.arn} was stopped (billing and retraining stop; StartRecommender resumes it).\n\nReason: ${input.reason}`,
  detail: { ARN: input.arn, Reason: input.reason }
})

/** An action the monitor wanted could not be carried out. */
export const actionFailedMessage = (input: {
  readonly arn: string
  readonly action: string
  readonly error: string
}): Notification => ({
  region: regionOf(input.arn),
  subject: `Personalize monitor: ${input.action} failed for ${nameOf(input.arn)}`,
  message: `${input.action} on ${input.arn} failed: ${input.error}`,
  detail: { ARN: input.arn, Action: input.action, Error: input.error }
})

/** Dashboards were (re)built. */
export const dashboardBuiltMessage = (input: {
  readonly region: string
  readonly names: ReadonlyArray<string>
  readonly resources: number
  readonly reason: string
}): Notification => ({
  region: input.region,
  subject: `Personalize monitor dashboard rebuilt (${input.resources} resources)`,
  message: `Dashboards ${input.names.join(", ")} rebuilt with ${input.resources} resources.\n\nReason: ${input.reason}`,
  detail: { Dashboards: input.names, Resources: input.resources, Reason: input.reason }
})
