import { type Config, type Personalize as P, Provisioning } from "@personalize-ops/core"
import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type FaultProfileName, simulateDeployment } from "../../src/index.ts"

const tags: ReadonlyArray<Config.Tag> = []
const interactions: Config.AvroSchema = {
  type: "record",
  name: "Interactions",
  fields: [
    { name: "USER_ID", type: "string" },
    { name: "ITEM_ID", type: "string" },
    { name: "TIMESTAMP", type: "long" },
    { name: "EVENT_TYPE", type: "string" }
  ]
}
const items: Config.AvroSchema = {
  type: "record",
  name: "Items",
  fields: [
    { name: "ITEM_ID", type: "string" },
    { name: "GENRE", type: "string", categorical: true }
  ]
}
/** An ECOMMERCE group's Items need PRICE and CATEGORY_L1 (the schema rules of the domain). */
const ecommerceItems: Config.AvroSchema = {
  type: "record",
  name: "Items",
  fields: [
    { name: "ITEM_ID", type: "string" },
    { name: "PRICE", type: "float" },
    { name: "CATEGORY_L1", type: "string", categorical: true }
  ]
}

const domainOf = (g: { readonly domain: boolean }) => (g.domain ? { domain: "ECOMMERCE" as const } : {})

/** Valid deployments within the default quotas (≤ 5 campaigns, ≤ 10 solutions and filters per group). */
const deployments: fc.Arbitrary<Config.Deployment> = fc
  .record({
    withItems: fc.boolean(),
    domain: fc.boolean(),
    recommenders: fc.integer({ min: 0, max: 2 }),
    imports: fc.integer({ min: 1, max: 2 }),
    tracker: fc.boolean(),
    filters: fc.integer({ min: 0, max: 3 }),
    solutions: fc.array(
      fc.record({
        campaigns: fc.integer({ min: 0, max: 1 }),
        tps: fc.integer({ min: 1, max: 5 }),
        inference: fc.boolean(),
        segment: fc.boolean()
      }),
      { minLength: 1, maxLength: 4 }
    )
  })
  .map(
    (g): Config.Deployment => ({
      format: "personalize-ops",
      datasetGroup: { name: "group", tags, ...(g.domain ? { domain: "ECOMMERCE" as const } : {}) },
      roleArn: "arn:aws:iam::000000000000:role/r",
      datasets: [
        {
          type: "Interactions",
          name: "interactions",
          schema: { name: "interactions-schema", avro: interactions, ...domainOf(g) },
          imports: Array.from({ length: g.imports }, (_, i) => ({
            name: `interactions-import-${i}`,
            dataLocation: `s3://bucket/interactions-${i}.csv`,
            importMode: i === 0 ? ("FULL" as const) : ("INCREMENTAL" as const),
            tags
          })),
          tags
        },
        ...(g.withItems
          ? [
              {
                type: "Items" as const,
                name: "items",
                schema: { name: "items-schema", avro: g.domain ? ecommerceItems : items, ...domainOf(g) },
                imports: [{ dataLocation: "s3://bucket/items.csv", importMode: "FULL" as const, tags }],
                tags
              }
            ]
          : [])
      ],
      ...(g.tracker ? { eventTracker: { name: "tracker", tags } } : {}),
      filters: Array.from({ length: g.filters }, (_, i) => ({
        name: `filter-${i}`,
        filterExpression: `EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("e${i}")`,
        tags
      })),
      solutions: g.solutions.map((s, i) => ({
        name: `solution-${i}`,
        // Segment jobs need a USER_SEGMENTATION recipe, whose versions back nothing else (twin rule).
        recipeArn: `arn:aws:personalize:::recipe/${s.segment ? "aws-item-affinity" : "aws-user-personalization"}`,
        trainingMode: "FULL" as const,
        schedules: {},
        campaigns: Array.from({ length: s.segment ? 0 : s.campaigns }, () => ({
          name: `campaign-${i}`,
          minProvisionedTPS: s.tps,
          tags
        })),
        batchInferenceJobs:
          s.inference && !s.segment ? [{ tags, ...(g.filters > 0 ? { filterName: "filter-0" } : {}) }] : [],
        batchSegmentJobs: s.segment ? [{ tags }] : [],
        tags,
        versionTags: tags
      })),
      // Recommenders need a domain dataset group.
      recommenders: g.domain
        ? Array.from({ length: g.recommenders }, (_, i) => ({
            name: `recommender-${i}`,
            recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you",
            recommenderConfig: { minRecommendationRequestsPerSecond: 1 + i },
            tags
          }))
        : []
    })
  )

const faults = fc.constantFrom<FaultProfileName>("none", "light", "heavy")

describe("apply on the twin (properties)", () => {
  it("terminates; creates each resource at most once; every resource is ACTIVE or accounted for in failures", async () => {
    await fc.assert(
      fc.asyncProperty(
        deployments,
        fc.integer({ min: 1, max: 1_000_000 }),
        faults,
        async (deployment, seed, profile) => {
          const result = await Effect.runPromise(simulateDeployment(deployment, { seed, faults: profile }))
          const desired = Provisioning.desiredResources(deployment)
          const wanted = new Map<P.ResourceKind, number>()
          for (const d of desired) wanted.set(d.kind, (wanted.get(d.kind) ?? 0) + 1)
          // At most once: never more creates of a kind than the deployment has resources of it.
          for (const [kind, n] of Object.entries(result.creates))
            expect(n).toBeLessThanOrEqual(wanted.get(kind as P.ResourceKind) ?? 0)

          const failed = new Map(result.failures.map((f) => [f.key, f]))
          const blocked = new Set(
            result.failures.flatMap((f) => f.dependents.map((d) => Provisioning.resourceKey(d.kind, d.name)))
          )
          const status = new Map(result.apply.steps.map((s) => [s.key, s]))
          for (const d of desired) {
            const report = status.get(d.key)
            expect(report, d.key).toBeDefined()
            if (report?.outcome === "ready") continue
            if (report?.outcome === "failed") {
              expect(failed.get(d.key)?.cause.length ?? 0, d.key).toBeGreaterThan(0)
            } else {
              expect(blocked.has(d.key), `${d.key} skipped but not named as a dependent`).toBe(true)
            }
          }
          // Every failure names exactly the steps it blocked.
          for (const f of result.failures)
            for (const dep of f.dependents)
              expect(status.get(Provisioning.resourceKey(dep.kind, dep.name))?.outcome).toBe("skipped")
          // Ready resources are ACTIVE on the twin.
          const live = new Map(result.resources.map((r) => [r.arn, r.status]))
          for (const s of result.apply.steps)
            if (s.outcome === "ready") expect(live.get(s.arn as string), s.key).toBe("ACTIVE")
          if (result.ok) {
            expect(result.replan.steps).toBe(0)
            expect(result.failures).toEqual([])
          }
        }
      ),
      { numRuns: 60 }
    )
  })

  it("without faults, every generated deployment is ok and the replan is empty", async () => {
    await fc.assert(
      fc.asyncProperty(deployments, fc.integer({ min: 1, max: 1_000_000 }), async (deployment, seed) => {
        const result = await Effect.runPromise(simulateDeployment(deployment, { seed, faults: "none" }))
        expect(result.failures).toEqual([])
        expect(result.replan.steps).toBe(0)
        expect(result.resources.every((r) => r.status === "ACTIVE")).toBe(true)
      }),
      { numRuns: 30 }
    )
  })
})
