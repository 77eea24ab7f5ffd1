import { describe, expect, it } from "vitest"
import { decodeConfig, supportsUpdateTraining } from "../../src/config/index.ts"
import { interactionsEventSchema } from "../../testing/mlopsConfig.ts"

// The cross-resource rules (Draft.checkDraft) and the content rules, in our own format: the tag count
// per resource at its bound, duplicate names per kind, dangling filter names, recipes and domains.

const up = "arn:aws:personalize:::recipe/aws-user-personalization"
const affinity = "arn:aws:personalize:::recipe/aws-item-affinity"
const tagsOf = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ tagKey: `${prefix}${i}`, tagValue: "v" }))

/** Every resource kind once, each with one tag of its own. */
const everyResource = (rootTags: ReadonlyArray<unknown>) => ({
  format: "personalize-ops/v1",
  tags: rootTags,
  datasetGroup: { name: "shop", tags: tagsOf(1, "own") },
  datasets: {
    Interactions: {
      name: "i",
      schema: interactionsEventSchema,
      imports: [{ dataLocation: "s3://b/i/", tags: tagsOf(1, "own") }],
      tags: tagsOf(1, "own")
    }
  },
  eventTracker: { name: "t", tags: tagsOf(1, "own") },
  filters: [
    { name: "f", filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("x")', tags: tagsOf(1, "own") }
  ],
  solutions: [
    {
      name: "up",
      recipeArn: up,
      campaigns: [{ name: "c", tags: tagsOf(1, "own") }],
      batchInferenceJobs: [{ inputPath: "s3://b/in", outputPath: "s3://b/out/", tags: tagsOf(1, "own") }],
      tags: tagsOf(1, "own")
    },
    {
      name: "aff",
      recipeArn: affinity,
      batchSegmentJobs: [{ inputPath: "s3://b/in", outputPath: "s3://b/out/", tags: tagsOf(1, "own") }]
    }
  ]
})
const issues = (config: unknown) => {
  const r = decodeConfig(config)
  return r.valid ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)
}

describe("cross-resource rules", () => {
  it("50 tag keys per resource with the defaults are allowed", () => {
    expect(issues(everyResource(tagsOf(49, "d")))).toEqual([])
  })

  it("51 are refused at each resource, which names the count", () => {
    const over = "at most 50 tag keys per resource, with the default tags (got 51)"
    expect(issues(everyResource(tagsOf(50, "d")))).toEqual([
      `datasetGroup: ${over}`,
      `datasets.Interactions: ${over}`,
      `filters[0]: ${over}`,
      `eventTracker: ${over}`,
      `datasets.Interactions.imports[0]: ${over}`,
      `solutions[0]: ${over}`,
      `solutions[0].campaigns[0]: ${over}`,
      `solutions[0].batchInferenceJobs[0]: ${over}`,
      `solutions[1].batchSegmentJobs[0]: ${over}`
    ])
  })

  it("a resource's own tag with a default's key replaces it, so it does not count twice", () => {
    const config = everyResource(tagsOf(50, "d"))
    const same = [{ tagKey: "d0", tagValue: "mine" }]
    config.datasetGroup.tags = same
    const r = decodeConfig(config)
    expect(r.valid ? [] : r.issues.map((i) => i.path)).not.toContain("datasetGroup")
  })

  it("duplicate import job and batch job names, at their name paths", () => {
    const config = everyResource([])
    const imports = config.datasets.Interactions.imports as Array<Record<string, unknown>>
    imports[0]!.name = "load"
    imports.push({ dataLocation: "s3://b/j/", name: "load" })
    ;(config.solutions[0]!.batchInferenceJobs![0] as Record<string, unknown>).name = "nightly"
    ;(config.solutions[1]!.batchSegmentJobs![0] as Record<string, unknown>).name = "nightly"
    expect(issues(config)).toEqual([
      'datasets.Interactions.imports[1].name: duplicate dataset import job name "load"',
      'solutions[1].batchSegmentJobs[0].name: duplicate batch job name "nightly"'
    ])
  })

  it("a batch job's filter name must be a filter of this config, listing the ones there are", () => {
    const config = everyResource([])
    ;(config.solutions[0]!.batchInferenceJobs![0] as Record<string, unknown>).filterName = "nope"
    expect(issues(config)).toEqual([
      'solutions[0].batchInferenceJobs[0].filterName: no filter named "nope" in this config (filters: f)'
    ])
    const none = everyResource([]) as Record<string, unknown> & ReturnType<typeof everyResource>
    ;(none.solutions[1]!.batchSegmentJobs![0] as Record<string, unknown>).filterName = "f"
    none.filters = []
    expect(issues(none)).toEqual([
      'solutions[1].batchSegmentJobs[0].filterName: no filter named "f" in this config (filters: none)'
    ])
  })

  it("a recommender needs a domain dataset group, and a recipe of it", () => {
    const config = {
      format: "personalize-ops/v1",
      datasetGroup: { name: "shop" },
      recommenders: [{ name: "r", recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you" }]
    }
    expect(issues(config)).toEqual([
      'recommenders[0]: recommender "r" needs a domain dataset group (set datasetGroup.domain to ECOMMERCE or VIDEO_ON_DEMAND)'
    ])
    expect(issues({ ...config, datasetGroup: { name: "shop", domain: "ECOMMERCE" } })).toEqual([])
    expect(
      issues({
        ...config,
        datasetGroup: { name: "shop", domain: "ECOMMERCE" },
        recommenders: [{ name: "r", recipeArn: "arn:aws:personalize:::recipe/aws-nope" }]
      })
    ).toEqual([
      "recommenders[0].recipeArn: arn:aws:personalize:::recipe/aws-nope is not a recipe Personalize has (ListRecipes)"
    ])
  })

  it("a solution's unknown recipe is named at its recipeArn", () => {
    const config = everyResource([])
    config.solutions[0]!.recipeArn = "arn:aws:personalize:::recipe/aws-nope"
    expect(issues(config)).toEqual([
      "solutions[0].recipeArn: arn:aws:personalize:::recipe/aws-nope is not a recipe Personalize has (ListRecipes)"
    ])
  })

  it("an unknown recipe of a solution with a batch segment job is one issue, at its recipeArn (not also an AutoML one)", () => {
    const config = everyResource([])
    config.solutions[1]!.recipeArn = "arn:aws:personalize:::recipe/aws-item-affinty"
    expect(issues(config)).toEqual([
      "solutions[1].recipeArn: arn:aws:personalize:::recipe/aws-item-affinty is not a recipe Personalize has (ListRecipes)"
    ])
  })

  it("without datasets a filter's grammar is still checked, not its fields", () => {
    const config = {
      format: "personalize-ops/v1",
      datasetGroup: { name: "shop" },
      filters: [
        { name: "ok", filterExpression: 'EXCLUDE ItemID WHERE Items.ANYTHING IN ("x")' },
        { name: "bad", filterExpression: "EXCLUDE nothing" }
      ]
    }
    const found = issues(config)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/^filters\[1\]\.filterExpression: /)
  })

  it.each<[string | undefined, boolean]>([
    [up, true],
    ["arn:aws:personalize:::recipe/aws-user-personalization-v2", true],
    ["arn:aws:personalize:::recipe/aws-hrnn-coldstart", true],
    ["arn:aws:personalize:::recipe/aws-sims", false],
    [undefined, false]
  ])("UPDATE training with %s: %s", (arn, supported) => {
    expect(supportsUpdateTraining(arn)).toBe(supported)
  })
})
