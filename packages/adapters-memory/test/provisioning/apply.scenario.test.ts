import { type Config, type Kernel, Personalize as P, Provisioning } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import {
  layerMemoryEventStore,
  layerMemoryPersonalize,
  layerNodeDataSource,
  PersonalizeTwin,
  runInVirtualTime
} from "../../src/index.ts"
import { mlOpsDeployment } from "./anchorDeployments.ts"

const services = Layer.mergeAll(layerMemoryPersonalize({ seed: 3 }), layerMemoryEventStore)
const run = <A, E>(program: Effect.Effect<A, E, P.Personalize | Kernel.EventStore | PersonalizeTwin>) =>
  Effect.runPromise(runInVirtualTime(program.pipe(Effect.provide(services))))

const withCampaignTps = (d: Config.Deployment, tps: number): Config.Deployment => ({
  ...d,
  solutions: d.solutions.map((s, i) =>
    i === 0 ? { ...s, campaigns: s.campaigns.map((c) => ({ ...c, minProvisionedTPS: tps })) } : s
  )
})

const actionsOf = (plan: Provisioning.Plan) => Provisioning.actions(plan).map((s) => `${s.action} ${s.key}`)

describe("apply scenarios on the twin", () => {
  it("applying twice creates nothing the second time; a config change is an Update; an outside change is Drift", async () => {
    const deployment = mlOpsDeployment()
    await run(
      Effect.gen(function* () {
        const twin = yield* PersonalizeTwin
        const personalize = yield* P.Personalize
        const first = yield* Provisioning.applyDeployment(deployment)
        expect(first.ok).toBe(true)
        const created = P.ResourceKinds.map((k) => twin.createCount(k))

        const again = yield* Provisioning.applyDeployment(deployment)
        expect(again.ok).toBe(true)
        expect(actionsOf(again.plan)).toEqual([])
        expect(again.plan.steps.every((s) => s.action === "NoOp")).toBe(true)
        expect(P.ResourceKinds.map((k) => twin.createCount(k))).toEqual(created)

        // The config asks for more TPS: one Update, applied, then nothing.
        const more = withCampaignTps(deployment, 3)
        const plan = yield* Provisioning.planDeployment(more)
        expect(actionsOf(plan)).toEqual(["Update Campaign:userPersonalizationCampaign"])
        expect(plan.steps.find((s) => s.action === "Update")?.changes).toEqual([
          { field: "minProvisionedTPS", from: 1, to: 3 }
        ])
        const updated = yield* Provisioning.applyDeployment(more)
        expect(updated.ok).toBe(true)
        expect(actionsOf(yield* Provisioning.planDeployment(more))).toEqual([])
        const campaign = updated.steps.find((s) => s.key === "Campaign:userPersonalizationCampaign")
        const described = yield* personalize.describe("Campaign", campaign?.arn as P.ResourceArn)
        expect(described.attributes.minProvisionedTPS).toBe(3)

        // Someone changes the campaign outside the tool: reported as drift, not overwritten.
        yield* personalize.update({ kind: "Campaign", arn: described.arn, minProvisionedTPS: 7 })
        yield* Effect.sleep("30 minutes")
        const drift = yield* Provisioning.planDeployment(more)
        const step = drift.steps.find((s) => s.key === "Campaign:userPersonalizationCampaign")
        expect(step?.action).toBe("Drift")
        expect(step?.reason).toContain("changed outside the tool")
        const afterDrift = yield* Provisioning.applyDeployment(more)
        expect(afterDrift.drift.map((s) => s.key)).toEqual(["Campaign:userPersonalizationCampaign"])
        expect((yield* personalize.describe("Campaign", described.arn)).attributes.minProvisionedTPS).toBe(7)
      })
    )
  })

  it("a minProvisionedTPS the monitor manages is set at creation only: the monitor's step-down is not fought", async () => {
    const managed: Config.Deployment = {
      ...mlOpsDeployment(),
      solutions: mlOpsDeployment().solutions.map((s) => ({
        ...s,
        campaigns: s.campaigns.map((c) => ({ ...c, minProvisionedTPS: 5, minProvisionedTPSManaged: true }))
      }))
    }
    await run(
      Effect.gen(function* () {
        const personalize = yield* P.Personalize
        const first = yield* Provisioning.applyDeployment(managed)
        expect(first.ok).toBe(true)
        const arn = first.steps.find((s) => s.key === "Campaign:userPersonalizationCampaign")?.arn as P.ResourceArn
        expect((yield* personalize.describe("Campaign", arn)).attributes.minProvisionedTPS).toBe(5)
        // The monitor steps the campaign down on low traffic (UpdateCampaign from outside the tool).
        yield* personalize.update({ kind: "Campaign", arn, minProvisionedTPS: 1 })
        yield* Effect.sleep("1 hour")
        const plan = yield* Provisioning.planDeployment(managed)
        expect(actionsOf(plan)).toEqual([])
        const again = yield* Provisioning.applyDeployment(managed)
        expect(again.drift).toEqual([])
        expect((yield* personalize.describe("Campaign", arn)).attributes.minProvisionedTPS).toBe(1)
        // Without the flag the next apply would set it back to 5: the flag is what makes the difference.
        const unmanaged = yield* Provisioning.planDeployment(withCampaignTps(mlOpsDeployment(), 5))
        expect(unmanaged.steps.find((s) => s.key === "Campaign:userPersonalizationCampaign")?.action).toBe("Update")
      })
    )
  })

  it("adopts matching resources it did not create, and rolls a campaign forward to a newer ACTIVE version", async () => {
    const deployment = mlOpsDeployment()
    await run(
      Effect.gen(function* () {
        const personalize = yield* P.Personalize
        // Someone made the dataset group by hand, with the same name and config.
        const group = yield* personalize.create({ kind: "DatasetGroup", name: "MovieLensDemo" })
        yield* Effect.sleep("5 minutes")
        const plan = yield* Provisioning.planDeployment(deployment)
        expect(plan.steps.find((s) => s.key === "DatasetGroup:MovieLensDemo")?.action).toBe("Adopt")
        const applied = yield* Provisioning.applyDeployment(deployment)
        expect(applied.ok).toBe(true)
        expect(applied.steps.find((s) => s.kind === "DatasetGroup")?.arn).toBe(group)

        // A retrain outside the tool (e.g. a schedule) made a newer ACTIVE version: move the campaign.
        const solution = applied.steps.find((s) => s.key === "Solution:simsSolution")?.arn as P.ResourceArn
        yield* personalize.create({
          kind: "SolutionVersion",
          name: "retrained",
          solutionArn: solution,
          trainingMode: "FULL"
        })
        yield* Effect.sleep("4 hours")
        const roll = yield* Provisioning.planDeployment(deployment)
        expect(actionsOf(roll)).toEqual(["Update Campaign:simsCampaign"])
        expect((yield* Provisioning.applyDeployment(deployment)).ok).toBe(true)
        expect(actionsOf(yield* Provisioning.planDeployment(deployment))).toEqual([])
      })
    )
  })

  it("a campaign that drifted still rolls forward to a new version (the drift kept); drift the config now matches clears", async () => {
    const deployment = mlOpsDeployment()
    const key = "Campaign:userPersonalizationCampaign"
    await run(
      Effect.gen(function* () {
        const personalize = yield* P.Personalize
        const first = yield* Provisioning.applyDeployment(deployment)
        expect(first.ok).toBe(true)
        const arn = first.steps.find((s) => s.key === key)?.arn as P.ResourceArn
        const before = (yield* personalize.describe("Campaign", arn)).attributes.solutionVersionArn
        // Changed outside the tool: reported as drift.
        yield* personalize.update({ kind: "Campaign", arn, minProvisionedTPS: 7 })
        yield* Effect.sleep("30 minutes")
        expect((yield* Provisioning.planDeployment(deployment)).steps.find((s) => s.key === key)?.action).toBe("Drift")

        // A retrain: the drifted campaign still rolls forward to the new version, keeping the TPS it was given.
        const solution = first.steps.find((s) => s.key === "Solution:userPersonalizationSolution")?.arn
        yield* personalize.create({
          kind: "SolutionVersion",
          name: "retrained",
          solutionArn: solution as P.ResourceArn,
          trainingMode: "FULL"
        })
        yield* Effect.sleep("6 hours")
        const roll = (yield* Provisioning.planDeployment(deployment)).steps.find((s) => s.key === key)
        expect(roll).toMatchObject({
          action: "Update",
          kept: ["minProvisionedTPS"],
          reason: "changed outside the tool: minProvisionedTPS (kept)"
        })
        expect(roll?.changes?.map((c) => c.field)).toEqual(["solutionVersionArn"])
        expect((yield* Provisioning.applyDeployment(deployment)).ok).toBe(true)
        const rolled = yield* personalize.describe("Campaign", arn)
        expect(rolled.attributes.solutionVersionArn).not.toBe(before)
        expect(rolled.attributes.minProvisionedTPS).toBe(7)
        // The drift is still reported (not silently taken over by the update).
        const after = yield* Provisioning.planDeployment(deployment)
        expect(after.steps.find((s) => s.key === key)).toMatchObject({
          action: "Drift",
          changes: [{ field: "minProvisionedTPS", to: 7 }]
        })

        // The config is edited to match the outside change: nothing to do, and no drift any more.
        const matching = withCampaignTps(deployment, 7)
        const plan = yield* Provisioning.planDeployment(matching)
        expect(actionsOf(plan)).toEqual([])
        expect(plan.steps.filter((s) => s.action === "Drift")).toEqual([])
        const applied = yield* Provisioning.applyDeployment(matching)
        expect(applied.drift).toEqual([])
        expect(applied.steps.find((s) => s.key === key)?.action).toBe("NoOp")
        expect((yield* personalize.describe("Campaign", arn)).attributes.minProvisionedTPS).toBe(7)
      })
    )
  })

  it("records every decision and observation in the provisioning stream", async () => {
    const deployment = mlOpsDeployment()
    await run(
      Effect.gen(function* () {
        const result = yield* Provisioning.applyDeployment(deployment)
        const events = yield* Provisioning.readProvisioningEvents(Provisioning.provisioningStream("MovieLensDemo"))
        expect(events.length).toBe(result.events)
        const tags = (tag: string) => events.filter((e) => e._tag === tag).length
        expect(tags("PlanComputed")).toBe(1)
        expect(tags("StepDecided")).toBe(result.plan.steps.length)
        expect(tags("CreateRequested")).toBe(result.plan.steps.length)
        expect(tags("ResourceReady")).toBe(result.plan.steps.length)
        expect(tags("StatusObserved")).toBeGreaterThan(result.plan.steps.length)
        expect(events.at(-1)?._tag).toBe("ApplyFinished")
        // The ledger read decodes only the events it folds, and is the fold of them all.
        const ledger = yield* Provisioning.readLedger(Provisioning.provisioningStream("MovieLensDemo"))
        expect(ledger).toEqual(Provisioning.ledgerOf(events))
        expect(ledger.size).toBe(result.plan.steps.length)
      })
    )
  })

  it("a timeout is explicit and configurable, and stops the dependents", async () => {
    const deployment = mlOpsDeployment()
    await run(
      Effect.gen(function* () {
        const result = yield* Provisioning.applyDeployment(deployment, {
          waitPolicies: { SolutionVersion: { timeoutSeconds: 1800 } }
        })
        expect(result.ok).toBe(false)
        const failure = result.failures.find((f) => f.key === "SolutionVersion:simsSolution")
        expect(failure?.cause).toContain("raise waitPolicies.SolutionVersion.timeoutSeconds")
        expect(failure?.dependents).toEqual([{ kind: "Campaign", name: "simsCampaign" }])
      })
    )
  })

  it.each([8, Provisioning.defaultMaxConcurrentSteps])(
    "1,000 import jobs on one dataset, the first failing: no stack overflow, at most %i steps at once",
    async (max) => {
      const base = mlOpsDeployment()
      const [interactions, ...others] = base.datasets
      const job = interactions!.imports[0]!
      // A local path that does not exist fails the first import; the 999 chained after it are skipped.
      const imports = Array.from({ length: 1000 }, (_, i) => ({
        ...job,
        name: `bulk-${i}`,
        dataLocation: i === 0 ? "/nonexistent/interactions.csv" : job.dataLocation
      }))
      const deployment: Config.Deployment = { ...base, datasets: [{ ...interactions!, imports }, ...others] }
      // Resources being waited for at once (a poll saw them in flight and no later poll saw them settle).
      const waiting = new Set<string>()
      let peak = 0
      const program = Provisioning.applyDeployment(deployment, {
        maxConcurrentSteps: max,
        onWait: (report) =>
          Effect.sync(() => {
            if (report.nextPollAt === undefined) waiting.delete(report.key)
            else waiting.add(report.key)
            peak = Math.max(peak, waiting.size)
          })
      })
      const twin = layerMemoryPersonalize({ seed: 3 }).pipe(Layer.provide(layerNodeDataSource))
      const result = await Effect.runPromise(
        runInVirtualTime(program.pipe(Effect.provide(Layer.mergeAll(twin, layerMemoryEventStore))))
      )
      expect(result.ok).toBe(false)
      const failure = result.failures.find((f) => f.key === "DatasetImportJob:bulk-0")
      expect(failure?.dependents.filter((d) => d.kind === "DatasetImportJob")).toHaveLength(999)
      expect(result.steps.filter((s) => s.outcome === "skipped").length).toBeGreaterThanOrEqual(999)
      expect(peak).toBeGreaterThan(1)
      expect(peak).toBeLessThanOrEqual(max)
    }
  )
})
