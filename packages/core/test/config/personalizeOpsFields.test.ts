import { describe, expect, it } from "vitest"
import type { Deployment } from "../../src/config/Deployment.ts"
import { decodeConfig, encodeConfig } from "../../src/config/index.ts"
import { interactionsEventSchema } from "../../testing/mlopsConfig.ts"

// Every field our own format has, set (each to a value of its own, so a field copied into another's
// place shows), written as encodeConfig writes it: decoding it must give exactly `deployment` below,
// and encoding that must give the document back. Each direction is checked against the written-out
// other side, not only against itself (a field both dropped would survive a round trip).

const tag = (tagKey: string) => [{ tagKey, tagValue: `${tagKey}-v` }]
const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`
const avro = interactionsEventSchema
const up = "arn:aws:personalize:::recipe/aws-user-personalization"
const affinity = "arn:aws:personalize:::recipe/aws-item-affinity"
const filterArn = "arn:aws:personalize:eu-west-1:123456789012:filter/other"

const document = {
  format: "personalize-ops/v1",
  roleArn: role("root"),
  datasetGroup: {
    name: "shop",
    roleArn: role("dsg"),
    kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k1",
    maxAge: "3d",
    scheduleTimezone: "Europe/Berlin",
    tags: tag("dsg")
  },
  datasets: {
    Interactions: {
      name: "shop-interactions",
      schemaName: "shop-interactions-v1",
      schema: avro,
      imports: [
        {
          name: "first-import",
          dataLocation: "s3://b/interactions/",
          importMode: "INCREMENTAL",
          roleArn: role("import"),
          publishAttributionMetricsToS3: true,
          schedule: "rate(1 day)",
          tags: tag("import")
        },
        { dataLocation: "data/interactions.csv", importMode: "FULL" }
      ],
      tags: tag("dataset")
    }
  },
  eventTracker: { name: "shop-tracker", tags: tag("tracker") },
  filters: [
    {
      name: "no-buys",
      filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("buy")',
      tags: tag("filter")
    }
  ],
  solutions: [
    {
      name: "up",
      recipeArn: up,
      performHPO: true,
      performAutoTraining: false,
      maxAge: "2d",
      eventType: "click",
      solutionConfig: { eventValueThreshold: "0.5" },
      solutionVersion: { trainingMode: "UPDATE", tags: tag("version") },
      schedules: { full: "cron(0 3 ? * SUN *)", update: "rate(6 hours)" },
      campaigns: [
        {
          name: "up-campaign",
          minProvisionedTPS: 3,
          minProvisionedTPSManaged: true,
          campaignConfig: { itemExplorationConfig: { explorationWeight: "0.3" } },
          tags: tag("campaign")
        },
        { name: "up-campaign-2", minProvisionedTPS: 1 }
      ],
      batchInferenceJobs: [
        {
          name: "nightly",
          inputPath: "s3://b/in.json",
          outputPath: "s3://b/out/",
          roleArn: role("batch"),
          numResults: 25,
          filterName: "no-buys",
          filterArn,
          maxAge: "1d",
          batchInferenceJobConfig: { itemExplorationConfig: { explorationWeight: "0.1" } },
          schedule: "cron(0 4 * * ? *)",
          tags: tag("inference")
        }
      ],
      batchSegmentJobs: [],
      tags: tag("solution")
    },
    {
      name: "affinity",
      recipeArn: affinity,
      performAutoML: false,
      solutionVersion: { trainingMode: "FULL" },
      schedules: {},
      campaigns: [],
      batchInferenceJobs: [],
      batchSegmentJobs: [
        {
          name: "segments",
          inputPath: "s3://b/seg-in.json",
          outputPath: "s3://b/seg-out/",
          roleArn: role("segment"),
          numResults: 100,
          filterName: "no-buys",
          maxAge: "12h",
          schedule: "cron(0 5 * * ? *)",
          tags: tag("segment")
        }
      ]
    }
  ],
  recommenders: []
}

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

const deployment = {
  format: "personalize-ops",
  roleArn: role("root"),
  datasetGroup: {
    name: "shop",
    roleArn: role("dsg"),
    kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k1",
    maxAge: "3d",
    scheduleTimezone: "Europe/Berlin",
    tags: tag("dsg")
  },
  datasets: [
    {
      type: "Interactions",
      name: "shop-interactions",
      schema: { name: "shop-interactions-v1", avro },
      imports: [
        {
          name: "first-import",
          dataLocation: "s3://b/interactions/",
          importMode: "INCREMENTAL",
          roleArn: role("import"),
          publishAttributionMetricsToS3: true,
          schedule: { _tag: "Rate", expression: "rate(1 day)", value: 1, unit: "day" },
          tags: tag("import")
        },
        { dataLocation: "data/interactions.csv", importMode: "FULL", tags: [] }
      ],
      tags: tag("dataset")
    }
  ],
  eventTracker: { name: "shop-tracker", tags: tag("tracker") },
  filters: [
    {
      name: "no-buys",
      filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("buy")',
      tags: tag("filter")
    }
  ],
  solutions: [
    {
      name: "up",
      recipeArn: up,
      performHPO: true,
      performAutoTraining: false,
      maxAge: "2d",
      eventType: "click",
      solutionConfig: { eventValueThreshold: "0.5" },
      trainingMode: "UPDATE",
      schedules: {
        full: cron("cron(0 3 ? * SUN *)", ["0", "3", "?", "*", "SUN", "*"]),
        update: { _tag: "Rate", expression: "rate(6 hours)", value: 6, unit: "hours" }
      },
      campaigns: [
        {
          name: "up-campaign",
          minProvisionedTPS: 3,
          minProvisionedTPSManaged: true,
          campaignConfig: { itemExplorationConfig: { explorationWeight: "0.3" } },
          tags: tag("campaign")
        },
        { name: "up-campaign-2", minProvisionedTPS: 1, tags: [] }
      ],
      batchInferenceJobs: [
        {
          name: "nightly",
          inputPath: "s3://b/in.json",
          outputPath: "s3://b/out/",
          roleArn: role("batch"),
          numResults: 25,
          filterName: "no-buys",
          filterArn,
          maxAge: "1d",
          jobConfig: { itemExplorationConfig: { explorationWeight: "0.1" } },
          schedule: cron("cron(0 4 * * ? *)", ["0", "4", "*", "*", "?", "*"]),
          tags: tag("inference")
        }
      ],
      batchSegmentJobs: [],
      tags: tag("solution"),
      versionTags: tag("version")
    },
    {
      name: "affinity",
      recipeArn: affinity,
      performAutoML: false,
      trainingMode: "FULL",
      schedules: {},
      campaigns: [],
      batchInferenceJobs: [],
      batchSegmentJobs: [
        {
          name: "segments",
          inputPath: "s3://b/seg-in.json",
          outputPath: "s3://b/seg-out/",
          roleArn: role("segment"),
          numResults: 100,
          filterName: "no-buys",
          maxAge: "12h",
          schedule: cron("cron(0 5 * * ? *)", ["0", "5", "*", "*", "?", "*"]),
          tags: tag("segment")
        }
      ],
      tags: [],
      versionTags: []
    }
  ],
  recommenders: []
}

const decoded = (input: unknown): Deployment => {
  const result = decodeConfig(input)
  if (!result.valid) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join("\n"))
  return result.deployment
}

describe("our own format: every field, both ways", () => {
  it("decodes every field of every section into its place in the deployment", () => {
    expect(decoded(document)).toStrictEqual(deployment)
  })

  it("encodeConfig writes every field of the deployment back where the document had it", () => {
    expect(JSON.parse(JSON.stringify(encodeConfig(decoded(document))))).toEqual(document)
  })

  it("root tags are defaults: merged into every resource's own tags, written out per resource", () => {
    const withDefaults = { ...structuredClone(document), tags: [{ tagKey: "team", tagValue: "recs" }] }
    const d = decoded(withDefaults)
    const team = { tagKey: "team", tagValue: "recs" }
    expect(d.datasetGroup.tags).toEqual([team, ...tag("dsg")])
    expect(d.datasets[0]?.tags).toEqual([team, ...tag("dataset")])
    expect(d.datasets[0]?.imports.map((i) => i.tags)).toEqual([[team, ...tag("import")], [team]])
    expect(d.eventTracker?.tags).toEqual([team, ...tag("tracker")])
    expect(d.filters[0]?.tags).toEqual([team, ...tag("filter")])
    expect(d.solutions.map((s) => [s.tags, s.versionTags])).toEqual([
      [
        [team, ...tag("solution")],
        [team, ...tag("version")]
      ],
      [[team], [team]]
    ])
    expect(d.solutions[0]?.campaigns.map((c) => c.tags)).toEqual([[team, ...tag("campaign")], [team]])
    expect(d.solutions[0]?.batchInferenceJobs[0]?.tags).toEqual([team, ...tag("inference")])
    expect(d.solutions[1]?.batchSegmentJobs[0]?.tags).toEqual([team, ...tag("segment")])
    const encoded = JSON.parse(JSON.stringify(encodeConfig(d)))
    expect(encoded.tags).toBeUndefined()
    expect(encoded.solutions[1].tags).toEqual([team])
    expect(decoded(encoded)).toEqual(d)
  })

  it("left out, the defaulted fields take their defaults: schema name, import mode, training mode, campaign TPS", () => {
    const minimal = {
      format: "personalize-ops/v1",
      datasetGroup: { name: "shop" },
      datasets: { Interactions: { name: "shop-interactions", schema: avro, imports: [{ dataLocation: "s3://b/i/" }] } },
      solutions: [
        {
          name: "up",
          recipeArn: up,
          campaigns: [{ name: "c" }],
          batchInferenceJobs: [{ inputPath: "s3://b/in/", outputPath: "s3://b/out/" }]
        }
      ]
    }
    expect(decoded(minimal)).toStrictEqual({
      format: "personalize-ops",
      datasetGroup: { name: "shop", tags: [] },
      datasets: [
        {
          type: "Interactions",
          name: "shop-interactions",
          schema: { name: "shop-interactions-schema", avro },
          imports: [{ dataLocation: "s3://b/i/", importMode: "FULL", tags: [] }],
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
          // A job with only its paths: no name, role, numResults, filter, maxAge, config or schedule keys.
          batchInferenceJobs: [{ inputPath: "s3://b/in/", outputPath: "s3://b/out/", tags: [] }],
          batchSegmentJobs: [],
          tags: [],
          versionTags: []
        }
      ],
      recommenders: []
    })
  })

  it("a domain dataset group gives its domain to the dataset schemas, and takes recommenders", () => {
    const withDomain = {
      format: "personalize-ops/v1",
      datasetGroup: { name: "shop", domain: "ECOMMERCE" },
      datasets: { Interactions: { name: "shop-interactions", schema: avro } },
      recommenders: [
        {
          name: "for-you",
          recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you",
          recommenderConfig: { minRecommendationRequestsPerSecond: 2 },
          tags: tag("recommender")
        }
      ]
    }
    const d = decoded(withDomain)
    expect(d.datasetGroup).toEqual({ name: "shop", domain: "ECOMMERCE", tags: [] })
    expect(d.datasets[0]?.schema).toEqual({ name: "shop-interactions-schema", avro, domain: "ECOMMERCE" })
    expect(d.recommenders).toEqual([
      {
        name: "for-you",
        recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you",
        recommenderConfig: { minRecommendationRequestsPerSecond: 2 },
        tags: tag("recommender")
      }
    ])
    const encoded = JSON.parse(JSON.stringify(encodeConfig(d)))
    expect(encoded.datasetGroup).toEqual({ name: "shop", domain: "ECOMMERCE" })
    expect(encoded.recommenders).toEqual(withDomain.recommenders)
    expect(decoded(encoded)).toEqual(d)
  })
})
