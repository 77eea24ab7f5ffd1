// `apply --target aws` end to end: the CLI reads a config, drives Personalize through the real SDK
// client (endpoint, region and credentials from the environment, as for any AWS tool) against a local
// fake on 127.0.0.1 that makes every resource ACTIVE at once, and prints a progress line per step.
import { join } from "node:path"
import { startFakePersonalize } from "@personalize-ops/adapters-aws/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { processIo, recordingIo } from "../src/Io.ts"
import { runCli } from "../src/run.ts"

const repo = join(import.meta.dirname, "..", "..", "..")
const config = (name: string) => join(repo, "examples", "configs", name)
const env = ["AWS_ENDPOINT_URL_PERSONALIZE", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] as const
const saved = Object.fromEntries(env.map((k) => [k, process.env[k]]))
let fake: Awaited<ReturnType<typeof startFakePersonalize>>

beforeAll(async () => {
  fake = await startFakePersonalize({ settle: "active" })
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_PERSONALIZE: fake.endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test"
  })
})
afterAll(async () => {
  for (const k of env)
    if (saved[k] === undefined) delete process.env[k]
    else process.env[k] = saved[k]
  await fake.close()
})

const apply = async (...args: ReadonlyArray<string>) => {
  const out = recordingIo()
  const code = await runCli(["apply", ...args], { ...out.io, readFile: processIo.readFile })
  return { code, stdout: out.stdout(), stderr: out.stderr() }
}

describe("apply --target aws", () => {
  it("provisions every resource of movielens.json through the SDK, then a second apply creates nothing", async () => {
    const first = await apply(config("movielens.json"), "--target", "aws")
    expect(first.stderr).toContain("no --event-table")
    expect(first.stdout).toMatch(/Apply complete: \d+\/\d+ resources ready on the aws target/)
    expect(first.code).toBe(0)
    const creates = fake.calls.filter((c) => c.op.startsWith("Create")).map((c) => c.op)
    expect(creates).toContain("CreateDatasetGroup")
    expect(creates).toContain("CreateSolutionVersion")
    expect(creates).toContain("CreateCampaign")
    expect(new Set(creates).size).toBeGreaterThan(8)

    const before = fake.calls.filter((c) => c.op.startsWith("Create")).length
    const second = await apply(config("movielens.json"), "--target", "aws")
    expect(second.code).toBe(0)
    // Everything is adopted or unchanged: no resource, and no solution version, is created again.
    expect(fake.calls.filter((c) => c.op.startsWith("Create")).length).toBe(before)
  })

  it("refuses local data locations (they are for the in-memory twin) before calling AWS", async () => {
    const calls = fake.calls.length
    const r = await apply(config("local-movielens.json"), "--target", "aws")
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("needs s3:// data locations")
    expect(fake.calls.length).toBe(calls)
  })

  it("--event-table goes with --target aws only", async () => {
    const r = await apply(config("movielens.json"), "--event-table", "events")
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("--event-table <table> goes with --target aws")
  })
})
