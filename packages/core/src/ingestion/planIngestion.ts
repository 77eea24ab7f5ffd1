import { Result } from "effect"
import { PutEventsLimits as L } from "./limits.ts"
import type { MappingRules } from "./MappingRules.ts"
import { mapSegmentEvent } from "./mapSegmentEvent.ts"
import type { PutEventsEvent, PutEventsRequest } from "./PutEvents.ts"
import { type IngestRecord, parsePayload } from "./RecordPayload.ts"

/** A PutEvents call to make, with the records whose events it carries (in order). */
export interface PlannedRequest {
  /** The batching key: tracking id, session id and user id. Requests with one key are sent in order. */
  readonly key: string
  readonly request: PutEventsRequest
  /** The record of each event, in `eventList` order (a record with a product list has several events). */
  readonly recordIds: ReadonlyArray<string>
}

/** A record that will not be sent, and why. */
export interface RecordVerdict {
  readonly id: string
  readonly reason: string
}

/** Every record of an invocation placed: in a request, skipped, or invalid. */
export interface IngestionPlan {
  readonly requests: ReadonlyArray<PlannedRequest>
  readonly skipped: ReadonlyArray<RecordVerdict>
  readonly invalid: ReadonlyArray<RecordVerdict>
  /** Records sent without some optional properties (PutEvents' 1,024-character limit), and which. */
  readonly droppedProperties: ReadonlyArray<{ readonly id: string; readonly names: ReadonlyArray<string> }>
}

interface Group {
  readonly sessionId: string
  readonly userId: string | undefined
  readonly events: Array<PutEventsEvent>
  readonly ids: Array<string>
}

/**
 * Maps and batches an invocation's records: groups events by (trackingId, sessionId, userId) in
 * arrival order, at most 10 per request, and keeps only the first record of each eventId (a record's
 * events stay together in order, though a long product list may span requests).
 */
export const planIngestion = (input: {
  readonly trackingId: string
  readonly rules: MappingRules
  readonly records: ReadonlyArray<IngestRecord>
}): IngestionPlan => {
  const groups = new Map<string, Group>()
  const firstRecordOf = new Map<string, string>()
  const skipped: Array<RecordVerdict> = []
  const invalid: Array<RecordVerdict> = []
  const droppedProperties: Array<{ readonly id: string; readonly names: ReadonlyArray<string> }> = []
  for (const record of input.records) {
    const parsed = parsePayload(record.payload)
    if (Result.isFailure(parsed)) {
      invalid.push({ id: record.id, reason: parsed.failure })
      continue
    }
    const mapped = mapSegmentEvent(input.rules, parsed.success)
    if (mapped._tag === "Skipped") skipped.push({ id: record.id, reason: mapped.reason })
    else if (mapped._tag === "Invalid") invalid.push({ id: record.id, reason: mapped.reason })
    else {
      const first = firstRecordOf.get(mapped.eventId)
      if (first !== undefined) {
        skipped.push({ id: record.id, reason: `duplicate of record ${first} (eventId ${mapped.eventId})` })
        continue
      }
      firstRecordOf.set(mapped.eventId, record.id)
      const key = JSON.stringify([input.trackingId, mapped.sessionId, mapped.userId ?? null])
      let group = groups.get(key)
      if (group === undefined) {
        group = { sessionId: mapped.sessionId, userId: mapped.userId, events: [], ids: [] }
        groups.set(key, group)
      }
      for (const event of mapped.events) {
        group.events.push(event)
        group.ids.push(record.id)
      }
      if (mapped.droppedProperties.length > 0)
        droppedProperties.push({ id: record.id, names: mapped.droppedProperties })
    }
  }
  const requests: Array<PlannedRequest> = []
  for (const [key, group] of groups) {
    for (let i = 0; i < group.events.length; i += L.eventsPerRequest.max) {
      const eventList = group.events.slice(i, i + L.eventsPerRequest.max)
      requests.push({
        key,
        request: {
          trackingId: input.trackingId,
          sessionId: group.sessionId,
          ...(group.userId === undefined ? {} : { userId: group.userId }),
          eventList
        },
        recordIds: group.ids.slice(i, i + L.eventsPerRequest.max)
      })
    }
  }
  return { requests, skipped, invalid, droppedProperties }
}
