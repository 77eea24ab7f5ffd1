// Replays the payload corpus (core/testing/corpus) through `events map` and `jobs report`.
import {
  batchCorpus,
  batchCorpusJobs,
  batchCorpusRules,
  batchJobMismatches,
  type ObservedJob,
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
  const deliveries = batchCorpus()
  const expected = batchCorpusJobs()
  const report = async (...filters: ReadonlyArray<string>) => {
    const { io, stdout } = recordingIo({
      stdin: deliveries.map((d) => JSON.stringify(d.event)).join("\n"),
      files: { "rules.json": JSON.stringify(batchCorpusRules()) }
    })
    expect(await runCli(["jobs", "report", "--rules", "rules.json", "--json", ...filters], io)).toBe(0)
    return JSON.parse(stdout()) as {
      jobs: ReadonlyArray<
        Omit<ObservedJob, "history"> & {
          jobId: string
          createdAt?: string
          history: ReadonlyArray<{ status: string }>
          members?: ReadonlyArray<{ jobId: string; status: string; index?: number; nodeIndex?: number }>
        }
      >
      stats: { total: number; byStatus: Record<string, number> }
      rejected: ReadonlyArray<{ line: number; reason: string }>
    }
  }

  it("lists every job once, array children and nodes under their job, each as the corpus says", async () => {
    const out = await report()
    const isMember = (id: string) => expected[id]!.shape === "array-child" || expected[id]!.shape === "node"
    expect(new Set(out.jobs.map((j) => j.jobId))).toEqual(new Set(Object.keys(expected).filter((id) => !isMember(id))))
    const mismatches = out.jobs.flatMap((j) => {
      const members = (j.members ?? []).flatMap((m) => {
        const want = expected[m.jobId]!
        const index = want.shape === "node" ? m.nodeIndex : m.index
        return m.status === want.status && index === (want.arrayIndex ?? want.nodeIndex)
          ? []
          : [`${m.jobId}: member ${JSON.stringify(m)}`]
      })
      const wantMembers = Object.keys(expected).filter(
        (id) => expected[id]!.arrayParent === j.jobId || expected[id]!.mainJob === j.jobId
      )
      if (wantMembers.length !== (j.members ?? []).length)
        members.push(`${j.jobId}: ${(j.members ?? []).length} members, expected ${wantMembers.length}`)
      return [
        ...batchJobMismatches(j.jobId, expected[j.jobId]!, { ...j, history: j.history.map((h) => h.status) }),
        ...members
      ]
    })
    expect(mismatches).toEqual([])
    const rejects = deliveries.flatMap((d, i) =>
      d.expect.startsWith("rejected:") ? [{ line: i + 1, field: d.expect.slice(9) }] : []
    )
    expect(out.rejected.map((r) => r.line)).toEqual(rejects.map((r) => r.line))
    for (const [i, r] of out.rejected.entries()) expect(r.reason.startsWith(rejects[i]!.field)).toBe(true)
  })

  it("filters like the page, and the stats count exactly the jobs listed", async () => {
    const failed = await report("--status", "FAILED")
    expect(failed.jobs.map((j) => j.status)).toEqual(failed.jobs.map(() => "FAILED"))
    const wantFailed = Object.keys(expected).filter(
      (id) =>
        expected[id]!.status === "FAILED" && expected[id]!.shape !== "array-child" && expected[id]!.shape !== "node"
    )
    expect(failed.jobs.length).toBe(wantFailed.length)
    expect(failed.stats.total).toBe(wantFailed.length)
    expect(failed.stats.byStatus["FAILED"]).toBe(wantFailed.length)

    const eu = await report("--region", "eu-west-1")
    expect(eu.jobs.map((j) => j.region)).toEqual(["eu-west-1"])
    expect(eu.stats.total).toBe(1)

    const mixed = await report("--status", "SUCCEEDED,RUNNABLE", "--type", "Exports,Other")
    expect(mixed.stats.total).toBe(mixed.jobs.length)
    for (const j of mixed.jobs) expect(["SUCCEEDED", "RUNNABLE"]).toContain(j.status)

    // the page's id search: a substring of the job id or name, any case
    const one = failed.jobs[0]!
    const searched = await report("--search", one.jobId.slice(0, 12).toUpperCase())
    expect(searched.jobs.map((j) => j.jobId)).toContain(one.jobId)
    // (the corpus's job names never contain a job id's first 12 characters: the id must)
    for (const j of searched.jobs) expect(j.jobId.toLowerCase()).toContain(one.jobId.slice(0, 12).toLowerCase())
    expect(searched.stats.total).toBe(searched.jobs.length)

    // The corpus's jobs were all submitted at 2022-01-11T23:30:00Z.
    expect((await report("--since", "2022-01-12T00:00:00Z")).jobs).toEqual([])
    expect((await report("--until", "2022-01-11T23:30:00Z")).jobs.length).toBe(
      failed.jobs.length +
        (await report("--status", "SUCCEEDED,RUNNABLE,RUNNING,PENDING,STARTING,SUBMITTED")).jobs.length
    )
  })

  it("refuses a bad filter, naming the flag", async () => {
    const bad = recordingIo({ stdin: "" })
    expect(await runCli(["jobs", "report", "--status", "DONE"], bad.io)).toBe(2)
    expect(bad.stderr()).toContain("--status: 'DONE'")
    const badTime = recordingIo({ stdin: "" })
    expect(await runCli(["jobs", "report", "--since", "yesterday"], badTime.io)).toBe(2)
    expect(badTime.stderr()).toContain("--since")
  })
})
