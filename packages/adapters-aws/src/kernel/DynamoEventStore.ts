/**
 * The event store on one DynamoDB table. An append is one `TransactWriteItems` with a
 * `ClientRequestToken`; global positions are handed out afterwards, in batches, by a sequencer that
 * any reader runs, so appends to different streams share no item.
 *
 * ## Items
 * | item          | pk          | sk                  | attributes                                              |
 * |---------------|-------------|---------------------|---------------------------------------------------------|
 * | a stream head | stream id   | 0                   | v (version), seqd (last version given positions)        |
 * | an append     | stream id   | first version (≥ 1) | n (events), ev (JSON array), at; pend until sequenced, then feed + pos |
 * | the sequencer | `$position` | −1                  | next (last position handed out)                         |
 *
 * ## An append: one transaction, idempotent
 * `TransactWriteItems([Update head SET v = expected + n IF v = expected, Put item at sk = expected + 1])`
 * with a `ClientRequestToken` made once per try. The head's condition makes the expected-version check
 * and the write one atomic step; a failed condition returns the head (`ALL_OLD`), so a `VersionConflict`
 * names the actual version without another read. An SDK retry of a transaction that committed but
 * whose response was lost carries the same token, and DynamoDB answers it as a success without writing
 * again (tokens are remembered for 10 minutes), so the writer is never told it conflicted and an `"any"`
 * append is never stored twice. `"any"` reads the head first (consistent GetItem) and retries on conflict.
 * A multi-event append is one item (≤ 400 KB, checked before any call: `AppendTooLarge`).
 *
 * ## Global positions: a sequencer instead of a counter on every append
 * A new append item carries `pend` = "p" and its writer's clock `at`, which put it in the sparse GSI
 * `unsequenced`. A sequencer pass reads the oldest pending items, the heads of their streams and the
 * `$position` item (one consistent BatchGetItem), and in ONE transaction moves `next` forward, gives
 * each item its range of positions (`pos` = its last, `feed` = "all", `pend` removed) and moves each
 * head's `seqd` forward, on the conditions that nobody moved `next` or `seqd` in between. A stream's
 * items are only sequenced in version order (`seqd` must equal the item's first version − 1), so every
 * stream's later versions get larger positions. Positions are contiguous and appear atomically with the
 * counter, so a gap seen by `readAll` in the `byPosition` GSI is only index lag: readAll stops there and
 * never skips an event; nothing needs a grace period. A writer that dies right after its append loses
 * nothing: its item waits in `unsequenced` for the next pass. `readAll` and `read` run a pass first
 * (readAll: one pass; read: until its own items are sequenced); passes that race cancel harmlessly.
 *
 * The `$position` item is written once per pass, not once per append: many appends share one pass,
 * so writers on different streams never wait for one another.
 */
import { randomUUID } from "node:crypto"
import {
  type AttributeValue,
  BatchGetItemCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput
} from "@aws-sdk/client-dynamodb"
import { Kernel } from "@personalize-ops/core"
import { Clock, Effect, Layer, Schema } from "effect"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import { DynamoDb } from "../sdk/DynamoDb.ts"

/** DynamoDB's item size limit, the largest atomic append this store can write. */
export const dynamoItemLimitBytes = 400 * 1024

/**
 * The IAM actions the store calls on its table and indexes (a transaction needs the actions of its
 * parts: PutItem and UpdateItem).
 */
export const eventStoreIamActions: ReadonlyArray<string> = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem"
]

/** The GSI that orders every sequenced append by global position. */
export const eventStorePositionIndex = "byPosition"
/** The sparse GSI of appends that have no global position yet. */
export const eventStorePendingIndex = "unsequenced"

const sequencerKey = { pk: { S: "$position" }, sk: { N: "-1" } } as const
const headSk = { N: "0" } as const
const feed = "all"
const pending = "p"
/** Items one sequencer pass takes (one transaction holds at most 100 actions: items + heads + 1). */
const passItems = 40

export interface DynamoEventStoreOptions {
  readonly tableName: string
}

