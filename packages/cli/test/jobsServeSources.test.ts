import { readFileSync } from "node:fs"
import { join } from "node:path"
import { jobsTableDefinition, makeDynamoJobReadModel } from "@personalize-ops/adapters-aws/jobs"
import {
  createActiveTable,
  type DynamoLocal,
  dynamoLocalClient,
  startDynamoLocal
} from "@personalize-ops/adapters-aws/testing"
import { layerMemoryEventStore } from "@personalize-ops/adapters-memory"
import { recordingIo, runCli } from "@personalize-ops/cli"
import { Jobs } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { loadEventsFile, startJobsServer } from "../src/jobs/server.ts"

const examples = join(import.meta.dirname, "..", "..", "..", "examples", "jobs")
const eventsText = readFileSync(join(examples, "events.ndjson"), "utf8")
const rules = JSON.parse(readFileSync(join(examples, "rules.json"), "utf8")) as Jobs.ClassificationRules
// The example file holds a line that is not JSON and an event Batch would not send (the CLI's own tests).
const lines = eventsText.split("\n").filter((l) => l.trim() !== "")
const jobIdOf = (line: string): string | undefined => {
  try {
    return (JSON.parse(line) as { detail?: { jobId?: string } }).detail?.jobId
  } catch {
    return undefined
  }
}

describe("jobs serve --events FILE", () => {
  it("loads the EventBridge events of a file in order and serves them; unusable lines are named", async () => {
    const server = await startJobsServer({ rules })
    try {
      const text = `${lines.join("\n")}\n{oops\n{"detail-type":"Other"}\n`
      const { loaded, rejected } = await loadEventsFile(server, text)
      expect(loaded + rejected.length).toBe(lines.length + 2)
      expect(rejected.map((r) => r.line)).toContain(lines.length + 1)
      expect(rejected.map((r) => r.line)).toContain(lines.length + 2)
      expect(rejected.find((r) => r.line === lines.length + 1)?.reason).toMatch(/^bad JSON/)
      const usedLines = new Set(rejected.map((r) => r.line))
      const jobIds = new Set(lines.flatMap((l, i) => (usedLines.has(i + 1) ? [] : [jobIdOf(l) ?? ""])))
      const page = (await (await fetch(`${server.url}/api/jobs?limit=100`)).json()) as {
        jobs: Array<{ jobId: string }>
      }
      expect(page.jobs.length).toBeGreaterThan(3)
      expect(new Set(page.jobs.map((j) => j.jobId))).toEqual(jobIds)
      // The memory Batch saw the file's jobs, so a retry from this dashboard finds them.
      expect(server.batch.submissions).toEqual([])
    } finally {
      await server.close()
    }
  })

  it("takes one source: --demo, --events and --table exclude each other; a missing file exits 2", async () => {
    const both = recordingIo()
    expect(await runCli(["jobs", "serve", "--demo", "--events", "e.ndjson"], both.io)).toBe(2)
    expect(both.stderr()).toContain("choose one of --demo, --events FILE and --table NAME")
    const missing = recordingIo()
    expect(await runCli(["jobs", "serve", "--events", "nope.ndjson"], missing.io)).toBe(2)
    expect(missing.stderr()).toContain("cannot read nope.ndjson")
  })
})

describe("jobs serve --table NAME (DynamoDB Local)", () => {
  let dynamo: DynamoLocal
  beforeAll(async () => {
    dynamo = await startDynamoLocal()
  }, 240_000)
  afterAll(async () => {
    await dynamo?.stop()
  })

  it("serves the deployed read model, read-only: the jobs and stats are the table's, actions are refused", async () => {
    const client = dynamoLocalClient(dynamo.endpoint)
    await createActiveTable(client, jobsTableDefinition("jobs-view"))
    // Fill the table the way the deployed events handler does.
    const readModel = makeDynamoJobReadModel({ client, tableName: "jobs-view" })
    // Only the events the pipeline takes (the example file also holds two it refuses).
    const jobIds = new Set<string>()
    const fill = Effect.forEach(
      lines,
      (line) =>
        Effect.suspend(() => {
          const id = jobIdOf(line)
          return id === undefined
            ? Effect.void
            : Jobs.ingestBatchEvent(JSON.parse(line), rules).pipe(
                Effect.tap(() => Effect.sync(() => jobIds.add(id))),
                Effect.ignore
              )
        }),
      { discard: true }
    ).pipe(Effect.provide(Layer.mergeAll(layerMemoryEventStore, Layer.succeed(Jobs.JobReadModel, readModel))))
    await Effect.runPromise(fill)
    const server = await startJobsServer({ rules, table: { name: "jobs-view", client } })
    try {
      const page = (await (await fetch(`${server.url}/api/jobs?limit=100`)).json()) as {
        jobs: Array<{ jobId: string }>
      }
      expect(new Set(page.jobs.map((j) => j.jobId))).toEqual(jobIds)
      const stats = (await (await fetch(`${server.url}/api/stats`)).json()) as { total: number }
      expect(stats.total).toBe(jobIds.size)
      const [jobId] = [...jobIds]
      const html = await fetch(`${server.url}/jobs/${jobId}`)
      expect(html.status).toBe(200)
      const refused = await fetch(`${server.url}/api/jobs/${jobId}/actions/terminate`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-jobs-action": "1" },
        body: JSON.stringify({ reason: "x" })
      })
      expect(refused.status).toBeGreaterThanOrEqual(400)
    } finally {
      await server.close()
    }
  })
})
