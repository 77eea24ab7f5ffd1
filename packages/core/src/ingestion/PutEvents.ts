import { Schema } from "effect"
import { isForbiddenPropertyKey, PutEventsLimits as L } from "./limits.ts"

const Id = Schema.String.check(Schema.isMinLength(L.idLength.min), Schema.isMaxLength(L.idLength.max))

/** Returns why a `properties` JSON string is unacceptable to PutEvents, or undefined when it is fine. */
export const propertiesProblem = (json: string): string | undefined => {
  if (json.length > L.propertiesChars.max)
    return `properties JSON is ${json.length} characters; PutEvents allows at most ${L.propertiesChars.max}`
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return "properties is not valid JSON"
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "properties is not a JSON object"
  const bad = Object.keys(parsed).filter(isForbiddenPropertyKey)
  return bad.length > 0 ? `properties holds reserved key(s) ${bad.join(", ")}` : undefined
}

/** The `properties` of one event: a JSON object as a string, ≤ 1,024 characters, no reserved keys. */
export const PropertiesJson = Schema.String.check(
  Schema.isMinLength(L.propertiesChars.min),
  Schema.makeFilter((s: string) => propertiesProblem(s) ?? true, { expected: "a PutEvents properties JSON object" })
)

/** One event of a PutEvents call. `sentAt` is epoch seconds (millisecond precision as a fraction). */
export const PutEventsEvent = Schema.Struct({
  eventType: Id,
  sentAt: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)),
  eventId: Schema.optionalKey(Id),
  itemId: Schema.optionalKey(Id),
  eventValue: Schema.optionalKey(Schema.Finite),
  properties: Schema.optionalKey(PropertiesJson),
  recommendationId: Schema.optionalKey(
    Schema.String.check(
      Schema.isMinLength(L.recommendationIdLength.min),
      Schema.isMaxLength(L.recommendationIdLength.max)
    )
  ),
  impression: Schema.optionalKey(
    Schema.Array(Id).check(Schema.isMinLength(L.impressionItems.min), Schema.isMaxLength(L.impressionItems.max))
  )
})
export type PutEventsEvent = typeof PutEventsEvent.Type

/** One PutEvents call: one session (and optional user) with 1–10 events. */
export const PutEventsRequest = Schema.Struct({
  trackingId: Id,
  sessionId: Id,
  userId: Schema.optionalKey(Id),
  eventList: Schema.Array(PutEventsEvent).check(
    Schema.isMinLength(L.eventsPerRequest.min),
    Schema.isMaxLength(L.eventsPerRequest.max)
  )
})
export type PutEventsRequest = typeof PutEventsRequest.Type
