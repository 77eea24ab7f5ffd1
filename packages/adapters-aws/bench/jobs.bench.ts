// Items DynamoDB reads to render the jobs dashboard's first page and its stats: our layout (Query on a
// GSI + day counters) against the seed's full-table Scan, on DynamoDB Local, at two table sizes in one run.
import { BatchWriteItemCommand, CreateTableCommand, QueryCommand, ScanCommand } from "@aws-sdk/client-dynamodb"
import { Jobs } from "@personalize-ops/core"
import { Effect } from "effect"
import { allTime, counterItem, jobItem, jobsTableDefinition, makeDynamoJobReadModel } from "../src/jobs/index.ts"
import { dynamoLocalClient, startDynamoLocal } from "../src/testing/dynamoLocal.ts"

const sizes = (process.env["JOBS_BENCH_SIZES"] ?? "10000,100000").split(",").map(Number)
const taskTypes = ["Ingest", "Assembly (Zip Package)", "Storage", "Text Recognition"]
const regions = ["eu-west-1", "us-east-1"]
const statuses = ["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "FAILED", "RUNNING", "RUNNABLE"] as const
const now = Date.UTC(2026, 10, 23, 12)
// Long enough that no seeded job has expired whenever the bench runs (the model reads on the real clock).
const retentionDays = 36_500
const spanDays = 30

const prng = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A realistic finished or running job view (about 1.3 KB as stored). */
const view = (i: number, rand: () => number): Jobs.JobView => {
  const status = statuses[Math.floor(rand() * statuses.length)]!
  const createdAt = Math.floor(now - rand() * spanDays * 86_400_000)
  const runnable = Math.floor(5_000 + rand() * 600_000)
  const starting = Math.floor(5_000 + rand() * 60_000)
  const running = Math.floor(30_000 + rand() * 3_600_000)
  const jobId = `${i.toString(16).padStart(8, "0")}-bench`
  const history: Array<Jobs.JobView["history"][number]> = [
    { status: "RUNNABLE", attempt: 1, at: createdAt, eventId: `${jobId}-1`, late: false },
    { status: "STARTING", attempt: 1, at: createdAt + runnable, eventId: `${jobId}-2`, late: false },
    { status: "RUNNING", attempt: 1, at: createdAt + runnable + starting, eventId: `${jobId}-3`, late: false }
  ]
  if (status === "SUCCEEDED" || status === "FAILED") {
    history.push({
      status,
      attempt: 1,
      at: createdAt + runnable + starting + running,
      eventId: `${jobId}-4`,
      late: false
    })
  }
  const shown = status === "RUNNABLE" ? history.slice(0, 1) : history
  const last = shown[shown.length - 1]!
  const taskType = taskTypes[i % taskTypes.length]!
  return {
    jobId,
    jobName: `${taskType.toLowerCase().replace(/\W+/g, "-")}-${i}`,
    status,
    taskType,
    ids: { media_id: i.toString(16).padStart(24, "0") },
    queue: `queue-${i % taskTypes.length}`,
    definition: "worker",
    region: regions[i % regions.length]!,
    attempts: 1,
    createdAt,
    since: last.at,
    durations: Jobs.phaseDurations(shown, createdAt),
    version: shown.length,
    jobQueue: `arn:aws:batch:eu-west-1:123456789012:job-queue/queue-${i % taskTypes.length}`,
    jobDefinition: "arn:aws:batch:eu-west-1:123456789012:job-definition/worker:3",
    account: "123456789012",
    parameters: {},
    command: ["python", "main.py", "--media_id", i.toString(16).padStart(24, "0")],
    tags: {},
    history: shown,
    actions: [],
    raw: JSON.stringify({ id: `${jobId}-${shown.length}`, "detail-type": "Batch Job State Change", detail: { jobId } })
  }
}

const local = await startDynamoLocal()
const dynamo = { client: dynamoLocalClient(local.endpoint) }
// Count what every read returns and scans, whoever sends it.
let scanned = 0
let returned = 0
const send = dynamo.client.send.bind(dynamo.client) as (
  c: unknown,
  ...r: Array<unknown>
) => Promise<Record<string, unknown>>
dynamo.client.send = (async (command: unknown, ...rest: Array<unknown>) => {
  const out = await send(command, ...rest)
  if (command instanceof QueryCommand || command instanceof ScanCommand) {
    scanned += Number(out["ScannedCount"] ?? 0)
    returned += Number(out["Count"] ?? 0)
  }
  return out
}) as typeof dynamo.client.send
const measure = async <A>(f: () => Promise<A>) => {
  scanned = 0
  returned = 0
  const start = performance.now()
  const value = await f()
  return { value, scanned, returned, ms: performance.now() - start }
}

const load = async (tableName: string, n: number) => {
  await dynamo.client.send(new CreateTableCommand(jobsTableDefinition(tableName)))
  const rand = prng(n)
  let counters: Array<Jobs.CounterRow> = []
  const items: Array<Record<string, unknown>> = []
  for (let i = 0; i < n; i++) {
    const v = view(i, rand)
    const deltas = Jobs.statsDelta(undefined, Jobs.toSummary(v))
    counters = Jobs.applyDeltas(counters, [...deltas, ...deltas.map((d) => ({ ...d, day: allTime }))])
    items.push(jobItem(v, retentionDays * 86_400_000))
  }
  for (const row of counters) items.push(counterItem(row))
  const batches: Array<Array<Record<string, unknown>>> = []
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25))
  let next = 0
  const worker = async () => {
    while (next < batches.length) {
      let requests = batches[next++]!.map((Item) => ({ PutRequest: { Item } }))
      while (requests.length > 0) {
        const out = await dynamo.client.send(
          new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } } as never)
        )
        requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
  return counters.length
}

