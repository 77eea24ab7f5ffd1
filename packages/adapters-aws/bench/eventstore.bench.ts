// The DynamoDB event store's append rate against a raw TransactWriteItems loop doing the same writes (a
// head Update with the version condition + the event item Put), on DynamoDB Local started here, in one
// run: 1 writer, 8 writers on 8 streams, and 8 writers on ONE stream against the single writer.
// Targets (issue 13): ≥ 0.5×, ≥ 0.5×, ≥ 0.2×. Ratios only; nothing here asserts a timing.
import { randomUUID } from "node:crypto"
import { type DynamoDBClient, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb"
import type { Kernel } from "@personalize-ops/core"
import { Effect } from "effect"
import { eventStoreTableDefinition, makeDynamoEventStore } from "../src/kernel/index.ts"
import { createActiveTable, dynamoLocalClient, startDynamoLocal } from "../src/testing/dynamoLocal.ts"

const perWriter = Number(process.env["EVENTSTORE_BENCH_APPENDS"] ?? "100")
const writers = 8

const event = (i: number): Kernel.NewEvent => ({
  type: "Bench",
  schemaVersion: 1,
  data: { i, payload: "x".repeat(200) },
  metadata: { correlationId: `c-${i}`, actor: "bench", at: 1_764_000_000_000 + i }
})

/** What one raw append writes: the stream head moved forward on its version, and the event item. */
const rawAppend = (client: DynamoDBClient, TableName: string, stream: string, expected: number, i: number) =>
  client.send(
    new TransactWriteItemsCommand({
      ClientRequestToken: randomUUID(),
      TransactItems: [
        {
          Update: {
            TableName,
            Key: { pk: { S: stream }, sk: { N: "0" } },
            UpdateExpression: "SET v = :next",
            ConditionExpression: expected === 0 ? "attribute_not_exists(v)" : "v = :expected",
            ExpressionAttributeValues: {
              ":next": { N: String(expected + 1) },
              ...(expected === 0 ? {} : { ":expected": { N: String(expected) } })
            }
          }
        },
        {
          Put: {
            TableName,
            Item: {
              pk: { S: stream },
              sk: { N: String(expected + 1) },
              n: { N: "1" },
              ev: { S: JSON.stringify([event(i)]) },
              at: { N: String(Date.now() * 1000 + i) }
            },
            ConditionExpression: "attribute_not_exists(pk)"
          }
        }
      ]
    })
  )

/** Appends per second of `loops` concurrent loops of `each` appends. */
const rate = async (loops: number, each: number, loop: (w: number, i: number) => Promise<unknown>) => {
  const start = performance.now()
  await Promise.all(
    Array.from({ length: loops }, async (_, w) => {
      for (let i = 0; i < each; i++) await loop(w, i)
    })
  )
  return (loops * each) / ((performance.now() - start) / 1000)
}

const local = await startDynamoLocal()
const client = dynamoLocalClient(local.endpoint)
// Count the transactions the store sends (tries per event on a contended stream).
let transactions = 0
const send = client.send.bind(client)
client.send = ((command: unknown, ...rest: Array<unknown>) => {
  if (command instanceof TransactWriteItemsCommand) transactions++
  return (send as (...a: Array<unknown>) => Promise<unknown>)(command, ...rest)
}) as typeof client.send

let tables = 0
const freshTable = async () => {
  const name = `bench-events-${++tables}`
  await createActiveTable(client, eventStoreTableDefinition(name))
  return name
}

/** The store on a fresh table; each writer appends at the version its last append returned. */
const storeRate = async (loops: number, each: number, streamOf: (w: number) => string) => {
  const store = makeDynamoEventStore(client, { tableName: await freshTable() })
  const versions = new Map<string, number>()
  return rate(loops, each, async (w, i) => {
    const stream = streamOf(w) as Kernel.StreamId
    const out = await Effect.runPromise(store.append(stream, [event(i)], versions.get(stream) ?? 0))
    versions.set(stream, out.nextVersion)
  })
}

const rawRate = async (loops: number, each: number) => {
  const table = await freshTable()
  return rate(loops, each, (w, i) => rawAppend(client, table, `raw-${w}`, i, i))
}

/** 8 writers on one stream, each appending at "any" version (a conflict retries at the new end). */
const contendedRate = async (each: number) => {
  const store = makeDynamoEventStore(client, { tableName: await freshTable() })
  const before = transactions
  const r = await rate(writers, each, (_, i) =>
    Effect.runPromise(store.append("one-stream" as Kernel.StreamId, [event(i)], "any"))
  )
  return { rate: r, tries: (transactions - before) / (writers * each) }
}

// warm the JVM and the connection pool first
await rawRate(writers, 20)
await storeRate(writers, 20, (w) => `warm-${w}`)

const raw1 = await rawRate(1, perWriter)
const store1 = await storeRate(1, perWriter, () => "s")
const raw8 = await rawRate(writers, perWriter)
const store8 = await storeRate(writers, perWriter, (w) => `s-${w}`)
const one = await contendedRate(Math.ceil(perWriter / 2))

const line = (what: string, ours: number, base: number, target: number, baseName: string) =>
  console.log(
    `${what.padEnd(34)} ${ours.toFixed(0).padStart(5)} appends/s vs ${baseName} ${base.toFixed(0).padStart(5)}/s → ` +
      `${(ours / base).toFixed(2)}× (target ≥ ${target}×)`
  )
console.log(`event store appends on DynamoDB Local (${perWriter} appends a writer, one event each)`)
line("1 writer", store1, raw1, 0.5, "raw TransactWriteItems")
line(`${writers} writers, ${writers} streams`, store8, raw8, 0.5, `${writers} raw loops`)
line(`${writers} writers, one stream ("any")`, one.rate, store1, 0.2, "1 store writer")
console.log(`  one stream: ${one.tries.toFixed(2)} transactions per appended event`)

client.destroy()
await local.stop()
