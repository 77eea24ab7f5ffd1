import { describe, expect, it } from "vitest"
import type { Deployment } from "../../src/config/Deployment.ts"
import { type ConfigDecodeResult, decodeConfig, detectFormat, pipelineSlots } from "../../src/config/index.ts"
import { interactionsEventSchema, itemsRecord, usersRecord } from "../../testing/mlopsConfig.ts"

// The personalize-pipeline params.json (v1 and v2) decoded as whole deployments, every slot and dataset
// set, and each section's issues at their params.json paths.

const tag = (tagKey: string) => [{ tagKey, tagValue: `${tagKey}-v` }]
const role = "arn:aws:iam::123456789012:role/pipeline"
const kms = "arn:aws:kms:eu-west-1:123456789012:key/k1"
const recipe = (name: string) => `arn:aws:personalize:::recipe/${name}`
const users = usersRecord("Users")
const items = itemsRecord("Items")
const interactionsAvro = {
  type: "record",
  name: "Interactions",
  namespace: interactionsEventSchema.namespace,
  fields: interactionsEventSchema.fields,
  version: "1.0"
}

const v2 = () => ({
  datasetGroup: { name: "demo", roleArn: role, kmsKeyArn: kms, tags: tag("dsg") },
  datasets: {
    Users: { name: "demo-users", schema: users },
    Interactions: { name: "demo-interactions", schema: interactionsEventSchema, tags: tag("interactions") },
    Items: { name: "demo-items", schema: items, tags: tag("items") }
  },
  solutions: {
    personalizedRanking: { name: "ranking", recipeArn: recipe("aws-personalized-ranking") },
    sims: { name: "sims", recipeArn: recipe("aws-sims"), performHPO: true, tags: tag("sims") },
    userPersonalization: {
      name: "up",
      recipeArn: recipe("aws-user-personalization"),
      performAutoTraining: false,
      eventType: "click",
      solutionConfig: { eventValueThreshold: "0.5" }
    }
  },
  campaigns: {
    userPersonalizationCampaign: { name: "up-c", minProvisionedTPS: 2, tags: tag("up-c") },
    simsCampaign: { name: "sims-c", campaignConfig: { syncWithLatestSolutionVersion: true } }
  },
  eventTracker: { name: "demo-tracker" },
  filters: [
    { name: "no-buys", filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("buy")' },
    { name: "genre", filterExpression: 'INCLUDE ItemID WHERE Items.GENRE IN ("a")', tags: tag("genre") }
  ]
})

const importOf = (type: string) => ({ dataLocation: `s3://{bucket}/${type}/`, importMode: "FULL", tags: [] })
const solutionOf = (spec: Record<string, unknown>, campaigns: ReadonlyArray<unknown>, tags: unknown = []) => ({
  ...spec,
  trainingMode: "FULL",
  schedules: {},
  campaigns,
  batchInferenceJobs: [],
  batchSegmentJobs: [],
  tags,
  versionTags: []
})

const deployment = {
  format: "personalize-pipeline",
  roleArn: role,
  datasetGroup: { name: "demo", roleArn: role, kmsKeyArn: kms, tags: tag("dsg") },
  datasets: [
    {
      type: "Interactions",
      name: "demo-interactions",
      schema: { name: "Interactions", avro: interactionsAvro },
      imports: [importOf("Interactions")],
      tags: tag("interactions")
    },
    {
      type: "Items",
      name: "demo-items",
      schema: { name: "Items", avro: items },
      imports: [importOf("Items")],
      tags: tag("items")
    },
    {
      type: "Users",
      name: "demo-users",
      schema: { name: "Users", avro: users },
      imports: [importOf("Users")],
      tags: []
    }
  ],
  eventTracker: { name: "demo-tracker", tags: [] },
  filters: [
    { name: "no-buys", filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("buy")', tags: [] },
    { name: "genre", filterExpression: 'INCLUDE ItemID WHERE Items.GENRE IN ("a")', tags: tag("genre") }
  ],
  // In slot order: userPersonalization, sims, personalizedRanking.
  solutions: [
    solutionOf(
      {
        name: "up",
        recipeArn: recipe("aws-user-personalization"),
        performAutoTraining: false,
        eventType: "click",
        solutionConfig: { eventValueThreshold: "0.5" }
      },
      [{ name: "up-c", minProvisionedTPS: 2, tags: tag("up-c") }]
    ),
    solutionOf(
      { name: "sims", recipeArn: recipe("aws-sims"), performHPO: true },
      [{ name: "sims-c", minProvisionedTPS: 1, campaignConfig: { syncWithLatestSolutionVersion: true }, tags: [] }],
      tag("sims")
    ),
    solutionOf({ name: "ranking", recipeArn: recipe("aws-personalized-ranking") }, [])
  ],
  recommenders: []
}

const decoded = (input: unknown): Deployment => {
  const result = decodeConfig(input)
  if (!result.valid) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join("\n"))
  return result.deployment
}
const issuesOf = (result: ConfigDecodeResult) =>
  result.valid ? [] : result.issues.map((i) => `${i.path}: ${i.message}`)

describe("personalize-pipeline params.json: whole deployments", () => {
  it("v2: every slot, dataset, tracker and filter in its place; the role from the dataset group", () => {
    const result = decodeConfig(v2())
    expect(result.valid && result.format).toBe("personalize-pipeline")
    expect(decoded(v2())).toStrictEqual(deployment)
  })

  it("the slots are fixed: each solution slot with the campaign slot serving it", () => {
    expect(pipelineSlots).toEqual([
      { solution: "userPersonalization", campaign: "userPersonalizationCampaign" },
      { solution: "sims", campaign: "simsCampaign" },
      { solution: "personalizedRanking", campaign: "personalizedRankingCampaign" }
    ])
  })

  it("v1: one solution and its campaign, a domain given to the schemas, no role when the group has none", () => {
    const v1 = {
      datasetGroup: { name: "demo", domain: "VIDEO_ON_DEMAND" },
      datasets: { Interactions: { name: "demo-interactions", schema: interactionsEventSchema } },
      solution: { name: "demo-solution", performAutoML: true },
      campaign: { name: "demo-campaign", minProvisionedTPS: 1 }
    }
    expect(detectFormat(v1)).toBe("personalize-pipeline")
    expect(decoded(v1)).toStrictEqual({
      format: "personalize-pipeline",
      datasetGroup: { name: "demo", domain: "VIDEO_ON_DEMAND", tags: [] },
      datasets: [
        {
          type: "Interactions",
          name: "demo-interactions",
          schema: { name: "Interactions", avro: interactionsAvro, domain: "VIDEO_ON_DEMAND" },
          imports: [importOf("Interactions")],
          tags: []
        }
      ],
      filters: [],
      solutions: [
        solutionOf({ name: "demo-solution", performAutoML: true }, [
          { name: "demo-campaign", minProvisionedTPS: 1, tags: [] }
        ])
      ],
      recommenders: []
    })
  })

  it("v2 without solutions or campaigns is a dataset group with its datasets", () => {
    const { solutions: _s, campaigns: _c, filters: _f, eventTracker: _e, ...rest } = v2()
    const d = decoded(rest)
    expect([d.solutions, d.filters, d.eventTracker]).toEqual([[], [], undefined])
    expect(d.datasets.map((x) => x.type)).toEqual(["Interactions", "Items", "Users"])
  })
})

describe("personalize-pipeline params.json: issues at their paths", () => {
  const bad = "x".repeat(64)
  const badName = "a name must be 1–63 characters (got 64)"
  type Params = ReturnType<typeof v2>
  it.each<[string, (c: Params) => unknown, ReadonlyArray<string>]>([
    ["the dataset group's name", (c) => (c.datasetGroup.name = bad), [`datasetGroup.name: ${badName}`]],
    ["a dataset's name", (c) => (c.datasets.Users.name = bad), [`datasets.Users.name: ${badName}`]],
    [
      "a dataset's schema, inside the schema",
      (c) => (c.datasets.Users.schema = { ...users, name: "People" }),
      ['datasets.Users.schema.name: the record name must match the dataset type: "Users" (got "People")']
    ],
    ["a solution slot's name", (c) => (c.solutions.sims.name = bad), [`solutions.sims.name: ${badName}`]],
    [
      "a campaign slot's name",
      (c) => (c.campaigns.simsCampaign.name = bad),
      [`campaigns.simsCampaign.name: ${badName}`]
    ],
    ["the event tracker's name", (c) => (c.eventTracker.name = bad), [`eventTracker.name: ${badName}`]],
    ["a filter's name", (c) => (c.filters[1]!.name = bad), [`filters[1].name: ${badName}`]],
    [
      "a solution without a recipe, at its slot's recipeArn",
      (c) => delete (c.solutions.sims as { recipeArn?: string }).recipeArn,
      ['solutions.sims.recipeArn: solution "sims" needs a recipeArn (or performAutoML: true)']
    ],
    [
      "duplicate names at each one's name path",
      (c) => {
        c.solutions.sims.name = "up"
        c.campaigns.simsCampaign.name = "up-c"
        c.datasets.Items.name = "demo-users"
        c.filters[1]!.name = "no-buys"
      },
      [
        'datasets.Users.name: duplicate dataset name "demo-users"',
        'filters[1].name: duplicate filter name "no-buys"',
        'solutions.sims.name: duplicate solution name "up"',
        'campaigns.simsCampaign.name: duplicate campaign name "up-c" (campaign names are unique per account)'
      ]
    ],
    [
      "an Avro record name of another dataset type",
      (c) => (c.datasets.Items.schema = { ...items, name: "Users" } as typeof items),
      ['datasets.Items.schema.name: the record name must match the dataset type: "Items" (got "Users")']
    ],
    [
      "no Interactions dataset",
      (c) => delete (c.datasets as { Interactions?: unknown }).Interactions,
      [
        "datasets: solutions and recommenders train on an Interactions dataset: add one",
        expect.stringMatching(/^filters\[0\]\.filterExpression: /) as unknown as string
      ]
    ],
    [
      "datasets not an object: one issue, no Interactions rule",
      (c) => ((c as { datasets: unknown }).datasets = "x"),
      [expect.stringMatching(/^datasets: /) as unknown as string]
    ],
    [
      "a campaign slot without its solution",
      (c) => delete (c.solutions as { sims?: unknown }).sims,
      ["campaigns.simsCampaign: campaign slot simsCampaign serves solutions.sims, which is not configured"]
    ],
    [
      "a broken solution hides neither its campaign's issue",
      (c) => {
        c.solutions.sims.name = bad
        c.campaigns.simsCampaign.name = bad
      },
      [`solutions.sims.name: ${badName}`, `campaigns.simsCampaign.name: ${badName}`]
    ],
    [
      "a broken dataset holds back the Interactions rule",
      (c) => (c.datasets.Interactions.name = bad),
      [`datasets.Interactions.name: ${badName}`]
    ],
    [
      "v1 keys in a v2 document are unknown",
      (c) => Object.assign(c, { recommenders: [] }),
      [expect.stringMatching(/^recommenders: unknown key "recommenders"/) as unknown as string]
    ]
  ])("%s", (_, mutate, expected) => {
    const config = v2()
    mutate(config)
    expect(issuesOf(decodeConfig(config))).toEqual(expected)
  })

  it("v1 needs its four sections, and takes no v2 section", () => {
    expect(
      issuesOf(decodeConfig({ datasetGroup: { name: "demo" }, solution: { name: "s", performAutoML: true } }))
    ).toEqual(["datasets: Missing key", "campaign: Missing key"])
    expect(
      issuesOf(
        decodeConfig({
          datasetGroup: { name: "demo" },
          datasets: { Interactions: { name: "i", schema: interactionsEventSchema } },
          solution: { name: "s", performAutoML: true },
          campaign: { name: "c" },
          eventTracker: { name: "t" }
        })
      )
    ).toEqual([expect.stringMatching(/^eventTracker: unknown key "eventTracker"/)])
  })
})
