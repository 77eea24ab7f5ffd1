import { readFileSync } from "node:fs"
import { join } from "node:path"
import { recordingIo, runCli } from "@personalize-ops/cli"
import { describe, expect, it } from "vitest"

const examples = join(import.meta.dirname, "../../../examples/jobs")
const files = { "rules.json": readFileSync(join(examples, "rules.json"), "utf8") }
const events = readFileSync(join(examples, "events.ndjson"), "utf8")

describe("personalize-ops jobs report", () => {
  it("--json prints jobs (newest first) with history and durations, stats and rejected lines; exit 0", async () => {
    const io = recordingIo({ stdin: events, files })
    expect(await runCli(["jobs", "report", "--rules", "rules.json", "--json"], io.io)).toBe(0)
    const report = JSON.parse(io.stdout())
    expect(Object.keys(report)).toEqual(["jobs", "stats", "rejected"])
    expect(report.jobs.map((j: { taskType: string }) => j.taskType)).toEqual([
      "Text Recognition",
      "Storage",
      "Assembly (Zip Package)",
      "Ingest"
    ])
    const ingest = report.jobs[3]
    expect(Object.keys(ingest)).toEqual([
      "jobId",
      "jobName",
      "status",
      "taskType",
      "ids",
      "attempts",
      "history",
      "durations",
      "queue",
      "region",
      "shape",
      "runTimeMillis",
      "exitCode",
      "statusReason",
      "logStreamName",
      "logUrl"
    ])
    expect(ingest.shape).toEqual({ kind: "container" })
    expect(ingest.logUrl).toMatch(
      /^https:\/\/eu-west-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=eu-west-1#logsV2:log-groups\/log-group\/\$252Faws\$252Fbatch\$252Fjob\/log-events\//
    )
    expect(ingest.status).toBe("SUCCEEDED")
    expect(ingest.ids).toEqual({ media_id: "65f1b2c3d4e5f60718293a4b", workspace_uid: "w-42", owner: "media" })
    // RUNNING arrived after SUCCEEDED and RUNNABLE twice: the history is complete and in order, once each
    expect(ingest.history.map((h: { status: string }) => h.status)).toEqual([
      "RUNNABLE",
      "STARTING",
      "RUNNING",
      "SUCCEEDED"
    ])
    expect(ingest.history[0]).toEqual({ status: "RUNNABLE", at: "2026-11-23T08:00:01.000Z" })
    expect(ingest.durations).toEqual({ RUNNABLE: 94_000, STARTING: 24_512, RUNNING: 611_692, total: 731_204 })
    const assembly = report.jobs[2]
    expect(assembly.attempts).toBe(2)
    expect(assembly.ids).toEqual({
      task_id: "t-778",
      workspace_uid: "w42",
      assembly_id: "5f1b2c3d4e5f60718293a4b5",
      owner: "media"
    })
    expect(report.stats).toEqual({
      total: 4,
      byStatus: { SUBMITTED: 0, PENDING: 0, RUNNABLE: 1, STARTING: 0, RUNNING: 1, SUCCEEDED: 1, FAILED: 1 },
      successRate: 0.5
    })
    expect(report.rejected).toEqual([
      { line: 7, reason: "detail.jobName: Missing key" },
      { line: 10, reason: expect.stringMatching(/^not JSON: /) }
    ])
  })

  it("prints a readable report by default, marking late arrivals", async () => {
    const io = recordingIo({ stdin: events, files })
    expect(await runCli(["jobs", "report", "--rules", "rules.json"], io.io)).toBe(0)
    expect(io.stdout()).toContain("RUNNING@2026-11-23T08:01:59.512Z(late)")
    expect(io.stdout()).toContain("stats: total=4")
    expect(io.stdout()).toContain("line 7: detail.jobName: Missing key")
  })

  it("without rules every job is Other; bad rules and bad flags fail with exit 1 and 2", async () => {
    const plain = recordingIo({ stdin: events })
    expect(await runCli(["jobs", "report", "--json"], plain.io)).toBe(0)
    expect(new Set(JSON.parse(plain.stdout()).jobs.map((j: { taskType: string }) => j.taskType))).toEqual(
      new Set(["Other"])
    )
    const bad = recordingIo({ stdin: events, files: { "r.json": '{"taskTypes":[{"taskType":"X","jobQueue":"("}]}' } })
    expect(await runCli(["jobs", "report", "--rules", "r.json"], bad.io)).toBe(1)
    expect(bad.stderr()).toContain("taskTypes[0].jobQueue")
    const missing = recordingIo({ stdin: events })
    expect(await runCli(["jobs", "report", "--rules", "nope.json"], missing.io)).toBe(2)
    const flag = recordingIo({ stdin: events })
    expect(await runCli(["jobs", "report", "--yaml"], flag.io)).toBe(2)
    const empty = recordingIo({ stdin: "" })
    expect(await runCli(["jobs", "report", "--json"], empty.io)).toBe(0)
    expect(JSON.parse(empty.stdout())).toEqual({
      jobs: [],
      stats: { total: 0, byStatus: expect.any(Object), successRate: null },
      rejected: []
    })
  })

  it("rejects one bad event and goes on: Date-range timestamps, an id with spaces, a 500 KB name, 10,000-deep JSON", async () => {
    const good = events.split("\n").filter((l) => l.trim() !== "")
    const first = JSON.parse(good[0]!)
    const withDetail = (patch: Record<string, unknown>) =>
      JSON.stringify({ ...first, detail: { ...first.detail, ...patch } })
    const bad = [
      withDetail({ createdAt: 9e15 }),
      JSON.stringify({ ...first, time: "+275760-09-13T00:00:01Z" }),
      withDetail({ jobId: "a b" }),
      withDetail({ jobName: "n".repeat(500_000) }),
      JSON.stringify(first).replace('"parameters":{}', `"parameters":{"x":${"[".repeat(10_000)}${"]".repeat(10_000)}}`)
    ]
    const io = recordingIo({ stdin: [...bad, ...good].join("\n"), files })
    expect(await runCli(["jobs", "report", "--rules", "rules.json", "--json"], io.io)).toBe(0)
    const report = JSON.parse(io.stdout())
    expect(
      report.rejected.slice(0, 5).map((r: { line: number; reason: string }) => [r.line, r.reason.split(":")[0]])
    ).toEqual([
      [1, "detail.createdAt"],
      [2, "time"],
      [3, "detail.jobId"],
      [4, "the event is 501120 bytes; EventBridge allows 262144"],
      [5, expect.stringMatching(/^detail\.parameters\.x(\[0\])+$/)]
    ])
    expect(report.stats.total).toBe(4)
  })
})
