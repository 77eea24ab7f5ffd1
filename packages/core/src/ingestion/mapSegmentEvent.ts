import { Result } from "effect"
import { decodeWithIssues } from "../input/InputIssues.ts"
import { contentEventId } from "./contentId.ts"
import { arrayOf, type FieldPath, firstPresent, showElementPath, showFieldPath, valueAt } from "./fieldPath.ts"
import { parseIsoTimestamp } from "./isoTimestamp.ts"
import { PutEventsLimits as L } from "./limits.ts"
import type { MappingRules } from "./MappingRules.ts"
import type { PutEventsEvent } from "./PutEvents.ts"
import { SegmentTrackEvent } from "./SegmentEvent.ts"

/**
 * What one Segment event becomes: the events for one session (one per product for e-commerce
 * events), or why it is skipped or invalid.
 */
export type MapResult =
  | {
      readonly _tag: "Mapped"
      readonly sessionId: string
      readonly userId: string | undefined
      /** The payload's dedupe key (Segment's messageId by default, else derived from the content). */
      readonly eventId: string
      /** One or more PutEvents events, each with its own eventId. */
      readonly events: ReadonlyArray<PutEventsEvent>
      /** Optional properties left out because the properties JSON would pass PutEvents' limit. */
      readonly droppedProperties: ReadonlyArray<string>
    }
  | { readonly _tag: "Skipped"; readonly reason: string }
  | { readonly _tag: "Invalid"; readonly reason: string }

type MutableEvent = { -readonly [K in keyof PutEventsEvent]: PutEventsEvent[K] }

const skipped = (reason: string): MapResult => ({ _tag: "Skipped", reason })
const invalid = (reason: string): MapResult => ({ _tag: "Invalid", reason })

const decodeTrack = decodeWithIssues(SegmentTrackEvent, { errors: "first" })

/** An id's text (1–`max` characters) at the first present path, or why it is not one. Numbers are ids. */
const idAt = (
  root: unknown,
  paths: ReadonlyArray<FieldPath>,
  field: string,
  max: number = L.idLength.max,
  element?: number
): Result.Result<string | undefined, string> => {
  const found = firstPresent(root, paths, element)
  if (found === undefined) return Result.succeed(undefined)
  return idText(found.value, `${field}: ${showElementPath(found.path, element)}`, max)
}

/** An id's text from a string or a finite number (server-side ids are numbers), 1–`max` characters. */
export const idText = (value: unknown, where: string, max: number = L.idLength.max): Result.Result<string, string> => {
  const text =
    typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined
  if (text === undefined) return Result.fail(`${where} must be a string or a number`)
  if (text.length < 1 || text.length > max)
    return Result.fail(`${where} is ${text.length} characters; PutEvents allows 1–${max}`)
  return Result.succeed(text)
}

const missing = (field: string, paths: ReadonlyArray<FieldPath>, element?: number) =>
  `${field}: missing ${paths.map((p) => showElementPath(p, element)).join(" or ")}`

/**
 * Carried properties as JSON within a limit (PutEvents' by default): the longest values are dropped
 * until it fits, and named.
 */
export const fitProperties = (
  carried: Record<string, string | number | boolean>,
  max: number = L.propertiesChars.max
): { readonly json: string | undefined; readonly dropped: ReadonlyArray<string> } => {
  const kept = { ...carried }
  const dropped: Array<string> = []
  let json = JSON.stringify(kept)
  while (json.length > max) {
    const longest = Object.keys(kept).reduce((a, b) =>
      JSON.stringify(kept[b]).length > JSON.stringify(kept[a]).length ? b : a
    )
    delete kept[longest]
    dropped.push(longest)
    json = JSON.stringify(kept)
  }
  return { json: Object.keys(kept).length === 0 ? undefined : json, dropped }
}

/** The parts of an interaction read per element (or once, for an event without a product list). */
const interaction = (
  rules: MappingRules,
  raw: Record<string, unknown>,
  element: number | undefined
): Result.Result<{ readonly fields: Partial<MutableEvent>; readonly dropped: ReadonlyArray<string> }, string> => {
  const fields: Partial<MutableEvent> = {}
  const itemId = idAt(raw, rules.itemId, "itemId", L.idLength.max, element)
  if (Result.isFailure(itemId)) return Result.fail(itemId.failure)
  if (itemId.success === undefined && rules.itemIdRequired) return Result.fail(missing("itemId", rules.itemId, element))
  if (itemId.success !== undefined) fields.itemId = itemId.success

  const value = firstPresent(raw, rules.eventValue, element)
  if (value !== undefined) {
    const n = typeof value.value === "string" && value.value.trim() !== "" ? Number(value.value) : value.value
    if (typeof n !== "number" || !Number.isFinite(n))
      return Result.fail(`eventValue: ${showElementPath(value.path, element)} must be a number`)
    fields.eventValue = n
  }

  let dropped: ReadonlyArray<string> = []
  if (rules.properties.length > 0) {
    const carried: Record<string, string | number | boolean> = {}
    for (const [name, paths] of rules.properties) {
      const found = firstPresent(raw, paths, element)
      if (found === undefined) continue
      const v = found.value
      if (typeof v !== "string" && typeof v !== "boolean" && !(typeof v === "number" && Number.isFinite(v)))
        return Result.fail(
          `properties.${name}: ${showElementPath(found.path, element)} must be a string, number or boolean`
        )
      carried[name] = v
    }
    const fitted = fitProperties(carried)
    if (fitted.json !== undefined) fields.properties = fitted.json
    dropped = fitted.dropped
  }
  return Result.succeed({ fields, dropped })
}

