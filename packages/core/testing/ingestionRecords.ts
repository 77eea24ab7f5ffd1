// Segment events and generated mixes of ingestion records (valid, unlisted, malformed, duplicated), shared
// by core's planning properties and the handlers' batchItemFailures properties.

import type { IngestRecord } from "@personalize-ops/core/ingestion"
import { Base64 } from "effect/encoding"
import fc from "fast-check"

/** A Segment track event as the seed expects it; override any field. */
// As JSON would carry it: an override of `undefined` removes the key.
export const trackEvent = (overrides: Record<string, unknown> = {}): Record<string, unknown> =>
  JSON.parse(
    JSON.stringify({
      type: "track",
      event: "Product Added",
      messageId: "msg-1",
      anonymousId: "anon-1",
      userId: "user-1",
      timestamp: "2024-03-01T12:34:56.789Z",
      properties: { sku: "SKU-1", product_id: "P-1", price: 19.99 },
      ...overrides
    })
  )

/** One generated record and what it must become. */
export type Kind = "valid" | "unlisted" | "badBase64" | "badJson" | "missingField" | "duplicate"

const record = (id: string, value: unknown): IngestRecord => ({
  id,
  payload: { _tag: "Base64", data: Base64.encode(JSON.stringify(value)) }
})

/** Builds records from kinds; duplicates repeat an earlier valid record's messageId (or become valid). */
export const buildRecords = (kinds: ReadonlyArray<{ kind: Kind; session: number; user: boolean }>) => {
  const records: Array<IngestRecord> = []
  const expected = new Map<string, Kind>()
  const validMessageIds: Array<string> = []
  /** The session and user each record's event belongs to. */
  const owner = new Map<string, { readonly sessionId: string; readonly userId: string | undefined }>()
  kinds.forEach(({ kind, session, user }, i) => {
    const id = `seq-${String(i).padStart(5, "0")}`
    const base = {
      messageId: `m-${i}`,
      anonymousId: `anon-${session}`,
      userId: user ? `user-${session}` : null,
      properties: { sku: `SKU-${i}` }
    }
    let effective: Kind = kind
    if (kind === "valid" || (kind === "duplicate" && validMessageIds.length === 0)) {
      effective = "valid"
      validMessageIds.push(base.messageId)
      records.push(record(id, trackEvent(base)))
    } else if (kind === "duplicate") {
      records.push(record(id, trackEvent({ ...base, messageId: validMessageIds[i % validMessageIds.length] })))
    } else if (kind === "unlisted") records.push(record(id, trackEvent({ ...base, event: "Page Viewed" })))
    else if (kind === "badBase64") records.push({ id, payload: { _tag: "Base64", data: "!!not base64" } })
    else if (kind === "badJson") records.push({ id, payload: { _tag: "Base64", data: Base64.encode("{oops") } })
    else records.push(record(id, trackEvent({ ...base, timestamp: undefined })))
    expected.set(id, effective)
    owner.set(id, { sessionId: base.anonymousId, userId: base.userId ?? undefined })
  })
  return { records, expected, owner }
}

export const arbitraryKinds = fc.array(
  fc.record({
    kind: fc.constantFrom<Kind>(
      "valid",
      "valid",
      "valid",
      "unlisted",
      "badBase64",
      "badJson",
      "missingField",
      "duplicate"
    ),
    session: fc.integer({ min: 0, max: 4 }),
    user: fc.boolean()
  }),
  { maxLength: 80 }
)
