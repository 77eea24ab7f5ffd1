import { Result, Schema } from "effect"
import { decodeWithIssues, type InputIssues } from "../input/InputIssues.ts"
import { type FieldPath, parseFieldPath } from "./fieldPath.ts"
import { isForbiddenPropertyKey, PutEventsLimits as L } from "./limits.ts"

const PathText = Schema.String.check(
  Schema.isPattern(/^[^.]+(\.[^.]+)*$/, { expected: "a dot-separated field path such as properties.sku" })
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

/**
 * The rules file as written: every key optional (defaults reproduce the seed). Unknown keys are
 * rejected so a typo (`itemID`) is an error instead of a silently ignored rule.
 */
export const MappingRulesFile = Schema.Struct({
  /** Segment event names to send (the allowlist); anything else is skipped. */
  events: Schema.optionalKey(Schema.Array(EventName).check(Schema.isMinLength(1))),
  /** Optional renames: Segment event name → Personalize eventType. Unlisted names are sent as-is. */
  eventTypes: Schema.optionalKey(Schema.Record(EventName, EventName)),
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
  /** Extra properties to carry: Personalize property name (camelCase) → path in the Segment event. */
  properties: Schema.optionalKey(Schema.Record(PropertyName, PathText))
})
export type MappingRulesFile = typeof MappingRulesFile.Type

/** Decoded, normalised mapping rules: every path pre-split, every default filled in. */
export interface MappingRules {
  readonly events: ReadonlySet<string>
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
  readonly properties: ReadonlyArray<readonly [name: string, path: FieldPath]>
}

/** The rules file that reproduces the seed (segment-personalize-workshop exercise 3/4). */
export const defaultMappingRulesFile = {
  events: ["Product Added", "Order Completed", "Product Clicked"],
  itemId: ["properties.sku", "properties.product_id"],
  itemIdRequired: true,
  sessionId: "anonymousId",
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
  return {
    events: new Set(file.events ?? d.events),
    eventTypes: file.eventTypes ?? {},
    itemId: paths(file.itemId, d.itemId),
    itemIdRequired: file.itemIdRequired ?? d.itemIdRequired,
    sessionId: paths(file.sessionId, d.sessionId),
    userId: paths(file.userId, d.userId),
    eventId: paths(file.eventId, d.eventId),
    sentAt: paths(file.sentAt, d.sentAt),
    eventValue: paths(file.eventValue),
    impression: paths(file.impression),
    recommendationId: paths(file.recommendationId),
    properties: Object.entries(file.properties ?? {}).map(([name, path]) => [name, parseFieldPath(path)] as const)
  }
}

/** The seed's behaviour as rules. */
export const defaultMappingRules: MappingRules = normalizeMappingRules(defaultMappingRulesFile)

const decodeFile = decodeWithIssues(MappingRulesFile, { onExcessProperty: "error" })

/** Decodes a parsed rules document, reporting every problem with its field path (`events[1]`, `properties.userId`). */
export const decodeMappingRules = (input: unknown): Result.Result<MappingRules, InputIssues> =>
  Result.map(decodeFile(input), normalizeMappingRules)