const seedScan = async (tableName: string) => {
  // The seed: Scan every page of the table, then filter, sort and count in memory.
  const all: Array<Record<string, unknown>> = []
  let startKey: Record<string, unknown> | undefined
  do {
    const page = await dynamo.client.send(
      new ScanCommand({
        TableName: tableName,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey })
      } as never)
    )
    all.push(...((page.Items ?? []) as Array<Record<string, unknown>>))
    startKey = page.LastEvaluatedKey as Record<string, unknown> | undefined
  } while (startKey !== undefined)
  return all.length
}

console.log(
  `jobs dashboard reads: our Query/GetItem layout vs the seed's full-table Scan (DynamoDB Local, ${spanDays} days of jobs)`
)
const rows: Array<string> = []
for (const n of sizes) {
  const tableName = `bench-${n}`
  const t0 = performance.now()
  const counterRows = await load(tableName, n)
  const loadS = ((performance.now() - t0) / 1000).toFixed(1)
  const rm = makeDynamoJobReadModel({ client: dynamo.client, tableName, retentionDays })
  const ours = await measure(() =>
    Effect.runPromise(Effect.all([rm.list({ limit: 20 }), rm.stats({})], { concurrency: 2 }))
  )
  const filtered = await measure(() =>
    Effect.runPromise(rm.list({ statuses: ["FAILED"], regions: ["eu-west-1"], since: now - 7 * 86_400_000, limit: 20 }))
  )
  const seed = await measure(() => seedScan(tableName))
  const week = await measure(() => Effect.runPromise(rm.stats({ from: now - 7 * 86_400_000, to: now })))
  const [page, stats] = ours.value
  if (page.jobs.length !== 20 || stats.total !== n)
    throw new Error(`wrong answer: ${page.jobs.length} jobs, total ${stats.total}`)
  const ratio = seed.scanned / ours.scanned
  rows.push(
    `${String(n).padStart(7)} jobs (loaded in ${loadS}s, ${counterRows} counter items): ` +
      `first page + stats read ${ours.scanned} items in ${ours.ms.toFixed(0)} ms; ` +
      `filtered page (FAILED, eu-west-1, last 7 days) ${filtered.scanned} items; last week's stats ${week.scanned} items; ` +
      `seed Scan read ${seed.scanned} items in ${seed.ms.toFixed(0)} ms → ${ratio.toFixed(0)}× fewer items`
  )
  console.log(rows[rows.length - 1])
}
console.log(
  "our reads depend on the page size and the days × task types shown, not on the table size; the Scan grows with it"
)
dynamo.client.destroy()
await local.stop()
