import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput
} from "@aws-sdk/client-dynamodb"
import { Jobs } from "@personalize-ops/core"
import { Clock, Effect, Layer, Result, Schema } from "effect"
import { DynamoDb } from "../sdk/DynamoDb.ts"
import { N, num, pad, readModelCall, S, str, type TransactWriteItem, transact, untilSettled } from "./dynamoItems.ts"
import { type Counted, readStats, statsActions } from "./dynamoJobStats.ts"
import { type JobIndex, jobIndexes, listSortKey, ttlAttribute } from "./jobsTable.ts"

export { allTime, counterItem } from "./dynamoJobStats.ts"

/** Options of the DynamoDB job read model. */
export interface DynamoJobReadModelOptions {
  /** The client (the `DynamoDb` service's, through `layerDynamoJobReadModel`). */
  readonly client: DynamoDBClient
  readonly tableName: string
  /**
   * Days a finished job is kept (default 90): its item gets the TTL attribute `expiresAt`. From that
   * second on, get, list and stats leave it out, before DynamoDB removes it; its counts are taken out of
   * the stats through the expiry ledger (`dynamoJobStats.ts`).
   */
  readonly retentionDays?: number
}

const jobKey = (jobId: string) => ({ pk: S(`JOB#${jobId}`), sk: S("VIEW") })

/** The most items one Query of a list reads. */
const maxReadAhead = 100

const decodeView = Schema.decodeUnknownResult(Schema.fromJsonString(Jobs.JobView))
const decodeSummary = Schema.decodeUnknownResult(Schema.fromJsonString(Jobs.JobSummary))

/** Whether a job item (or its index projection) is past its TTL at `now` (epoch ms). */
const expired = (item: Record<string, AttributeValue>, now: number) => Jobs.isExpiredAt(num(item[ttlAttribute]), now)

/** The job item of a view: keys, the GSI keys of every list filter, summary and full view, TTL when finished. */
export const jobItem = (view: Jobs.JobView, retentionMs: number): Record<string, AttributeValue> => {
  const expiry = Jobs.expirySeconds(view, retentionMs)
  return {
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
    ...(expiry === undefined ? {} : { [ttlAttribute]: N(expiry) })
  }
}

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

interface Context {
  readonly client: DynamoDBClient
  readonly tableName: string
  readonly retentionMs: number
}

/**
 * One try of an upsert: read the job item, and in ONE transaction write the new view and its counter and
 * ledger deltas, on the condition that the item is still exactly what was read. Another writer in between
 * fails the condition: "raced".
 */
const upsertOnce = ({ client, tableName, retentionMs }: Context, view: Jobs.JobView) =>
  Effect.gen(function* () {
    const got = yield* readModelCall("GetItem", (abortSignal) =>
      client.send(new GetItemCommand({ TableName: tableName, Key: jobKey(view.jobId), ConsistentRead: true }), {
        abortSignal
      })
    )
    const prev = got.Item
    const prevVersion = num(prev?.["version"]) ?? 0
    const prevDoc = str(prev?.["doc"])
    const doc = JSON.stringify(view)
    // Same version with other content is a reprojection (e.g. new classification rules): it is written.
    if (prev !== undefined && (prevVersion > view.version || (prevVersion === view.version && prevDoc === doc))) {
      return "unchanged" as const
    }
    const prevSummary = prev === undefined ? undefined : decodeSummary(str(prev["summary"]))
    const before: Counted | undefined =
      prev !== undefined && prevSummary !== undefined && Result.isSuccess(prevSummary)
        ? { summary: prevSummary.success, expiry: num(prev[ttlAttribute]) }
        : undefined
    const after: Counted = { summary: Jobs.toSummary(view), expiry: Jobs.expirySeconds(view, retentionMs) }
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
    return yield* transact(client, [put, ...statsActions(tableName, before, after)])
  })

const getView = ({ client, tableName }: Context, jobId: string) =>
  Effect.gen(function* () {
    const got = yield* readModelCall("GetItem", (abortSignal) =>
      client.send(new GetItemCommand({ TableName: tableName, Key: jobKey(jobId) }), { abortSignal })
    )
    if (got.Item === undefined || expired(got.Item, yield* Clock.currentTimeMillis)) return undefined
    const view = decodeView(str(got.Item["doc"]))
    if (Result.isFailure(view)) {
      return yield* new Jobs.ReadModelFailure({ operation: "GetItem", cause: view.failure })
    }
    return view.success
  })

/**
 * Up to `want` matching summaries of one partition, newest first, with their sort keys; jobs past their
 * TTL that DynamoDB has not removed yet are left out (every index projects `expiresAt`).
 */
const readPartition = (
  { client, tableName }: Context,
  index: JobIndex,
  partition: string,
  range: { readonly low: string; readonly high: string; readonly after?: string },
  query: Jobs.JobQuery,
  want: number
) =>
  Effect.gen(function* () {
    const { name, partitionKey } = jobIndexes[index]
    const now = yield* Clock.currentTimeMillis
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
      const page = yield* readModelCall("Query", (abortSignal) => client.send(new QueryCommand(input), { abortSignal }))
      for (const item of page.Items ?? []) {
        const lsk = str(item[listSortKey]) ?? ""
        if (lsk === range.after || expired(item, now)) continue
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

const listJobs = (ctx: Context, query: Jobs.JobQuery) =>
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
      (p) => readPartition(ctx, index, p, { low, high, ...(after === undefined ? {} : { after }) }, query, limit + 1),
      { concurrency: 4 }
    )
    const merged = parts.flat().sort((a, b) => (a.lsk < b.lsk ? 1 : a.lsk > b.lsk ? -1 : 0))
    const jobs = merged.slice(0, limit)
    const last = jobs[jobs.length - 1]
    return merged.length > limit && last !== undefined
      ? { jobs: jobs.map((j) => j.job), nextCursor: encodeCursor(last.lsk) }
      : { jobs: jobs.map((j) => j.job) }
  })

/** The DynamoDB job read model (see `jobsTable.ts` for the layout). */
export const makeDynamoJobReadModel = (options: DynamoJobReadModelOptions): Jobs.JobReadModel["Service"] => {
  const ctx: Context = {
    client: options.client,
    tableName: options.tableName,
    retentionMs: (options.retentionDays ?? Jobs.defaultRetentionDays) * 86_400_000
  }
  return Jobs.JobReadModel.of({
    // A raced try read a state another writer has since replaced: read again and decide again.
    upsert: (view) => untilSettled(`job ${view.jobId}`, upsertOnce(ctx, view)),
    get: (jobId) => getView(ctx, jobId),
    list: (query) => listJobs(ctx, query),
    stats: (query) => Effect.flatMap(Clock.currentTimeMillis, (now) => readStats(ctx.client, ctx.tableName, query, now))
  })
}

/** The DynamoDB job read model as a layer. */
export const layerDynamoJobReadModel = (
  options: Omit<DynamoJobReadModelOptions, "client">
): Layer.Layer<Jobs.JobReadModel, never, DynamoDb> =>
  Layer.effect(
    Jobs.JobReadModel,
    Effect.map(DynamoDb, (client) => makeDynamoJobReadModel({ ...options, client }))
  )
