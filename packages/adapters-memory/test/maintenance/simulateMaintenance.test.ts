import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Config, Maintenance } from "@personalize-ops/core"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { simulateMaintenance } from "../../src/index.ts"

const repo = join(import.meta.dirname, "..", "..", "..", "..")
const sample = () => {
  const text = readFileSync(join(repo, "examples", "configs", "mlops-maintenance.json"), "utf8")
  const decoded = Config.decodeConfig(JSON.parse(text))
  if (!decoded.valid) throw new Error("the MLOps sample config does not validate")
  return decoded.deployment
}
const hour = 3_600_000

describe("simulateMaintenance: the MLOps solution's sample config for 30 days", async () => {
  const deployment = sample()
  const result = await Effect.runPromise(simulateMaintenance(deployment, { days: 30, seed: 7 }))
  const end = Date.parse("2026-01-05T00:00:00Z") + result.simulatedSeconds * 1000

  it("provisions, then creates one schedule per scheduled task", () => {
    expect(result.ok).toBe(true)
    expect(result.schedules.map((s) => `${s.task}:${s.target}`).sort()).toEqual(
      [
        "import:unit_test_only_interactions",
        "import:unit_test_only_users",
        "batch-segment:affinity_item-batch-segment",
        "batch-segment:affinity_item_attribute-batch-segment",
        "full:unit_test_sims_new",
        "full:unit_test_popularity_count_new",
        "full:unit_test_personalized_ranking_new",
        "full:unit_test_personalized_ranking_new_2",
        "batch-inference:unit_test_personalized_ranking_new_2-batch-inference"
      ].sort()
    )
  })

  it("every schedule fires on time: imports every 6 h, batch jobs daily at 03:00, FULL retraining weekly", () => {
    const created = result.provisioned.finishedAt
    for (const spec of result.schedules) {
      const all = Maintenance.nextFireTimes(spec.expression, { after: created, count: 500 }).filter((t) => t <= end)
      // Runs fired in the last hours may still be training when the simulation stops.
      const finished = all.filter((t) => t <= end - 4 * hour).map((t) => new Date(t).toISOString())
      const actual = result.runs.filter((r) => r.task === spec.task && r.target === spec.target).map((r) => r.at)
      expect(actual.slice(0, finished.length), spec.name).toEqual(finished)
      expect(
        all.map((t) => new Date(t).toISOString()),
        spec.name
      ).toEqual(expect.arrayContaining(actual))
    }
    const count = (task: string) => result.runs.filter((r) => r.task === task).length
    expect(count("import")).toBeGreaterThanOrEqual(2 * 4 * 29)
    expect(count("batch-inference")).toBeGreaterThanOrEqual(29)
    expect(count("full")).toBeGreaterThanOrEqual(4 * 4)
  })

  it("imports are skipped with why when the data has not changed; each outcome carries its reason", () => {
    const skipped = result.runs.filter((r) => r.task === "import" && r.outcome === "skipped")
    expect(skipped.length).toBeGreaterThan(0)
    for (const r of skipped) expect(r.reason).toMatch(/has not changed|still running|within maxAge/)
    expect(result.runs.some((r) => r.task === "import" && r.outcome === "succeeded")).toBe(true)
  })

  it("retraining of a solution with campaigns is promoted or kept by the gate, with both numbers", () => {
    const gated = result.runs.filter((r) => r.outcome === "promoted" || r.outcome === "kept")
    expect(new Set(gated.map((r) => r.outcome))).toEqual(new Set(["promoted", "kept"]))
    for (const r of gated) {
      expect(r.metrics?.["normalized_discounted_cumulative_gain_at_25"]).toBeTypeOf("number")
      expect(r.reason).toMatch(
        /normalized_discounted_cumulative_gain_at_25 [\d.]+ [≥<] serving [\d.]+|no version is serving/
      )
      expect(["unit_test_personalized_ranking_new", "unit_test_personalized_ranking_new_2"]).toContain(r.target)
    }
    // Solutions without campaigns train and succeed (nothing to promote).
    expect(result.runs.filter((r) => r.target === "unit_test_sims_new").every((r) => r.outcome === "succeeded")).toBe(
      true
    )
    expect(result.metricsPublished).toBeGreaterThan(0)
    expect(result.notifications).toBe(result.runs.length)
  })

  it("is deterministic for a seed", async () => {
    const again = await Effect.runPromise(simulateMaintenance(deployment, { days: 30, seed: 7 }))
    expect(again.runs).toEqual(result.runs)
    const other = await Effect.runPromise(simulateMaintenance(deployment, { days: 7, seed: 8 }))
    expect(other.runs).not.toEqual(result.runs.slice(0, other.runs.length))
  })
})
