import { Result } from "effect"
import { contentEventId } from "./contentId.ts"
import { type DatasetKind, PutEventsLimits as L, PutRecordsLimits } from "./limits.ts"
import type { MappingRules } from "./MappingRules.ts"
import { type DatasetRecord, type DatasetValue, mapDatasetRecords } from "./mapDatasetRecords.ts"
import { fitProperties, mapSegmentEvent } from "./mapSegmentEvent.ts"
import type { PutEventsEvent, PutEventsRequest } from "./PutEvents.ts"
import type { PutItemsRequest, PutUsersRequest } from "./PutRecords.ts"
import { type IngestRecord, parsePayload } from "./RecordPayload.ts"

/** A PutEvents call to make, with the records whose events it carries (in order). */
export interface PlannedRequest {
  /** The batching key: tracking id, session id and user id. Requests with one key are sent in order. */
  readonly key: string
  readonly request: PutEventsRequest
  /** The record of each event, in `eventList` order (a record with a product list has several events). */
  readonly recordIds: ReadonlyArray<string>
}

/**
 * A PutUsers or PutItems call to make. Records of one user (item) in an invocation are merged into one
 * entry, later values winning, so `recordIds` lists the records behind each entry.
 */
export interface PlannedRecords<R> {
  readonly request: R
  readonly recordIds: ReadonlyArray<ReadonlyArray<string>>
}

/** The Users and Items datasets' ARNs (PutUsers/PutItems address a dataset, not a tracker). */
export interface DatasetArns {
  readonly users?: string
  readonly items?: string
}

/** A record that will not be sent, and why. */
export interface RecordVerdict {
  readonly id: string
  readonly reason: string
}

/** Every record of an invocation placed: in a request, skipped, or invalid. */
export interface IngestionPlan {
  readonly requests: ReadonlyArray<PlannedRequest>
  readonly users: ReadonlyArray<PlannedRecords<PutUsersRequest>>
  readonly items: ReadonlyArray<PlannedRecords<PutItemsRequest>>
  readonly skipped: ReadonlyArray<RecordVerdict>
  readonly invalid: ReadonlyArray<RecordVerdict>
  /** Records sent without some optional properties (PutEvents' 1,024 characters, a dataset's limits), and which. */
  readonly droppedProperties: ReadonlyArray<{ readonly id: string; readonly names: ReadonlyArray<string> }>
}

interface Group {
  readonly sessionId: string
  readonly userId: string | undefined
  readonly events: Array<PutEventsEvent>
  readonly ids: Array<string>
}

interface Merged {
  readonly properties: Record<string, DatasetValue>
  readonly recordIds: Array<string>
}

/**
 * Merges the records of one user (item) in arrival order, fits each entry's properties to the
 * dataset's limit (longest dropped first) and cuts requests of at most 10.
 */
const batchDataset = <R>(
  kind: DatasetKind,
  merged: ReadonlyMap<string, Merged>,
  build: (entries: ReadonlyArray<{ readonly id: string; readonly properties?: string }>) => R,
  dropped: Array<{ readonly id: string; readonly names: ReadonlyArray<string> }>
): ReadonlyArray<PlannedRecords<R>> => {
  const limits = PutRecordsLimits[kind]
  const entries = [...merged].map(([id, m]) => {
    const fitted = fitProperties(m.properties, limits.propertiesChars.max)
    if (fitted.dropped.length > 0) dropped.push({ id: m.recordIds[m.recordIds.length - 1]!, names: fitted.dropped })
    return { entry: { id, ...(fitted.json === undefined ? {} : { properties: fitted.json }) }, recordIds: m.recordIds }
  })
  const out: Array<PlannedRecords<R>> = []
  for (let i = 0; i < entries.length; i += limits.recordsPerRequest.max) {
    const chunk = entries.slice(i, i + limits.recordsPerRequest.max)
    out.push({ request: build(chunk.map((c) => c.entry)), recordIds: chunk.map((c) => c.recordIds) })
  }
  return out
}

/**
 * Maps and batches an invocation's records: groups events by (trackingId, sessionId, userId) in
 * arrival order, at most 10 per request, and keeps only the first record of each eventId (a record's
 * events stay together in order, though a long product list may span requests). With users/items
 * rules, identify events and the products of the listed events become PutUsers/PutItems records,
 * merged per id and batched 10 per call.
 */
