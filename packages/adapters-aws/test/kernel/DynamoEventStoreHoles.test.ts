// Behaviour specific to the DynamoDB store: one idempotent transaction per append, the sequencer and
// gaps in the position index; the item size check; SDK error mapping; the layer wiring. The port contract is in
// DynamoEventStore.test.ts.
import { type DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb"
import { assert, describe, it } from "@effect/vitest"
import { Kernel } from "@personalize-ops/core"
import { ConfigProvider, Effect, Layer } from "effect"
import { afterAll, vi } from "vitest"
import {
  AwsCallError,
  DynamoDb,
  type DynamoEventStoreOptions,
  eventStoreTableDefinition,
  layerDynamoEventStore,
  makeDynamoEventStore
} from "../../src/index.ts"
import { createActiveTable, localDynamo } from "../support/localDynamo.ts"

const local = localDynamo()
let tables = 0
afterAll(async () => {
  await local.close()
})

const meta = { at: 0, correlationId: "c", actor: "test" }
const ev = (n: number): Kernel.NewEvent => ({ type: "Counted", schemaVersion: 1, data: { n }, metadata: meta })

/** What a test sees of each SDK command the store sends. */
interface Sent {
  readonly name: string
  readonly input: {
    readonly Item?: Record<string, { readonly S?: string }>
    readonly ClientRequestToken?: string
    readonly TransactItems?: ReadonlyArray<{
      readonly Put?: { readonly Item?: Record<string, { readonly S?: string }> }
    }>
  }
}

type Send = (command: never, options: never) => Promise<unknown>

/**
 * A client that lets a test wrap each command the store sends: `around(sent, send)` may delay it,
 * fail it, send it twice (an SDK retry), or count it.
 */
const wrapped = (
  around: (sent: Sent, send: () => Promise<unknown>) => Promise<unknown>
): Pick<DynamoDBClient, "send"> => ({
  send: (async (command: { constructor: { name: string }; input: Sent["input"] }, options: unknown) =>
    around({ name: command.constructor.name, input: command.input }, () =>
      (local.client.send as unknown as Send)(command as never, options as never)
    )) as unknown as DynamoDBClient["send"]
})

/** A client that lets a test run `before` ahead of each command (to delay it, fail it, or count it). */
const intercepted = (before: (sent: Sent) => Promise<void> | void): Pick<DynamoDBClient, "send"> =>
  wrapped(async (sent, send) => {
    await before(sent)
    return send()
  })

const newTable = Effect.promise(async () => {
  const tableName = `${local.tablePrefix}-holes-${++tables}`
  await createActiveTable(local.client, eventStoreTableDefinition(tableName))
  return tableName
})

const storeOn = (
  tableName: string,
  client: Pick<DynamoDBClient, "send"> = local.client,
  options: Partial<DynamoEventStoreOptions> = {}
) => makeDynamoEventStore(client, { tableName, ...options })

const appendPut = (sent: Sent) => sent.input.TransactItems?.find((a) => a.Put !== undefined)?.Put?.Item

const positions = (page: Kernel.AllPage) => page.events.map((e) => [e.stream, e.version, e.position] as const)

describe("DynamoDB event store: one transaction per append", () => {
  it.effect("an SDK retry of a committed append (response lost) is a success, stored once", () =>
    Effect.gen(function* () {
      const table = yield* newTable
      const tokens: Array<string | undefined> = []
      // The first response of every append is lost after DynamoDB committed it; the retry resends
      // the same command, as the SDK's retry does.
      const lossy = wrapped(async (sent, send) => {
        if (appendPut(sent) === undefined) return send()
        tokens.push(sent.input.ClientRequestToken)
        await send()
        return send()
      })
      const store = storeOn(table, lossy)
      const s = Kernel.streamId("job", "lost")
      assert.deepStrictEqual(yield* store.append(s, [ev(1), ev(2)], 0), { nextVersion: 2 })
      assert.deepStrictEqual(yield* store.append(s, [ev(3)], "any"), { nextVersion: 3 })
      assert.deepStrictEqual(yield* store.append(s, [ev(4)], 3), { nextVersion: 4 })
      assert.strictEqual(new Set(tokens).size, 3, "one ClientRequestToken per append")
      assert.isTrue(tokens.every((t) => typeof t === "string" && t.length > 0 && t.length <= 36))
      const read = yield* storeOn(table).read(s)
      assert.deepStrictEqual(
        read.map((e) => e.data),
        [1, 2, 3, 4].map((n) => ({ n }))
      )
      const all = yield* storeOn(table).readAll({ after: 0 })
      assert.deepStrictEqual(
        all.events.map((e) => e.position),
        [1, 2, 3, 4]
      )
    })
  )

  // Live clock: the backoff sleeps ~100 ms, after HTTP calls a virtual clock could not wait for.
  it.live("a throttled append is retried with backoff and resent with the same token", () =>
    Effect.gen(function* () {
      const table = yield* newTable
      const tokens: Array<string | undefined> = []
      let throttles = 2
      const store = storeOn(
        table,
        intercepted((sent) => {
          if (appendPut(sent) === undefined) return
          tokens.push(sent.input.ClientRequestToken)
          if (throttles-- > 0) {
            throw Object.assign(new Error("slow down"), { name: "ProvisionedThroughputExceededException" })
          }
        })
      )
      const s = Kernel.streamId("job", "throttled-token")
      assert.deepStrictEqual(yield* store.append(s, [ev(1)], 0), { nextVersion: 1 })
      assert.strictEqual(tokens.length, 3)
      assert.strictEqual(new Set(tokens).size, 1)
    })
  )

  it.effect("a conflict names the head's version without another read", () =>
    Effect.gen(function* () {
      const table = yield* newTable
      const calls: Array<string> = []
      const store = storeOn(
        table,
        intercepted((sent) => {
          calls.push(sent.name)
        })
      )
      const s = Kernel.streamId("job", "conflict")
      yield* store.append(s, [ev(1), ev(2)], 0)
      calls.length = 0
      const conflict = yield* Effect.flip(store.append(s, [ev(3)], 1))
      assert.include(conflict, { _tag: "VersionConflict", expected: 1, actual: 2 })
      assert.deepStrictEqual(calls, ["TransactWriteItemsCommand"])
    })
  )
})

describe("DynamoDB event store: the global order", () => {
  it.effect("an append committed by a writer that died before anything else is sequenced by the next reader", () =>
    Effect.gen(function* () {
      const table = yield* newTable
      const s = Kernel.streamId("job", "died")
      // The writer's process ends right after its transaction: no other call of it ever runs.
      yield* storeOn(table).append(s, [ev(1), ev(2)], 0)
      const raw = yield* Effect.promise(() =>
        local.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: s }, sk: { N: "1" } } }))
      )
      assert.strictEqual(raw.Item?.["pend"]?.S, "p", "committed, not yet sequenced")
      assert.isUndefined(raw.Item?.["pos"])
      const page = yield* storeOn(table).readAll({ after: 0 })
      assert.deepStrictEqual(positions(page), [
        [s, 1, 1],
        [s, 2, 2]
      ])
    })
  )

  it.effect("readAll stops at a gap in the positions (an item the index does not show yet) and skips nothing", () =>
    Effect.gen(function* () {
      const table = yield* newTable
      const store = storeOn(table)
      const a = Kernel.streamId("job", "a")
      yield* store.append(a, [ev(1)], 0)
      assert.strictEqual((yield* store.readAll({ after: 0 })).next, 1)
      // Position 3 is visible while position 2 is not (GSI lag in real DynamoDB).
      yield* Effect.promise(() =>
        local.client.send(
          new PutItemCommand({
            TableName: table,
            Item: {
              pk: { S: "job-late" },
              sk: { N: "1" },
              n: { N: "1" },
              feed: { S: "all" },
              pos: { N: "3" },
              at: { N: "0" },
              ev: { S: JSON.stringify([{ type: "Counted", schemaVersion: 1, data: { n: 9 }, metadata: meta }]) }
            }
          })
        )
      )
      assert.deepStrictEqual(yield* store.readAll({ after: 1 }), { events: [], next: 1 }, "waits at position 2")
    })
  )

  it.effect("concurrent sequencer passes hand out every position once", () =>
    Effect.gen(function* () {
      const table = yield* newTable
      const store = storeOn(table)
      const streams = Array.from({ length: 6 }, (_, i) => Kernel.streamId("job", `p${i}`))
      for (const [i, s] of streams.entries()) yield* store.append(s, [ev(i), ev(i)], 0)
      const readers = yield* Effect.forEach(streams, () => store.readAll({ after: 0, limit: 1000 }), {
        concurrency: "unbounded"
      })
      const final = yield* store.readAll({ after: 0, limit: 1000 })
      assert.deepStrictEqual(
        final.events.map((e) => e.position),
        Array.from({ length: 12 }, (_, i) => i + 1)
      )
      for (const page of readers) {
        assert.deepStrictEqual(page.events, final.events.slice(0, page.events.length), "every reader sees a prefix")
      }
    })
  )
})

