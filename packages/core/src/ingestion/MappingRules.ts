import { Result, Schema } from "effect"
import {
  decodeWithIssues,
  formatInputPath,
  type InputIssue,
  type InputIssues,
  RecordOfNames
} from "../input/InputIssues.ts"
import { arrayOf, eachElement, type FieldPath, parseFieldPath, showFieldPath } from "./fieldPath.ts"
import { isForbiddenPropertyKey, PutEventsLimits as L, PutRecordsLimits } from "./limits.ts"
import { type SegmentFields, segmentIdentifyFields, segmentTrackFields } from "./SegmentEvent.ts"

const PathText = Schema.String.check(
  Schema.isPattern(/^[^.[\]]+(\[\*\])?(\.[^.[\]]+(\[\*\])?)*$/, {
    expected: "a dot-separated field path such as properties.sku or properties.products[*].product_id"
  })
)
/** One path, or paths tried in order (the first present value wins). */
const Paths = Schema.Union([PathText, Schema.Array(PathText).check(Schema.isMinLength(1))])
const EventName = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(L.idLength.max))
const PropertyName = Schema.String.check(
  Schema.isPattern(/^[A-Za-z][A-Za-z0-9_]*$/, { expected: "a camelCase property name" }),
  Schema.makeFilter((k: string) => !isForbiddenPropertyKey(k), {
    expected: `a name other than ${L.forbiddenPropertyKeys.join(", ")} (reserved by PutEvents)`
  })
)

/** A Users/Items dataset field as PutUsers/PutItems name it: camelCase (`CATEGORY_L1` → `categoryL1`). */
const DatasetPropertyName = Schema.String.check(
  Schema.isPattern(/^[A-Za-z][A-Za-z0-9_]*$/, {
    expected: "a camelCase property name (the dataset field CATEGORY_L1 is categoryL1)"
  })
)
const DatasetProperties = RecordOfNames(DatasetPropertyName, Paths)

/**
 * The rules file as written: every key optional (defaults reproduce the seed). Unknown keys are
 * rejected so a typo (`itemID`) is an error instead of a silently ignored rule.
 */
export const MappingRulesFile = Schema.Struct({
  /** Segment event names to send (the allowlist); anything else is skipped. */
  events: Schema.optionalKey(Schema.Array(EventName).check(Schema.isMinLength(1))),
  /**
   * Events whose product list becomes impressions (one event listing the items shown, at most 25 per
   * event) instead of one interaction per product: `Product List Viewed`, search results.
   */
  impressionEvents: Schema.optionalKey(Schema.Array(EventName)),
  /** Optional renames: Segment event name → Personalize eventType. Unlisted names are sent as-is. */
  eventTypes: Schema.optionalKey(RecordOfNames(EventName, EventName)),
  itemId: Schema.optionalKey(Paths),
  /** When true (the default, as in the seed) an event without an item id is invalid. */
  itemIdRequired: Schema.optionalKey(Schema.Boolean),
  sessionId: Schema.optionalKey(Paths),
  userId: Schema.optionalKey(Paths),
  eventId: Schema.optionalKey(Paths),
  sentAt: Schema.optionalKey(Paths),
  eventValue: Schema.optionalKey(Paths),
  impression: Schema.optionalKey(Paths),
  recommendationId: Schema.optionalKey(Paths),
  /**
   * Extra properties to carry: Personalize property name (camelCase) → path(s) in the Segment event.
   * When one is too long for PutEvents' 1,024 characters, the longest are dropped (and counted).
   */
  properties: Schema.optionalKey(RecordOfNames(PropertyName, Paths)),
  /**
   * Users in real time: each `identify` event becomes a PutUsers record; `properties` maps the Users
   * dataset's fields (camelCase) to paths in the identify event (`traits.plan`). A list value is a
   * multi-valued categorical field, joined with `|`.
   */
  users: Schema.optionalKey(
    Schema.Struct({
      /** Where the user id is (default `userId`); an identify without one is skipped. */
      userId: Schema.optionalKey(Paths),
      properties: DatasetProperties
    })
  ),
  /**
   * Items in real time: each product of the listed track events becomes a PutItems record (its id read
   * by `itemId`); `properties` maps the Items dataset's fields to paths in the event, with `[*]` paths
   * read per product (`properties.products[*].price`).
   */
  items: Schema.optionalKey(
    Schema.Struct({
      events: Schema.Array(EventName).check(Schema.isMinLength(1)),
      properties: DatasetProperties
    })
  )
})
export type MappingRulesFile = typeof MappingRulesFile.Type