/** The CreateTable input for the event store table: keys, the two GSIs, on-demand billing. */
export const eventStoreTableDefinition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: "PAY_PER_REQUEST",
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" },
    { AttributeName: "sk", AttributeType: "N" },
    { AttributeName: "feed", AttributeType: "S" },
    { AttributeName: "pos", AttributeType: "N" },
    { AttributeName: "pend", AttributeType: "S" },
    { AttributeName: "at", AttributeType: "N" }
  ],
  KeySchema: [
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "sk", KeyType: "RANGE" }
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: eventStorePositionIndex,
      KeySchema: [
        { AttributeName: "feed", KeyType: "HASH" },
        { AttributeName: "pos", KeyType: "RANGE" }
      ],
      Projection: { ProjectionType: "ALL" }
    },
    {
      IndexName: eventStorePendingIndex,
      KeySchema: [
        { AttributeName: "pend", KeyType: "HASH" },
        { AttributeName: "at", KeyType: "RANGE" }
      ],
      Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["n"] }
    }
  ]
})

// Item decoding: every SDK response is checked before it becomes a StoredEvent.
const Num = Schema.Struct({ N: Schema.FiniteFromString })
const Str = Schema.Struct({ S: Schema.String })
const StoredItem = Schema.Struct({
  pk: Schema.Struct({ S: Kernel.StreamId }),
  sk: Num,
  n: Num,
  ev: Str,
  pos: Schema.optionalKey(Num)
})
const PendingItem = Schema.Struct({ pk: Schema.Struct({ S: Kernel.StreamId }), sk: Num, n: Num, at: Num })
const EventBodies = Schema.fromJsonString(
  Schema.Array(
    Schema.Struct({
      type: Schema.String,
      schemaVersion: Schema.Number,
      data: Schema.Unknown,
      metadata: Kernel.EventMetadata
    })
  )
)
const Head = Schema.Struct({ v: Num, seqd: Schema.optionalKey(Num) })
const Sequencer = Schema.Struct({ next: Num })

interface Item {
  readonly stream: Kernel.StreamId
  readonly sk: number
  readonly n: number
  /** Global position of the item's last event, once sequenced. */
  readonly pos: number | undefined
  readonly ev: string
}

const utf8Bytes = (s: string) => Buffer.byteLength(s, "utf8")

/**
 * An upper bound of an item's size as DynamoDB counts it: UTF-8 names plus values, every number at its
 * maximum of 21 bytes, so the check never lets through an item DynamoDB would refuse.
 */
const itemBytes = (item: Record<string, AttributeValue>) =>
  Object.entries(item).reduce(
    (sum, [name, value]) => sum + utf8Bytes(name) + ("S" in value && value.S !== undefined ? utf8Bytes(value.S) : 21),
    0
  )

/** The cancellation reasons of a failed transaction (`TransactionCanceledException`), if any. */
const cancellationReasons = (
  e: AwsCallError
): ReadonlyArray<{ readonly Code?: string; readonly Item?: Record<string, AttributeValue> }> =>
  e.name === "TransactionCanceledException"
    ? ((e.cause as { CancellationReasons?: ReadonlyArray<{ Code?: string }> }).CancellationReasons ?? [])
    : []

/** A transaction that only met another transaction on the same items: try again (same token). */
const isTransactionConflict = (e: AwsCallError) =>
  e.name === "TransactionConflictException" ||
  (e.name === "TransactionCanceledException" &&
    cancellationReasons(e).some((r) => r.Code === "TransactionConflict") &&
    !cancellationReasons(e).some((r) => r.Code === "ConditionalCheckFailed"))

/** The table a store works on: its client, name, and the one way to call, fail and decode. */
interface Table {
  readonly client: Pick<DynamoDBClient, "send">
  readonly TableName: string
}

const call = <A>(operation: string, f: (abortSignal: AbortSignal) => Promise<A>) =>
  awsCall(operation, f).pipe(retryThrottled({ retryable: (e) => isTransactionConflict(e) }))
const failure = (operation: string) => (cause: unknown) => new Kernel.EventStoreFailure({ operation, cause })
const decode =
  <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, operation: string) =>
  (input: unknown) =>
    Schema.decodeUnknownEffect(schema)(input).pipe(Effect.mapError(failure(operation)))

