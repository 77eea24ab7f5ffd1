// `apply --target aws` end to end: the CLI reads a config, drives Personalize through the real SDK
// client (endpoint, region and credentials from the environment, as for any AWS tool) against the
// Personalize twin served on 127.0.0.1 (as `twin serve` does) at 10^7× speed, so every wait ends by the
// first poll, and prints a progress line per step.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { QueryCommand } from "@aws-sdk/client-dynamodb"
import { Personalize as P } from "@personalize-ops/core"
import { mlopsConfig } from "@personalize-ops/core/testing"
import { type LocalDeployment, startLocalDeployment } from "@personalize-ops/handlers/testing"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { processIo, recordingIo } from "../src/Io.ts"
import { runCli } from "../src/run.ts"

const repo = join(import.meta.dirname, "..", "..", "..")
const config = (name: string) => join(repo, "examples", "configs", name)
// The twin, DynamoDB Local (the provisioning ledger for --event-table), a local EventBridge Scheduler (the
// config's schedules, restJson1 as the service speaks it) and S3, on 127.0.0.1, started for this file.
let local: LocalDeployment
const creates = () => P.ResourceKinds.reduce((n, k) => n + local.twin.inspector.createCount(k), 0)
const maintenanceFlags = [
  "--maintenance-state-machine",
  "arn:aws:states:us-east-1:000000000000:stateMachine:acme-maintenance",
  "--scheduler-role",
  "arn:aws:iam::000000000000:role/acme-scheduler"
]

beforeAll(async () => {
  local = await startLocalDeployment({
    twin: { speed: 10_000_000 },
    eventTable: "ops-events",
    // The deployment's Personalize role, for configs that name none (as the deployed trigger reads it).
    env: { PERSONALIZE_ROLE_ARN: "arn:aws:iam::000000000000:role/PersonalizeOps" }
  })
}, 240_000)
afterAll(() => local?.close())

const cli = async (...args: ReadonlyArray<string>) => {
  const out = recordingIo()
  const code = await runCli(args, { ...out.io, readFile: processIo.readFile })
  return { code, stdout: out.stdout(), stderr: out.stderr() }
}
const apply = (...args: ReadonlyArray<string>) => cli("apply", ...args, ...maintenanceFlags)
const scheduleOperations = () => local.scheduler.received.map((r) => r.operation)