describe("DynamoDB event store: limits and failures", () => {
  it.effect("reads streams and the log beyond one 1 MB query page", () =>
    Effect.gen(function* () {
      const table = yield* newTable
      let queries = 0
      const store = storeOn(
        table,
        intercepted((sent) => {
          if (sent.name === "QueryCommand") queries += 1
        })
      )
      const s = Kernel.streamId("job", "wide")
      const blob = "x".repeat(300_000)
      for (let v = 0; v < 5; v++) {
        yield* store.append(s, [{ ...ev(v), data: { v, blob } }], v)
      }
      queries = 0
      const read = yield* store.read(s)
      assert.deepStrictEqual(
        read.map((e) => (e.data as { v: number }).v),
        [0, 1, 2, 3, 4]
      )
      assert.isAtLeast(queries, 2, "1.5 MB of items take more than one page")
      const page = yield* store.readAll({ after: 0, limit: 10 })
      assert.deepStrictEqual(
        page.events.map((e) => e.position),
        [1, 2, 3, 4, 5]
      )
    })
  )

  it.effect("rejects an item over 400 KB without calling DynamoDB", () =>
    Effect.gen(function* () {
      const table = yield* newTable
      const calls: Array<string> = []
      const store = storeOn(
        table,
        intercepted((sent) => {
          calls.push(sent.name)
        })
      )
      const s = Kernel.streamId("job", "big")
      // 200,000 two-byte characters: 400,000 bytes of UTF-8 in a 200,000-character string.
      const big = { ...ev(0), data: { blob: "é".repeat(205_000) } }
      const error = yield* Effect.flip(store.append(s, [big], 0))
      assert.instanceOf(error, Kernel.AppendTooLarge)
      assert.strictEqual(error.limit, 400 * 1024)
      assert.isAbove(error.bytes, 410_000)
      assert.deepStrictEqual(calls, [])
    })
  )

  it.effect("maps other SDK errors to EventStoreFailure with the exception name", () =>
    Effect.gen(function* () {
      const store = storeOn("no-such-table")
      const error = yield* Effect.flip(store.read(Kernel.streamId("job", "x")))
      assert.instanceOf(error, Kernel.EventStoreFailure)
      assert.instanceOf(error.cause, AwsCallError)
      assert.strictEqual((error.cause as AwsCallError).name, "ResourceNotFoundException")
      const append = yield* Effect.flip(store.append(Kernel.streamId("job", "x"), [ev(1)], 0))
      assert.strictEqual(append._tag, "EventStoreFailure")
    })
  )

  it.effect("a corrupt item is a typed failure naming the field, not a crash", () =>
    Effect.gen(function* () {
      const table = yield* newTable
      const s = Kernel.streamId("job", "corrupt")
      yield* Effect.promise(() =>
        local.client.send(
          new PutItemCommand({
            TableName: table,
            Item: {
              pk: { S: s },
              sk: { N: "1" },
              n: { N: "1" },
              feed: { S: "all" },
              pos: { N: "1" },
              res: { N: "0" },
              ev: { S: JSON.stringify([{ type: "Counted", schemaVersion: 1, data: {}, metadata: { at: -5 } }]) }
            }
          })
        )
      )
      const store = storeOn(table)
      const error = yield* Effect.flip(store.read(s))
      assert.instanceOf(error, Kernel.EventStoreFailure)
      assert.match(String(error.cause), /metadata/)
      assert.strictEqual((yield* Effect.flip(store.readAll({ after: 0 })))._tag, "EventStoreFailure")
    })
  )
})

