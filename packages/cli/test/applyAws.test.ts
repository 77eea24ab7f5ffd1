// `apply --target aws` end to end: the CLI reads a config, drives Personalize through the real SDK
// client (endpoint, region and credentials from the environment, as for any AWS tool) against the
// Personalize twin served on 127.0.0.1 (as `twin serve` does) at 10^7× speed, so every wait ends by the
// first poll, and prints a progress line per step.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb"
import { eventStoreTableDefinition } from "@personalize-ops/adapters-aws/kernel"
import {
  createActiveTable,
  type DynamoLocal,
  dynamoLocalClient,
  startDynamoLocal
} from "@personalize-ops/adapters-aws/testing"
import { startTwinServer, type TwinServer } from "@personalize-ops/adapters-memory"
import { Personalize as P } from "@personalize-ops/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { processIo, recordingIo } from "../src/Io.ts"
import { runCli } from "../src/run.ts"

const repo = join(import.meta.dirname, "..", "..", "..")
const config = (name: string) => join(repo, "examples", "configs", name)
const env = [
  "AWS_ENDPOINT_URL_PERSONALIZE",
  "AWS_ENDPOINT_URL_DYNAMODB",
  "AWS_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY"
] as const
const saved = Object.fromEntries(env.map((k) => [k, process.env[k]]))
let twin: TwinServer
const creates = () => P.ResourceKinds.reduce((n, k) => n + twin.inspector.createCount(k), 0)
// DynamoDB Local (on 127.0.0.1, started for this file) holds the provisioning ledger for --event-table.
let dynamo: DynamoLocal
let dynamoClient: DynamoDBClient

beforeAll(async () => {
  twin = await startTwinServer({ speed: 10_000_000 })
  dynamo = await startDynamoLocal()
  const dynamoEndpoint = dynamo.endpoint
  dynamoClient = dynamoLocalClient(dynamoEndpoint)
  await createActiveTable(dynamoClient, eventStoreTableDefinition("ops-events"))
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_PERSONALIZE: twin.url,
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
  dynamoClient?.destroy()
  await dynamo?.stop()
  await twin.close()
})

const cli = async (...args: ReadonlyArray<string>) => {
  const out = recordingIo()
  const code = await runCli(args, { ...out.io, readFile: processIo.readFile })
  return { code, stdout: out.stdout(), stderr: out.stderr() }
}
const apply = (...args: ReadonlyArray<string>) => cli("apply", ...args)

describe("apply --target aws", () => {
  it("provisions every resource of movielens.json through the SDK, then a second apply creates nothing", async () => {
    const first = await apply(config("movielens.json"), "--target", "aws")
    expect(first.stderr).toContain("no --event-table")
    // off a terminal, each waited-for resource's status changes as timestamped lines on stderr
    expect(first.stderr).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}SolutionVersion \S+: ACTIVE \(waiting \S+\)$/m)
    expect(first.stdout).toMatch(/Apply complete: \d+\/\d+ resources ready on the aws target/)
    expect(first.code).toBe(0)
    for (const kind of ["DatasetGroup", "SolutionVersion", "Campaign"] as const)
      expect(twin.inspector.createCount(kind), kind).toBeGreaterThan(0)
    expect(P.ResourceKinds.filter((k) => twin.inspector.createCount(k) > 0).length).toBeGreaterThan(8)

    const before = creates()
    const second = await apply(config("movielens.json"), "--target", "aws")
    expect(second.code).toBe(0)
    // Everything is adopted or unchanged: no resource, and no solution version, is created again.
    expect(creates()).toBe(before)
  })

  it("--event-table keeps the provisioning ledger in DynamoDB across runs", async () => {
    const r = await apply(config("retail-domain.json"), "--target", "aws", "--event-table", "ops-events")
    expect(r.stderr).not.toContain("no --event-table")
    expect(r.code).toBe(0)
    const { Items } = await dynamoClient.send(
      new QueryCommand({
        TableName: "ops-events",
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: "provisioning-retail" } }
      })
    )
    expect(Items?.length ?? 0).toBeGreaterThan(0)
    const again = await apply(config("retail-domain.json"), "--target", "aws", "--event-table", "ops-events", "--quiet")
    expect(again.code).toBe(0)
    expect(again.stderr).not.toMatch(/^\d{4}-\d\d-\d\dT/m)
    expect(again.stdout).not.toContain("drift")
  })

  it("refuses local data locations (they are for the in-memory twin) before calling AWS", async () => {
    const calls = twin.inspector.callCount()
    const r = await apply(config("local-movielens.json"), "--target", "aws")
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("needs s3:// data locations")
    expect(twin.inspector.callCount()).toBe(calls)
  })

  it("without a ledger table, a changed resource the tool cannot prove it created is reported, exit 1", async () => {
    const first = await apply(config("movielens.json"), "--target", "aws")
    expect(first.code).toBe(0)
    const text = (await readFile(config("movielens.json"), "utf8")).replace(
      /"minProvisionedTPS":\s*2/,
      '"minProvisionedTPS": 4'
    )
    const dir = await mkdtemp(join(tmpdir(), "aws-unproven-"))
    const edited = join(dir, "movielens.json")
    await writeFile(edited, text)
    const r = await apply(edited, "--target", "aws")
    expect(r.code).toBe(1)
    expect(r.stdout).toContain("Apply INCOMPLETE")
    expect(r.stderr).toContain("cannot prove it created them")
    expect(r.stderr).toMatch(/Campaign \S+: exists with a different config and was not created by this tool/)
    const plan = await cli("plan", edited, "--target", "aws", "--json")
    expect(plan.code).toBe(1)
    expect(JSON.parse(plan.stdout).steps.some((s: { action: string }) => s.action === "Drift")).toBe(true)
    await rm(dir, { recursive: true, force: true })
  })

  it("destroy --target aws deletes the config's resources through the SDK, children first; twice is a no-op", async () => {
    expect((await apply(config("movielens.json"), "--target", "aws")).code).toBe(0)
    const destroyed = await cli("destroy", config("movielens.json"), "--target", "aws", "--json")
    // The twin refuses a parent's delete while it has children (ResourceInUseException), as AWS does,
    // so a destroy that succeeds went children first.
    expect(destroyed.code).toBe(0)
    expect(JSON.parse(destroyed.stdout).ok).toBe(true)
    const plan = await cli("plan", config("movielens.json"), "--target", "aws", "--json")
    expect(JSON.parse(plan.stdout).steps.every((s: { action: string }) => s.action === "Create")).toBe(true)
    expect((await cli("destroy", config("movielens.json"), "--target", "aws")).code).toBe(0)
  })

  it("--event-table goes with --target aws only", async () => {
    const r = await apply(config("movielens.json"), "--event-table", "events")
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("--event-table <table> goes with --target aws")
  })
})
