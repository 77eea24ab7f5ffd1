// Behaviour specific to the DynamoDB store: global positions with holes, tombstones and the grace
// period; the item size check; SDK error mapping; the layer wiring. The port contract is in
// DynamoEventStore.test.ts.
import { type DynamoDBClient, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb"
import { assert, describe, it } from "@effect/vitest"
import { Kernel } from "@personalize-ops/core"
import { ConfigProvider, Deferred, Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import { afterAll, beforeAll, vi } from "vitest"
import {
  AwsCallError,
  DynamoDb,
  type DynamoEventStoreOptions,
  eventStoreTableDefinition,
  layerDynamoEventStore,
  layerDynamoEventStoreConfig,
  makeDynamoEventStore
} from "../../src/index.ts"
import { createActiveTable, type LocalDynamo, startDynalite } from "../support/dynalite.ts"

let local: LocalDynamo
let tables = 0
beforeAll(async () => {
  local = await startDynalite()
})
afterAll(async () => {
  await local.close()
})

const meta = { at: 0, correlationId: "c", actor: "test" }
const ev = (n: number): Kernel.NewEvent => ({ type: "Counted", schemaVersion: 1, data: { n }, metadata: meta })

/** What a test sees of each SDK command the store sends. */
interface Sent {
  readonly name: string
  readonly input: { readonly Item?: Record<string, { readonly S?: string }> }
}

/** A client that lets a test run `before` ahead of each command (to delay it, fail it, or count it). */
const intercepted = (before: (sent: Sent) => Promise<void> | void): Pick<DynamoDBClient, "send"> => ({
  send: (async (command: { constructor: { name: string }; input: Sent["input"] }, options: unknown) => {
    await before({ name: command.constructor.name, input: command.input })
    return local.client.send(command as never, options as never)
  }) as unknown as DynamoDBClient["send"]
})

const newTable = Effect.promise(async () => {
  const tableName = `holes-${++tables}`
  await createActiveTable(local.client, eventStoreTableDefinition(tableName))
  return tableName
})

const storeOn = (
  tableName: string,
  client: Pick<DynamoDBClient, "send"> = local.client,
  options: Partial<DynamoEventStoreOptions> = {}
) => makeDynamoEventStore(client, { tableName, ...options })

/** Holds the append item put of one stream until the test releases it. */
const holdPutOf = (stream: string) =>
  Effect.gen(function* () {
    const reached = yield* Deferred.make<void>()
    const release = yield* Deferred.make<void>()
    const client = intercepted(async (sent) => {
      if (sent.name === "PutItemCommand" && sent.input.Item?.pk?.S === stream && sent.input.Item.kind?.S === "append") {
        Effect.runSync(Deferred.succeed(reached, undefined))
        await Effect.runPromise(Deferred.await(release))
      }
    })
    return { client, reached: Deferred.await(reached), release: Deferred.succeed(release, undefined) }
  })

const positions = (page: Kernel.AllPage) => page.events.map((e) => [e.stream, e.version, e.position] as const)

describe("DynamoDB event store: the global order", () => {
  it.effect("readAll waits at the positions of a writer that has not committed, then delivers them in order", () =>
    Effect.gen(function* () {
      const table = yield* newTable
      const slow = Kernel.streamId("job", "slow")
      const fast = Kernel.streamId("job", "fast")
      const hold = yield* holdPutOf(slow)
      const store = storeOn(table)
      const pending = yield* Effect.forkChild(storeOn(table, hold.client).append(slow, [ev(1), ev(2)], 0))
      yield* hold.reached // positions 1–2 reserved, item not yet written
      yield* store.append(fast, [ev(3)], 0)
      assert.deepStrictEqual(yield* store.readAll({ after: 0 }), { events: [], next: 0 }, "stops at the hole")
      yield* hold.release
      assert.deepStrictEqual(yield* Fiber.join(pending), { nextVersion: 2, position: 2 })
      const page = yield* store.readAll({ after: 0 })
      assert.deepStrictEqual(positions(page), [
        [slow, 1, 1],
        [slow, 2, 2],
        [fast, 1, 3]
      ])
      assert.strictEqual(page.next, 3)
    })
  )

  it.effect("a writer that lost the race leaves a tombstone, which readAll passes without waiting", () =>
    Effect.gen(function* () {
      const table = yield* newTable
      const s = Kernel.streamId("job", "race")
      const hold = yield* holdPutOf(s)
      const store = storeOn(table)
      const loser = yield* Effect.forkChild(Effect.flip(storeOn(table, hold.client).append(s, [ev(1)], 0)))
      yield* hold.reached // read version 0, reserved position 1
      yield* store.append(s, [ev(2)], 0) // reads version 0 too, reserves position 2, wins
      yield* hold.release
      const conflict = yield* Fiber.join(loser)
      assert.instanceOf(conflict, Kernel.VersionConflict)
      assert.include(conflict, { expected: 0, actual: 1 })
      const page = yield* store.readAll({ after: 0 })
      assert.deepStrictEqual(positions(page), [[s, 1, 2]])
      assert.deepStrictEqual(
        (yield* store.read(s)).map((e) => e.data),
        [{ n: 2 }]
      )
      assert.deepStrictEqual(yield* store.readAll({ after: page.next }), { events: [], next: 2 })
    })
  )

  it.effect("a reservation abandoned by a crashed writer is skipped once older than the grace period", () =>
    Effect.gen(function* () {
      const table = yield* newTable
      const store = storeOn(table, local.client, { holeGracePeriod: "10 seconds" })
      // A writer reserved positions 1–2 and died before writing its item.
      yield* Effect.promise(() =>
        local.client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: { S: "$position" }, sk: { N: "0" } },
            UpdateExpression: "ADD #next :n",
            ExpressionAttributeNames: { "#next": "next" },
            ExpressionAttributeValues: { ":n": { N: "2" } }
          })
        )
      )
      const s = Kernel.streamId("job", "after-crash")
      yield* store.append(s, [ev(1)], 0)
      yield* TestClock.adjust("10 seconds")
      assert.deepStrictEqual(yield* store.readAll({ after: 0 }), { events: [], next: 0 }, "within the grace period")
      yield* TestClock.adjust("1 second")
      const page = yield* store.readAll({ after: 0 })
      assert.deepStrictEqual(positions(page), [[s, 1, 3]])
      assert.strictEqual(page.next, 3)
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

  // Live clock: the backoff sleeps ~100 ms, after HTTP calls a virtual clock could not wait for.
  it.live("retries a throttled call with backoff", () =>
    Effect.gen(function* () {
      const table = yield* newTable
      let throttles = 1
      const store = storeOn(
        table,
        intercepted((sent) => {
          if (sent.name === "PutItemCommand" && throttles-- > 0) {
            throw Object.assign(new Error("slow down"), { name: "ProvisionedThroughputExceededException" })
          }
        })
      )
      const s = Kernel.streamId("job", "throttled")
      assert.deepStrictEqual(yield* store.append(s, [ev(1)], 0), { nextVersion: 1, position: 1 })
      assert.strictEqual(throttles, -1, "the put was sent twice")
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
              kind: { S: "append" },
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

  it.effect("layerDynamoEventStoreConfig reads the table and endpoint from config", () =>
    Effect.gen(function* () {
      const tableName = yield* newTable
      const s = Kernel.streamId("job", "config")
      yield* storeOn(tableName).append(s, [ev(7)], 0)
      const config = ConfigProvider.layer(
        ConfigProvider.fromUnknown({
          EVENT_STORE_TABLE: tableName,
          AWS_REGION: "us-east-1",
          AWS_ENDPOINT_URL_DYNAMODB: local.endpoint
        })
      )
      // The SDK's default credential chain reads these; dynalite accepts any signature.
      vi.stubEnv("AWS_ACCESS_KEY_ID", "local")
      vi.stubEnv("AWS_SECRET_ACCESS_KEY", "local")
      const read = yield* Effect.gen(function* () {
        return yield* (yield* Kernel.EventStore).read(s)
      }).pipe(Effect.provide(layerDynamoEventStoreConfig.pipe(Layer.provide(config))))
      vi.unstubAllEnvs()
      assert.deepStrictEqual(
        read.map((e) => e.data),
        [{ n: 7 }]
      )
    })
  )
})