describe("DynamoDB event store: layers", () => {
  it.effect("layerDynamoEventStore runs on the DynamoDb client service", () =>
    Effect.gen(function* () {
      const tableName = yield* newTable
      const s = Kernel.streamId("job", "layer")
      const program = Effect.gen(function* () {
        const store = yield* Kernel.EventStore
        yield* store.append(s, [ev(1)], 0)
        return yield* store.read(s)
      })
      const read = yield* program.pipe(
        Effect.provide(layerDynamoEventStore({ tableName }).pipe(Layer.provide(DynamoDb.layerClient(local.client))))
      )
      assert.strictEqual(read.length, 1)
    })
  )

  it.effect("layerDynamoEventStore on DynamoDb.layer reads the region and endpoint from config", () =>
    Effect.gen(function* () {
      const tableName = yield* newTable
      const s = Kernel.streamId("job", "config")
      yield* storeOn(tableName).append(s, [ev(7)], 0)
      const config = ConfigProvider.layer(
        ConfigProvider.fromUnknown({
          AWS_REGION: "us-east-1",
          AWS_ENDPOINT_URL_DYNAMODB: local.endpoint
        })
      )
      // The SDK's default credential chain reads these; DynamoDB Local accepts any signature.
      vi.stubEnv("AWS_ACCESS_KEY_ID", "local")
      vi.stubEnv("AWS_SECRET_ACCESS_KEY", "local")
      const read = yield* Effect.gen(function* () {
        return yield* (yield* Kernel.EventStore).read(s)
      }).pipe(
        Effect.provide(layerDynamoEventStore({ tableName }).pipe(Layer.provide(DynamoDb.layer), Layer.provide(config)))
      )
      vi.unstubAllEnvs()
      assert.deepStrictEqual(
        read.map((e) => e.data),
        [{ n: 7 }]
      )
    })
  )
})
