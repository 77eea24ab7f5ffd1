// Benchmark: a 1,000-record Kinesis batch, PutEvents at a simulated 20 ms per call (real time).
// Ours (map → batch by session, ≤ 10 per call → send sessions concurrently) against the seed's
// algorithm (one PutEvents per record, sequential), re-implemented below and run in the same process.

import {
  layerMemoryDeadLetter,
  layerMemoryPersonalizeEvents,
  makeMemoryDeadLetter,
  makeMemoryPersonalizeEvents
} from "@personalize-ops/adapters-memory/ingestion"
import { Ingestion } from "@personalize-ops/core"
import { ConfigProvider, Effect, Layer } from "effect"
import { Base64 } from "effect/encoding"
import { IngestionSettings } from "../src/ingestion/IngestionSettings.ts"
import { makeKinesisHandler } from "../src/ingestion/makeKinesisHandler.ts"

const RECORDS = 1000
const SESSIONS = 20
const LATENCY = "20 millis"
const CONCURRENCY = 10
const trackingId = "bench-tracking-id"
const names = ["Product Clicked", "Product Added", "Order Completed"]

// Records of 20 sessions interleaved as they would arrive on one shard (deterministic shuffle).
let seed = 7
const next = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}
const sessionOrder = Array.from({ length: RECORDS }, (_, i) => i % SESSIONS).sort(() => next() - 0.5)
const segmentEvents = sessionOrder.map((s, i) => ({
  type: "track",
  event: names[i % names.length],
  messageId: `msg-${i}`,
  anonymousId: `anon-${s}`,
  userId: `user-${s}`,
  timestamp: new Date(Date.UTC(2024, 2, 1, 12, 0, 0, i)).toISOString(),
  properties: { sku: `SKU-${i % 97}`, price: 9.99 }
}))
const records = segmentEvents.map((e, i) => ({
  sequenceNumber: String(49_590_338_271_490_256_608_559_692_538_361_571_095_921_575_989_136_588_898n + BigInt(i)),
  data: Base64.encode(JSON.stringify(e))
}))
const kinesisEvent = {
  Records: records.map((r) => ({
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: "pk",
      sequenceNumber: r.sequenceNumber,
      data: r.data,
      approximateArrivalTimestamp: 1
    },
    eventSource: "aws:kinesis",
    eventVersion: "1.0",
    eventID: `shardId-000000000000:${r.sequenceNumber}`,
    eventName: "aws:kinesis:record",
    invokeIdentityArn: "arn:aws:iam::123456789012:role/bench",
    awsRegion: "us-east-1",
    eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/bench"
  }))
}

/** The seed (segment-personalize-workshop exercise 3): decode, filter, one PutEvents per record, in order. */
const seedAlgorithm = (events: Ingestion.PersonalizeEvents["Service"]) =>
  Effect.forEach(
    records,
    (r) =>
      Effect.suspend(() => {
        const e = JSON.parse(Base64.decodeString(r.data).pipe((x) => (x._tag === "Success" ? x.success : "{}")))
        if (!names.includes(e.event) || !e.anonymousId || !e.userId || !e.properties?.sku) return Effect.void
        return events.putEvents({
          trackingId,
          userId: e.userId,
          sessionId: e.anonymousId,
          eventList: [
            {
              eventId: e.messageId,
              // The seed used strftime('%s'): whole seconds in the Lambda's local zone.
              sentAt: Math.floor(Date.parse(e.timestamp) / 1000),
              eventType: e.event,
              properties: JSON.stringify({ id: e.properties.sku })
            }
          ]
        })
      }),
    { discard: true }
  )

const time = async <A>(f: () => Promise<A>) => {
  const start = performance.now()
  const result = await f()
  return { result, ms: performance.now() - start }
}

// Baseline.
const seedEvents = makeMemoryPersonalizeEvents({ latency: LATENCY })
const baseline = await time(() => Effect.runPromise(seedAlgorithm(seedEvents.service)))

// Ours: the real Kinesis handler on the memory adapters with the same latency.
const ourEvents = makeMemoryPersonalizeEvents({ latency: LATENCY })
const settings = IngestionSettings.layer.pipe(
  Layer.provide(
    ConfigProvider.layer(
      ConfigProvider.fromUnknown({ PERSONALIZE_TRACKING_ID: trackingId, INGESTION_CONCURRENCY: String(CONCURRENCY) })
    )
  )
)
const handler = makeKinesisHandler(
  Layer.mergeAll(settings, layerMemoryPersonalizeEvents(ourEvents), layerMemoryDeadLetter(makeMemoryDeadLetter())),
  { emit: () => {} }
)
await handler({ Records: [] }) // build the runtime (the cold start) outside the measurement
const ours = await time(() => handler(kinesisEvent))
await handler.runtime.dispose()
if (ours.result.batchItemFailures.length !== 0) throw new Error("benchmark run had failures")

// Mapping cost: decode + map + batch, pure, no I/O.
const ingestRecords = records.map((r) => ({ id: r.sequenceNumber, payload: { _tag: "Base64" as const, data: r.data } }))
const plan = () => Ingestion.planIngestion({ trackingId, rules: Ingestion.defaultMappingRules, records: ingestRecords })
for (let i = 0; i < 20; i++) plan()
const rounds = 200
const mapping = await time(async () => {
  for (let i = 0; i < rounds; i++) plan()
})
const microsPerEvent = (mapping.ms * 1000) / (rounds * RECORDS)

const baseCalls = seedEvents.calls().length
const ourCalls = ourEvents.calls().length
const row = (name: string, calls: number, ms: number) =>
  `${name.padEnd(28)} ${String(calls).padStart(9)} ${ms.toFixed(0).padStart(12)}`
console.log(
  `${RECORDS} Kinesis records, ${SESSIONS} sessions, PutEvents latency ${LATENCY}, concurrency ${CONCURRENCY}`
)
console.log(`${"".padEnd(28)} ${"API calls".padStart(9)} ${"wall (ms)".padStart(12)}`)
console.log(row("seed (1 call/record, serial)", baseCalls, baseline.ms))
console.log(row("personalize-ops handler", ourCalls, ours.ms))
console.log(
  `ratios: ${(baseCalls / ourCalls).toFixed(1)}x fewer calls (target >= 10x), ${(baseline.ms / ours.ms).toFixed(1)}x less wall time (target >= 50x)`
)
console.log(`mapping cost (decode + map + batch): ${microsPerEvent.toFixed(2)} us/event`)
