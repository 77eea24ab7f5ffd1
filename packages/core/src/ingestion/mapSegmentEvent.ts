import { Result } from "effect"
import { decodeWithIssues } from "../input/InputIssues.ts"
import { type FieldPath, firstPresent, showFieldPath } from "./fieldPath.ts"
import { parseIsoTimestamp } from "./isoTimestamp.ts"
import { PutEventsLimits as L } from "./limits.ts"
import type { MappingRules } from "./MappingRules.ts"
import type { PutEventsEvent } from "./PutEvents.ts"
import { SegmentTrackEvent } from "./SegmentEvent.ts"

/** What one Segment event becomes: an event for a session, or why it is skipped or invalid. */
export type MapResult =
  | {
      readonly _tag: "Mapped"
      readonly sessionId: string
      readonly userId: string | undefined
      /** The dedupe key (the event's eventId, from Segment's messageId by default). */
      readonly eventId: string
      readonly event: PutEventsEvent
    }
  | { readonly _tag: "Skipped"; readonly reason: string }
  | { readonly _tag: "Invalid"; readonly reason: string }

const skipped = (reason: string): MapResult => ({ _tag: "Skipped", reason })
const invalid = (reason: string): MapResult => ({ _tag: "Invalid", reason })

const decodeTrack = decodeWithIssues(SegmentTrackEvent, { errors: "first" })

/** Why a value may not be an id (1–256 characters), or its text. Numbers are accepted as ids. */
const idAt = (
  root: unknown,
  paths: ReadonlyArray<FieldPath>,
  field: string,
  max: number = L.idLength.max
): Result.Result<string | undefined, string> => {
  const found = firstPresent(root, paths)
  if (found === undefined) return Result.succeed(undefined)
  const { path, value } = found
  const text =
    typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined
  if (text === undefined) return Result.fail(`${field}: ${showFieldPath(path)} must be a string or a number`)
  if (text.length < 1 || text.length > max)
    return Result.fail(`${field}: ${showFieldPath(path)} is ${text.length} characters; PutEvents allows 1–${max}`)
  return Result.succeed(text)
}

const missing = (field: string, paths: ReadonlyArray<FieldPath>) =>
  `${field}: missing ${paths.map(showFieldPath).join(" or ")}`

/**
 * Maps one parsed Segment event to a PutEvents event under `rules`. Non-track events and events not in
 * the allowlist are skipped; anything that breaks the spec or a PutEvents limit is invalid, with the reason.
 */
export const mapSegmentEvent = (rules: MappingRules, input: unknown): MapResult => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return invalid("not a JSON object")
  const raw = input as Record<string, unknown>
  if (typeof raw.type === "string" && raw.type !== "track") return skipped(`type '${raw.type}' is not a track event`)
  if (typeof raw.event !== "string")
    return invalid(raw.event === undefined ? "event: missing" : "event: must be a string")
  if (!rules.events.has(raw.event)) return skipped(`event '${raw.event}' is not in the allowlist`)
  const decoded = decodeTrack(raw)
  if (Result.isFailure(decoded)) {
    const issue = decoded.failure.issues[0]
    return invalid(`${issue?.path ?? ""}: ${issue?.message ?? "does not match the Segment track spec"}`)
  }

  const sessionId = idAt(raw, rules.sessionId, "sessionId")
  if (Result.isFailure(sessionId)) return invalid(sessionId.failure)
  if (sessionId.success === undefined) return invalid(missing("sessionId", rules.sessionId))
  const userId = idAt(raw, rules.userId, "userId")
  if (Result.isFailure(userId)) return invalid(userId.failure)
  const eventId = idAt(raw, rules.eventId, "eventId")
  if (Result.isFailure(eventId)) return invalid(eventId.failure)
  if (eventId.success === undefined) return invalid(missing("eventId", rules.eventId))
  const itemId = idAt(raw, rules.itemId, "itemId")
  if (Result.isFailure(itemId)) return invalid(itemId.failure)
  if (itemId.success === undefined && rules.itemIdRequired) return invalid(missing("itemId", rules.itemId))

  const sentAtFound = firstPresent(raw, rules.sentAt)
  if (sentAtFound === undefined) return invalid(missing("sentAt", rules.sentAt))
  if (typeof sentAtFound.value !== "string")
    return invalid(`sentAt: ${showFieldPath(sentAtFound.path)} must be an ISO-8601 string`)
  const millis = parseIsoTimestamp(sentAtFound.value)
  if (Result.isFailure(millis)) return invalid(`sentAt: ${millis.failure}`)

  const eventType = rules.eventTypes[raw.event] ?? raw.event
  let event: { -readonly [K in keyof PutEventsEvent]: PutEventsEvent[K] } = {
    eventType,
    sentAt: millis.success / 1000,
    eventId: eventId.success
  }
  if (itemId.success !== undefined) event.itemId = itemId.success

  const value = firstPresent(raw, rules.eventValue)
  if (value !== undefined) {
    const n = typeof value.value === "string" && value.value.trim() !== "" ? Number(value.value) : value.value
    if (typeof n !== "number" || !Number.isFinite(n))
      return invalid(`eventValue: ${showFieldPath(value.path)} must be a number`)
    event.eventValue = n
  }
  const recommendationId = idAt(raw, rules.recommendationId, "recommendationId", L.recommendationIdLength.max)
  if (Result.isFailure(recommendationId)) return invalid(recommendationId.failure)
  if (recommendationId.success !== undefined) event.recommendationId = recommendationId.success

  const impression = firstPresent(raw, rules.impression)
  if (impression !== undefined) {
    const where = showFieldPath(impression.path)
    const items = Array.isArray(impression.value) ? impression.value : undefined
    if (items === undefined || !items.every((i) => typeof i === "string" || typeof i === "number"))
      return invalid(`impression: ${where} must be a list of item ids`)
    const ids = items.map(String)
    if (ids.length < L.impressionItems.min || ids.length > L.impressionItems.max)
      return invalid(
        `impression: ${where} has ${ids.length} items; PutEvents allows ${L.impressionItems.min}–${L.impressionItems.max}`
      )
    if (ids.some((i) => i.length < L.idLength.min || i.length > L.idLength.max))
      return invalid(`impression: ${where} holds an item id outside 1–${L.idLength.max} characters`)
    event.impression = ids
  }

  if (rules.properties.length > 0) {
    const carried: Record<string, string | number | boolean> = {}
    for (const [name, path] of rules.properties) {
      const found = firstPresent(raw, [path])
      if (found === undefined) continue
      const v = found.value
      if (typeof v !== "string" && typeof v !== "boolean" && !(typeof v === "number" && Number.isFinite(v)))
        return invalid(`properties.${name}: ${showFieldPath(path)} must be a string, number or boolean`)
      carried[name] = v
    }
    if (Object.keys(carried).length > 0) {
      const json = JSON.stringify(carried)
      if (json.length > L.propertiesChars.max)
        return invalid(
          `properties: JSON is ${json.length} characters; PutEvents allows at most ${L.propertiesChars.max}`
        )
      event = { ...event, properties: json }
    }
  }
  return { _tag: "Mapped", sessionId: sessionId.success, userId: userId.success, eventId: eventId.success, event }
}
