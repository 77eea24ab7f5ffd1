import { describe, expect, it } from "vitest"
import type { Deployment } from "../../src/config/Deployment.ts"
import { type ConfigDecodeResult, decodeConfig, encodeConfig } from "../../src/config/index.ts"
import { interactionsEventSchema, itemsRecord, usersRecord } from "../../testing/mlopsConfig.ts"

// The MLOps solution's format (serviceConfig / workflowConfig), every field set, each to a value of its
// own (so a field copied into another's place shows): decoding gives exactly `deployment` below, and
// converting that to our format (encodeConfig) gives exactly `converted`. Then each section's issues at
// their MLOps paths.

const tag = (tagKey: string) => [{ tagKey, tagValue: `${tagKey}-v` }]
const team = { tagKey: "team", tagValue: "recs" }
const up = "arn:aws:personalize:::recipe/aws-user-personalization"
const affinity = "arn:aws:personalize:::recipe/aws-item-affinity"
const sims = "arn:aws:personalize:::recipe/aws-sims"
const filterArn = "arn:aws:personalize:eu-west-1:123456789012:filter/other"
const interactions = { ...interactionsEventSchema, name: "interactions" }
const users = usersRecord("users")
const items = itemsRecord("items")

const document = () => ({
  tags: [team],
  datasetGroup: {
    serviceConfig: { name: "shop", tags: tag("dsg") },
    workflowConfig: { schedules: { import: "cron(0 */6 * * ? *)" }, maxAge: "3 days" }
  },
  datasets: {
    serviceConfig: { importMode: "INCREMENTAL", publishAttributionMetricsToS3: true, tags: tag("import") },
    users: {
      dataset: { serviceConfig: { name: "shop-users" } },
      schema: { serviceConfig: { name: "shop-users-schema", schema: users } }
    },
    items: {
      dataset: { serviceConfig: { name: "shop-items", tags: tag("items") } },
      schema: { serviceConfig: { name: "shop-items-schema", schema: items } }
    },
    interactions: {
      dataset: { serviceConfig: { name: "shop-interactions", tags: tag("dataset") } },
      schema: { serviceConfig: { name: "shop-interactions-schema", schema: interactions } }
    }
  },
  eventTracker: { serviceConfig: { name: "shop-tracker", tags: tag("tracker") } },
  filters: [
    {
      serviceConfig: {
        name: "no-buys",
        filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("buy")',
        tags: tag("filter")
      }
    }
  ],
  solutions: [
    {
      serviceConfig: {
        name: "up",
        recipeArn: up,
        performHPO: true,
        performAutoTraining: false,
        eventType: "click",
        solutionConfig: { eventValueThreshold: "0.5" },
        tags: tag("solution"),
        solutionVersion: { trainingMode: "UPDATE", tags: tag("version") }
      },
      workflowConfig: { schedules: { full: "cron(0 3 ? * SUN *)", update: "cron(0 */2 * * ? *)" }, maxAge: "2 days" },
      campaigns: [
        {
          serviceConfig: {
            name: "up-campaign",
            minProvisionedTPS: 3,
            campaignConfig: { itemExplorationConfig: { explorationWeight: "0.3" } },
            tags: tag("campaign")
          }
        },
        { serviceConfig: { name: "up-campaign-2" } }
      ],
      batchInferenceJobs: [
        {
          serviceConfig: {
            numResults: 25,
            filterArn,
            batchInferenceJobConfig: { itemExplorationConfig: { explorationWeight: "0.1" } },
            tags: tag("inference")
          },
          workflowConfig: { schedule: "cron(0 4 * * ? *)", maxAge: "1 day" }
        }
      ]
    },
    {
      serviceConfig: { name: "similar", recipeArn: affinity, performAutoML: false },
      workflowConfig: { schedules: { full: "delete", update: "delete" } },
      batchSegmentJobs: [
        { serviceConfig: { numResults: 100, tags: tag("segment") }, workflowConfig: { schedule: "delete" } },
        { serviceConfig: {} }
      ]
    }
  ]
})

