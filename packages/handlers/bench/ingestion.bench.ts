// Benchmark: a 1,000-record Kinesis batch, PutEvents at a simulated 20 ms per call (real time).
// Ours (map → batch by session, ≤ 10 per call → send sessions concurrently) against the seed's
// algorithm (one PutEvents per record, sequential), re-implemented below and run in the same process.
// Then the handler against the physical floor (fewest possible calls, a sleep-only run) over several
// invocations of many short sessions, at the default concurrency.

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
const kinesisEventOf = (batch: ReadonlyArray<{ readonly id: string; readonly data: string }>) => ({
  Records: batch.map((r) => ({
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: "pk",
      sequenceNumber: r.id,
      data: r.data,
      approximateArrivalTimestamp: 1
    },
    eventSource: "aws:kinesis",
    eventVersion: "1.0",
    eventID: `shardId-000000000000:${r.id}`,
    eventName: "aws:kinesis:record",
    invokeIdentityArn: "arn:aws:iam::123456789012:role/bench",
    awsRegion: "us-east-1",
    eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/bench"
  }))
})
const kinesisEvent = kinesisEventOf(records.map((r) => ({ id: r.sequenceNumber, data: r.data })))

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

// ---------------------------------------------------------------------------------------------------
// Against the physical floor: realistic traffic (many short sessions), several invocations, the
// handler at its DEFAULT concurrency (no INGESTION_CONCURRENCY).
//  - calls floor: for each session (the request key), ceil(its events / 10): no batcher can do fewer.
//  - wall floor: the same calls, each only sleeping the latency, sent with the same concurrency and the
//    same per-session order (Effect.forEach over the sessions' chains): what is left is pure I/O wait.
// Printed as ratios: calls / floor (target 1.0) and wall floor / wall (target >= 0.9).
const INVOCATIONS = 8
const BATCH = 500
const FLOOR_LATENCY = 20
// Session lengths: geometric with mean ~3 events (most web sessions are a handful of events), a few
// users logged in; sessions overlap on the shard in arrival order.
const sessionEvents = (): Array<Record<string, unknown>> => {
  const out: Array<Record<string, unknown>> = []
  let session = 0
  const open: Array<{ id: number; left: number; user: boolean }> = []
  while (out.length < INVOCATIONS * BATCH) {
    while (open.length < 40) {
      let left = 1
      while (next() < 2 / 3) left++
      open.push({ id: session++, left, user: next() < 0.3 })
    }
    const i = Math.floor(next() * open.length)
    const s = open[i]!
    const n = out.length
    out.push({
      type: "track",
      event: names[n % names.length],
      messageId: `floor-${n}`,
      anonymousId: `anon-s${s.id}`,
      ...(s.user ? { userId: `user-s${s.id}` } : {}),
      timestamp: new Date(Date.UTC(2024, 2, 1, 12, 0, 0) + n).toISOString(),
      properties: { sku: `SKU-${n % 331}` }
    })
    if (--s.left === 0) open.splice(i, 1)
  }
  return out
}
const traffic = sessionEvents()
const invocations = Array.from({ length: INVOCATIONS }, (_, k) =>
  traffic.slice(k * BATCH, (k + 1) * BATCH).map((e, i) => ({
    id: String(1_000_000 + k * BATCH + i),
    data: Base64.encode(JSON.stringify(e))
  }))
)
const floorEvents = makeMemoryPersonalizeEvents({ latency: `${FLOOR_LATENCY} millis` })
const defaultSettings = IngestionSettings.layer.pipe(
  Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({ PERSONALIZE_TRACKING_ID: trackingId })))
)
const floorHandler = makeKinesisHandler(
  Layer.mergeAll(
    defaultSettings,
    layerMemoryPersonalizeEvents(floorEvents),
    layerMemoryDeadLetter(makeMemoryDeadLetter())
  ),
  { emit: () => {} }
)
await floorHandler({ Records: [] })
const defaultConcurrency = await floorHandler.runtime.runPromise(
  Effect.map(Effect.service(IngestionSettings), (s) => s.concurrency)
)
let totalCalls = 0
let totalFloorCalls = 0
let totalWall = 0
let totalFloorWall = 0
let totalSessions = 0
const perInvocation: Array<string> = []
for (const batch of invocations) {
  const plan = Ingestion.planIngestion({
    trackingId,
    rules: Ingestion.defaultMappingRules,
    records: batch.map((r) => ({ id: r.id, payload: { _tag: "Base64" as const, data: r.data } }))
  })
  const perSession = new Map<string, number>()
  for (const r of plan.requests) perSession.set(r.key, (perSession.get(r.key) ?? 0) + r.request.eventList.length)
  const floorCalls = [...perSession.values()].reduce(
    (n, events) => n + Math.ceil(events / Ingestion.PutEventsLimits.eventsPerRequest.max),
    0
  )
  // The sleep-only floor: each session's calls in order, sessions at the handler's concurrency.
  const chains = [...perSession.values()].map((events) =>
    Math.ceil(events / Ingestion.PutEventsLimits.eventsPerRequest.max)
  )
  const floorRun = await time(() =>
    Effect.runPromise(
      Effect.forEach(
        chains,
        (calls) => Effect.forEach(Array.from({ length: calls }), () => Effect.sleep(FLOOR_LATENCY)),
        {
          concurrency: defaultConcurrency,
          discard: true
        }
      )
    )
  )
  const before = floorEvents.calls().length
  const run = await time(() => floorHandler(kinesisEventOf(batch)))
  if (run.result.batchItemFailures.length !== 0) throw new Error("benchmark run had failures")
  const calls = floorEvents.calls().length - before
  totalCalls += calls
  totalFloorCalls += floorCalls
  totalWall += run.ms
  totalFloorWall += floorRun.ms
  totalSessions += perSession.size
  perInvocation.push(
    `  ${String(batch.length).padStart(4)} records ${String(perSession.size).padStart(4)} sessions: ` +
      `calls ${calls}/${floorCalls} = ${(calls / floorCalls).toFixed(2)}, wall floor ${floorRun.ms.toFixed(0)} ms / ${run.ms.toFixed(0)} ms = ${(floorRun.ms / run.ms).toFixed(2)}`
  )
}
await floorHandler.runtime.dispose()
console.log(
  `\nphysical floor: ${INVOCATIONS} invocations of ${BATCH} records, ${totalSessions} short sessions (mean ${(
    (INVOCATIONS * BATCH) / totalSessions
  ).toFixed(1)} events), PutEvents ${FLOOR_LATENCY} ms, default concurrency ${defaultConcurrency}`
)
for (const line of perInvocation) console.log(line)
console.log(
  `ratios: calls / floor = ${(totalCalls / totalFloorCalls).toFixed(3)} (target 1.0); ` +
    `sleep-only floor / wall = ${(totalFloorWall / totalWall).toFixed(3)} (target >= 0.9)`
)