/** Decoded, normalised mapping rules: every path pre-split, every default filled in. */
export interface MappingRules {
  readonly events: ReadonlySet<string>
  readonly impressionEvents: ReadonlySet<string>
  /**
   * The array whose elements become one interaction each (`properties.products`): the array of the
   * `[*]` item id paths, when there is one.
   */
  readonly elements: FieldPath | undefined
  readonly eventTypes: Readonly<Record<string, string>>
  readonly itemId: ReadonlyArray<FieldPath>
  readonly itemIdRequired: boolean
  readonly sessionId: ReadonlyArray<FieldPath>
  readonly userId: ReadonlyArray<FieldPath>
  readonly eventId: ReadonlyArray<FieldPath>
  readonly sentAt: ReadonlyArray<FieldPath>
  readonly eventValue: ReadonlyArray<FieldPath>
  readonly impression: ReadonlyArray<FieldPath>
  readonly recommendationId: ReadonlyArray<FieldPath>
  readonly properties: ReadonlyArray<readonly [name: string, paths: ReadonlyArray<FieldPath>]>
  /** PutUsers from identify events, when configured. */
  readonly users: UsersRules | undefined
  /** PutItems from the products of these events, when configured. */
  readonly items: ItemsRules | undefined
}

/** Dataset properties: camelCase name → paths tried in order. */
export type DatasetPropertyRules = ReadonlyArray<readonly [name: string, paths: ReadonlyArray<FieldPath>]>

/** How an identify event becomes a Users record. */
export interface UsersRules {
  readonly userId: ReadonlyArray<FieldPath>
  readonly properties: DatasetPropertyRules
}

/** Which track events' products become Items records, and how. */
export interface ItemsRules {
  readonly events: ReadonlySet<string>
  readonly properties: DatasetPropertyRules
}

/** The rules file that reproduces the seed (segment-personalize-workshop exercise 3/4). */
export const defaultMappingRulesFile = {
  events: ["Product Added", "Order Completed", "Product Clicked"],
  itemId: ["properties.sku", "properties.product_id"],
  itemIdRequired: true,
  sessionId: ["anonymousId", "userId"],
  userId: "userId",
  eventId: "messageId",
  sentAt: "timestamp"
} as const satisfies MappingRulesFile

const paths = (p: string | ReadonlyArray<string> | undefined, fallback: string | ReadonlyArray<string> = []) => {
  const chosen = p ?? fallback
  return (typeof chosen === "string" ? [chosen] : chosen).map(parseFieldPath)
}

/** Fills the defaults into a decoded rules file. */
export const normalizeMappingRules = (file: MappingRulesFile): MappingRules => {
  const d = defaultMappingRulesFile
  const itemId = paths(file.itemId, d.itemId)
  const iterated = itemId.map(arrayOf).find((a) => a !== undefined)
  return {
    events: new Set(file.events ?? d.events),
    impressionEvents: new Set(file.impressionEvents ?? []),
    elements: iterated,
    eventTypes: file.eventTypes ?? {},
    itemId,
    itemIdRequired: file.itemIdRequired ?? d.itemIdRequired,
    sessionId: paths(file.sessionId, d.sessionId),
    userId: paths(file.userId, d.userId),
    eventId: paths(file.eventId, d.eventId),
    sentAt: paths(file.sentAt, d.sentAt),
    eventValue: paths(file.eventValue),
    impression: paths(file.impression),
    recommendationId: paths(file.recommendationId),
    properties: Object.entries(file.properties ?? {}).map(([name, p]) => [name, paths(p)] as const),
    users:
      file.users === undefined
        ? undefined
        : {
            userId: paths(file.users.userId, d.userId),
            properties: Object.entries(file.users.properties).map(([name, p]) => [name, paths(p)] as const)
          },
    items:
      file.items === undefined
        ? undefined
        : {
            events: new Set(file.items.events),
            properties: Object.entries(file.items.properties).map(([name, p]) => [name, paths(p)] as const)
          }
  }
}

