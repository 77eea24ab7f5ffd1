import { describe, expect, it } from "vitest"
import * as Jobs from "../../src/jobs/index.ts"

const day = Date.UTC(2026, 10, 23, 22, 30)
const summary = (over: Partial<Jobs.JobSummary>): Jobs.JobSummary => ({
  jobId: "j",
  jobName: "n",
  status: "RUNNABLE",
  taskType: "Ingest",
  ids: {},
  queue: "q",
  definition: "d",
  region: "eu-west-1",
  attempts: 1,
  createdAt: day,
  since: day,
  durations: {},
  version: 1,
  ...over
})
const zeros = Object.fromEntries(
  ["SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED", "FAILED"].map((s) => [s, 0])
)

describe("job stats, exactly", () => {
  it("a new job counts its status and each phase duration it has (only those), under its submission day and task type", () => {
    const job = summary({ status: "RUNNING", durations: { RUNNABLE: 1_000, STARTING: 1_001 } })
    expect(Jobs.statsDelta(undefined, job)).toEqual([
      { day: "2026-11-23", taskType: "Ingest", counter: "s:RUNNING", delta: 1 },
      { day: "2026-11-23", taskType: "Ingest", counter: "d:RUNNABLE:0", delta: 1 },
      { day: "2026-11-23", taskType: "Ingest", counter: "d:STARTING:1", delta: 1 }
    ])
    expect(Jobs.statsDelta(job, undefined).map((d) => d.delta)).toEqual([-1, -1, -1])
  })

  it("bucket bounds are inclusive, and past the last finite bound is the open bucket", () => {
    expect([0, 1_000, 1_001, 2_000, 86_400_000, 172_800_000, 172_800_001].map(Jobs.bucketOf)).toEqual([
      0, 0, 1, 1, 23, 24, 25
    ])
    expect(Jobs.dayOf(Date.UTC(2026, 0, 1, 23, 59, 59, 999))).toBe("2026-01-01")
  })

  it("percentiles are bucket upper bounds at the rank ceil(q × n); the open bucket reports its lower bound; none is null", () => {
    const counts = Jobs.durationBucketBounds.map(() => 0)
    expect(Jobs.percentile(counts, 0.5)).toBeNull()
    counts[0] = 1
    counts[3] = 1
    expect(Jobs.percentile(counts, 0.5)).toBe(1_000)
    expect(Jobs.percentile(counts, 0.51)).toBe(10_000)
    expect(Jobs.percentile(counts, 0.95)).toBe(10_000)
    const open = Jobs.durationBucketBounds.map(() => 0)
    open[25] = 2
    expect(Jobs.percentile(open, 0.5)).toBe(172_800_000)
  })

  it("computeStats folds rows of several days and task types: statuses, success rates, durations per type", () => {
    const jobs = [
      summary({ jobId: "1", status: "SUCCEEDED", durations: { RUNNABLE: 500, RUNNING: 50_000 } }),
      summary({ jobId: "2", status: "FAILED", durations: { RUNNING: 4_000 } }),
      summary({ jobId: "3", status: "SUCCEEDED", taskType: "Storage", createdAt: day + 86_400_000 }),
      summary({ jobId: "4", status: "RUNNING", taskType: "Storage", durations: { PENDING: 200_000 } })
    ]
    const rows = Jobs.applyDeltas(
      [],
      jobs.flatMap((j) => Jobs.statsDelta(undefined, j))
    )
    expect(rows.map((r) => [r.day, r.taskType])).toEqual([
      ["2026-11-23", "Ingest"],
      ["2026-11-24", "Storage"],
      ["2026-11-23", "Storage"]
    ])
    expect(Jobs.computeStats(rows)).toEqual({
      total: 4,
      byStatus: { ...zeros, SUCCEEDED: 2, FAILED: 1, RUNNING: 1 },
      successRate: 2 / 3,
      byTaskType: {
        Ingest: {
          total: 2,
          byStatus: { ...zeros, SUCCEEDED: 1, FAILED: 1 },
          successRate: 0.5,
          durations: {
            RUNNABLE: { count: 1, p50: 1_000, p95: 1_000 },
            RUNNING: { count: 2, p50: 5_000, p95: 60_000 }
          }
        },
        Storage: {
          total: 2,
          byStatus: { ...zeros, SUCCEEDED: 1, RUNNING: 1 },
          successRate: 1,
          durations: { PENDING: { count: 1, p50: 300_000, p95: 300_000 } }
        }
      }
    })
  })

  it("a task type whose jobs all moved to another row's type leaves no trace; counters that net to zero count nothing", () => {
    const a = summary({ jobId: "1", taskType: "Ingest", status: "RUNNING", durations: { RUNNABLE: 3_000 } })
    const moved = { ...a, taskType: "Storage", version: 2 }
    const rows = Jobs.applyDeltas(Jobs.applyDeltas([], Jobs.statsDelta(undefined, a)), Jobs.statsDelta(a, moved))
    expect(rows.find((r) => r.taskType === "Ingest")?.counters).toEqual({ "s:RUNNING": 0, "d:RUNNABLE:2": 0 })
    const stats = Jobs.computeStats(rows)
    expect(Object.keys(stats.byTaskType)).toEqual(["Storage"])
    expect(stats.byTaskType["Storage"]?.durations).toEqual({ RUNNABLE: { count: 1, p50: 5_000, p95: 5_000 } })
    expect(stats.total).toBe(1)
  })
})