describe("apply --target aws", () => {
  it("provisions every resource of movielens.json through the SDK, then a second apply creates nothing", async () => {
    const first = await apply(config("movielens.json"), "--target", "aws")
    expect(first.stderr).toContain("no --event-table")
    // off a terminal, each waited-for resource's status changes as timestamped lines on stderr
    expect(first.stderr).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}SolutionVersion \S+: ACTIVE \(waiting \S+\)$/m)
    expect(first.stdout).toMatch(/Apply complete: \d+\/\d+ resources ready on the aws target/)
    expect(first.code).toBe(0)
    for (const kind of ["DatasetGroup", "SolutionVersion", "Campaign"] as const)
      expect(local.twin.inspector.createCount(kind), kind).toBeGreaterThan(0)
    expect(P.ResourceKinds.filter((k) => local.twin.inspector.createCount(k) > 0).length).toBeGreaterThan(8)

    // The config's 7 schedules: created through the Scheduler API, in the dataset group's schedule group.
    expect(first.stdout).toContain("Schedules (group personalize-ops-movielens): 8 created, 0 updated, 0 deleted")
    expect(scheduleOperations().filter((o) => o === "CreateScheduleGroup").length).toBe(1)
    expect(scheduleOperations().filter((o) => o === "CreateSchedule").length).toBe(7)

    const before = creates()
    const second = await apply(config("movielens.json"), "--target", "aws")
    expect(second.code).toBe(0)
    // Everything is adopted or unchanged: no resource, and no solution version, is created again.
    expect(creates()).toBe(before)
    expect(second.stdout).toContain("0 created, 0 updated, 0 deleted, 7 unchanged")
  })

  it("batch jobs are runs through the SDK: dated names, found across versions, a new run when the request changes", async () => {
    expect((await apply(config("movielens.json"), "--target", "aws")).code).toBe(0)
    const inventory = () => Effect.runPromise(local.twin.inspector.inventory)
    const runs = async () =>
      (await inventory()).filter((r) => r.kind === "BatchInferenceJob" && r.name.startsWith("movielens-nightly-recs"))
    const stamped = /^movielens-nightly-recs-\d{8}-\d{6}$/
    const before = await runs()
    expect(before.length).toBeGreaterThan(0)
    for (const r of before) expect(r.name).toMatch(stamped)
    const filter = (await inventory()).find((r) => r.kind === "Filter" && r.name === "unwatched")
    expect(before.every((r) => r.attributes.filterArn === filter?.arn && r.attributes.numResults === 50)).toBe(true)

    // A retrain outside this apply (CreateSolutionVersion over HTTP) of the solution with the segment job (and
    // no campaign, which would roll forward: without a ledger table that is reported, exit 1): its run is
    // found on the older version, so no new run and no attempt to re-create a name.
    const segments = async () => (await inventory()).filter((r) => r.kind === "BatchSegmentJob")
    const segmentsBefore = await segments()
    expect(segmentsBefore.length).toBeGreaterThan(0)
    const solution = (await inventory()).find((r) => r.kind === "Solution" && r.name === "movielens-item-affinity")
    const created = await fetch(local.twin.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AmazonPersonalize.CreateSolutionVersion"
      },
      body: JSON.stringify({ solutionArn: solution?.arn, name: "retrained-by-hand", trainingMode: "FULL" })
    }).then((r) => r.json() as Promise<{ solutionVersionArn?: string }>)
    expect(created.solutionVersionArn).toBeDefined()
    const retrained = await apply(config("movielens.json"), "--target", "aws")
    expect(retrained.stderr).not.toContain("ResourceAlreadyExists")
    expect(retrained.code).toBe(0)
    expect((await runs()).length).toBe(before.length)
    expect((await segments()).length).toBe(segmentsBefore.length)

    // The config asks for another numResults: a new dated run, on the solution's newest ACTIVE version.
    const dir = await mkdtemp(join(tmpdir(), "aws-runs-"))
    const edited = join(dir, "movielens.json")
    await writeFile(
      edited,
      (await readFile(config("movielens.json"), "utf8")).replace('"numResults": 50', '"numResults": 60')
    )
    const plan = await cli("plan", edited, "--target", "aws", "--json", ...maintenanceFlags)
    const batch = (JSON.parse(plan.stdout).steps as ReadonlyArray<{ kind: string; action: string; name: string }>)
      .filter((s) => s.kind.startsWith("Batch"))
      .map((s) => [s.action, s.name])
    expect(batch).toContainEqual(["Create", "movielens-nightly-recs"])
    expect((await apply(edited, "--target", "aws")).code).toBe(0)
    const after = await runs()
    expect(after.length).toBe(before.length + 1)
    const newest = after.find((r) => !before.some((b) => b.arn === r.arn))
    expect(newest?.name).toMatch(stamped)
    expect(newest?.attributes.numResults).toBe(60)
    const again = await cli("plan", edited, "--target", "aws", "--json", ...maintenanceFlags)
    const creates = (JSON.parse(again.stdout).steps as ReadonlyArray<{ kind: string; action: string }>).filter(
      (s) => s.kind.startsWith("Batch") && s.action === "Create"
    )
    expect(creates).toEqual([])
    await rm(dir, { recursive: true, force: true })
  })

  it("an edited schedule expression is updated and a removed one deleted, through the Scheduler API", async () => {
    expect((await apply(config("movielens.json"), "--target", "aws")).code).toBe(0)
    const text = (await readFile(config("movielens.json"), "utf8"))
      .replace('"schedule": "cron(15 1 * * ? *)"', '"schedule": "cron(30 1 * * ? *)"')
      .replace('"schedules": { "full": "cron(0 4 1 * ? *)" },', "")
    const dir = await mkdtemp(join(tmpdir(), "aws-schedules-"))
    const edited = join(dir, "movielens.json")
    await writeFile(edited, text)
    const plan = await cli("plan", edited, "--target", "aws", "--json", ...maintenanceFlags)
    const steps = (JSON.parse(plan.stdout).steps as ReadonlyArray<{ kind: string; action: string; name: string }>)
      .filter((s) => s.kind === "Schedule")
      .map((s) => [s.action, s.name])
    expect(steps).toEqual([
      ["Update", "personalize-ops-import-movielens-interactions"],
      ["Delete", "personalize-ops-full-movielens-item-affinity"]
    ])
    const updates = scheduleOperations().filter((o) => o === "UpdateSchedule").length
    const r = await apply(edited, "--target", "aws")
    expect(r.stdout).toContain("0 created, 1 updated, 1 deleted, 5 unchanged")
    expect(scheduleOperations().filter((o) => o === "UpdateSchedule").length).toBe(updates + 1)
    expect(scheduleOperations()).toContain("DeleteSchedule")
    await rm(dir, { recursive: true, force: true })
  })

  it("a config with schedules needs the state machine and role they start on AWS; refused before any call", async () => {
    const calls = local.twin.inspector.callCount()
    const r = await cli("apply", config("movielens.json"), "--target", "aws")
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("pass --maintenance-state-machine ARN and --scheduler-role ARN")
    expect(local.twin.inspector.callCount()).toBe(calls)
  })

  it("--event-table keeps the provisioning ledger in DynamoDB across runs", async () => {
    const r = await apply(config("retail-domain.json"), "--target", "aws", "--event-table", "ops-events")
    expect(r.stderr).not.toContain("no --event-table")
    expect(r.code).toBe(0)
    const { Items } = await local.dynamo.send(
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
    const calls = local.twin.inspector.callCount()
    const r = await apply(config("local-movielens.json"), "--target", "aws")
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("needs s3:// data locations")
    expect(local.twin.inspector.callCount()).toBe(calls)
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
    const plan = await cli("plan", edited, "--target", "aws", "--json", ...maintenanceFlags)
    expect(plan.code).toBe(1)
    expect(JSON.parse(plan.stdout).steps.some((s: { action: string }) => s.action === "Drift")).toBe(true)
    await rm(dir, { recursive: true, force: true })
  })

  it("destroy --target aws deletes the config's resources through the SDK, children first; twice is a no-op", async () => {
    expect((await apply(config("movielens.json"), "--target", "aws")).code).toBe(0)
    const destroyed = await cli("destroy", config("movielens.json"), "--target", "aws", "--json")
    expect(JSON.parse(destroyed.stdout).schedules.removed).toBe(true)
    expect(scheduleOperations()).toContain("DeleteScheduleGroup")
    // The twin refuses a parent's delete while it has children (ResourceInUseException), as AWS does,
    // so a destroy that succeeds went children first.
    expect(destroyed.code).toBe(0)
    expect(JSON.parse(destroyed.stdout).ok).toBe(true)
    const plan = await cli("plan", config("movielens.json"), "--target", "aws", "--json", ...maintenanceFlags)
    expect(JSON.parse(plan.stdout).steps.every((s: { action: string }) => s.action === "Create")).toBe(true)
    expect((await cli("destroy", config("movielens.json"), "--target", "aws")).code).toBe(0)
  })

  it("--event-table goes with --target aws only", async () => {
    const r = await apply(config("movielens.json"), "--event-table", "events")
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("--event-table <table> goes with --target aws")
  })
})

