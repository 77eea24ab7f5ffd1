/**
 * The event store on one DynamoDB table, with single-item atomic appends (no TransactWriteItems).
 *
 * ## Items
 * | item          | pk          | sk                  | attributes                                          |
 * |---------------|-------------|---------------------|-----------------------------------------------------|
 * | an append     | stream id   | first version (≥ 1) | kind=append, n (events), ev (JSON array), feed, pos, res |
 * | a tombstone   | stream id   | −first position     | kind=tombstone, n (positions), feed, pos, res       |
 * | the counter   | `$position` | 0                   | next (last position handed out)                     |
 *
 * One append = one item, so a multi-event append is atomic for free, and limited to one item's 400 KB
 * (checked before any call: `AppendTooLarge`). Versions of one stream are the `sk` ranges of its append
 * items; tombstones (negative `sk`) and the counter (`sk` 0) never match a stream query, which always
 * asks for `sk > 0`, so a stream may even be called `$position`.
 *
 * ## Why no two appends can claim a version, and no gap can appear
 * An append reads the stream's last item with a strongly consistent Query (`end` = its sk + n − 1, or 0),
 * rejects the append if `expected` differs, and puts its item at `sk = end + 1` on the condition
 * `attribute_not_exists(pk)`. Invariant: the append items of a stream tile 1..V without overlap, and
 * for every end `e` the stream ever had, an item starts at `e + 1` unless `e` is still the end. A writer
 * always puts at (some past or the present end) + 1: if that end is still the end, the put extends the
 * tiling contiguously; if not, an item already starts at that key and the condition fails. Items are
 * never deleted or rewritten, so the invariant holds forever; a failed condition means someone else
 * appended first, which is exactly `VersionConflict` (reported with the freshly read actual version).
 *
 * ## readAll: a global order without a transaction
 * After its consistent read, a writer reserves `n` global positions from the counter item (UpdateItem
 * `ADD next :n`, returning the new value) and stores the last one as `pos` (plus `feed` = "all" and the
 * reservation time `res`) on its append item. A sparse GSI `byPosition` (partition `feed`, sort `pos`)
 * lists append and tombstone items in position order; readAll queries it with `pos > after`. Because the
 * reservation happens after the read that saw the previous version committed, a stream's later
 * versions always get larger positions, so readAll is consistent with every stream's order.
 *
 * Positions can have holes: a writer reserved them and has not committed yet, or lost the conditional
 * put (then it writes a tombstone for its range, which readAll passes over at once), or died in between.
 * readAll stops at the first hole, so a follower never skips an event that commits late, unless the
 * next visible item was reserved more than `holeGracePeriod` ago (default 30 s): a hole that old is
 * presumed abandoned and skipped. The trade-off: a writer stalled for longer than the grace period
 * between reserving and committing (a frozen Lambda) has its events skipped by followers already past
 * them; they are still in its stream, and a projection rebuilt from `START` sees them. The GSI is
 * eventually consistent in real DynamoDB: an item not yet propagated looks like a hole (or like the
 * end of the log), so followers wait for it exactly as for a late writer; propagation takes well under
 * a second, far inside the grace period. `res` is the writer's clock compared with the reader's, so the
 * grace period must also dwarf clock skew between hosts (milliseconds under NTP).
 *
 * ## Limits
 * One append ≤ 400 KB (the item). The counter item and the single GSI partition cap the store-wide
 * append rate at roughly 1,000 appends per second — far above what operations events need.
 */
import {
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  UpdateItemCommand
} from "@aws-sdk/client-dynamodb"
import { Kernel } from "@personalize-ops/core"
import { Clock, Config, Duration, Effect, Layer, Schema } from "effect"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import { DynamoDb } from "../sdk/DynamoDb.ts"

/** DynamoDB's item size limit, the largest atomic append this store can write. */
export const dynamoItemLimitBytes = 400 * 1024

/** The GSI that orders every append by global position. */
export const eventStorePositionIndex = "byPosition"

const counterKey = { pk: { S: "$position" }, sk: { N: "0" } } as const
const feed = "all"