/** One Query call (from `start`), its failure an `EventStoreFailure` of `operation`. */
const queryPage = (
  t: Table,
  operation: string,
  input: QueryCommandInput,
  start: QueryCommandOutput["LastEvaluatedKey"]
) =>
  call("Query", (abortSignal) =>
    t.client.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }), { abortSignal })
  ).pipe(Effect.mapError(failure(operation)))

/** Every page of a query, concatenated. */
const queryAll = Effect.fnUntraced(function* (t: Table, operation: string, input: QueryCommandInput) {
  const items: Array<Record<string, AttributeValue>> = []
  let start: QueryCommandOutput["LastEvaluatedKey"]
  do {
    const out = yield* queryPage(t, operation, input, start)
    items.push(...(out.Items ?? []))
    start = out.LastEvaluatedKey
  } while (start !== undefined)
  return items
})

const toItem = (raw: unknown, operation: string) =>
  decode(
    StoredItem,
    operation
  )(raw).pipe(Effect.map((i): Item => ({ stream: i.pk.S, sk: i.sk.N, n: i.n.N, pos: i.pos?.N, ev: i.ev.S })))

const eventsOf = Effect.fnUntraced(function* (item: Item & { readonly pos: number }, operation: string) {
  const bodies = yield* decode(EventBodies, operation)(item.ev)
  if (bodies.length !== item.n) {
    return yield* failure(operation)(`item ${item.stream}@${item.sk} holds ${bodies.length} events, n=${item.n}`)
  }
  const first = item.pos - item.n + 1
  return bodies.map(
    (b, i): Kernel.StoredEvent => ({
      stream: item.stream,
      version: item.sk + i,
      position: first + i,
      type: b.type,
      schemaVersion: b.schemaVersion,
      data: b.data,
      metadata: b.metadata
    })
  )
})

/** The stream's version from its head, read strongly consistently (0 when the stream is new). */
const currentVersion = Effect.fnUntraced(function* (t: Table, stream: string, operation: string) {
  const out = yield* call("GetItem", (abortSignal) =>
    t.client.send(
      new GetItemCommand({ TableName: t.TableName, Key: { pk: { S: stream }, sk: headSk }, ConsistentRead: true }),
      { abortSignal }
    )
  ).pipe(Effect.mapError(failure(operation)))
  if (out.Item === undefined) return 0
  return (yield* decode(Head, operation)(out.Item)).v.N
})

// ---- the sequencer ----

type Pending = typeof PendingItem.Type

/** A stream's pending items that continue its sequenced versions: versions `from + 1` to `to`. */
interface Run {
  readonly stream: string
  readonly from: number
  readonly to: number
  readonly items: ReadonlyArray<Pending>
}

/**
 * The oldest pending items, two passes' worth: with writers' clocks skewed, a later version can be
 * listed before the earlier one it must follow.
 */
const listPending = Effect.fnUntraced(function* (t: Table) {
  const operation = "sequence"
  const found: Array<Pending> = []
  let start: QueryCommandOutput["LastEvaluatedKey"]
  const input: QueryCommandInput = {
    TableName: t.TableName,
    IndexName: eventStorePendingIndex,
    KeyConditionExpression: "pend = :p",
    ExpressionAttributeValues: { ":p": { S: pending } },
    Limit: passItems
  }
  for (let page = 0; page < 25; page++) {
    const out = yield* queryPage(t, operation, input, start)
    for (const raw of out.Items ?? []) found.push(yield* decode(PendingItem, operation)(raw))
    start = out.LastEvaluatedKey
    if (start === undefined || found.length >= passItems * 2) break
  }
  return found.slice(0, passItems * 2)
})

/**
 * The sequencer's `next` (and whether its item exists) and each stream's `seqd`, in one consistent
 * BatchGetItem; undefined when DynamoDB left keys unprocessed (the pass then does nothing).
 */
