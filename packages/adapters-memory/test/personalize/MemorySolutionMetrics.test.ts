import { layerMemoryPersonalize, layerMemorySolutionMetrics } from "@personalize-ops/adapters-memory"
import { solutionMetricsContract } from "@personalize-ops/core/testing"
import { Layer } from "effect"
import { describe, expect, it } from "vitest"
import { solutionMetrics } from "../../src/personalize/solutionMetrics.ts"

solutionMetricsContract("the twin", () =>
  Layer.fresh(layerMemorySolutionMetrics.pipe(Layer.provideMerge(layerMemoryPersonalize({ seed: 1 }))))
)

describe("the twin's GetSolutionMetrics numbers", () => {
  const arn = "arn:aws:personalize:us-east-1:000000000000:solution/s/abcd1234"
  const ndcg = (seed: number, interactions: number, mode: string) =>
    solutionMetrics(seed, arn, interactions, mode)["normalized_discounted_cumulative_gain_at_25"] as number

  it("are seeded and deterministic per version, moved up by data size and down a little by UPDATE training (UNCONFIRMED: AWS documents the metric names, not their values; these are the twin's own)", () => {
    expect(solutionMetrics(7, arn, 50_000, "FULL")).toEqual(solutionMetrics(7, arn, 50_000, "FULL"))
    expect(solutionMetrics(8, arn, 50_000, "FULL")).not.toEqual(solutionMetrics(7, arn, 50_000, "FULL"))
    expect(ndcg(7, 1_000_000, "FULL")).toBeGreaterThan(ndcg(7, 10_000, "FULL"))
    expect(ndcg(7, 50_000, "UPDATE")).toBeLessThan(ndcg(7, 50_000, "FULL"))
  })
})
