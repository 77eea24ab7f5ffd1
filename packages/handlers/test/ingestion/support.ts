import {
  layerMemoryDeadLetter,
  layerMemoryPersonalizeEvents,
  type MemoryDeadLetter,
  type MemoryPersonalizeEvents
} from "@personalize-ops/adapters-memory/ingestion"
import type { KinesisStreamEvent } from "aws-lambda"
import { ConfigProvider, Layer, Logger } from "effect"
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

// Segment events and generated record mixes: the same kit as core's planning properties.
export { arbitraryKinds, buildRecords, trackEvent } from "@personalize-ops/core/testing"