const readCounters = Effect.fnUntraced(function* (t: Table, streams: ReadonlyArray<string>) {
  const operation = "sequence"
  const got = yield* call("BatchGetItem", (abortSignal) =>
    t.client.send(
      new BatchGetItemCommand({
        RequestItems: {
          [t.TableName]: {
            Keys: [sequencerKey, ...streams.map((s) => ({ pk: { S: s }, sk: headSk }))],
            ConsistentRead: true
          }
        }
      }),
      { abortSignal }
    )
  ).pipe(Effect.mapError(failure(operation)))
  if (Object.keys(got.UnprocessedKeys ?? {}).length > 0) return undefined
  let next = 0
  let nextExists = false
  const seqd = new Map<string, number>()
  for (const raw of got.Responses?.[t.TableName] ?? []) {
    if (raw["pk"]?.S === sequencerKey.pk.S && raw["sk"]?.N === sequencerKey.sk.N) {
      next = (yield* decode(Sequencer, operation)(raw)).next.N
      nextExists = true
    } else {
      const head = yield* decode(Head, operation)(raw)
      seqd.set(raw["pk"]?.S ?? "", head.seqd?.N ?? 0)
    }
  }
  return { next, nextExists, seqd }
})

/** Per stream, the run of pending items that continues its sequenced versions (at most `passItems` in all). */
const planRuns = (
  found: ReadonlyArray<Pending>,
  streams: ReadonlyArray<string>,
  seqd: ReadonlyMap<string, number>
): Array<Run> => {
  const runs: Array<Run> = []
  let taken = 0
  for (const stream of streams) {
    if (taken >= passItems) break
    const mine = found.filter((i) => i.pk.S === stream).sort((a, b) => a.sk.N - b.sk.N)
    const from = seqd.get(stream) ?? 0
    let end = from
    const items: Array<Pending> = []
    for (const i of mine) {
      if (i.sk.N <= from) continue // already sequenced; the index has not caught up
      if (i.sk.N !== end + 1 || taken >= passItems) break
      taken += 1
      items.push(i)
      end += i.n.N
    }
    if (items.length > 0) runs.push({ stream, from, to: end, items })
  }
  return runs
}

/** Positions follow the appends' `at`, each stream's items staying in version order (a merge of the runs). */
const mergeByAt = (runs: ReadonlyArray<Run>): Array<Pending> => {
  const order: Array<Pending> = []
  const cursors = runs.map(() => 0)
  for (;;) {
    let pick = -1
    for (const [r, run] of runs.entries()) {
      const candidate = run.items[cursors[r]!]
      if (candidate === undefined) continue
      const best = pick === -1 ? undefined : runs[pick]!.items[cursors[pick]!]!
      if (best === undefined || candidate.at.N < best.at.N) pick = r
    }
    if (pick === -1) return order
    order.push(runs[pick]!.items[cursors[pick]!]!)
    cursors[pick]! += 1
  }
}

/**
 * The pass's one transaction: each run's head moves `seqd` on, each item gets its position, the
 * sequencer moves `next` on — each on the condition that nobody moved it in between.
 */
const sequencerActions = (
  TableName: string,
  runs: ReadonlyArray<Run>,
  counters: { readonly next: number; readonly nextExists: boolean }
): NonNullable<TransactWriteItemsCommandInput["TransactItems"]> => {
  const { next, nextExists } = counters
  let position = next
  const actions: NonNullable<TransactWriteItemsCommandInput["TransactItems"]> = runs.map((run) => ({
    Update: {
      TableName,
      Key: { pk: { S: run.stream }, sk: headSk },
      UpdateExpression: "SET seqd = :to",
      ConditionExpression: run.from === 0 ? "attribute_not_exists(seqd) OR seqd = :from" : "seqd = :from",
      ExpressionAttributeValues: { ":to": { N: String(run.to) }, ":from": { N: String(run.from) } }
    }
  }))
  for (const item of mergeByAt(runs)) {
    position += item.n.N
    actions.push({
      Update: {
        TableName,
        Key: { pk: item.pk, sk: { N: String(item.sk.N) } },
        UpdateExpression: "SET feed = :feed, pos = :pos REMOVE pend",
        ConditionExpression: "attribute_exists(pend)",
        ExpressionAttributeValues: { ":feed": { S: feed }, ":pos": { N: String(position) } }
      }
    })
  }
  actions.push({
    Update: {
      TableName,
      Key: sequencerKey,
      UpdateExpression: "SET #next = :to",
      ConditionExpression: nextExists ? "#next = :from" : "attribute_not_exists(pk)",
      ExpressionAttributeNames: { "#next": "next" },
      ExpressionAttributeValues: {
        ":to": { N: String(position) },
        ...(nextExists ? { ":from": { N: String(next) } } : {})
      }
    }
  })
  return actions
}

