import { type Config, type Kernel, Maintenance, Personalize as P, Provisioning } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { layerMemoryEventStore, layerMemoryPersonalize, PersonalizeTwin, runInVirtualTime } from "../../src/index.ts"
import { mlOpsDeployment } from "./anchorDeployments.ts"

const services = Layer.mergeAll(layerMemoryPersonalize({ seed: 5 }), layerMemoryEventStore)
const run = <A, E>(program: Effect.Effect<A, E, P.Personalize | Kernel.EventStore | PersonalizeTwin>) =>
  Effect.runPromise(runInVirtualTime(program.pipe(Effect.provide(services))))

const actionsOf = (plan: Provisioning.Plan) => Provisioning.actions(plan).map((s) => `${s.action} ${s.key}`)

/** The ml_ops deployment with a batch inference job (filtered) and a batch segment job on the SIMS solution. */
const withRuns = (): Config.Deployment => {
  const base = mlOpsDeployment()
  return {
    ...base,
    roleArn: "arn:aws:iam::000000000000:role/PersonalizeRole",
    solutions: base.solutions.map((s) =>
      s.name === "userPersonalizationSolution"
        ? {
            ...s,
            batchInferenceJobs: [{ name: "nightly", filterName: "media-filter-1", numResults: 10, tags: [] }]
          }
        : s
    )
  }
}

const withNumResults = (d: Config.Deployment, numResults: number): Config.Deployment => ({
  ...d,
  solutions: d.solutions.map((s) => ({
    ...s,
    batchInferenceJobs: s.batchInferenceJobs.map((j) => ({ ...j, numResults }))
  }))
})

const stamped = /^nightly-\d{8}-\d{6}$/

describe("batch jobs declared in a config are runs (memory twin)", () => {
  it("a run carries its date and its filter; re-applying (also after a retrain) finds it; a changed request starts a new run", async () => {
    const deployment = withRuns()
    await run(
      Effect.gen(function* () {
        const personalize = yield* P.Personalize
        const twin = yield* PersonalizeTwin
        const first = yield* Provisioning.applyDeployment(deployment)
        expect(first.ok).toBe(true)
        const job = first.steps.find((s) => s.key === "BatchInferenceJob:nightly")
        const described = yield* personalize.describe("BatchInferenceJob", job?.arn as P.ResourceArn)
        expect(described.name).toMatch(stamped)
        const filter = first.steps.find((s) => s.key === "Filter:media-filter-1")?.arn
        expect(described.attributes.filterArn).toBe(filter)
        expect(described.attributes.numResults).toBe(10)
        const versionArn = first.steps.find((s) => s.key === "SolutionVersion:userPersonalizationSolution")?.arn
        expect(described.attributes.solutionVersionArn).toBe(versionArn)

        // The run on the current version is current: applying again starts nothing.
        const again = yield* Provisioning.applyDeployment(deployment)
        expect(again.ok).toBe(true)
        expect(actionsOf(again.plan)).toEqual([])
        expect(twin.createCount("BatchInferenceJob")).toBe(1)

        // A retrain (a schedule, or by hand) makes a newer ACTIVE version: the next apply rolls the campaign
        // forward, and finds the run on the older version (runs are found across versions): no new run, and
        // no attempt to re-create the run's name (which failed when only the current version was listed).
        yield* Effect.sleep("1 day")
        const solution = first.steps.find((s) => s.key === "Solution:userPersonalizationSolution")?.arn
        const retrained = yield* personalize.create({
          kind: "SolutionVersion",
          name: "retrained",
          solutionArn: solution as P.ResourceArn,
          trainingMode: "FULL"
        })
        yield* Effect.sleep("6 hours")
        const plan = yield* Provisioning.planDeployment(deployment)
        expect(actionsOf(plan)).toEqual(["Update Campaign:userPersonalizationCampaign"])
        expect(plan.steps.find((s) => s.key === "BatchInferenceJob:nightly")?.arn).toBe(described.arn)
        expect((yield* Provisioning.applyDeployment(deployment)).ok).toBe(true)
        expect(twin.createCount("BatchInferenceJob")).toBe(1)

        // The config asks for another numResults: a new run, under a new dated name, on the current version.
        const more = withNumResults(deployment, 20)
        const changed = yield* Provisioning.planDeployment(more)
        expect(actionsOf(changed)).toEqual(["Create BatchInferenceJob:nightly"])
        expect(changed.steps.find((s) => s.key === "BatchInferenceJob:nightly")?.reason).toContain(described.name)
        const after = yield* Provisioning.applyDeployment(more)
        expect(after.ok).toBe(true)
        const second = yield* personalize.describe(
          "BatchInferenceJob",
          after.steps.find((s) => s.key === "BatchInferenceJob:nightly")?.arn as P.ResourceArn
        )
        expect(second.name).toMatch(stamped)
        expect(second.name).not.toBe(described.name)
        expect(second.attributes.solutionVersionArn).toBe(retrained)
        expect(second.attributes.numResults).toBe(20)
        expect(twin.createCount("BatchInferenceJob")).toBe(2)

        // Both runs exist, each on its own version, and the newest (found across versions) is current.
        const runs = [
          ...(yield* Provisioning.listAll("BatchInferenceJob", versionArn as P.ResourceArn)),
          ...(yield* Provisioning.listAll("BatchInferenceJob", retrained))
        ]
        expect(runs.map((r) => r.name).sort()).toEqual([described.name, second.name].sort())
        expect(actionsOf(yield* Provisioning.planDeployment(more))).toEqual([])
      })
    )
  })

  it("a run scheduled by maintenance (the same runName) counts as the config's run: apply does not start another", async () => {
    const deployment = withRuns()
    await run(
      Effect.gen(function* () {
        const personalize = yield* P.Personalize
        const twin = yield* PersonalizeTwin
        const first = yield* Provisioning.applyDeployment(deployment)
        expect(first.ok).toBe(true)
        const step = (key: string) => first.steps.find((s) => s.key === key)?.arn as P.ResourceArn
        yield* Effect.sleep("1 day")
        // What a scheduled batch-inference run creates: the same base name, a later stamp, the same request.
        const at = yield* Effect.clockWith((c) => c.currentTimeMillis)
        const scheduled = yield* personalize.create({
          kind: "BatchInferenceJob",
          name: Maintenance.runName("nightly", at),
          solutionVersionArn: step("SolutionVersion:userPersonalizationSolution"),
          inputPath: "s3://in/job.json",
          outputPath: "s3://out/",
          roleArn: "arn:aws:iam::000000000000:role/PersonalizeRole",
          filterArn: step("Filter:media-filter-1"),
          numResults: 10
        })
        yield* Effect.sleep("6 hours")
        const plan = yield* Provisioning.planDeployment(deployment)
        expect(actionsOf(plan)).toEqual([])
        expect(plan.steps.find((s) => s.key === "BatchInferenceJob:nightly")?.arn).toBe(scheduled)
        expect(twin.createCount("BatchInferenceJob")).toBe(2)
      })
    )
  })
})
