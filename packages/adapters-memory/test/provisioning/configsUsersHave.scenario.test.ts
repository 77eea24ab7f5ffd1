import { Config, type Kernel, Personalize as P, Provisioning } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import {
  layerMemoryEventStore,
  layerMemoryPersonalize,
  type PersonalizeTwin,
  runInVirtualTime
} from "../../src/index.ts"
import { mlOpsDeployment } from "./anchorDeployments.ts"

const services = Layer.mergeAll(layerMemoryPersonalize({ seed: 11 }), layerMemoryEventStore)
const run = <A, E>(program: Effect.Effect<A, E, P.Personalize | Kernel.EventStore | PersonalizeTwin>) =>
  Effect.runPromise(runInVirtualTime(program.pipe(Effect.provide(services))))

const actionsOf = (plan: Provisioning.Plan) => Provisioning.actions(plan).map((s) => `${s.action} ${s.key}`)
const arnOf = (result: Provisioning.ApplyResult, key: string) =>
  result.steps.find((s) => s.key === key)?.arn as P.ResourceArn

describe("configs users already have, on a new dataset group (memory twin)", () => {
  it("importMode INCREMENTAL and trainingMode UPDATE: FULL first, as the MLOps solution does; then nothing to do", async () => {
    const base = mlOpsDeployment()
    const deployment: Config.Deployment = {
      ...base,
      datasets: base.datasets.map((d) => ({
        ...d,
        imports: [
          ...d.imports.map((i) => ({ ...i, name: `${d.name}-first`, importMode: "INCREMENTAL" as const })),
          ...d.imports.map((i) => ({ ...i, name: `${d.name}-more`, importMode: "INCREMENTAL" as const }))
        ]
      })),
      solutions: base.solutions.map((s) => ({ ...s, trainingMode: "UPDATE" as const }))
    }
    await run(
      Effect.gen(function* () {
        const personalize = yield* P.Personalize
        const plan = yield* Provisioning.planDeployment(deployment)
        expect(plan.steps.find((s) => s.key === "DatasetImportJob:InteractionsDataset-first")?.reason).toBe(
          "INCREMENTAL needs an earlier bulk import: the dataset's first import runs FULL"
        )
        const applied = yield* Provisioning.applyDeployment(deployment)
        expect(applied.failures).toEqual([])
        const modeOf = (key: string) =>
          Effect.map(personalize.describe("DatasetImportJob", arnOf(applied, key)), (d) => d.attributes.importMode)
        expect(yield* modeOf("DatasetImportJob:InteractionsDataset-first")).toBe("FULL")
        expect(yield* modeOf("DatasetImportJob:ItemsDataset-first")).toBe("FULL")
        expect(yield* modeOf("DatasetImportJob:InteractionsDataset-more")).toBe("INCREMENTAL")
        for (const s of base.solutions) {
          const version = yield* personalize.describe("SolutionVersion", arnOf(applied, `SolutionVersion:${s.name}`))
          expect(version.attributes.trainingMode).toBe("FULL")
        }
        // The FULL first import is the config's INCREMENTAL one, not drift: the next plan has nothing to do.
        expect(actionsOf(yield* Provisioning.planDeployment(deployment))).toEqual([])

        // The twin still refuses an INCREMENTAL import on a dataset with no earlier bulk import, as Personalize does.
        const group = arnOf(applied, "DatasetGroup:MovieLensDemo")
        const schema = yield* personalize.create({
          kind: "Schema",
          name: "users-by-hand",
          schema: {
            type: "record",
            name: "Users",
            namespace: "com.amazonaws.personalize.schema",
            fields: [
              { name: "USER_ID", type: "string" },
              { name: "AGE", type: "int" }
            ],
            version: "1.0"
          }
        })
        const users = yield* personalize.create({
          kind: "Dataset",
          name: "users-by-hand",
          datasetGroupArn: group,
          datasetType: "Users",
          schemaArn: schema
        })
        yield* Effect.sleep("10 minutes")
        const refused = yield* Effect.flip(
          personalize.create({
            kind: "DatasetImportJob",
            name: "users-incremental",
            datasetArn: users,
            dataLocation: "s3://ml-ops-input/Users",
            importMode: "INCREMENTAL",
            roleArn: "arn:aws:iam::000000000000:role/PersonalizeRole"
          })
        )
        expect(refused._tag).toBe("InvalidInput")
        expect(refused.message).toContain("earlier bulk import")
      })
    )
  })

  it("solutions for a dataset group whose datasets already exist: the config declares none, validates and provisions", async () => {
    // An MLOps-solution config with the dataset group and solutions only (its validator warns, and accepts).
    const solutionsOnly = {
      datasetGroup: { serviceConfig: { name: "MovieLensDemo" } },
      solutions: [
        {
          serviceConfig: { name: "moreSims", recipeArn: "arn:aws:personalize:::recipe/aws-sims" },
          campaigns: [{ serviceConfig: { name: "moreSimsCampaign", minProvisionedTPS: 1 } }]
        }
      ],
      filters: [{ serviceConfig: { name: "seventies", filterExpression: "INCLUDE ItemID WHERE Items.YEAR >= 1970" } }]
    }
    const decoded = Config.decodeConfig(solutionsOnly)
    if (!decoded.valid) throw new Error(decoded.issues.map((i) => `${i.path}: ${i.message}`).join("\n"))
    expect(decoded.format).toBe("mlops-solution")
    expect(decoded.deployment.datasets).toEqual([])
    const later: Config.Deployment = {
      ...decoded.deployment,
      roleArn: "arn:aws:iam::000000000000:role/PersonalizeRole"
    }
    await run(
      Effect.gen(function* () {
        const personalize = yield* P.Personalize
        // On a group with no datasets yet, Personalize refuses what needs them: each failure says why.
        const early = yield* Provisioning.applyDeployment(later)
        expect(early.ok).toBe(false)
        expect(early.failures.map((f) => [f.key, f.cause])).toEqual([
          ["Filter:seventies", "InvalidInput: the filter uses Items.YEAR, but the dataset group has no Items dataset"],
          ["SolutionVersion:moreSims", expect.stringContaining("interactions")]
        ])

        // The group's datasets provisioned (by another config, or by hand): the same config now provisions.
        expect((yield* Provisioning.applyDeployment(mlOpsDeployment())).ok).toBe(true)
        const plan = yield* Provisioning.planDeployment(later)
        expect(plan.steps.find((s) => s.key === "DatasetGroup:MovieLensDemo")?.action).not.toBe("Create")
        const applied = yield* Provisioning.applyDeployment(later)
        expect(applied.failures).toEqual([])
        const campaign = yield* personalize.describe("Campaign", arnOf(applied, "Campaign:moreSimsCampaign"))
        expect(campaign.status).toBe("ACTIVE")
        const version = yield* personalize.describe("SolutionVersion", arnOf(applied, "SolutionVersion:moreSims"))
        expect(version.status).toBe("ACTIVE")
        expect(actionsOf(yield* Provisioning.planDeployment(later))).toEqual([])
      })
    )
  })
})
