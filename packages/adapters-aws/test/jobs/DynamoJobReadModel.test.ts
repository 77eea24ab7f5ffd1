import { CreateTableCommand, QueryCommand, ScanCommand } from "@aws-sdk/client-dynamodb"
import { jobsTableDefinition, layerDynamoJobReadModel } from "@personalize-ops/adapters-aws/jobs"
import { DynamoDb } from "@personalize-ops/adapters-aws/sdk/DynamoDb"
import { Jobs } from "@personalize-ops/core"
import { atTime, contractNow, jobReadModelContract, sampleJobView } from "@personalize-ops/core/testing"
import { Effect, Layer } from "effect"
import fc from "fast-check"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { localDynamo } from "../support/localDynamo.ts"

const dynamo = localDynamo()
const sent: Array<string> = []
const queries: Array<{ readonly index?: string; readonly partition?: string }> = []
let tables = 0

beforeAll(() => {
  // Every command goes through here: a Scan anywhere fails the test run.
  const send = dynamo.client.send.bind(dynamo.client)
  dynamo.client.send = ((command: { constructor: { name: string } }, ...rest: Array<unknown>) => {
    sent.push(command.constructor.name)
    if (command instanceof ScanCommand) throw new Error("the job read model must never Scan")
    if (command instanceof QueryCommand) {
      queries.push({
        ...(command.input.IndexName === undefined ? {} : { index: command.input.IndexName }),
        ...(command.input.ExpressionAttributeValues?.[":p"]?.S === undefined
          ? {}
          : { partition: command.input.ExpressionAttributeValues[":p"].S })
      })
    }
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
      Effect.as(
        layerDynamoJobReadModel({ tableName, retentionDays: 30 }).pipe(
          Layer.provide(DynamoDb.layerClient(dynamo.client))
        )
      )
    )
  )
}

jobReadModelContract("DynamoDB (DynamoDB Local)", freshLayer, { jobs: 30, retentionDays: 30 })

describe("DynamoDB job read model specifics", () => {
  it("only ever issues GetItem, TransactWriteItems and Query", () => {
    assert.includeMembers(sent, ["QueryCommand", "GetItemCommand", "TransactWriteItemsCommand"])
    assert.deepStrictEqual(
      [...new Set(sent)].filter(
        (c) => !["CreateTableCommand", "QueryCommand", "GetItemCommand", "TransactWriteItemsCommand"].includes(c)
      ),
      []
    )
  })

  it("answers a multi-value filter from the index of its fewest values, one partition per value", async () => {
    const layer = freshLayer()
    const program = Effect.gen(function* () {
      const rm = yield* Jobs.JobReadModel
      for (let i = 0; i < 12; i++) yield* rm.upsert(sampleJobView(i, 2))
      queries.length = 0
      const page = yield* rm.list({ statuses: ["FAILED", "RUNNING", "SUCCEEDED"], regions: ["eu-west-1"], limit: 50 })
      const asked = [...queries]
      queries.length = 0
      yield* rm.list({ statuses: ["FAILED", "SUCCEEDED"], limit: 50 })
      const byStatus = [...queries]
      queries.length = 0
      yield* rm.list({ memberOf: "job-001" })
      return { page, asked, byStatus, members: [...queries] }
    })
    const { page, asked, byStatus, members } = await Effect.runPromise(Effect.provide(program, layer))
    assert.deepStrictEqual(asked, [{ index: "byRegion", partition: "REGION#eu-west-1" }])
    assert.sameMembers(
      byStatus.map((q) => `${q.index} ${q.partition}`),
      ["byStatus STATUS#FAILED", "byStatus STATUS#SUCCEEDED"]
    )
    assert.deepStrictEqual(members, [{ index: "byParent", partition: "PARENT#job-001" }])
    const expected = Array.from({ length: 12 }, (_, i) => Jobs.toSummary(sampleJobView(i, 2)))
      .filter((j) => ["FAILED", "RUNNING", "SUCCEEDED"].includes(j.status) && j.region === "eu-west-1")
      .sort(Jobs.compareNewestFirst)
    assert.isAbove(expected.length, 0)
    assert.deepStrictEqual(page.jobs, expected)
  })

  it("sets a TTL on finished jobs only, and the table definition has a GSI per filter", async () => {
    const def = jobsTableDefinition("t")
    assert.deepStrictEqual(
      def.GlobalSecondaryIndexes?.map((g) => g.IndexName),
      ["byCreated", "byStatus", "byTaskType", "byQueue", "byRegion", "byParent"]
    )
    const program = Effect.gen(function* () {
      const rm = yield* Jobs.JobReadModel
      yield* rm.upsert({ ...sampleJobView(1, 2), status: "FAILED" })
      yield* rm.upsert(sampleJobView(2, 1))
    })
    const tableName = `${dynamo.tablePrefix}-jobs-${++tables}`
    await dynamo.client.send(new CreateTableCommand(jobsTableDefinition(tableName)))
    await Effect.runPromise(
      Effect.provide(
        program,
        layerDynamoJobReadModel({ tableName, retentionDays: 30 }).pipe(
          Layer.provide(DynamoDb.layerClient(dynamo.client))
        )
      )
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
  })

  it("property: concurrent and redelivered updates converge to the counts of the final views", async () => {
    const delivery = fc.record({ job: fc.integer({ min: 0, max: 3 }), version: fc.integer({ min: 1, max: 3 }) })
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(delivery, { minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 4 }),
        async (writers) => {
          const concurrent = `${dynamo.tablePrefix}-jobs-${++tables}`
          const sequential = `${dynamo.tablePrefix}-jobs-${++tables}`
          for (const t of [concurrent, sequential]) {
            await dynamo.client.send(new CreateTableCommand(jobsTableDefinition(t)))
          }
          const view = (d: { job: number; version: number }) => ({
            ...sampleJobView(d.job, d.version),
            version: d.version
          })
          const onTable = (tableName: string) =>
            layerDynamoJobReadModel({ tableName }).pipe(Layer.provide(DynamoDb.layerClient(dynamo.client)))
          // Writers deliver at once, each its own list in order (a redelivery repeats a view). The clock is
          // fixed near the sample views: on a later date their finished jobs would have expired.
          await Effect.runPromise(
            Effect.gen(function* () {
              const rm = yield* Jobs.JobReadModel
              yield* Effect.forEach(writers, (ds) => Effect.forEach(ds, (d) => rm.upsert(view(d))), {
                concurrency: "unbounded"
              })
            }).pipe(
              Effect.provide(onTable(concurrent)),
              atTime(() => contractNow)
            )
          )
          // The same jobs written once each, at their highest delivered version, one after another.
          const final = new Map<number, number>()
          for (const d of writers.flat()) final.set(d.job, Math.max(final.get(d.job) ?? 0, d.version))
          const [got, expected] = await Promise.all(
            [concurrent, sequential].map((t, i) =>
              Effect.runPromise(
                Effect.gen(function* () {
                  const rm = yield* Jobs.JobReadModel
                  if (i === 1) for (const [job, version] of final) yield* rm.upsert(view({ job, version }))
                  const views = yield* Effect.forEach([...final.keys()], (job) => rm.get(sampleJobView(job).jobId))
                  return { stats: yield* rm.stats({}), versions: views.map((v) => v?.version) }
                }).pipe(
                  Effect.provide(onTable(t)),
                  atTime(() => contractNow)
                )
              )
            )
          )
          assert.deepStrictEqual(got!.versions, [...final.values()], "each job holds its newest view")
          assert.deepStrictEqual(got!.stats, expected!.stats, "counters are exact")
        }
      ),
      { numRuns: 12 }
    )
  }, 600_000)
})
