import { describe, expect, it } from "vitest"
import {
  failureKindOf,
  type JobSummary,
  jobRows,
  logStreamUrl,
  matchesFilter,
  memberCounts,
  statsOfJobs
} from "../../src/jobs/index.ts"

const job = (jobId: string, over: Partial<JobSummary> = {}): JobSummary => ({
  jobId,
  jobName: `name-${jobId}`,
  status: "SUCCEEDED",
  taskType: "T",
  ids: {},
  queue: "q",
  definition: "d",
  region: "us-east-1",
  attempts: 1,
  createdAt: 1_000,
  since: 2_000,
  durations: {},
  version: 1,
  ...over
})

describe("job rows, filters and stats of exactly the listed jobs", () => {
  const parent = job("p", { status: "FAILED", shape: { kind: "array", size: 2, statusSummary: {} } })
  const children = [
    job("p:1", { status: "FAILED", shape: { kind: "array-child", parentJobId: "p", index: 1 } }),
    job("p:0", { shape: { kind: "array-child", parentJobId: "p", index: 0 } })
  ]
  const orphan = job("gone:3", { shape: { kind: "array-child", parentJobId: "gone", index: 3 } })
  const other = job("x", { region: "eu-west-1", createdAt: 5_000 })

  it("puts children under their parent, in index order; an orphan stays a row", () => {
    const rows = jobRows([parent, ...children, orphan, other])
    expect(rows.map((r) => [r.job.jobId, r.members.map((m) => m.jobId)])).toEqual([
      ["p", ["p:0", "p:1"]],
      ["gone:3", []],
      ["x", []]
    ])
    expect(memberCounts(rows[0]!)).toEqual({ SUCCEEDED: 1, FAILED: 1 })
  })

  it("filters by any-of lists, a window and an id search; stats count the filtered jobs only", () => {
    const all = [parent, orphan, other]
    expect(all.filter((j) => matchesFilter(j, { statuses: ["FAILED"] })).map((j) => j.jobId)).toEqual(["p"])
    expect(all.filter((j) => matchesFilter(j, { regions: ["eu-west-1", "x"] })).map((j) => j.jobId)).toEqual(["x"])
    expect(all.filter((j) => matchesFilter(j, { since: 2_000 })).map((j) => j.jobId)).toEqual(["x"])
    expect(all.filter((j) => matchesFilter(j, { until: 1_000 })).length).toBe(2)
    expect(all.filter((j) => matchesFilter(j, { search: "GONE" })).map((j) => j.jobId)).toEqual(["gone:3"])
    const stats = statsOfJobs(all.filter((j) => matchesFilter(j, { statuses: ["SUCCEEDED"] })))
    expect([stats.total, stats.byStatus["SUCCEEDED"], stats.byStatus["FAILED"], stats.successRate]).toEqual([
      2, 2, 0, 1
    ])
  })

  it("names out-of-memory and Spot reclaims from AWS's reasons, and links the log stream", () => {
    expect(
      failureKindOf(["Essential container in task exited", "OutOfMemoryError: Container killed due to memory usage"])
    ).toBe("out-of-memory")
    expect(failureKindOf(["Host EC2 (instance i-0f4a2b3c4d5e6f708) terminated."])).toBe("spot-reclaim")
    expect(failureKindOf(["Essential container in task exited", undefined])).toBeUndefined()
    expect(logStreamUrl("us-east-1", "def/default/abc")).toBe(
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Faws$252Fbatch$252Fjob/log-events/def$252Fdefault$252Fabc"
    )
  })
})
