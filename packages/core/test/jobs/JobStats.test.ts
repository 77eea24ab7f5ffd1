import { assert, describe, it } from "@effect/vitest"
import { Jobs } from "@personalize-ops/core"
import * as fc from "fast-check"

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
  createdAt: Date.UTC(2026, 10, 23),
  since: Date.UTC(2026, 10, 23),
  durations: {},
  version: 1,
  ...over
})

describe("stats from counters", () => {
  it("a job's move between statuses nets to one count in the new status", () => {
    const a = summary({ status: "RUNNABLE" })
    const b = summary({ status: "SUCCEEDED", durations: { RUNNABLE: 3_000, RUNNING: 50_000 }, version: 3 })
    const rows = Jobs.applyDeltas(Jobs.applyDeltas([], Jobs.statsDelta(undefined, a)), Jobs.statsDelta(a, b))
    const stats = Jobs.computeStats(rows)
    assert.strictEqual(stats.total, 1)
    assert.strictEqual(stats.byStatus["SUCCEEDED"], 1)
    assert.strictEqual(stats.byStatus["RUNNABLE"], 0)
    assert.strictEqual(stats.successRate, 1)
    assert.deepStrictEqual(stats.byTaskType["Ingest"]?.durations["RUNNABLE"], { count: 1, p50: 5_000, p95: 5_000 })
    assert.deepStrictEqual(Jobs.statsDelta(b, b), [])
  })

  it("p50/p95 from histogram buckets bound the exact percentiles from above, within one bucket", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 * 86_400_000 }), { minLength: 1, maxLength: 200 }), (ms) => {
        const counts = Jobs.durationBucketBounds.map(() => 0)
        for (const m of ms) counts[Jobs.bucketOf(m)]!++
        const sorted = [...ms].sort((a, b) => a - b)
        for (const q of [0.5, 0.95]) {
          const exact = sorted[Math.ceil(q * sorted.length) - 1]!
          const p = Jobs.percentile(counts, q)!
          const bucket = Jobs.bucketOf(exact)
          assert.strictEqual(
            Jobs.bucketOf(Math.min(p, 172_800_000)),
            Math.min(bucket, Jobs.durationBucketBounds.length - 2)
          )
        }
      })
    )
  })

  it("success rate is SUCCEEDED over finished jobs, null when none finished", () => {
    const rows = [
      ...Jobs.statsDelta(undefined, summary({ jobId: "1", status: "SUCCEEDED" })),
      ...Jobs.statsDelta(undefined, summary({ jobId: "2", status: "FAILED", taskType: "Storage" })),
      ...Jobs.statsDelta(undefined, summary({ jobId: "3", status: "FAILED" })),
      ...Jobs.statsDelta(undefined, summary({ jobId: "4", status: "RUNNING" }))
    ]
    const stats = Jobs.computeStats(Jobs.applyDeltas([], rows))
    assert.strictEqual(stats.total, 4)
    assert.strictEqual(stats.successRate, 1 / 3)
    assert.strictEqual(stats.byTaskType["Storage"]?.successRate, 0)
    assert.strictEqual(Jobs.computeStats([]).successRate, null)
  })
})