/**
 * One sequencer pass: gives positions to the oldest pending appends that are next in their streams.
 * Returns how many items it sequenced (0: nothing pending that could be sequenced, or another pass
 * won the race).
 */
const sequencePass = Effect.fnUntraced(function* (t: Table) {
  const found = yield* listPending(t)
  if (found.length === 0) return 0
  const streams = [...new Set(found.map((i) => i.pk.S))]
  const counters = yield* readCounters(t, streams)
  if (counters === undefined) return 0
  const runs = planRuns(found, streams, counters.seqd)
  if (runs.length === 0) return 0
  const actions = sequencerActions(t.TableName, runs, counters)
  const token = randomUUID()
  const done = yield* call("TransactWriteItems", (abortSignal) =>
    t.client.send(new TransactWriteItemsCommand({ TransactItems: actions, ClientRequestToken: token }), { abortSignal })
  ).pipe(Effect.result)
  if (done._tag === "Success") return runs.reduce((sum, r) => sum + r.items.length, 0)
  // Another pass moved `next` or a head first: what we saw is stale; the caller looks again.
  if (done.failure.name === "TransactionCanceledException") return 0
  return yield* failure("sequence")(done.failure)
})

/** Passes until nothing more can be sequenced now (bounded: a pass that races another returns 0). */
const sequenceAll = Effect.fnUntraced(function* (t: Table) {
  for (let passes = 0; passes < 1000; passes++) if ((yield* sequencePass(t)) === 0) return
})

// ---- reads ----

/** A stream's append items holding versions after `from` (the one holding `from + 1` may start before it). */
const streamItems = Effect.fnUntraced(function* (t: Table, stream: string, from: number) {
  const raw: Array<Record<string, AttributeValue>> = []
  if (from > 0) {
    const out = yield* queryPage(
      t,
      "read",
      {
        TableName: t.TableName,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :one AND :from",
        ExpressionAttributeValues: { ":pk": { S: stream }, ":one": { N: "1" }, ":from": { N: String(from) } },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true
      },
      undefined
    )
    raw.push(...(out.Items ?? []))
  }
  raw.push(
    ...(yield* queryAll(t, "read", {
      TableName: t.TableName,
      KeyConditionExpression: "pk = :pk AND sk > :from",
      ExpressionAttributeValues: { ":pk": { S: stream }, ":from": { N: String(from) } },
      ConsistentRead: true
    }))
  )
  const items: Array<Item> = []
  for (const r of raw) items.push(yield* toItem(r, "read"))
  return items
})

/** A stream's events after `from`, once the sequencer has given every one of them its position. */
const readStream = Effect.fnUntraced(function* (t: Table, stream: Kernel.StreamId, from: number) {
  for (let tries = 0; ; tries++) {
    const items = yield* streamItems(t, stream, from)
    if (items.some(isUnsequenced)) {
      // Positions are handed out by the sequencer: run it, then read again.
      if (tries >= 50) return yield* failure("read")(`stream ${stream} still has unsequenced appends`)
      yield* sequenceAll(t)
      continue
    }
    const events: Array<Kernel.StoredEvent> = []
    for (const item of items) {
      for (const e of yield* eventsOf(item as Item & { pos: number }, "read")) if (e.version > from) events.push(e)
    }
    return events
  }
})

const isUnsequenced = (item: Item) => item.pos === undefined

const makeRead =
  (t: Table): Kernel.EventStore["Service"]["read"] =>
  (stream, readOptions) =>
    readStream(t, stream, Math.max(0, Math.floor(readOptions?.from ?? 0)))