export const planIngestion = (input: {
  readonly trackingId: string
  readonly rules: MappingRules
  readonly records: ReadonlyArray<IngestRecord>
  readonly datasets?: DatasetArns
}): IngestionPlan => {
  const groups = new Map<string, Group>()
  const firstRecordOf = new Map<string, string>()
  const skipped: Array<RecordVerdict> = []
  const invalid: Array<RecordVerdict> = []
  const droppedProperties: Array<{ readonly id: string; readonly names: ReadonlyArray<string> }> = []
  const users = new Map<string, Merged>()
  const items = new Map<string, Merged>()
  const merge = (into: Map<string, Merged>, recordId: string, found: ReadonlyArray<DatasetRecord>) => {
    for (const r of found) {
      const before = into.get(r.id)
      if (before === undefined) into.set(r.id, { properties: { ...r.properties }, recordIds: [recordId] })
      else {
        Object.assign(before.properties, r.properties)
        if (!before.recordIds.includes(recordId)) before.recordIds.push(recordId)
      }
    }
  }
  const missingArn = (kind: DatasetKind, found: ReadonlyArray<DatasetRecord>) =>
    found.length > 0 && input.datasets?.[kind] === undefined
  for (const record of input.records) {
    const parsed = parsePayload(record.payload)
    if (Result.isFailure(parsed)) {
      invalid.push({ id: record.id, reason: parsed.failure })
      continue
    }
    const mapped = mapSegmentEvent(input.rules, parsed.success)
    const dataset = mapDatasetRecords(input.rules, parsed.success)
    if (mapped._tag === "Invalid") {
      invalid.push({ id: record.id, reason: mapped.reason })
      continue
    }
    if (dataset._tag === "Invalid") {
      invalid.push({ id: record.id, reason: dataset.reason })
      continue
    }
    const kindWithoutArn = (["users", "items"] as const).find((k) => missingArn(k, dataset[k]))
    if (kindWithoutArn !== undefined) {
      invalid.push({ id: record.id, reason: `no ${kindWithoutArn} dataset ARN is configured` })
      continue
    }
    const hasRecords = dataset.users.length > 0 || dataset.items.length > 0
    if (mapped._tag === "Skipped" && !hasRecords) {
      skipped.push({ id: record.id, reason: dataset.skipped ?? mapped.reason })
      continue
    }
    // The dedupe key: the events' id, or (for a users/items-only event) its messageId or content id.
    const raw = parsed.success as Record<string, unknown>
    const dedupe =
      mapped._tag === "Mapped"
        ? mapped.eventId
        : typeof raw.messageId === "string" && raw.messageId !== ""
          ? raw.messageId
          : contentEventId(raw)
    const first = firstRecordOf.get(dedupe)
    if (first !== undefined) {
      skipped.push({ id: record.id, reason: `duplicate of record ${first} (eventId ${dedupe})` })
      continue
    }
    firstRecordOf.set(dedupe, record.id)
    merge(users, record.id, dataset.users)
    merge(items, record.id, dataset.items)
    const datasetDropped = [...dataset.users, ...dataset.items].flatMap((r) => r.dropped)
    if (datasetDropped.length > 0) droppedProperties.push({ id: record.id, names: [...new Set(datasetDropped)] })
    if (mapped._tag === "Mapped") {
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
  const usersArn = input.datasets?.users ?? ""
  const itemsArn = input.datasets?.items ?? ""
  const userRequests = batchDataset(
    "users",
    users,
    (entries): PutUsersRequest => ({
      datasetArn: usersArn,
      users: entries.map(({ id, ...rest }) => ({ userId: id, ...rest }))
    }),
    droppedProperties
  )
  const itemRequests = batchDataset(
    "items",
    items,
    (entries): PutItemsRequest => ({
      datasetArn: itemsArn,
      items: entries.map(({ id, ...rest }) => ({ itemId: id, ...rest }))
    }),
    droppedProperties
  )
  return { requests, users: userRequests, items: itemRequests, skipped, invalid, droppedProperties }
}