export interface DynamoEventStoreOptions {
  readonly tableName: string
  /** How long readAll waits at a hole in the positions before presuming it abandoned (default 30 s). */
  readonly holeGracePeriod?: Duration.Input
}

/** The CreateTable input for the event store table: keys, the position GSI, on-demand billing. */
export const eventStoreTableDefinition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: "PAY_PER_REQUEST",
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" },
    { AttributeName: "sk", AttributeType: "N" },
    { AttributeName: "feed", AttributeType: "S" },
    { AttributeName: "pos", AttributeType: "N" }
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
    }
  ]
})

// Item decoding: every SDK response is checked before it becomes a StoredEvent.
const Num = Schema.Struct({ N: Schema.FiniteFromString })
const Str = Schema.Struct({ S: Schema.String })
const StoredItem = Schema.Struct({
  pk: Schema.Struct({ S: Kernel.StreamId }),
  sk: Num,
  kind: Schema.Struct({ S: Schema.Literals(["append", "tombstone"]) }),
  n: Num,
  pos: Num,
  res: Num,
  ev: Schema.optionalKey(Str)
})
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
const LastItem = Schema.Struct({ sk: Num, n: Num })
const Counter = Schema.Struct({ next: Num })

interface Item {
  readonly stream: Kernel.StreamId
  readonly sk: number
  readonly kind: "append" | "tombstone"
  readonly n: number
  /** Global position of the item's last event. */
  readonly pos: number
  /** When its positions were reserved (epoch ms). */
  readonly res: number
  readonly ev: string | undefined
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

/** The event store over `client` and the table `options.tableName` (created from `eventStoreTableDefinition`). */
export const makeDynamoEventStore = (
  client: Pick<DynamoDBClient, "send">,
  options: DynamoEventStoreOptions
): Kernel.EventStore["Service"] => {
  const TableName = options.tableName
  const graceMillis = Duration.toMillis(options.holeGracePeriod ?? "30 seconds")

  const call = <A>(operation: string, f: (abortSignal: AbortSignal) => Promise<A>) =>
    awsCall(operation, f).pipe(retryThrottled())
  const failure = (operation: string) => (cause: unknown) => new Kernel.EventStoreFailure({ operation, cause })
  const decode =
    <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, operation: string) =>
    (input: unknown) =>
      Schema.decodeUnknownEffect(schema)(input).pipe(Effect.mapError(failure(operation)))