/** The seed's behaviour as rules. */
export const defaultMappingRules: MappingRules = normalizeMappingRules(defaultMappingRulesFile)

const decodeFile = decodeWithIssues(MappingRulesFile, { onExcessProperty: "error" })

/** Fields that take one value per event: a `[*]` path (one value per element) cannot feed them. */
const perEventFields = ["sessionId", "userId", "eventId", "sentAt", "recommendationId"] as const
const pathFields = [...perEventFields, "itemId", "eventValue", "impression"] as const

/**
 * The problems that make a schema-valid rules file mean something other than it says: a path that can
 * never have a value in a Segment track event, a `[*]` where one value is needed, two `[*]` arrays,
 * an element path with no element to read, and event names that are never sent.
 */
export const rulesMeaningIssues = (file: MappingRulesFile): ReadonlyArray<InputIssue> => {
  const issues: Array<InputIssue> = []
  const listed = (p: string | ReadonlyArray<string> | undefined, where: string) =>
    p === undefined
      ? []
      : typeof p === "string"
        ? [{ where, text: p }]
        : p.map((text, i) => ({ where: `${where}[${i}]`, text }))
  const all = [
    ...pathFields.flatMap((f) => listed(file[f], f).map((x) => ({ ...x, field: f as string }))),
    ...Object.entries(file.properties ?? {}).flatMap(([name, p]) =>
      listed(p, formatInputPath(["properties", name])).map((x) => ({ ...x, field: "properties" }))
    )
  ]
  const arrays = new Set<string>()
  const itemArrays = listed(file.itemId, "itemId").flatMap((x) => {
    const a = arrayOf(parseFieldPath(x.text))
    return a === undefined ? [] : [showFieldPath(a)]
  })
  for (const [name, p] of Object.entries(file.items?.properties ?? {}))
    all.push(...listed(p, formatInputPath(["items", "properties", name])).map((x) => ({ ...x, field: "items" })))
  for (const { where, text, field } of all) {
    const path = parseFieldPath(text)
    const [root] = path
    const say = (message: string) => issues.push({ path: where, message: `${text}: ${message}` })
    const rootProblem = rootIssue(path, segmentTrackFields, "track")
    if (rootProblem !== undefined) {
      say(rootProblem)
      continue
    }
    const stars = path.filter((s) => s === eachElement).length
    if (stars === 0) continue
    const array = arrayOf(path)!
    if (stars > 1) say("only one [*] per path (one list of elements per event)")
    else if (array.length < 2) say(`'${root}' is an object, not a list`)
    else if ((perEventFields as ReadonlyArray<string>).includes(field))
      say(`${field} takes one value per event; [*] gives one per element`)
    else {
      const shown = showFieldPath(array)
      arrays.add(shown)
      if (field !== "itemId" && field !== "impression" && !itemArrays.includes(shown))
        say(`no itemId path iterates ${shown}, so there is no element to read this from`)
    }
  }
  issues.push(...datasetRulesIssues(file))
  if (arrays.size > 1)
    issues.push({
      path: "itemId",
      message: `[*] paths iterate ${[...arrays].join(" and ")}; one event expands over one list`
    })
  const sent = events(file)
  for (const [i, name] of (file.impressionEvents ?? []).entries()) {
    if (!sent.has(name))
      issues.push({ path: `impressionEvents[${i}]`, message: `'${name}' is not in events, so it is never sent` })
  }
  if ((file.impressionEvents ?? []).length > 0 && itemArrays.length === 0)
    issues.push({ path: "impressionEvents", message: "needs an itemId path with [*] (the ids of the items shown)" })
  for (const name of Object.keys(file.eventTypes ?? {})) {
    if (!sent.has(name))
      issues.push({
        path: formatInputPath(["eventTypes", name]),
        message: `'${name}' is not in events, so it is never sent`
      })
  }
  return issues
}

