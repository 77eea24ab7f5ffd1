// Replays the payload corpus (core/testing/corpus) through `events map` and `jobs report`.
import {
  batchCorpus,
  batchCorpusJobs,
  batchCorpusRules,
  type ObservedSegment,
  segmentCorpus,
  segmentCorpusRules,
  segmentMismatches
} from "@personalize-ops/core/testing"
import { describe, expect, it } from "vitest"
import { recordingIo, runCli } from "../src/index.ts"

const cases = segmentCorpus()
const ruleSets = ["default", "ecommerce"]

describe("corpus through `events map --json`", () => {
  for (const name of ruleSets) {
    it(`every payload has its expected outcome under the ${name} rules`, async () => {
      const rules = segmentCorpusRules(name)
      const { io, stdout } = recordingIo({
        stdin: cases.map((c) => JSON.stringify(c.event)).join("\n"),
        files: rules === undefined ? {} : { "rules.json": JSON.stringify(rules) }
      })
      expect(
        await runCli(["events", "map", "--json", ...(rules === undefined ? [] : ["--rules", "rules.json"])], io)
      ).toBe(0)
      const out = JSON.parse(stdout()) as {
        requests: ReadonlyArray<{
          sessionId: string
          userId?: string
          eventList: ReadonlyArray<ObservedSegment["events"][number]["event"]>
          lines: ReadonlyArray<number>
        }>
        skipped: ReadonlyArray<{ line: number; reason: string }>
        invalid: ReadonlyArray<{ line: number; reason: string }>
        droppedProperties: ReadonlyArray<{ line: number; names: ReadonlyArray<string> }>
      }
      const observed = (line: number): ObservedSegment => {
        const events = out.requests.flatMap((r) =>
          r.eventList.flatMap((event, i) =>
            r.lines[i] === line ? [{ sessionId: r.sessionId, userId: r.userId, event }] : []
          )
        )
        const skipped = out.skipped.find((v) => v.line === line)
        const invalid = out.invalid.find((v) => v.line === line)
        const droppedProperties = out.droppedProperties.find((d) => d.line === line)?.names ?? []
        if (skipped !== undefined) return { outcome: "skipped", reason: skipped.reason, events }
        if (invalid !== undefined) return { outcome: "invalid", reason: invalid.reason, events }
        return { outcome: "sent", events, droppedProperties }
      }
      const mismatches = cases.flatMap((c, i) => {
        const expected = c.expect[name]
        return expected === undefined
          ? [`${c.id}: no expectation for ${name}`]
          : segmentMismatches(c, expected, observed(i + 1))
      })
      expect(mismatches).toEqual([])
    })
  }
})

describe("corpus through `jobs report --json`", () => {
  it("every job ends as the corpus says, and every reject names its field", async () => {
    const deliveries = batchCorpus()
    const { io, stdout } = recordingIo({
      stdin: deliveries.map((d) => JSON.stringify(d.event)).join("\n"),
      files: { "rules.json": JSON.stringify(batchCorpusRules()) }
    })
    expect(await runCli(["jobs", "report", "--rules", "rules.json", "--json"], io)).toBe(0)
    const report = JSON.parse(stdout()) as {
      jobs: ReadonlyArray<{
        jobId: string
        status: string
        attempts: number
        history: ReadonlyArray<{ status: string }>
      }>
      rejected: ReadonlyArray<{ line: number; reason: string }>
    }
    const expected = batchCorpusJobs()
    expect(new Set(report.jobs.map((j) => j.jobId))).toEqual(new Set(Object.keys(expected)))
    for (const job of report.jobs) {
      const want = expected[job.jobId]!
      expect({
        jobId: job.jobId,
        status: job.status,
        attempts: job.attempts,
        history: job.history.map((h) => h.status)
      }).toEqual({
        jobId: job.jobId,
        status: want.status,
        attempts: want.attempts,
        history: want.history
      })
    }
    const rejects = deliveries.flatMap((d, i) =>
      d.expect.startsWith("rejected:") ? [{ line: i + 1, field: d.expect.slice(9) }] : []
    )
    expect(report.rejected.map((r) => r.line)).toEqual(rejects.map((r) => r.line))
    for (const [i, r] of report.rejected.entries()) expect(r.reason.startsWith(rejects[i]!.field)).toBe(true)
  })
})