  /** Every page of a query, concatenated. */
  const queryAll = (operation: string, input: QueryCommandInput) =>
    Effect.gen(function* () {
      const items: Array<Record<string, AttributeValue>> = []
      let start: QueryCommandOutput["LastEvaluatedKey"]
      do {
        const out = yield* call(operation, (abortSignal) =>
          client.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }), { abortSignal })
        ).pipe(Effect.mapError(failure(operation)))
        items.push(...(out.Items ?? []))
        start = out.LastEvaluatedKey
      } while (start !== undefined)
      return items
    })

  const toItem = (raw: unknown, operation: string) =>
    decode(
      StoredItem,
      operation
    )(raw).pipe(
      Effect.map(
        (i): Item => ({
          stream: i.pk.S,
          sk: i.sk.N,
          kind: i.kind.S,
          n: i.n.N,
          pos: i.pos.N,
          res: i.res.N,
          ev: i.ev?.S
        })
      )
    )

  const eventsOf = (item: Item, operation: string) =>
    Effect.gen(function* () {
      if (item.kind === "tombstone") return []
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

  /** The stream's version: the end of its last append item, read strongly consistently. */
  const currentVersion = (stream: string) =>
    Effect.gen(function* () {
      const out = yield* call("Query", (abortSignal) =>
        client.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: "pk = :pk AND sk > :zero",
            ExpressionAttributeValues: { ":pk": { S: stream }, ":zero": { N: "0" } },
            ProjectionExpression: "sk, #n",
            ExpressionAttributeNames: { "#n": "n" },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true
          }),
          { abortSignal }
        )
      ).pipe(Effect.mapError(failure("append: read stream version")))
      const last = out.Items?.[0]
      if (last === undefined) return 0
      const { sk, n } = yield* decode(LastItem, "append: read stream version")(last)
      return sk.N + n.N - 1
    })

  const read: Kernel.EventStore["Service"]["read"] = (stream, readOptions) =>
    Effect.gen(function* () {
      const from = Math.max(0, Math.floor(readOptions?.from ?? 0))
      const raw: Array<Record<string, AttributeValue>> = []
      if (from > 0) {
        // The append holding version `from + 1` may start at or before `from`.
        const out = yield* call("Query", (abortSignal) =>
          client.send(
            new QueryCommand({
              TableName,
              KeyConditionExpression: "pk = :pk AND sk BETWEEN :one AND :from",
              ExpressionAttributeValues: { ":pk": { S: stream }, ":one": { N: "1" }, ":from": { N: String(from) } },
              ScanIndexForward: false,
              Limit: 1,
              ConsistentRead: true
            }),
            { abortSignal }
          )
        ).pipe(Effect.mapError(failure("read")))
        raw.push(...(out.Items ?? []))
      }
      raw.push(
        ...(yield* queryAll("read", {
          TableName,
          KeyConditionExpression: "pk = :pk AND sk > :from",
          ExpressionAttributeValues: { ":pk": { S: stream }, ":from": { N: String(from) } },
          ConsistentRead: true
        }))
      )
      const events: Array<Kernel.StoredEvent> = []
      for (const r of raw) {
        const item = yield* toItem(r, "read")
        for (const e of yield* eventsOf(item, "read")) if (e.version > from) events.push(e)
      }
      return events
    })

  /** Reserves `n` global positions; returns the last one. */
  const reserve = (n: number) =>
    call("UpdateItem", (abortSignal) =>
      client.send(
        new UpdateItemCommand({
          TableName,
          Key: counterKey,
          UpdateExpression: "ADD #next :n",
          ExpressionAttributeNames: { "#next": "next" },
          ExpressionAttributeValues: { ":n": { N: String(n) } },
          ReturnValues: "UPDATED_NEW"
        }),
        { abortSignal }
      )
    ).pipe(
      Effect.mapError(failure("append: reserve positions")),
      Effect.flatMap((out) => decode(Counter, "append: reserve positions")(out.Attributes)),
      Effect.map((c) => c.next.N)
    )

  const putIfAbsent = (operation: string, item: Record<string, AttributeValue>) =>
    call(operation, (abortSignal) =>
      client.send(new PutItemCommand({ TableName, Item: item, ConditionExpression: "attribute_not_exists(pk)" }), {
        abortSignal
      })
    )

  const isConditionFailed = (e: AwsCallError) => e.name === "ConditionalCheckFailedException"

  /** One try: read the version, check it, reserve positions, put the item; a lost race leaves a tombstone. */
  const attempt = (stream: Kernel.StreamId, n: number, ev: string, expected: Kernel.ExpectedVersion) =>
    Effect.gen(function* () {
      const current = yield* currentVersion(stream)
      if (expected !== "any" && expected !== current) {
        return yield* new Kernel.VersionConflict({ stream, expected, actual: current })
      }
      // From here to the put (or tombstone) the positions are reserved: do not leave a hole on interruption.
      return yield* Effect.uninterruptible(
        Effect.gen(function* () {
          const last = yield* reserve(n)
          const res = yield* Clock.currentTimeMillis
          const common = {
            pk: { S: stream },
            n: { N: String(n) },
            feed: { S: feed },
            pos: { N: String(last) },
            res: { N: String(res) }
          }
          const put = yield* putIfAbsent("PutItem", {
            ...common,
            sk: { N: String(current + 1) },
            kind: { S: "append" },
            ev: { S: ev }
          }).pipe(Effect.result)
          if (put._tag === "Success") return { nextVersion: current + n, position: last }
          if (!isConditionFailed(put.failure)) return yield* failure("append: put")(put.failure)
          // Lost the race: mark our positions as never holding events so readers need not wait for them.
          // If this write fails too, the grace period covers the hole.
          yield* putIfAbsent("PutItem", {
            ...common,
            sk: { N: String(-(last - n + 1)) },
            kind: { S: "tombstone" }
          }).pipe(Effect.ignore)
          return yield* new Kernel.VersionConflict({ stream, expected, actual: yield* currentVersion(stream) })
        })
      )
    })

  const append: Kernel.EventStore["Service"]["append"] = (stream, events, expected) =>
    Effect.gen(function* () {
      if (events.length === 0) {
        const current = yield* currentVersion(stream)
        if (expected !== "any" && expected !== current) {
          return yield* new Kernel.VersionConflict({ stream, expected, actual: current })
        }
        return { nextVersion: current, position: Kernel.START }
      }
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
        kind: { S: "append" },
        n: { N: "0" },
        feed: { S: feed },
        pos: { N: "0" },
        res: { N: "0" },
        ev: { S: ev }
      })
      if (bytes > dynamoItemLimitBytes) {
        return yield* new Kernel.AppendTooLarge({ stream, bytes, limit: dynamoItemLimitBytes })
      }
      const once = attempt(stream, events.length, ev, expected)
      // With "any" a conflict only means another writer was faster: try again at the new end.
      return yield* expected === "any"
        ? once.pipe(Effect.retry({ times: 100, while: (e) => e._tag === "VersionConflict" }))
        : once
    })

  const readAll: Kernel.EventStore["Service"]["readAll"] = ({ after, limit = 100 }) =>
    Effect.gen(function* () {
      const max = Math.max(1, Math.floor(limit))
      const now = yield* Clock.currentTimeMillis
      const events: Array<Kernel.StoredEvent> = []
      let cursor = Math.max(0, Math.floor(after))
      let start: QueryCommandOutput["LastEvaluatedKey"]
      const query = {
        TableName,
        IndexName: eventStorePositionIndex,
        KeyConditionExpression: "feed = :feed AND pos > :after",
        ExpressionAttributeValues: { ":feed": { S: feed }, ":after": { N: String(cursor) } },
        Limit: max
      }
      while (true) {
        const out = yield* call("Query", (abortSignal) =>
          client.send(new QueryCommand({ ...query, ...(start ? { ExclusiveStartKey: start } : {}) }), { abortSignal })
        ).pipe(Effect.mapError(failure("readAll")))
        for (const raw of out.Items ?? []) {
          if (events.length >= max) return { events, next: cursor }
          const item = yield* toItem(raw, "readAll")
          const first = item.pos - item.n + 1
          if (first > cursor + 1) {
            // Positions cursor+1 … first-1 are reserved but not (yet) visible.
            if (now - item.res <= graceMillis) return { events, next: cursor }
            cursor = first - 1
          }
          if (item.kind === "tombstone") {
            cursor = Math.max(cursor, item.pos)
            continue
          }
          for (const e of yield* eventsOf(item, "readAll")) {
            if (e.position <= cursor) continue
            if (events.length >= max) return { events, next: cursor }
            events.push(e)
            cursor = e.position
          }
        }
        if (out.LastEvaluatedKey === undefined || events.length >= max) return { events, next: cursor }
        start = out.LastEvaluatedKey
      }
    })

  return Kernel.EventStore.of({ read, append, readAll })
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

/**
 * The DynamoDB event store configured from the environment: table `EVENT_STORE_TABLE`, optional
 * `EVENT_STORE_HOLE_GRACE_MS`, and the client from `DynamoDb.layer` (`AWS_REGION`, `AWS_ENDPOINT_URL_DYNAMODB`).
 */
export const layerDynamoEventStoreConfig: Layer.Layer<Kernel.EventStore, Config.ConfigError> = Layer.unwrap(
  Effect.gen(function* () {
    const tableName = yield* Config.String("EVENT_STORE_TABLE")
    const grace = yield* Config.Int("EVENT_STORE_HOLE_GRACE_MS").pipe(Config.withDefault(30_000))
    return layerDynamoEventStore({ tableName, holeGracePeriod: Duration.millis(grace) })
  })
).pipe(Layer.provide(DynamoDb.layer))