const events = (file: MappingRulesFile) => new Set(file.events ?? defaultMappingRulesFile.events)

/** Why a path can never have a value in a Segment event of this kind (`fields`), or undefined. */
const rootIssue = (path: FieldPath, fields: SegmentFields, kind: string): string | undefined => {
  const [root = ""] = path
  const scalar = fields.scalars.includes(root)
  if (!scalar && !fields.objects.includes(root))
    return `a Segment ${kind} event has no field '${root}' (it has ${[...fields.scalars, ...fields.objects].join(", ")})`
  if (scalar && path.length > 1)
    return `'${root}' is a ${root === "userId" || root === "anonymousId" ? "string or number" : "string"}, so nothing below it ever has a value`
  return undefined
}

/**
 * The users and items rules' meaning: identify paths start at an identify field and have no `[*]`
 * (one user per event), the id field is not also a property, and a property is named once.
 */
const datasetRulesIssues = (file: MappingRulesFile): ReadonlyArray<InputIssue> => {
  const issues: Array<InputIssue> = []
  const users = file.users
  if (users !== undefined) {
    const userPaths: Array<{ where: string; text: string }> = []
    const add = (p: string | ReadonlyArray<string>, where: string) => {
      if (typeof p === "string") userPaths.push({ where, text: p })
      else for (const [i, text] of p.entries()) userPaths.push({ where: `${where}[${i}]`, text })
    }
    if (users.userId !== undefined) add(users.userId, "users.userId")
    for (const [name, p] of Object.entries(users.properties)) add(p, formatInputPath(["users", "properties", name]))
    for (const { where, text } of userPaths) {
      const path = parseFieldPath(text)
      const problem =
        rootIssue(path, segmentIdentifyFields, "identify") ??
        (path.includes(eachElement) ? "an identify event is one user: [*] has no element to read" : undefined)
      if (problem !== undefined) issues.push({ path: where, message: `${text}: ${problem}` })
    }
  }
  for (const kind of ["users", "items"] as const) {
    const rules = file[kind]
    if (rules === undefined) continue
    const names = Object.keys(rules.properties)
    if (names.length === 0)
      issues.push({
        path: `${kind}.properties`,
        message: `a ${kind === "users" ? "Users" : "Items"} dataset needs at least one field besides its id`
      })
    const idField = PutRecordsLimits[kind].idField
    const seen = new Map<string, string>()
    for (const name of names) {
      const where = formatInputPath([kind, "properties", name])
      if (name.toLowerCase() === idField.toLowerCase())
        issues.push({ path: where, message: `${idField} is the record's id, not one of its properties` })
      // Personalize matches properties to schema fields case-insensitively (numberOfRatings = NUMBER_OF_RATINGS).
      const key = name.toLowerCase().replaceAll("_", "")
      const before = seen.get(key)
      if (before !== undefined)
        issues.push({ path: where, message: `'${name}' and '${before}' name the same dataset field` })
      else seen.set(key, name)
    }
  }
  return issues
}

/** Decodes a parsed rules document, reporting every problem with its field path (`events[1]`, `properties.userId`). */
export const decodeMappingRules = (input: unknown): Result.Result<MappingRules, InputIssues> => {
  const file = decodeFile(input)
  if (Result.isFailure(file)) return Result.fail(file.failure)
  const issues = rulesMeaningIssues(file.success)
  return issues.length === 0 ? Result.succeed(normalizeMappingRules(file.success)) : Result.fail({ issues })
}
