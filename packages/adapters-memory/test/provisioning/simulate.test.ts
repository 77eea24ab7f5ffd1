import { existsSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { layerNodeDataSource, simulateDeployment } from "../../src/index.ts"
import { mlOpsDeployment, mlopsSolutionDeployment } from "./anchorDeployments.ts"

describe("simulate the anchor fixtures (no faults)", () => {
  for (const [name, deployment] of [
    ["ml_ops params.json", mlOpsDeployment()],
    ["mlops-solution sample_config.json", mlopsSolutionDeployment()]
  ] as const)
    it.effect(`${name} provisions ok, and a replan is empty`, () =>
      Effect.gen(function* () {
        const result = yield* simulateDeployment(deployment, { seed: 1, faults: "none" })
        assert.deepStrictEqual(result.failures, [])
        assert.isTrue(result.ok)
        assert.strictEqual(result.replan.steps, 0, JSON.stringify(result.replanSteps))
        for (const r of result.resources) assert.strictEqual(r.status, "ACTIVE", `${r.kind} ${r.name}`)
        // Hours of training, simulated.
        assert.isAbove(result.simulatedSeconds, 3600)
        for (const n of Object.values(result.creates)) assert.isAtLeast(n, 1)
      })
    )
})

const anchorData = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "..",
  "..",
  "shared",
  "fixtures",
  "anchors",
  "ml_ops",
  "data"
)

describe("simulate ml_ops with its real data files", () => {
  it.effect.skipIf(!existsSync(anchorData))(
    "the Items import fails on the data (empty and ranged YEAR), so training and campaigns are not attempted",
    () =>
      Effect.gen(function* () {
        const result = yield* simulateDeployment(mlOpsDeployment(anchorData), { dataSource: layerNodeDataSource })
        assert.isFalse(result.ok)
        assert.strictEqual(result.failures.length, 1)
        const failure = result.failures[0] as (typeof result.failures)[number]
        assert.strictEqual(failure.kind, "DatasetImportJob")
        assert.strictEqual(failure.name, "ItemsDataset-import")
        assert.include(failure.cause, "YEAR is empty, but its type int is not nullable")
        assert.sameMembers(
          failure.dependents.map((d) => `${d.kind}:${d.name}`),
          [
            "SolutionVersion:userPersonalizationSolution",
            "SolutionVersion:simsSolution",
            "SolutionVersion:personalizedRankingSolution",
            "Campaign:userPersonalizationCampaign",
            "Campaign:simsCampaign",
            "Campaign:personalizedRankingCampaign"
          ]
        )
        // The interactions import (158k real rows) went through.
        const interactions = result.resources.find((r) => r.name === "InteractionsDataset-import")
        assert.strictEqual(interactions?.status, "ACTIVE")
      })
  )
})