const cron = (expression: string, [minutes, hours, dayOfMonth, month, dayOfWeek, year]: ReadonlyArray<string>) => ({
  _tag: "Cron",
  expression,
  minutes,
  hours,
  dayOfMonth,
  month,
  dayOfWeek,
  year
})
const importTags = [team, ...tag("import")]
const importOf = (key: string) => ({
  dataLocation: `s3://{bucket}/train/shop/${key}/`,
  importMode: "INCREMENTAL",
  publishAttributionMetricsToS3: true,
  schedule: cron("cron(0 */6 * * ? *)", ["0", "*/6", "*", "*", "?", "*"]),
  tags: importTags
})
const avroOf = (schema: { name: string; fields: ReadonlyArray<unknown> }) => ({
  type: "record",
  name: schema.name,
  fields: schema.fields
})

const deployment = {
  format: "mlops-solution",
  datasetGroup: { name: "shop", maxAge: "3 days", tags: [team, ...tag("dsg")] },
  // In the order of every format (Interactions, Items, Users), not the document's.
  datasets: [
    {
      type: "Interactions",
      name: "shop-interactions",
      schema: {
        name: "shop-interactions-schema",
        avro: {
          type: "record",
          name: "interactions",
          namespace: interactions.namespace,
          fields: interactions.fields,
          version: "1.0"
        }
      },
      imports: [importOf("interactions")],
      tags: [team, ...tag("dataset")]
    },
    {
      type: "Items",
      name: "shop-items",
      schema: { name: "shop-items-schema", avro: avroOf(items) },
      imports: [importOf("items")],
      tags: [team, ...tag("items")]
    },
    {
      type: "Users",
      name: "shop-users",
      schema: { name: "shop-users-schema", avro: avroOf(users) },
      imports: [importOf("users")],
      tags: [team]
    }
  ],
  eventTracker: { name: "shop-tracker", tags: [team, ...tag("tracker")] },
  filters: [
    {
      name: "no-buys",
      filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("buy")',
      tags: [team, ...tag("filter")]
    }
  ],
  solutions: [
    {
      name: "up",
      recipeArn: up,
      performHPO: true,
      performAutoTraining: false,
      eventType: "click",
      solutionConfig: { eventValueThreshold: "0.5" },
      trainingMode: "UPDATE",
      schedules: {
        full: cron("cron(0 3 ? * SUN *)", ["0", "3", "?", "*", "SUN", "*"]),
        update: cron("cron(0 */2 * * ? *)", ["0", "*/2", "*", "*", "?", "*"])
      },
      maxAge: "2 days",
      campaigns: [
        {
          name: "up-campaign",
          minProvisionedTPS: 3,
          campaignConfig: { itemExplorationConfig: { explorationWeight: "0.3" } },
          tags: [team, ...tag("campaign")]
        },
        { name: "up-campaign-2", minProvisionedTPS: 1, tags: [team] }
      ],
      batchInferenceJobs: [
        {
          inputPath: "s3://{bucket}/batch/shop/up/job_config.json",
          outputPath: "s3://{bucket}/batch/shop/up/",
          numResults: 25,
          filterArn,
          jobConfig: { itemExplorationConfig: { explorationWeight: "0.1" } },
          schedule: cron("cron(0 4 * * ? *)", ["0", "4", "*", "*", "?", "*"]),
          maxAge: "1 day",
          tags: [team, ...tag("inference")]
        }
      ],
      batchSegmentJobs: [],
      tags: [team, ...tag("solution")],
      versionTags: [team, ...tag("version")]
    },
    {
      name: "similar",
      recipeArn: affinity,
      performAutoML: false,
      trainingMode: "FULL",
      schedules: { fullDeleted: true, updateDeleted: true },
      campaigns: [],
      batchInferenceJobs: [],
      batchSegmentJobs: [
        {
          inputPath: "s3://{bucket}/batch/shop/similar/job_config.json",
          outputPath: "s3://{bucket}/batch/shop/similar/",
          numResults: 100,
          scheduleDeleted: true,
          tags: [team, ...tag("segment")]
        },
        {
          inputPath: "s3://{bucket}/batch/shop/similar/job_config.json",
          outputPath: "s3://{bucket}/batch/shop/similar/",
          tags: [team]
        }
      ],
      tags: [team],
      versionTags: [team]
    }
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
const issuesFor = (mutate: (config: ReturnType<typeof document>) => void) => {
  const config = document()
  mutate(config)
  return issuesOf(decodeConfig(config))
}

describe("MLOps solution format: every field", () => {
  it("decodes every field of every section into its place in the deployment", () => {
    const result = decodeConfig(document())
    expect(result.valid && result.format).toBe("mlops-solution")
    expect(decoded(document())).toStrictEqual(deployment)
  })

  it("converted to our format, every field is where our format has it (deleted schedules are dropped)", () => {
    const ours = JSON.parse(JSON.stringify(encodeConfig(decoded(document()))))
    expect(ours.format).toBe("personalize-ops/v1")
    expect(ours.datasetGroup).toEqual({ name: "shop", maxAge: "3 days", tags: [team, ...tag("dsg")] })
    expect(ours.datasets.Items).toEqual({
      name: "shop-items",
      schemaName: "shop-items-schema",
      schema: avroOf(items),
      imports: [
        {
          dataLocation: "s3://{bucket}/train/shop/items/",
          importMode: "INCREMENTAL",
          publishAttributionMetricsToS3: true,
          schedule: "cron(0 */6 * * ? *)",
          tags: importTags
        }
      ],
      tags: [team, ...tag("items")]
    })
    expect(ours.solutions[1]).toEqual({
      name: "similar",
      recipeArn: affinity,
      performAutoML: false,
      solutionVersion: { trainingMode: "FULL", tags: [team] },
      schedules: {},
      campaigns: [],
      batchInferenceJobs: [],
      batchSegmentJobs: [
        {
          inputPath: "s3://{bucket}/batch/shop/similar/job_config.json",
          outputPath: "s3://{bucket}/batch/shop/similar/",
          numResults: 100,
          tags: [team, ...tag("segment")]
        },
        {
          inputPath: "s3://{bucket}/batch/shop/similar/job_config.json",
          outputPath: "s3://{bucket}/batch/shop/similar/",
          tags: [team]
        }
      ],
      tags: [team]
    })
    // Our format reads it back as the same deployment, but for the format and the deleted-schedule marks.
    const back = decoded(ours)
    expect(back.solutions[0]).toEqual(deployment.solutions[0])
    expect(back.datasets).toEqual(deployment.datasets)
  })

  it("left out, fields take their defaults: FULL import mode and training, TPS 1, no tags, a generated data prefix", () => {
    const minimal = {
      datasetGroup: { serviceConfig: { name: "shop" } },
      datasets: {
        interactions: {
          dataset: { serviceConfig: { name: "shop-interactions" } },
          schema: { serviceConfig: { name: "s", schema: interactions } }
        }
      },
      solutions: [
        {
          serviceConfig: { name: "up", recipeArn: up },
          campaigns: [{ serviceConfig: { name: "c" } }],
          batchInferenceJobs: [{ serviceConfig: {} }]
        },
        // No recipe (AutoML picks one): the spec has no recipeArn key at all, not one set to undefined.
        { serviceConfig: { name: "auto", performAutoML: true } }
      ]
    }
    expect(decoded(minimal)).toStrictEqual({
      format: "mlops-solution",
      datasetGroup: { name: "shop", tags: [] },
      datasets: [
        {
          type: "Interactions",
          name: "shop-interactions",
          schema: { name: "s", avro: deployment.datasets[0]!.schema.avro },
          imports: [{ dataLocation: "s3://{bucket}/train/shop/interactions/", importMode: "FULL", tags: [] }],
          tags: []
        }
      ],
      filters: [],
      solutions: [
        {
          name: "up",
          recipeArn: up,
          trainingMode: "FULL",
          schedules: {},
          campaigns: [{ name: "c", minProvisionedTPS: 1, tags: [] }],
          batchInferenceJobs: [
            {
              inputPath: "s3://{bucket}/batch/shop/up/job_config.json",
              outputPath: "s3://{bucket}/batch/shop/up/",
              tags: []
            }
          ],
          batchSegmentJobs: [],
          tags: [],
          versionTags: []
        },
        {
          name: "auto",
          performAutoML: true,
          trainingMode: "FULL",
          schedules: {},
          campaigns: [],
          batchInferenceJobs: [],
          batchSegmentJobs: [],
          tags: [],
          versionTags: []
        }
      ],
      recommenders: []
    })
  })

  it("a deleted import schedule is marked on every import; the dataset group's domain reaches the schemas and recommenders", () => {
    const config = {
      datasetGroup: {
        serviceConfig: { name: "shop", domain: "ECOMMERCE" },
        workflowConfig: { schedules: { import: "delete" } }
      },
      datasets: {
        interactions: {
          dataset: { serviceConfig: { name: "shop-interactions" } },
          schema: { serviceConfig: { name: "s", schema: interactions } }
        }
      },
      recommenders: [
        {
          serviceConfig: {
            name: "for-you",
            recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you",
            recommenderConfig: { minRecommendationRequestsPerSecond: 2 },
            tags: tag("recommender")
          }
        }
      ]
    }
    const d = decoded(config)
    expect(d.datasetGroup).toEqual({ name: "shop", domain: "ECOMMERCE", tags: [] })
    expect(d.datasets[0]?.schema.domain).toBe("ECOMMERCE")
    expect(d.datasets[0]?.imports).toEqual([
      { dataLocation: "s3://{bucket}/train/shop/interactions/", importMode: "FULL", scheduleDeleted: true, tags: [] }
    ])
    expect(d.recommenders).toEqual([
      {
        name: "for-you",
        recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you",
        recommenderConfig: { minRecommendationRequestsPerSecond: 2 },
        tags: tag("recommender")
      }
    ])
    // A schema's own domain wins over the dataset group's.
    const own = structuredClone(config)
    Object.assign(own.datasets.interactions.schema.serviceConfig, { domain: "VIDEO_ON_DEMAND" })
    expect(decoded(own).datasets[0]?.schema.domain).toBe("VIDEO_ON_DEMAND")
  })

  it("without a dataset group, the one issue is the missing key", () => {
    const config = document()
    const { datasetGroup: _, ...rest } = config
    expect(issuesOf(decodeConfig(rest))).toEqual(["datasetGroup: Missing key"])
  })
})

describe("MLOps solution format: issues at the MLOps paths", () => {
  const bad = "x".repeat(64)
  const badName = "a name must be 1–63 characters (got 64)"
  it.each<[string, (c: ReturnType<typeof document>) => void, ReadonlyArray<string>]>([
    [
      "dataset group name",
      (c) => (c.datasetGroup.serviceConfig.name = bad),
      [`datasetGroup.serviceConfig.name: ${badName}`]
    ],
    [
      "datasets' common serviceConfig",
      (c) => Object.assign(c.datasets.serviceConfig, { importMode: "SOME" }),
      [expect.stringMatching(/^datasets\.serviceConfig\.importMode: /) as unknown as string]
    ],
    [
      "a dataset's name",
      (c) => (c.datasets.users.dataset.serviceConfig.name = bad),
      [`datasets.users.dataset.serviceConfig.name: ${badName}`]
    ],
    [
      "a dataset's schema, at its path inside the schema",
      (c) => (c.datasets.users.schema.serviceConfig.schema = { ...users, name: "people" }),
      [
        'datasets.users.schema.serviceConfig.schema.name: the record name must match the dataset type: "Users" (got "people")'
      ]
    ],
    [
      "the event tracker's name",
      (c) => (c.eventTracker.serviceConfig.name = bad),
      [`eventTracker.serviceConfig.name: ${badName}`]
    ],
    ["a filter's name", (c) => (c.filters[0]!.serviceConfig.name = bad), [`filters[0].serviceConfig.name: ${badName}`]],
    [
      "a solution's name",
      (c) => (c.solutions[1]!.serviceConfig.name = bad),
      [`solutions[1].serviceConfig.name: ${badName}`]
    ],
    [
      "a solution's workflow",
      (c) => (c.solutions[0]!.workflowConfig.maxAge = 3 as unknown as string),
      [expect.stringMatching(/^solutions\[0\]\.workflowConfig\.maxAge: /) as unknown as string]
    ],
    [
      "a campaign's name",
      (c) => (c.solutions[0]!.campaigns![1]!.serviceConfig.name = bad),
      [`solutions[0].campaigns[1].serviceConfig.name: ${badName}`]
    ],
    [
      "a batch inference job's numResults",
      (c) => (c.solutions[0]!.batchInferenceJobs![0]!.serviceConfig.numResults = 0),
      [
        expect.stringMatching(
          /^solutions\[0\]\.batchInferenceJobs\[0\]\.serviceConfig\.numResults: /
        ) as unknown as string
      ]
    ],
    [
      "a batch segment job's schedule",
      (c) => (c.solutions[1]!.batchSegmentJobs![0]!.workflowConfig!.schedule = "rate(1 day)"),
      [
        'solutions[1].batchSegmentJobs[0].workflowConfig.schedule: "rate(1 day)": this format accepts only cron(...) schedules'
      ]
    ],
    [
      "the import schedule",
      (c) => (c.datasetGroup.workflowConfig.schedules.import = "rate(1 day)"),
      ['datasetGroup.workflowConfig.schedules.import: "rate(1 day)": this format accepts only cron(...) schedules']
    ],
    [
      "UPDATE training on a recipe without it, at the solutionVersion's trainingMode",
      (c) => (c.solutions[0]!.serviceConfig.recipeArn = sims),
      [
        `solutions[0].serviceConfig.solutionVersion.trainingMode: trainingMode UPDATE needs a User-Personalization or HRNN-Coldstart recipe (got ${sims})`,
        `solutions[0].workflowConfig.schedules.update: an UPDATE schedule needs a User-Personalization or HRNN-Coldstart recipe (got ${sims})`
      ]
    ],
    [
      "a missing recipe, at the recipeArn",
      (c) => {
        delete (c.solutions[1]!.serviceConfig as { recipeArn?: string }).recipeArn
        delete (c.solutions[1] as { batchSegmentJobs?: unknown }).batchSegmentJobs
      },
      ['solutions[1].serviceConfig.recipeArn: solution "similar" needs a recipeArn (or performAutoML: true)']
    ],
    [
      "duplicate names at each one's name path",
      (c) => {
        c.solutions[1]!.serviceConfig.name = "up"
        c.solutions[0]!.campaigns![1]!.serviceConfig.name = "up-campaign"
        c.datasets.items.dataset.serviceConfig.name = "shop-interactions"
        c.datasets.items.schema.serviceConfig.name = "shop-interactions-schema"
      },
      [
        'datasets.items.dataset.serviceConfig.name: duplicate dataset name "shop-interactions"',
        'datasets.items.schema.serviceConfig.name: duplicate schema name "shop-interactions-schema"',
        'solutions[1].serviceConfig.name: duplicate solution name "up"',
        'solutions[0].campaigns[1].serviceConfig.name: duplicate campaign name "up-campaign" (campaign names are unique per account)'
      ]
    ],
    [
      "no Interactions dataset among the declared ones, at datasets",
      (c) => delete (c.datasets as { interactions?: unknown }).interactions,
      [
        "datasets: solutions and recommenders train on an Interactions dataset: add one",
        expect.stringMatching(/^filters\[0\]\.serviceConfig\.filterExpression: /) as unknown as string
      ]
    ]
  ])("%s", (_, mutate, expected) => {
    expect(issuesFor(mutate)).toEqual(expected)
  })

  it("a bad part of a solution hides neither its campaigns' nor its jobs' issues", () => {
    expect(
      issuesFor((c) => {
        c.solutions[0]!.serviceConfig.name = bad
        c.solutions[0]!.campaigns![0]!.serviceConfig.name = bad
        c.solutions[0]!.batchInferenceJobs![0]!.workflowConfig.schedule = "rate(1 day)"
      })
    ).toEqual([
      `solutions[0].serviceConfig.name: ${badName}`,
      `solutions[0].campaigns[0].serviceConfig.name: ${badName}`,
      'solutions[0].batchInferenceJobs[0].workflowConfig.schedule: "rate(1 day)": this format accepts only cron(...) schedules'
    ])
  })

  it("a dataset or filter that does not decode makes the cross-resource rules hold back, not report twice", () => {
    // The Interactions dataset is there but broken: "add an Interactions dataset" would be wrong.
    expect(issuesFor((c) => (c.datasets.interactions.dataset.serviceConfig.name = bad))).toEqual([
      `datasets.interactions.dataset.serviceConfig.name: ${badName}`
    ])
    // datasets itself not an object: one issue, not also "add an Interactions dataset".
    expect(issuesFor((c) => ((c as { datasets: unknown }).datasets = []))).toEqual([
      expect.stringMatching(/^datasets: /)
    ])
    // A dataset whose schema breaks its type's rules is left out like one that does not decode: its name is
    // not a duplicate of another's and the filters over it are judged on their grammar only.
    expect(
      issuesFor((c) => {
        c.datasets.items.schema.serviceConfig.schema = { ...items, fields: [items.fields[1]!] }
        c.datasets.items.dataset.serviceConfig.name = "shop-users"
        c.filters[0]!.serviceConfig.filterExpression = 'INCLUDE ItemID WHERE Items.GENRE IN ("rock")'
      })
    ).toEqual([
      "datasets.items.schema.serviceConfig.schema.fields: missing required field ITEM_ID (string) for an Items dataset"
    ])
    // A broken filter is reported once, at its own path.
    expect(issuesFor((c) => (c.filters[0]!.serviceConfig.name = bad))).toEqual([
      `filters[0].serviceConfig.name: ${badName}`
    ])
  })
})

describe("MLOps solution format: optional sections and where resource-wide issues point", () => {
  const named = (name: string, tags?: ReadonlyArray<unknown>) => ({
    serviceConfig: { name, ...(tags ? { tags } : {}) }
  })
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ tagKey: `k${i}`, tagValue: "v" }))

  it("a dataset group alone is valid: no datasets section, a workflowConfig without schedules", () => {
    const d = decoded({
      datasetGroup: { serviceConfig: { name: "shop" }, workflowConfig: { maxAge: "1 day" } },
      eventTracker: named("t")
    })
    expect(d).toStrictEqual({
      format: "mlops-solution",
      datasetGroup: { name: "shop", maxAge: "1 day", tags: [] },
      datasets: [],
      eventTracker: { name: "t", tags: [] },
      filters: [],
      solutions: [],
      recommenders: []
    })
  })

  it("tag counts point at the dataset group's, the tracker's and the import schedule's serviceConfig", () => {
    const over = "at most 50 tag keys per resource, with the default tags (got 51)"
    const config = document()
    Object.assign(config, { tags: many(50) })
    config.datasetGroup.serviceConfig.tags = [{ tagKey: "own", tagValue: "v" }]
    expect(
      issuesOf(decodeConfig(config)).filter((i) => i.startsWith("datasetGroup") || i.startsWith("eventTracker"))
    ).toEqual([
      `datasetGroup.serviceConfig: ${over}`,
      `eventTracker.serviceConfig: ${over}`,
      `datasetGroup.workflowConfig.schedules.import: ${over}`,
      `datasetGroup.workflowConfig.schedules.import: ${over}`,
      `datasetGroup.workflowConfig.schedules.import: ${over}`
    ])
  })

  it.each<[string, (c: Record<string, unknown>) => void, ReadonlyArray<string>]>([
    [
      "duplicate filter names, at the second's serviceConfig.name",
      (c) => (c.filters as Array<unknown>).push(structuredClone((c.filters as Array<unknown>)[0])),
      ['filters[1].serviceConfig.name: duplicate filter name "no-buys"']
    ],
    ["recommenders that are not a list", (c) => (c.recommenders = {}), ["recommenders: Expected array, got object"]],
    [
      "a recommender that does not decode is left out",
      (c) => (c.recommenders = [{ serviceConfig: { name: "r" } }]),
      ["recommenders[0].serviceConfig.recipeArn: Missing key"]
    ],
    [
      "duplicate recommender names, at the second's serviceConfig.name (and no domain)",
      (c) =>
        (c.recommenders = [0, 1].map(() => ({
          serviceConfig: { name: "r", recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you" }
        }))),
      [
        'recommenders[1].serviceConfig.name: duplicate recommender name "r"',
        'recommenders[0]: recommender "r" needs a domain dataset group (set datasetGroup.domain to ECOMMERCE or VIDEO_ON_DEMAND)',
        'recommenders[1]: recommender "r" needs a domain dataset group (set datasetGroup.domain to ECOMMERCE or VIDEO_ON_DEMAND)'
      ]
    ],
    ["bad root tags", (c) => (c.tags = "t"), [expect.stringMatching(/^tags: /) as unknown as string]],
    [
      "no dataset group and another issue: both reported",
      (c) => {
        delete c.datasetGroup
        ;(c.eventTracker as { serviceConfig: { name: string } }).serviceConfig.name = "x".repeat(64)
      },
      ["datasetGroup: Missing key", "eventTracker.serviceConfig.name: a name must be 1–63 characters (got 64)"]
    ],
    [
      "a dataset entry that is null",
      (c) => ((c.datasets as Record<string, unknown>).users = null),
      [expect.stringMatching(/^datasets\.users: /) as unknown as string]
    ],
    [
      "a dataset entry without a schema",
      (c) => delete ((c.datasets as Record<string, Record<string, unknown>>).users as Record<string, unknown>).schema,
      ["datasets.users.schema: Missing key"]
    ],
    [
      "a schema section without serviceConfig",
      (c) => (((c.datasets as Record<string, Record<string, unknown>>).users as Record<string, unknown>).schema = {}),
      ["datasets.users.schema.serviceConfig: Missing key"]
    ]
  ])("%s", (_, mutate, expected) => {
    const config = document() as unknown as Record<string, unknown>
    mutate(config)
    expect(issuesOf(decodeConfig(config))).toEqual(expected)
  })
})