/** The events of one `byPosition` page after `cursor`, up to `max` in all; `done` when the read must stop here. */
const takeFromPage = Effect.fnUntraced(function* (
  page: ReadonlyArray<Record<string, AttributeValue>>,
  events: Array<Kernel.StoredEvent>,
  cursor: number,
  max: number
) {
  let at = cursor
  for (const raw of page) {
    if (events.length >= max) return { cursor: at, done: true }
    const item = yield* toItem(raw, "readAll")
    if (item.pos === undefined) return yield* failure("readAll")(`item ${item.stream}@${item.sk} has no pos`)
    // Positions are contiguous: a gap is an item the index has not shown yet. Wait for it.
    if (item.pos - item.n + 1 > at + 1) return { cursor: at, done: true }
    for (const e of yield* eventsOf(item as Item & { pos: number }, "readAll")) {
      if (e.position <= at) continue
      if (events.length >= max) return { cursor: at, done: true }
      events.push(e)
      at = e.position
    }
  }
  return { cursor: at, done: false }
})

/** Up to `max` events after position `after`, stopping at a gap in the index (an item not shown yet). */
const readAllAfter = Effect.fnUntraced(function* (t: Table, after: number, limit: number) {
  yield* sequencePass(t)
  const max = Math.max(1, Math.floor(limit))
  const events: Array<Kernel.StoredEvent> = []
  let cursor = Math.max(0, Math.floor(after))
  let start: QueryCommandOutput["LastEvaluatedKey"]
  const query = {
    TableName: t.TableName,
    IndexName: eventStorePositionIndex,
    KeyConditionExpression: "feed = :feed AND pos > :after",
    ExpressionAttributeValues: { ":feed": { S: feed }, ":after": { N: String(cursor) } },
    Limit: max
  }
  while (true) {
    const out = yield* queryPage(t, "readAll", query, start)
    const taken = yield* takeFromPage(out.Items ?? [], events, cursor, max)
    cursor = taken.cursor
    if (taken.done || out.LastEvaluatedKey === undefined || events.length >= max) return { events, next: cursor }
    start = out.LastEvaluatedKey
  }
})

const makeReadAll =
  (t: Table): Kernel.EventStore["Service"]["readAll"] =>
  ({ after, limit = 100 }) =>
    readAllAfter(t, after, limit)

// ---- appends ----

/** The append's transaction: the head moves from `expected` to `expected + n`, the item is put at `expected + 1`. */
const appendTransaction = (
  TableName: string,
  item: { readonly stream: string; readonly n: number; readonly ev: string; readonly at: number },
  expected: number
): TransactWriteItemsCommandInput["TransactItems"] => [
  {
    Update: {
      TableName,
      Key: { pk: { S: item.stream }, sk: headSk },
      UpdateExpression: "SET v = :next, seqd = if_not_exists(seqd, :zero)",
      ConditionExpression: expected === 0 ? "attribute_not_exists(v)" : "v = :expected",
      ExpressionAttributeValues: {
        ":next": { N: String(expected + item.n) },
        ":zero": { N: "0" },
        ...(expected === 0 ? {} : { ":expected": { N: String(expected) } })
      },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD"
    }
  },
  {
    Put: {
      TableName,
      Item: {
        pk: { S: item.stream },
        sk: { N: String(expected + 1) },
        n: { N: String(item.n) },
        ev: { S: item.ev },
        at: { N: String(item.at) },
        pend: { S: pending }
      },
      ConditionExpression: "attribute_not_exists(pk)"
    }
  }
]

/** The events' JSON, refused with `AppendTooLarge` when their item could exceed DynamoDB's limit. */
const encodeAppend = Effect.fnUntraced(function* (stream: Kernel.StreamId, events: ReadonlyArray<Kernel.NewEvent>) {
  const ev = yield* Effect.try({
    try: () =>
      JSON.stringify(
        events.map((e) => ({ type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }))
      ),
    catch: failure("append: encode events")
  })
  const bytes = itemBytes({
    pk: { S: stream },
    sk: { N: "0" },
    n: { N: "0" },
    ev: { S: ev },
    at: { N: "0" },
    pend: { S: pending },
    feed: { S: feed },
    pos: { N: "0" }
  })
  if (bytes > dynamoItemLimitBytes) {
    return yield* new Kernel.AppendTooLarge({ stream, bytes, limit: dynamoItemLimitBytes })
  }
  return ev
})