describe("apply --target aws resolves data and roles as the deployed trigger does", () => {
  /** The MLOps solution's format: no role, data under `s3://{bucket}/train/<group>/<type>/`. */
  const mlops = mlopsConfig({
    group: "resolve-shop",
    solutions: [{ name: "resolve-shop-sims", recipe: "aws-similar-items", campaign: "resolve-shop-campaign" }]
  })

  it("{bucket} needs --bucket, a role is always there (else the field is named), data is looked for in S3", async () => {
    const dir = await mkdtemp(join(tmpdir(), "aws-resolve-"))
    const path = join(dir, "config.json")
    await writeFile(path, JSON.stringify(mlops))
    const calls = local.twin.inspector.callCount()
    // No bucket: the placeholder is refused naming its field, before any call.
    const noBucket = await cli("plan", path, "--target", "aws")
    expect(noBucket.code).toBe(1)
    expect(noBucket.stderr).toContain("datasets.Interactions.imports[0].dataLocation")
    expect(noBucket.stderr).toContain("{bucket}")
    expect(noBucket.stderr).toContain("--bucket NAME")
    // The bucket on the local S3 (ListObjectsV2 through the SDK): interactions.csv is there, users data is not.
    local.s3.objects.set("shop-data/train/resolve-shop/interactions.csv", "USER_ID,ITEM_ID,TIMESTAMP\n")
    try {
      // No role in the config, the flags or the environment: never sent empty.
      const role = process.env["PERSONALIZE_ROLE_ARN"]
      delete process.env["PERSONALIZE_ROLE_ARN"]
      const noRole = await cli("plan", path, "--target", "aws", "--bucket", "shop-data")
      process.env["PERSONALIZE_ROLE_ARN"] = role
      expect(noRole.code).toBe(1)
      expect(noRole.stderr).toContain(
        "DeploymentUnresolved: datasets.Interactions.imports[0].roleArn: no Personalize role"
      )
      expect(local.twin.inspector.callCount()).toBe(calls)

      const r = await apply(
        path,
        "--target",
        "aws",
        "--bucket",
        "shop-data",
        "--role-arn",
        "arn:aws:iam::000000000000:role/ShopPersonalize"
      )
      expect(r.stderr).toContain(
        "resolve-shop-users: no data at s3://shop-data/train/resolve-shop/users/ or s3://shop-data/train/resolve-shop/users.csv: the dataset is created, not imported"
      )
      expect(r.code).toBe(0)
      // What went over the wire: the import reads the data found, with the role given.
      const inventory = await Effect.runPromise(local.twin.inspector.inventory)
      const imports = inventory.filter((d) => d.kind === "DatasetImportJob" && d.arn.includes("resolve-shop"))
      expect(imports.map((d) => [d.attributes["dataLocation"], d.attributes["roleArn"]])).toEqual([
        ["s3://shop-data/train/resolve-shop/interactions.csv", "arn:aws:iam::000000000000:role/ShopPersonalize"]
      ])
      expect(inventory.filter((d) => d.kind === "Dataset" && d.name.startsWith("resolve-shop")).length).toBe(2)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
