import {
  layerMemoryDeadLetter,
  layerMemoryPersonalizeEvents,
  type MemoryDeadLetter,
  type MemoryPersonalizeEvents
} from "@personalize-ops/adapters-memory/ingestion"
import type { Ingestion } from "@personalize-ops/core"
import type { KinesisStreamEvent } from "aws-lambda"
import { ConfigProvider, Layer, Logger } from "effect"
import { Base64 } from "effect/encoding"
import fc from "fast-check"
import { IngestionSettings } from "../../src/ingestion/index.ts"

/** Settings from a fake environment. */
export const layerSettings = (env: Record<string, string>) =>
  IngestionSettings.layer.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(env))))

/** The handler's services on memory adapters and a fake environment. */
export const layerMemoryIngestion = (
  events: MemoryPersonalizeEvents,
  deadLetter: MemoryDeadLetter,
  env: Record<string, string> = { PERSONALIZE_TRACKING_ID: "tracking-1" }
) =>
  Layer.mergeAll(layerSettings(env), layerMemoryPersonalizeEvents(events), layerMemoryDeadLetter(deadLetter)).pipe(
    // The dead-letter warnings are expected in these tests; keep the output readable.
    Layer.provideMerge(Logger.layer([]))
  )

/** A Kinesis invocation carrying `records` (already base64) with sequence numbers as ids. */
export const kinesisEvent = (
  records: ReadonlyArray<{ readonly id: string; readonly data: string }>
): KinesisStreamEvent => ({
  Records: records.map((r) => ({
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: "pk",
      sequenceNumber: r.id,
      data: r.data,
      approximateArrivalTimestamp: 1_700_000_000.5
    },
    eventSource: "aws:kinesis",
    eventVersion: "1.0",
    eventID: `shardId-000000000000:${r.id}`,
    eventName: "aws:kinesis:record",
    invokeIdentityArn: "arn:aws:iam::123456789012:role/ingest",
    awsRegion: "us-east-1",
    eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/segment"
  }))
})

// Segment events and a generator of record mixes (the same shapes as core's planning properties).
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

const record = (id: string, value: unknown): Ingestion.IngestRecord => ({
  id,
  payload: { _tag: "Base64", data: Base64.encode(JSON.stringify(value)) }
})

/** Builds records from kinds; duplicates repeat an earlier valid record's messageId (or become valid). */
export const buildRecords = (kinds: ReadonlyArray<{ kind: Kind; session: number; user: boolean }>) => {
  const records: Array<Ingestion.IngestRecord> = []
  const expected = new Map<string, Kind>()
  const validMessageIds: Array<string> = []
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
    else records.push(record(id, trackEvent({ ...base, anonymousId: undefined })))
    expected.set(id, effective)
  })
  return { records, expected }
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
