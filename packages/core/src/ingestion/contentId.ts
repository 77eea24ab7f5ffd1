// An event id for a Segment event that has no messageId: the same content always gets the same id, so a
// redelivery is still a duplicate to Personalize (which deduplicates on eventId).

/** Fields Segment sets at delivery time: two deliveries of one event may differ in them. */
const deliveryFields = new Set(["sentAt", "receivedAt", "_metadata", "writeKey"])

/** JSON with object keys sorted, so key order never changes the id. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`
  if (typeof value === "object" && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`
  return JSON.stringify(value) ?? "null"
}

const fnvPrime = 0x100000001b3n
const fnvOffset = 0xcbf29ce484222325n
const mask = (1n << 64n) - 1n

/** 64-bit FNV-1a of the UTF-16 code units, as 16 hex digits (stable across runs and machines). */
export const stableHash = (text: string): string => {
  let h = fnvOffset
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * fnvPrime) & mask
  return h.toString(16).padStart(16, "0")
}

/** `content-<hash>` of a Segment event without its delivery-time fields. */
export const contentEventId = (event: Record<string, unknown>): string =>
  `content-${stableHash(canonical(Object.fromEntries(Object.entries(event).filter(([k]) => !deliveryFields.has(k)))))}`
