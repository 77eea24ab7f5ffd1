/**
 * PutEvents limits (aws-facts §3.1, from the service model). Encoded once: the schemas, the mapper and
 * the batcher all read this table, so a limit change is a one-line edit.
 */
export const PutEventsLimits = {
  /** Events per PutEvents call. */
  eventsPerRequest: { min: 1, max: 10 },
  /** trackingId, sessionId, userId, eventId, itemId, eventType. */
  idLength: { min: 1, max: 256 },
  /** `properties` is a JSON string. */
  propertiesChars: { min: 1, max: 1024 },
  recommendationIdLength: { min: 1, max: 40 },
  /** Explicit impression list: item ids. */
  impressionItems: { min: 1, max: 25 },
  /** Keys `properties` may not hold, compared case-insensitively. */
  forbiddenPropertyKeys: ["userId", "sessionId", "eventType", "timestamp", "recommendationId"]
} as const

const forbidden = new Set(PutEventsLimits.forbiddenPropertyKeys.map((k) => k.toLowerCase()))

/** True when PutEvents rejects `key` inside an event's `properties` (case-insensitive). */
export const isForbiddenPropertyKey = (key: string): boolean => forbidden.has(key.toLowerCase())

/**
 * PutUsers / PutItems limits (aws-facts §3.1, BC-PE), one row per dataset kind. Multi-valued
 * (categorical) values are joined with `|` and must stay within `categoricalChars` (aws-facts §2.1).
 */
export const PutRecordsLimits = {
  users: {
    operation: "PutUsers",
    /** The id's name in a record and in a rules file. */
    idField: "userId",
    recordsPerRequest: { min: 1, max: 10 },
    idLength: { min: 1, max: 256 },
    propertiesChars: { min: 1, max: 24_000 }
  },
  items: {
    operation: "PutItems",
    idField: "itemId",
    recordsPerRequest: { min: 1, max: 10 },
    idLength: { min: 1, max: 256 },
    propertiesChars: { min: 1, max: 32_000 }
  },
  /** A categorical value with its `|` separators. */
  categoricalChars: { max: 1_000 },
  categoricalSeparator: "|"
} as const

/** The two dataset kinds written in real time besides interactions. */
export type DatasetKind = "users" | "items"
