import { randomUUID } from "node:crypto"
import {
  type AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput
} from "@aws-sdk/client-dynamodb"
import { Jobs } from "@personalize-ops/core"
import { Effect, Layer, Result, Schema } from "effect"
import { AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import { type JobIndex, jobIndexes, listSortKey, ttlAttribute } from "./jobsTable.ts"

/** Options of the DynamoDB job read model. */
export interface DynamoJobReadModelOptions {
  /** Default: a client for the Lambda's own region and credentials. */
  readonly client?: DynamoDBClient
  readonly tableName: string
  /** Days a finished job is kept before DynamoDB's TTL removes it (default 90). Counters are kept. */
  readonly retentionDays?: number
}

const S = (s: string): AttributeValue => ({ S: s })
const N = (n: number): AttributeValue => ({ N: String(n) })
const str = (v: AttributeValue | undefined) => (v !== undefined && "S" in v ? v.S : undefined)

const pad = (ms: number) => String(Math.max(0, Math.floor(ms))).padStart(15, "0")
const jobKey = (jobId: string) => ({ pk: S(`JOB#${jobId}`), sk: S("VIEW") })

/** The most items one Query of a list reads. */
const maxReadAhead = 100

const decodeView = Schema.decodeUnknownResult(Schema.fromJsonString(Jobs.JobView))
const decodeSummary = Schema.decodeUnknownResult(Schema.fromJsonString(Jobs.JobSummary))

type TransactWriteItem = NonNullable<TransactWriteItemsCommandInput["TransactItems"]>[number]

/** The cancellation reason codes of a failed transaction, in action order. */
const cancellationCodes = (e: AwsCallError): ReadonlyArray<string | undefined> =>
  e.name === "TransactionCanceledException"
    ? ((e.cause as { CancellationReasons?: ReadonlyArray<{ Code?: string }> }).CancellationReasons ?? []).map(
        (r) => r.Code
      )
    : []

/** A transaction that only met another one on the same items: resent with the same token. */
const isTransactionConflict = (e: AwsCallError) =>
  e.name === "TransactionConflictException" ||
  (cancellationCodes(e).includes("TransactionConflict") && !cancellationCodes(e).includes("ConditionalCheckFailed"))

/** The job item of a view: keys, the GSI keys of every list filter, summary and full view, TTL when finished. */
export const jobItem = (view: Jobs.JobView, retentionMs: number): Record<string, AttributeValue> => ({
  ...jobKey(view.jobId),
  jobId: S(view.jobId),
  version: N(view.version),
  doc: S(JSON.stringify(view)),
  summary: S(JSON.stringify(Jobs.toSummary(view))),
  status: S(view.status),
  taskType: S(view.taskType),
  queue: S(view.queue),
  region: S(view.region),
  [listSortKey]: S(`${pad(view.createdAt)}#${view.jobId}`),
  [jobIndexes.all.partitionKey]: S("ALL"),
  [jobIndexes.status.partitionKey]: S(`STATUS#${view.status}`),
  [jobIndexes.taskType.partitionKey]: S(`TYPE#${view.taskType}`),
  [jobIndexes.queue.partitionKey]: S(`QUEUE#${view.queue}`),
  [jobIndexes.region.partitionKey]: S(`REGION#${view.region}`),
  ...(Jobs.memberOf(view) === undefined
    ? {}
    : { [jobIndexes.parent.partitionKey]: S(`PARENT#${Jobs.memberOf(view)}`) }),
  ...(Jobs.isTerminal(view.status) ? { [ttlAttribute]: N(Math.floor((view.since + retentionMs) / 1000)) } : {})
})

/** Day of the all-time counter rows: every change is added to its day's row and to this one. */
export const allTime = "*"
const counterSortKey = (day: string, taskType: string) => (day === allTime ? `T#${taskType}` : `D#${day}#${taskType}`)

/** The counter item of one (day, task type) row, as the projection's ADDs leave it. */
export const counterItem = (row: Jobs.CounterRow): Record<string, AttributeValue> => ({
  pk: S("STATS"),
  sk: S(counterSortKey(row.day, row.taskType)),
  day: S(row.day),
  taskType: S(row.taskType),
  ...Object.fromEntries(Object.entries(row.counters).map(([k, n]) => [k, N(n)]))
})

/**
 * The index a query reads and the partitions it reads in it: the members of one job, else the filter
 * with the fewest values (status first on a tie), one partition per value; no filter reads `byCreated`.
 * The other filters are applied to the decoded summaries (a FilterExpression would read as much).
 */
const chooseIndex = (q: Jobs.JobQuery): { readonly index: JobIndex; readonly partitions: ReadonlyArray<string> } => {
  if (q.memberOf !== undefined) return { index: "parent", partitions: [`PARENT#${q.memberOf}`] }
  const candidates = [
    { index: "status" as const, prefix: "STATUS#", values: q.statuses },
    { index: "taskType" as const, prefix: "TYPE#", values: q.taskTypes },
    { index: "queue" as const, prefix: "QUEUE#", values: q.queues },
    { index: "region" as const, prefix: "REGION#", values: q.regions }
  ].filter((c) => c.values !== undefined && c.values.length > 0)
  const best = candidates.reduce<(typeof candidates)[number] | undefined>(
    (a, c) => (a === undefined || c.values!.length < a.values!.length ? c : a),
    undefined
  )
  return best === undefined
    ? { index: "all", partitions: ["ALL"] }
    : { index: best.index, partitions: [...new Set(best.values!)].map((v) => `${best.prefix}${v}`) }
}

/** A cursor is the list sort key of the last job returned: the next page starts below it, in any partition. */
const CursorSchema = Schema.fromJsonString(Schema.Struct({ l: Schema.String.check(Schema.isPattern(/^\d{15}#/)) }))
const decodeCursor = Schema.decodeUnknownResult(CursorSchema)
const encodeCursor = (lsk: string) => Buffer.from(JSON.stringify({ l: lsk }), "utf8").toString("base64url")

/** The DynamoDB job read model (see `jobsTable.ts` for the layout). */
export const makeDynamoJobReadModel = (options: DynamoJobReadModelOptions): Jobs.JobReadModel["Service"] => {
  const { tableName } = options
  const client = options.client ?? new DynamoDBClient({})
  const retentionMs = (options.retentionDays ?? 90) * 86_400_000
  const call = <A>(operation: string, f: (signal: AbortSignal) => Promise<A>) =>
    awsCall(operation, f).pipe(
      retryThrottled(),
      Effect.mapError((cause) => new Jobs.ReadModelFailure({ operation, cause }))
    )

  /**
   * The counter updates of a change, as transaction actions: one ADD per (day, task type) row, and the
   * same into the task type's all-time row, so "all time" stats read one item per task type.
   */
  const counterActions = (deltas: ReadonlyArray<Jobs.CounterDelta>): Array<TransactWriteItem> => {
    const rows = new Map<string, Array<Jobs.CounterDelta>>()
    for (const d of [...deltas, ...deltas.map((x) => ({ ...x, day: allTime }))]) {
      const key = counterSortKey(d.day, d.taskType)
      rows.set(key, [...(rows.get(key) ?? []), d])
    }
    return [...rows.entries()].map(([key, ds]) => {
      const first = ds[0]!
      const names: Record<string, string> = { "#day": "day", "#tt": "taskType" }
      const values: Record<string, AttributeValue> = { ":day": S(first.day), ":tt": S(first.taskType) }
      const adds = ds.map((d, i) => {
        names[`#c${i}`] = d.counter
        values[`:c${i}`] = N(d.delta)
        return `#c${i} :c${i}`
      })
      return {
        Update: {
          TableName: tableName,
          Key: { pk: S("STATS"), sk: S(key) },
          UpdateExpression: `SET #day = :day, #tt = :tt ADD ${adds.join(", ")}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values
        }
      }
    })
  }

  /**
   * One try: read the job item, and in ONE transaction (with a ClientRequestToken, so an SDK retry of a
   * committed try is a no-op) write the new view and add its counter deltas, on the condition that the
   * item is still exactly what was read. Another writer in between fails the condition: "raced".
   */
  const upsertOnce = (view: Jobs.JobView) =>
    Effect.gen(function* () {
      const got = yield* call("GetItem", (abortSignal) =>
        client.send(new GetItemCommand({ TableName: tableName, Key: jobKey(view.jobId), ConsistentRead: true }), {
          abortSignal
        })
      )
      const prev = got.Item
      const prevVersion = Number(prev?.["version"] && "N" in prev["version"] ? prev["version"].N : 0)
      const prevDoc = str(prev?.["doc"])
      const doc = JSON.stringify(view)
      // Same version with other content is a reprojection (e.g. new classification rules): it is written.
      if (prev !== undefined && (prevVersion > view.version || (prevVersion === view.version && prevDoc === doc))) {
        return "unchanged" as const
      }
      const prevSummary = prev === undefined ? undefined : decodeSummary(str(prev["summary"]))
      const deltas = Jobs.statsDelta(
        prevSummary !== undefined && Result.isSuccess(prevSummary) ? prevSummary.success : undefined,
        Jobs.toSummary(view)
      )
      const put: TransactWriteItem = {
        Put: {
          TableName: tableName,
          Item: jobItem(view, retentionMs),
          ...(prev === undefined
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : {
                ConditionExpression: "version = :pv AND doc = :pdoc",
                ExpressionAttributeValues: { ":pv": N(prevVersion), ":pdoc": S(prevDoc ?? "") }
              })
        }
      }
      const token = randomUUID()
      const done = yield* awsCall("TransactWriteItems", (abortSignal) =>
        client.send(
          new TransactWriteItemsCommand({ TransactItems: [put, ...counterActions(deltas)], ClientRequestToken: token }),
          { abortSignal }
        )
      ).pipe(
        retryThrottled({ retryable: (e) => e instanceof AwsCallError && isTransactionConflict(e) }),
        Effect.as("written" as const),
        Effect.catchIf(
          (e) =>
            e instanceof AwsCallError &&
            e.name === "TransactionCanceledException" &&
            cancellationCodes(e).includes("ConditionalCheckFailed"),
          () => Effect.succeed("raced" as const)
        ),
        Effect.mapError((cause) => new Jobs.ReadModelFailure({ operation: "TransactWriteItems", cause }))
      )
      return done
    })

  const upsert: Jobs.JobReadModel["Service"]["upsert"] = (view) =>
    Effect.gen(function* () {
      // A raced try read a state another writer has since replaced: read again and decide again.
      for (let tries = 0; tries < 100; tries++) {
        const outcome = yield* upsertOnce(view)
        if (outcome !== "raced") return outcome
      }
      return yield* new Jobs.ReadModelFailure({
        operation: "TransactWriteItems",
        cause: `job ${view.jobId}: 100 tries lost to concurrent writers`
      })
    })

  const get: Jobs.JobReadModel["Service"]["get"] = (jobId) =>
    Effect.gen(function* () {
      const got = yield* call("GetItem", (abortSignal) =>
        client.send(new GetItemCommand({ TableName: tableName, Key: jobKey(jobId) }), { abortSignal })
      )
      if (got.Item === undefined) return undefined
      const view = decodeView(str(got.Item["doc"]))
      if (Result.isFailure(view)) {
        return yield* new Jobs.ReadModelFailure({ operation: "GetItem", cause: view.failure })
      }
      return view.success
    })

  /** Up to `want` matching summaries of one partition, newest first, with their sort keys; `more` if any may follow. */
  const readPartition = (
    index: JobIndex,
    partition: string,
    range: { readonly low: string; readonly high: string; readonly after?: string },
    query: Jobs.JobQuery,
    want: number
  ) =>
    Effect.gen(function* () {
      const { name, partitionKey } = jobIndexes[index]
      const found: Array<{ readonly lsk: string; readonly job: Jobs.JobSummary }> = []
      let startKey: Record<string, AttributeValue> | undefined
      while (true) {
        const input: QueryCommandInput = {
          TableName: tableName,
          IndexName: name,
          KeyConditionExpression: "#p = :p AND #l BETWEEN :low AND :high",
          ExpressionAttributeNames: { "#p": partitionKey, "#l": listSortKey },
          ExpressionAttributeValues: { ":p": S(partition), ":low": S(range.low), ":high": S(range.high) },
          ScanIndexForward: false,
          Limit: Math.min(maxReadAhead, Math.max(want - found.length, 1) * 2),
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey })
        }
        const page = yield* call("Query", (abortSignal) => client.send(new QueryCommand(input), { abortSignal }))
        for (const item of page.Items ?? []) {
          const lsk = str(item[listSortKey]) ?? ""
          if (lsk === range.after) continue
          const summary = decodeSummary(str(item["summary"]))
          if (Result.isFailure(summary)) {
            return yield* new Jobs.ReadModelFailure({ operation: "Query", cause: summary.failure })
          }
          if (!Jobs.matchesQuery(summary.success, query)) continue
          found.push({ lsk, job: summary.success })
          if (found.length === want) return found
        }
        if (page.LastEvaluatedKey === undefined) return found
        startKey = page.LastEvaluatedKey
      }
    })

  const list: Jobs.JobReadModel["Service"]["list"] = (query) =>
    Effect.gen(function* () {
      let after: string | undefined
      if (query.cursor !== undefined) {
        const cursor = decodeCursor(Buffer.from(query.cursor, "base64url").toString("utf8"))
        if (Result.isFailure(cursor)) return yield* new Jobs.InvalidCursor({ cursor: query.cursor })
        after = cursor.success.l
      }
      const limit = Jobs.pageSize(query.limit)
      const low = `${pad(query.since ?? 0)}#`
      const until = `${pad(query.until ?? 999_999_999_999_999)}#\uffff`
      const high = after !== undefined && after < until ? after : until
      const { index, partitions } = chooseIndex(query)
      // One more than a page from each partition: the page's jobs are among them, and whether any follow.
      const parts = yield* Effect.forEach(
        partitions,
        (p) => readPartition(index, p, { low, high, ...(after === undefined ? {} : { after }) }, query, limit + 1),
        { concurrency: 4 }
      )
      const merged = parts.flat().sort((a, b) => (a.lsk < b.lsk ? 1 : a.lsk > b.lsk ? -1 : 0))
      const jobs = merged.slice(0, limit)
      const last = jobs[jobs.length - 1]
      return merged.length > limit && last !== undefined
        ? { jobs: jobs.map((j) => j.job), nextCursor: encodeCursor(last.lsk) }
        : { jobs: jobs.map((j) => j.job) }
    })

  const stats: Jobs.JobReadModel["Service"]["stats"] = (query) =>
    Effect.gen(function* () {
      const allTimeQuery = query.from === undefined && query.to === undefined
      const from = allTimeQuery ? "T#" : query.from === undefined ? "D#" : `D#${Jobs.dayOf(query.from)}`
      const to = allTimeQuery ? "T#\uffff" : query.to === undefined ? "D#\uffff" : `D#${Jobs.dayOf(query.to)}#\uffff`
      const rows: Array<Jobs.CounterRow> = []
      let startKey: Record<string, AttributeValue> | undefined
      do {
        const page = yield* call("Query", (abortSignal) =>
          client.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
              ExpressionAttributeValues: { ":pk": S("STATS"), ":from": S(from), ":to": S(to) },
              ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey })
            }),
            { abortSignal }
          )
        )
        for (const item of page.Items ?? []) {
          const counters: Record<string, number> = {}
          for (const [k, v] of Object.entries(item)) {
            if ((k.startsWith("s:") || k.startsWith("d:")) && "N" in v) counters[k] = Number(v.N)
          }
          rows.push({ day: str(item["day"]) ?? "", taskType: str(item["taskType"]) ?? "", counters })
        }
        startKey = page.LastEvaluatedKey
      } while (startKey !== undefined)
      return Jobs.computeStats(rows)
    })

  return Jobs.JobReadModel.of({ upsert, get, list, stats })
}

/** The DynamoDB job read model as a layer. */
export const layerDynamoJobReadModel = (options: DynamoJobReadModelOptions): Layer.Layer<Jobs.JobReadModel> =>
  Layer.sync(Jobs.JobReadModel, () => makeDynamoJobReadModel(options))
