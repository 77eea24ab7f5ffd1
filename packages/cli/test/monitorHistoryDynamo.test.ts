// `monitor history <arn> --event-table TABLE` against DynamoDB Local: the decisions are recorded in the
// DynamoDB event store by the monitor's own use cases (runMonitor and the command use cases, replayed
// over a traffic drop by simulateMonitor on that store, as the deployed functions record them with
// EVENT_STORE_TABLE), then read back by the CLI through the SDK (endpoint, region and credentials from
// the environment, as for any AWS tool).
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { type DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb"
import { DynamoDb, layerDynamoEventStore } from "@personalize-ops/adapters-aws"
import { eventStoreTableDefinition } from "@personalize-ops/adapters-aws/kernel"
import {
  createActiveTable,
  type DynamoLocal,
  dynamoLocalClient,
  startDynamoLocal
} from "@personalize-ops/adapters-aws/testing"
import { parseTrafficSpec, simulateMonitor } from "@personalize-ops/adapters-memory"
import { Kernel, Monitoring } from "@personalize-ops/core"
import { Effect, Layer, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { recordingIo, runCli } from "../src/index.ts"

const table = "monitor-events"
const env = ["AWS_ENDPOINT_URL_DYNAMODB", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] as const
const saved = Object.fromEntries(env.map((k) => [k, process.env[k]]))
let dynamo: DynamoLocal
let client: DynamoDBClient

beforeAll(async () => {
  dynamo = await startDynamoLocal()
  client = dynamoLocalClient(dynamo.endpoint)
  await createActiveTable(client, eventStoreTableDefinition(table))
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test"
  })
  // A JVM starting on a busy 2-core machine: slow is not wrong.
}, 240_000)
afterAll(async () => {
  for (const k of env)
    if (saved[k] === undefined) delete process.env[k]
    else process.env[k] = saved[k]
  client?.destroy()
  await dynamo?.stop()
})

const examples = join(import.meta.dirname, "..", "..", "..", "examples", "monitoring")
const shop = "arn:aws:personalize:us-east-1:123456789012:campaign/movies-personalization"
const rerank = "arn:aws:personalize:us-east-1:123456789012:campaign/movies-rerank"

describe("personalize-ops monitor history --event-table (DynamoDB Local)", () => {
  it("prints a campaign's decisions, recorded in the DynamoDB event store, with their reasons and savings", async () => {
    const decoded = Monitoring.decodeDashboardResources(
      JSON.parse(await readFile(join(examples, "campaigns.json"), "utf8"))
    )
    if (Result.isFailure(decoded)) throw new Error(decoded.failure.message)
    const prices = Monitoring.decodePriceTable(JSON.parse(await readFile(join(examples, "prices.json"), "utf8")))
    if (Result.isFailure(prices)) throw new Error(prices.failure.message)
    const drop = parseTrafficSpec("step:8:1:1d", 14 * 86_400_000, 1)
    const steady = parseTrafficSpec("constant:9", 14 * 86_400_000, 1)
    if (!("profile" in drop) || !("profile" in steady)) throw new Error("traffic spec")
    const store = await Effect.runPromise(
      Effect.gen(function* () {
        return yield* Kernel.EventStore
      }).pipe(
        Effect.provide(layerDynamoEventStore({ tableName: table }).pipe(Layer.provide(DynamoDb.layerClient(client))))
      )
    )
    const simulation = await Effect.runPromise(
      simulateMonitor({
        resources: decoded.success,
        traffic: (r) => (r.arn === shop ? drop.profile : steady.profile),
        days: 2,
        settings: { ...Monitoring.defaultSettings, regions: [], prices: prices.success },
        eventStore: store
      })
    )
    expect(simulation.decisions.filter((d) => d.arn === shop)).toHaveLength(3)

    // The events are in the table itself, in the campaign's stream.
    const items = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: `monitor-${shop}` } }
      })
    )
    expect(items.Items?.length).toBeGreaterThanOrEqual(6)

    const rec = recordingIo()
    expect(await runCli(["monitor", "history", shop, "--event-table", table], rec.io)).toBe(0)
    const lines = rec.stdout().split("\n")
    expect(lines[0]).toBe(`${shop}: 6 events`)
    expect(lines.filter((l) => l.includes("step-down decided: min TPS 5 → 3 (−2 TPS, saves"))).toHaveLength(1)
    expect(lines.filter((l) => l.includes("min TPS set to"))).toHaveLength(3)
    expect(rec.stdout()).toContain("14-day hourly low watermark")

    const json = recordingIo()
    expect(await runCli(["monitor", "history", shop, "--event-table", table, "--json"], json.io)).toBe(0)
    const parsed = JSON.parse(json.stdout()) as {
      entries: Array<{ type: string; savingPerHour?: { amount: number; currency: string } }>
    }
    expect(parsed.entries.map((e) => e.type)).toEqual([
      "MinTpsStepDownDecided",
      "MinTpsUpdated",
      "MinTpsStepDownDecided",
      "MinTpsUpdated",
      "MinTpsStepDownDecided",
      "MinTpsUpdated"
    ])
    expect(parsed.entries.filter((e) => e.savingPerHour !== undefined).map((e) => e.savingPerHour?.currency)).toEqual([
      "USD",
      "USD",
      "USD"
    ])

    const other = recordingIo()
    expect(await runCli(["monitor", "history", rerank, "--event-table", table], other.io)).toBe(0)
    expect(other.stdout()).toBe(`${rerank}: no decisions recorded\n`)
    const both = recordingIo()
    expect(await runCli(["monitor", "history", shop, "--event-table", table, "--state", "s.db"], both.io)).toBe(2)
    expect(both.stderr()).toContain("not both")
  }, 600_000)

  it("a table that does not exist exits 2 naming the failure", async () => {
    const rec = recordingIo()
    expect(await runCli(["monitor", "history", shop, "--event-table", "no-such-table"], rec.io)).toBe(2)
    expect(rec.stderr()).toMatch(
      /^personalize-ops monitor history: EventStoreFailure: .*ResourceNotFoundException.*\n$/
    )
  }, 120_000)
})