/** The item ids of an explicit impression path: a list, or one id per element of a `[*]` path. */
const impressionAt = (rules: MappingRules, raw: unknown): Result.Result<ReadonlyArray<string> | undefined, string> => {
  for (const path of rules.impression) {
    const array = arrayOf(path)
    let items: ReadonlyArray<unknown> | undefined
    if (array === undefined) {
      const v = valueAt(raw, path)
      if (v === undefined || v === null) continue
      if (!Array.isArray(v)) return Result.fail(`impression: ${showFieldPath(path)} must be a list of item ids`)
      items = v
    } else {
      const list = valueAt(raw, array)
      if (!Array.isArray(list)) continue
      items = list.map((_, i) => valueAt(raw, path, i)).filter((x) => x !== undefined && x !== null)
    }
    const where = showFieldPath(path)
    if (!items.every((i) => typeof i === "string" || typeof i === "number"))
      return Result.fail(`impression: ${where} must be a list of item ids`)
    const ids = items.map(String)
    if (ids.length < L.impressionItems.min || ids.length > L.impressionItems.max)
      return Result.fail(
        `impression: ${where} has ${ids.length} items; PutEvents allows ${L.impressionItems.min}–${L.impressionItems.max}`
      )
    if (ids.some((i) => i.length < L.idLength.min || i.length > L.idLength.max))
      return Result.fail(`impression: ${where} holds an item id outside 1–${L.idLength.max} characters`)
    return Result.succeed(ids)
  }
  return Result.succeed(undefined)
}

/**
 * Maps one parsed Segment event to PutEvents events under `rules`. Non-track events and events not in
 * the allowlist are skipped; anything that breaks the spec or a PutEvents limit is invalid, with the
 * reason. An event with a product list (`rules.elements`) becomes one interaction per product, or, for
 * `impressionEvents`, impression events of at most 25 item ids.
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
  const givenEventId = idAt(raw, rules.eventId, "eventId")
  if (Result.isFailure(givenEventId)) return invalid(givenEventId.failure)
  const eventId = givenEventId.success ?? contentEventId(raw)

  const sentAtFound = firstPresent(raw, rules.sentAt)
  if (sentAtFound === undefined) return invalid(missing("sentAt", rules.sentAt))
  if (typeof sentAtFound.value !== "string")
    return invalid(`sentAt: ${showFieldPath(sentAtFound.path)} must be an ISO-8601 string`)
  const millis = parseIsoTimestamp(sentAtFound.value)
  if (Result.isFailure(millis)) return invalid(`sentAt: ${millis.failure}`)

  const common: MutableEvent = { eventType: rules.eventTypes[raw.event] ?? raw.event, sentAt: millis.success / 1000 }
  const recommendationId = idAt(raw, rules.recommendationId, "recommendationId", L.recommendationIdLength.max)
  if (Result.isFailure(recommendationId)) return invalid(recommendationId.failure)
  if (recommendationId.success !== undefined) common.recommendationId = recommendationId.success
  const impression = impressionAt(rules, raw)
  if (Result.isFailure(impression)) return invalid(impression.failure)
  if (impression.success !== undefined) common.impression = impression.success

  const list = rules.elements === undefined ? undefined : valueAt(raw, rules.elements)
  if (list !== undefined && list !== null && !Array.isArray(list))
    return invalid(`${showFieldPath(rules.elements!)} must be a list`)
  const elements = Array.isArray(list) ? list.length : 0

  const parts: Array<{ fields: Partial<MutableEvent>; dropped: ReadonlyArray<string> }> = []
  if (elements > 0 && rules.impressionEvents.has(raw.event)) {
    // One event per 25 items shown; its item id (a product clicked in the list) is read once.
    const ids: Array<string> = []
    const elementPaths = rules.itemId.filter((p) => arrayOf(p) !== undefined)
    for (let i = 0; i < elements; i++) {
      const id = idAt(raw, elementPaths, "itemId", L.idLength.max, i)
      if (Result.isFailure(id)) return invalid(id.failure)
      if (id.success === undefined) return invalid(missing("itemId", elementPaths, i))
      ids.push(id.success)
    }
    const once = interaction({ ...rules, itemIdRequired: false }, raw, undefined)
    if (Result.isFailure(once)) return invalid(once.failure)
    for (let i = 0; i < ids.length; i += L.impressionItems.max)
      parts.push({
        fields: { ...once.success.fields, impression: ids.slice(i, i + L.impressionItems.max) },
        dropped: once.success.dropped
      })
  } else if (elements > 0) {
    for (let i = 0; i < elements; i++) {
      const one = interaction(rules, raw, i)
      if (Result.isFailure(one)) return invalid(one.failure)
      parts.push(one.success)
    }
  } else {
    const one = interaction(rules, raw, undefined)
    if (Result.isFailure(one)) return invalid(one.failure)
    parts.push(one.success)
  }

  const events: Array<PutEventsEvent> = []
  for (const [i, part] of parts.entries()) {
    // One payload, several events: each needs its own id, derived so a redelivery repeats it exactly.
    const id = parts.length === 1 ? eventId : `${eventId}#${i}`
    if (id.length > L.idLength.max) return invalid(`eventId: ${id} is longer than ${L.idLength.max} characters`)
    const { properties, ...fields } = part.fields
    events.push({ ...common, ...fields, eventId: id, ...(properties === undefined ? {} : { properties }) })
  }
  return {
    _tag: "Mapped",
    sessionId: sessionId.success,
    userId: userId.success,
    eventId,
    events,
    droppedProperties: [...new Set(parts.flatMap((p) => p.dropped))]
  }
}