/** One try at `expected`: one transaction; a failed head condition is a conflict with the head's version. */
const attempt = Effect.fnUntraced(function* (
  t: Table,
  item: { readonly stream: Kernel.StreamId; readonly n: number; readonly ev: string; readonly at: number },
  expected: number
) {
  const token = randomUUID()
  const TransactItems = appendTransaction(t.TableName, item, expected)
  const done = yield* call("TransactWriteItems", (abortSignal) =>
    t.client.send(new TransactWriteItemsCommand({ ClientRequestToken: token, TransactItems }), { abortSignal })
  ).pipe(Effect.result)
  if (done._tag === "Success") return { nextVersion: expected + item.n }
  const reasons = cancellationReasons(done.failure)
  if (reasons[0]?.Code === "ConditionalCheckFailed") {
    const old = reasons[0].Item
    const actual = old === undefined ? 0 : (yield* decode(Head, "append: read stream version")(old)).v.N
    return yield* new Kernel.VersionConflict({ stream: item.stream, expected, actual })
  }
  return yield* failure("append")(done.failure)
})

/** Appends `events` at `expected` (or at the end, retrying conflicts, for "any"); `nextAt` stamps the item. */
const appendEvents = Effect.fnUntraced(function* (
  t: Table,
  nextAt: Effect.Effect<number>,
  stream: Kernel.StreamId,
  events: ReadonlyArray<Kernel.NewEvent>,
  expected: Kernel.ExpectedVersion
) {
  if (events.length === 0) {
    const current = yield* currentVersion(t, stream, "append: read stream version")
    if (expected !== "any" && expected !== current) {
      return yield* new Kernel.VersionConflict({ stream, expected, actual: current })
    }
    return { nextVersion: current }
  }
  const ev = yield* encodeAppend(stream, events)
  const attemptAt = (at: number) =>
    Effect.flatMap(nextAt, (stamp) => attempt(t, { stream, n: events.length, ev, at: stamp }, at))
  if (expected !== "any") return yield* attemptAt(expected)
  // With "any" a conflict only means another writer was faster: try again at the new end.
  return yield* currentVersion(t, stream, "append: read stream version").pipe(
    Effect.flatMap(attemptAt),
    Effect.retry({ times: 1000, while: (e) => e._tag === "VersionConflict" })
  )
})

const makeAppend = (t: Table): Kernel.EventStore["Service"]["append"] => {
  // Appends are sequenced in the order of `at`: the writer's clock in microseconds, strictly increasing
  // within this store, so one writer's appends to different streams keep their order in readAll.
  let lastAt = 0
  const nextAt = Clock.currentTimeMillis.pipe(
    Effect.map((millis) => {
      lastAt = Math.max(millis * 1000, lastAt + 1)
      return lastAt
    })
  )
  return (stream, events, expected) => appendEvents(t, nextAt, stream, events, expected)
}

/** The event store over `client` and the table `options.tableName` (created from `eventStoreTableDefinition`). */
export const makeDynamoEventStore = (
  client: Pick<DynamoDBClient, "send">,
  options: DynamoEventStoreOptions
): Kernel.EventStore["Service"] => {
  const t: Table = { client, TableName: options.tableName }
  return Kernel.EventStore.of({ read: makeRead(t), append: makeAppend(t), readAll: makeReadAll(t) })
}

/** The DynamoDB event store on the `DynamoDb` client service. */
export const layerDynamoEventStore = (
  options: DynamoEventStoreOptions
): Layer.Layer<Kernel.EventStore, never, DynamoDb> =>
  Layer.effect(
    Kernel.EventStore,
    Effect.gen(function* () {
      return makeDynamoEventStore(yield* DynamoDb, options)
    })
  )
