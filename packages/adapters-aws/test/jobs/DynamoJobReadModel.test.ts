import { CreateTableCommand, ScanCommand } from "@aws-sdk/client-dynamodb"
import { jobItem, jobsTableDefinition, layerDynamoJobReadModel } from "@personalize-ops/adapters-aws/jobs"
import { Jobs } from "@personalize-ops/core"
import { jobReadModelContract, sampleJobView } from "@personalize-ops/core/testing"
import { Effect, Layer } from "effect"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { localDynamo } from "../support/localDynamo.ts"

const dynamo = localDynamo()
const sent: Array<string> = []
let tables = 0

beforeAll(() => {
  // Every command goes through here: a Scan anywhere fails the test run.
  const send = dynamo.client.send.bind(dynamo.client)
  dynamo.client.send = ((command: { constructor: { name: string } }, ...rest: Array<unknown>) => {
    sent.push(command.constructor.name)
    if (command instanceof ScanCommand) throw new Error("the job read model must never Scan")
    return (send as (...a: Array<unknown>) => Promise<unknown>)(command, ...rest)
  }) as typeof dynamo.client.send
})
afterAll(async () => {
  assert.notInclude(sent, "ScanCommand")
  await dynamo?.close()
})

const freshLayer = () => {
  const tableName = `${dynamo.tablePrefix}-jobs-${++tables}`
  return Layer.unwrap(
    Effect.promise(() => dynamo.client.send(new CreateTableCommand(jobsTableDefinition(tableName)))).pipe(
      Effect.as(layerDynamoJobReadModel({ client: dynamo.client, tableName, retentionDays: 30 }))
    )
  )
}

jobReadModelContract("DynamoDB (DynamoDB Local)", freshLayer, { jobs: 30 })

describe("DynamoDB job read model specifics", () => {
  it("only ever issues GetItem, PutItem, UpdateItem and Query", () => {
    assert.includeMembers(sent, ["QueryCommand", "GetItemCommand", "PutItemCommand", "UpdateItemCommand"])
    assert.deepStrictEqual(
      [...new Set(sent)].filter(
        (c) =>
          !["CreateTableCommand", "QueryCommand", "GetItemCommand", "PutItemCommand", "UpdateItemCommand"].includes(c)
      ),
      []
    )
  })

  it("sets a TTL on finished jobs only, and the table definition has a GSI per filter", async () => {
    const def = jobsTableDefinition("t")
    assert.deepStrictEqual(
      def.GlobalSecondaryIndexes?.map((g) => g.IndexName),
      ["byCreated", "byStatus", "byTaskType", "byQueue", "byRegion"]
    )
    const program = Effect.gen(function* () {
      const rm = yield* Jobs.JobReadModel
      yield* rm.upsert({ ...sampleJobView(1, 2), status: "FAILED" })
      yield* rm.upsert(sampleJobView(2, 1))
    })
    const tableName = `${dynamo.tablePrefix}-jobs-${++tables}`
    await dynamo.client.send(new CreateTableCommand(jobsTableDefinition(tableName)))
    await Effect.runPromise(
      Effect.provide(program, layerDynamoJobReadModel({ client: dynamo.client, tableName, retentionDays: 30 }))
    )
    const { GetItemCommand } = await import("@aws-sdk/client-dynamodb")
    const finished = await dynamo.client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: "JOB#job-001" }, sk: { S: "VIEW" } } })
    )
    const running = await dynamo.client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: "JOB#job-002" }, sk: { S: "VIEW" } } })
    )
    const view = sampleJobView(1, 2)
    assert.strictEqual(finished.Item?.["expiresAt"]?.N, String(Math.floor((view.since + 30 * 86_400_000) / 1000)))
    assert.isUndefined(running.Item?.["expiresAt"])
    assert.isUndefined(finished.Item?.["pending"], "counter deltas are settled")
  })

  it("finishes the counters of a write that stopped after the item was stored", async () => {
    const tableName = `${dynamo.tablePrefix}-jobs-${++tables}`
    await dynamo.client.send(new CreateTableCommand(jobsTableDefinition(tableName)))
    const view = sampleJobView(3, 1)
    const deltas = Jobs.statsDelta(undefined, Jobs.toSummary(view))
    // as if the Lambda died right after PutItem: the item is there, its counter deltas are pending
    const { PutItemCommand } = await import("@aws-sdk/client-dynamodb")
    await dynamo.client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...jobItem(view, 86_400_000), pending: { S: JSON.stringify(deltas) } }
      })
    )
    const stats = await Effect.runPromise(
      Effect.gen(function* () {
        const rm = yield* Jobs.JobReadModel
        assert.strictEqual((yield* rm.stats({})).total, 0)
        // the redelivery re-projects the same version: nothing new is written, the pending counters are applied
        assert.strictEqual(yield* rm.upsert(view), "unchanged")
        yield* rm.upsert(view)
        return yield* rm.stats({})
      }).pipe(Effect.provide(layerDynamoJobReadModel({ client: dynamo.client, tableName })))
    )
    assert.strictEqual(stats.total, 1)
    assert.strictEqual(stats.byStatus["RUNNABLE"], 1)
  })
})
