import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import type { Deployment } from "../../src/config/Deployment.ts"
import { type ConfigDecodeResult, decodeConfig, detectFormat, encodeConfig } from "../../src/config/index.ts"

const anchors = join(import.meta.dirname, "..", "..", "..", "..", "..", "shared", "fixtures", "anchors")
const mlopsFixture = join(anchors, "mlops-solution", "sample_config.json")
const pipelineFixture = join(anchors, "ml_ops", "params.json")
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>

const interactionsSchema = {
  type: "record",
  name: "Interactions",
  fields: [
    { name: "USER_ID", type: "string" },
    { name: "ITEM_ID", type: "string" },
    { name: "TIMESTAMP", type: "long" },
    // The filter below names Interactions.EVENT_TYPE: CreateFilter refuses a field the schema lacks.
    { name: "EVENT_TYPE", type: "string" }
  ]
}

/** A minimal valid config in our own format; tests mutate a copy. */
const ours = () => ({
  format: "personalize-ops/v1",
  datasetGroup: { name: "shop" },
  datasets: {
    Interactions: {
      name: "shop-interactions",
      schema: structuredClone(interactionsSchema),
      imports: [{ dataLocation: "s3://b/i/" }]
    }
  },
  filters: [{ name: "f1", filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("buy")' }],
  solutions: [
    {
      name: "up",
      recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization",
      campaigns: [{ name: "up-campaign" }],
      batchInferenceJobs: [{ inputPath: "s3://b/in.json", outputPath: "s3://b/out/", filterName: "f1" }]
    }
  ]
})

const issuesOf = (result: ConfigDecodeResult) =>
  result.valid ? [] : result.issues.map((i) => `${i.path}: ${i.message}`)
const issuesFor = (mutate: (config: ReturnType<typeof ours>) => void) => {
  const config = ours()
  mutate(config)
  return issuesOf(decodeConfig(config))
}

describe("decodeConfig — our own format", () => {
  it("decodes a valid config with defaults", () => {
    const result = decodeConfig(ours())
    expect(result.valid).toBe(true)
    if (!result.valid) return
    const solution = result.deployment.solutions[0]!
    expect(result.format).toBe("personalize-ops")
    expect(solution.trainingMode).toBe("FULL")
    expect(solution.campaigns[0]!.minProvisionedTPS).toBe(1)
    expect(result.deployment.datasets[0]!.schema.name).toBe("shop-interactions-schema")
    expect(result.deployment.datasets[0]!.imports[0]!.importMode).toBe("FULL")
  })

  it("a campaign can say the monitor manages its minProvisionedTPS; it survives encoding", () => {
    const config = ours()
    const solutions = config.solutions.map((s) => ({
      ...s,
      campaigns: [{ name: "up-campaign", minProvisionedTPS: 4, minProvisionedTPSManaged: true }]
    }))
    const result = decodeConfig({ ...config, solutions })
    if (!result.valid) throw new Error(JSON.stringify(result.issues))
    expect(result.deployment.solutions[0]?.campaigns[0]).toMatchObject({
      minProvisionedTPS: 4,
      minProvisionedTPSManaged: true
    })
    const again = decodeConfig(JSON.parse(JSON.stringify(encodeConfig(result.deployment))))
    expect(again.valid && again.deployment).toEqual(result.deployment)
  })

  it("merges root default tags into every resource (the resource's own tag wins)", () => {
    const config = {
      ...ours(),
      tags: [
        { tagKey: "team", tagValue: "recs" },
        { tagKey: "env", tagValue: "dev" }
      ]
    }
    config.datasetGroup = { name: "shop", tags: [{ tagKey: "env", tagValue: "prod" }] } as never
    const result = decodeConfig(config)
    if (!result.valid) throw new Error(JSON.stringify(result.issues))
    expect(result.deployment.datasetGroup.tags).toEqual([
      { tagKey: "team", tagValue: "recs" },
      { tagKey: "env", tagValue: "prod" }
    ])
    expect(result.deployment.solutions[0]!.campaigns[0]!.tags).toHaveLength(2)
  })

  it("parses schedules into ScheduleExpression", () => {
    const config = ours()
    Object.assign(config.solutions[0]!, { schedules: { full: "cron(0 3 ? * SUN *)", update: "rate(6 hours)" } })
    const result = decodeConfig(config)
    if (!result.valid) throw new Error(JSON.stringify(result.issues))
    expect(result.deployment.solutions[0]!.schedules.update).toEqual({
      _tag: "Rate",
      expression: "rate(6 hours)",
      value: 6,
      unit: "hours"
    })
    expect(result.deployment.solutions[0]!.schedules.full?._tag).toBe("Cron")
  })

  it("rejects bad names (length and pattern)", () => {
    expect(issuesFor((c) => (c.solutions[0]!.campaigns[0]!.name = "x".repeat(64)))).toEqual([
      "solutions[0].campaigns[0].name: a name must be 1–63 characters (got 64)"
    ])
    expect(issuesFor((c) => (c.filters[0]!.name = "-bad"))).toEqual([
      'filters[0].name: "-bad" is not a valid name: use letters, digits, - and _, starting with a letter or digit'
    ])
    expect(issuesFor((c) => (c.datasetGroup.name = "x".repeat(63)))).toEqual([])
  })

  it("rejects bad ARNs (recipe, role, KMS key)", () => {
    expect(issuesFor((c) => (c.solutions[0]!.recipeArn = "aws-user-personalization"))[0]).toMatch(
      /^solutions\[0\]\.recipeArn: .* is not a recipe ARN/
    )
    expect(issuesFor((c) => Object.assign(c, { roleArn: "arn:aws:iam::12:role/x" }))[0]).toMatch(
      /^roleArn: .*not an IAM role ARN/
    )
    expect(issuesFor((c) => Object.assign(c.datasetGroup, { kmsKeyArn: "key" }))[0]).toMatch(
      /^datasetGroup\.kmsKeyArn: .*KMS key ARN/
    )
    expect(
      issuesFor((c) => Object.assign(c, { roleArn: "arn:aws:iam::123456789012:role/service-role/Personalize" }))
    ).toEqual([])
  })

  it("checks minProvisionedTPS is an integer ≥ 1", () => {
    expect(issuesFor((c) => Object.assign(c.solutions[0]!.campaigns[0]!, { minProvisionedTPS: 0 }))).toEqual([
      "solutions[0].campaigns[0].minProvisionedTPS: must be an integer ≥ 1 (got 0)"
    ])
    expect(issuesFor((c) => Object.assign(c.solutions[0]!.campaigns[0]!, { minProvisionedTPS: 1.5 }))).toHaveLength(1)
    expect(issuesFor((c) => Object.assign(c.solutions[0]!.campaigns[0]!, { minProvisionedTPS: 3 }))).toEqual([])
  })

  it("checks tags: key and value lengths, pattern, duplicates, at most 50", () => {
    expect(issuesFor((c) => Object.assign(c.datasetGroup, { tags: [{ tagKey: "", tagValue: "v" }] }))).toEqual([
      "datasetGroup.tags[0].tagKey: a tag key must be 1–128 characters (got 0)"
    ])
    expect(
      issuesFor((c) => Object.assign(c.datasetGroup, { tags: [{ tagKey: "k", tagValue: "x".repeat(257) }] }))[0]
    ).toContain("at most 256")
    expect(issuesFor((c) => Object.assign(c.datasetGroup, { tags: [{ tagKey: "a|b", tagValue: "" }] }))[0]).toContain(
      "may contain only"
    )
    expect(
      issuesFor((c) =>
        Object.assign(c.datasetGroup, {
          tags: [
            { tagKey: "k", tagValue: "1" },
            { tagKey: "k", tagValue: "2" }
          ]
        })
      )
    ).toEqual(['datasetGroup.tags[1].tagKey: duplicate tag key "k"'])
    const many = Array.from({ length: 51 }, (_, i) => ({ tagKey: `k${i}`, tagValue: "v" }))
    expect(issuesFor((c) => Object.assign(c.datasetGroup, { tags: many }))).toEqual([
      "datasetGroup.tags: at most 50 tag keys per resource (got 51)"
    ])
    const thirty = (p: string) => Array.from({ length: 30 }, (_, i) => ({ tagKey: `${p}${i}`, tagValue: "v" }))
    expect(
      issuesFor((c) => Object.assign(c, { tags: thirty("d") }, { datasetGroup: { name: "shop", tags: thirty("o") } }))
    ).toEqual(["datasetGroup: at most 50 tag keys per resource, with the default tags (got 60)"])
  })

  it("reports unknown keys with a did-you-mean", () => {
    expect(issuesFor((c) => Object.assign(c.solutions[0]!, { recipeARN: "x" }))).toEqual([
      'solutions[0].recipeARN: unknown key "recipeARN" (did you mean "recipeArn"?)'
    ])
    expect(issuesFor((c) => Object.assign(c.datasets, { Interaction: {} }))).toEqual([
      'datasets.Interaction: unknown key "Interaction" (did you mean "Interactions"?)'
    ])
    expect(issuesFor((c) => Object.assign(c, { solution: [] }))).toEqual([
      'solution: unknown key "solution" (did you mean "solutions"?)'
    ])
    expect(issuesFor((c) => Object.assign(c.datasetGroup, { zzzzzz: 1 }))[0]).toContain(
      "(allowed: name, domain, roleArn, kmsKeyArn, maxAge, scheduleTimezone, tags)"
    )
  })

  it("a mistyped key is not also reported as the missing key it suggests", () => {
    expect(issuesFor((c) => Object.assign(c, { datasetGroup: { nmae: "shop" } }))).toEqual([
      'datasetGroup.nmae: unknown key "nmae" (did you mean "name"?)'
    ])
    expect(issuesFor((c) => Object.assign(c, { datasetGroup: { nmae: "shop", zzzzzzzz: 1 } }))).toEqual([
      'datasetGroup.nmae: unknown key "nmae" (did you mean "name"?)',
      'datasetGroup.zzzzzzzz: unknown key "zzzzzzzz" (allowed: name, domain, roleArn, kmsKeyArn, maxAge, scheduleTimezone, tags)'
    ])
    expect(issuesFor((c) => Object.assign(c, { datasetGroup: { domain: "ECOMMERCE" } }))).toEqual([
      "datasetGroup.name: Missing key"
    ])
  })

  it("a mistyped key does not hide the cross-resource rules of its resource", () => {
    expect(
      issuesFor((c) => Object.assign(c.solutions[0]!.batchInferenceJobs[0]!, { filterName: "nope", nmae: "job" }))
    ).toEqual([
      'solutions[0].batchInferenceJobs[0].nmae: unknown key "nmae" (did you mean "name"?)',
      'solutions[0].batchInferenceJobs[0].filterName: no filter named "nope" in this config (filters: f1)'
    ])
  })

  it("reports Avro problems at their path in the document", () => {
    expect(issuesFor((c) => (c.datasets.Interactions.schema.fields[1]!.type = "uuid"))).toEqual([
      'datasets.Interactions.schema.fields[1].type: type "uuid" is not allowed (use string, int, long, float, double, boolean or ["null", T])'
    ])
  })

  it("reports duplicate names per kind, campaign names across solutions", () => {
    const issues = issuesFor((c) => {
      c.filters.push({ ...c.filters[0]! })
      c.solutions.push({ ...structuredClone(c.solutions[0]!), name: "up2", batchInferenceJobs: [] })
    })
    expect(issues).toEqual([
      'filters[1].name: duplicate filter name "f1"',
      'solutions[1].campaigns[0].name: duplicate campaign name "up-campaign" (campaign names are unique per account)'
    ])
  })

  it("reports dangling references: a batch job's filter", () => {
    expect(issuesFor((c) => (c.solutions[0]!.batchInferenceJobs[0]!.filterName = "nope"))).toEqual([
      'solutions[0].batchInferenceJobs[0].filterName: no filter named "nope" in this config (filters: f1)'
    ])
  })

  it("enforces training-mode rules: UPDATE only for User-Personalization / HRNN-Coldstart", () => {
    const sims = "arn:aws:personalize:::recipe/aws-sims"
    expect(
      issuesFor((c) =>
        Object.assign(c.solutions[0]!, {
          recipeArn: sims,
          solutionVersion: { trainingMode: "UPDATE" },
          schedules: { update: "rate(1 day)" }
        })
      )
    ).toEqual([
      `solutions[0].solutionVersion.trainingMode: trainingMode UPDATE needs a User-Personalization or HRNN-Coldstart recipe (got ${sims})`,
      `solutions[0].schedules.update: an UPDATE schedule needs a User-Personalization or HRNN-Coldstart recipe (got ${sims})`
    ])
    expect(
      issuesFor((c) =>
        Object.assign(c.solutions[0]!, {
          solutionVersion: { trainingMode: "UPDATE" },
          schedules: { update: "rate(1 day)" }
        })
      )
    ).toEqual([])
  })

  it("needs a recipe unless AutoML, a domain for recommenders, an Interactions dataset among the declared ones", () => {
    expect(issuesFor((c) => delete (c.solutions[0] as { recipeArn?: string }).recipeArn)).toEqual([
      'solutions[0].recipeArn: solution "up" needs a recipeArn (or performAutoML: true)'
    ])
    expect(
      issuesFor((c) =>
        Object.assign(c, {
          recommenders: [{ name: "r", recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you" }]
        })
      )
    ).toEqual([
      'recommenders[0]: recommender "r" needs a domain dataset group (set datasetGroup.domain to ECOMMERCE or VIDEO_ON_DEMAND)'
    ])
    // Datasets declared without the Interactions one: refused, as the MLOps solution's validator refuses it; the
    // filter on Interactions.EVENT_TYPE is refused too (CreateFilter checks its fields against the group's).
    const items = {
      name: "shop-items",
      schema: {
        type: "record",
        name: "Items",
        fields: [
          { name: "ITEM_ID", type: "string" },
          { name: "GENRE", type: "string", categorical: true }
        ],
        version: "1.0"
      }
    }
    expect(issuesFor((c) => Object.assign(c, { datasets: { Items: items } }))).toEqual([
      "datasets: solutions and recommenders train on an Interactions dataset: add one",
      "filters[0].filterExpression: the filter uses Interactions.EVENT_TYPE, but the dataset group has no Interactions dataset"
    ])
    // None declared: the config is for a group whose datasets already exist (the MLOps validator only warns);
    // the filter's grammar is still checked, its fields are CreateFilter's to judge against the group's.
    expect(issuesFor((c) => Object.assign(c, { datasets: {} }))).toEqual([])
    expect(
      issuesFor((c) => {
        Object.assign(c, { datasets: {} })
        c.filters[0]!.filterExpression = "EXCLUDE ItemID Interactions.EVENT_TYPE"
      })
    ).toEqual(['filters[0].filterExpression: expected WHERE at position 16, found "Interactions"'])
  })

  it("refuses what Personalize's create calls refuse: filter grammar and fields, recipes and what they serve (aws-facts §1.6)", () => {
    const recipe = (id: string) => `arn:aws:personalize:::recipe/${id}`
    expect(
      issuesFor((c) => {
        c.filters[0]!.filterExpression = 'EXCLUDE ItemID Interactions.EVENT_TYPE IN ("buy")'
      })
    ).toEqual(['filters[0].filterExpression: expected WHERE at position 16, found "Interactions"'])
    expect(
      issuesFor((c) => {
        c.filters[0]!.filterExpression = 'EXCLUDE ItemID WHERE Items.GENRE IN ("x")'
      })
    ).toEqual(["filters[0].filterExpression: the filter uses Items.GENRE, but the dataset group has no Items dataset"])
    expect(
      issuesFor((c) => {
        c.filters[0]!.filterExpression = 'EXCLUDE ItemID WHERE Interactions.COLOUR IN ("red")'
      })
    ).toEqual([
      "filters[0].filterExpression: Interactions.COLOUR is not a field of the Interactions dataset (fields: USER_ID, ITEM_ID, TIMESTAMP, EVENT_TYPE)"
    ])
    expect(
      issuesFor((c) => {
        c.solutions[0]!.recipeArn = recipe("aws-nothing")
      })
    ).toEqual([
      "solutions[0].recipeArn: arn:aws:personalize:::recipe/aws-nothing is not a recipe Personalize has (ListRecipes)"
    ])
    expect(
      issuesFor((c) => {
        c.solutions[0]!.recipeArn = recipe("aws-ecomm-recommended-for-you")
      })
    ).toEqual([
      "solutions[0].recipeArn: aws-ecomm-recommended-for-you is a ECOMMERCE use case: use it in a recommender, not a solution (solutions take custom recipes)"
    ])
    expect(
      issuesFor((c) => {
        c.solutions[0]!.recipeArn = recipe("aws-item-affinity")
      })
    ).toEqual([
      "solutions[0].campaigns[0]: aws-item-affinity is a USER_SEGMENTATION recipe: its solution versions back batch segment jobs only, not a Campaign",
      "solutions[0].batchInferenceJobs[0]: aws-item-affinity is a USER_SEGMENTATION recipe: its solution versions back batch segment jobs only, not a BatchInferenceJob"
    ])
    expect(
      issuesFor((c) =>
        Object.assign(c.solutions[0]!, {
          batchSegmentJobs: [{ name: "segments", inputPath: "s3://b/in.json", outputPath: "s3://b/out/" }]
        })
      )
    ).toEqual([
      "solutions[0].batchSegmentJobs[0]: aws-user-personalization is a USER_PERSONALIZATION recipe: batch segment jobs need a USER_SEGMENTATION recipe (aws-item-affinity, aws-item-attribute-affinity)"
    ])
    expect(
      issuesFor((c) =>
        Object.assign(c, {
          datasetGroup: { name: "shop", domain: "ECOMMERCE" },
          recommenders: [{ name: "r", recipeArn: recipe("aws-vod-top-picks") }]
        })
      )
    ).toEqual([
      "recommenders[0].recipeArn: aws-vod-top-picks is a VIDEO_ON_DEMAND use case, but the dataset group's domain is ECOMMERCE"
    ])
  })

  it("reports every issue at once, in every section", () => {
    const issues = issuesFor((c) => {
      c.datasetGroup.name = ""
      c.datasets.Interactions.schema.fields.shift()
      Object.assign(c.solutions[0]!, { schedules: { full: "cron(0 0 * * * *)" } })
      c.solutions[0]!.campaigns[0]!.name = "bad name"
      c.solutions[0]!.batchInferenceJobs[0]!.filterName = "missing"
    })
    expect(issues.map((i) => i.split(":")[0])).toEqual([
      "datasetGroup.name",
      "datasets.Interactions.schema.fields",
      "solutions[0].schedules.full",
      "solutions[0].campaigns[0].name",
      "solutions[0].batchInferenceJobs[0].filterName"
    ])
    // A dangling filter is reported together with issues elsewhere (here: the dataset group's name).
    expect(
      issuesFor((c) => {
        c.datasetGroup.name = ""
        c.solutions[0]!.batchInferenceJobs[0]!.filterName = "missing"
      }).map((i) => i.split(":")[0])
    ).toEqual(["datasetGroup.name", "solutions[0].batchInferenceJobs[0].filterName"])
  })

  it("refuses an unknown format version and unrecognisable documents", () => {
    expect(issuesFor((c) => (c.format = "personalize-ops/v9"))).toEqual([
      'format: unsupported format "personalize-ops/v9": this version reads "personalize-ops/v1"'
    ])
    expect(decodeConfig({ hello: 1 })).toMatchObject({ valid: false, format: "unknown" })
    expect(decodeConfig([])).toMatchObject({ valid: false, format: "unknown" })
  })
})

describe("decodeConfig — MLOps solution format", () => {
  const mlops = () => ({
    tags: [{ tagKey: "app", tagValue: "recs" }],
    datasetGroup: {
      serviceConfig: { name: "dsg" },
      workflowConfig: { schedules: { import: "cron(0 */6 * * ? *)" }, maxAge: "1 day" }
    },
    datasets: {
      serviceConfig: { importMode: "INCREMENTAL" },
      interactions: {
        dataset: { serviceConfig: { name: "dsg-interactions" } },
        schema: {
          serviceConfig: {
            name: "dsg-interactions-schema",
            schema: { ...structuredClone(interactionsSchema), name: "interactions" }
          }
        }
      }
    },
    solutions: [
      {
        serviceConfig: {
          name: "up",
          recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization",
          solutionVersion: { trainingMode: "UPDATE" }
        },
        workflowConfig: { schedules: { full: "cron(0 0 ? * 1 *)", update: "delete" } },
        campaigns: [{ serviceConfig: { name: "up-campaign", minProvisionedTPS: 2 } }],
        batchInferenceJobs: [{ serviceConfig: {}, workflowConfig: { schedule: "cron(0 3 * * ? *)" } }]
      }
    ]
  })

  it("detects and decodes it, with its quirks (lower-case record names, delete, maxAge, generated batch names)", () => {
    const result = decodeConfig(mlops())
    if (!result.valid) throw new Error(JSON.stringify(result.issues))
    expect(result.format).toBe("mlops-solution")
    const d = result.deployment
    expect(d.datasetGroup.maxAge).toBe("1 day")
    expect(d.datasets[0]!.imports[0]).toMatchObject({
      dataLocation: "s3://{bucket}/train/dsg/interactions/",
      importMode: "INCREMENTAL",
      schedule: { _tag: "Cron", expression: "cron(0 */6 * * ? *)" }
    })
    expect(d.solutions[0]!.schedules).toMatchObject({ updateDeleted: true })
    expect(d.solutions[0]!.trainingMode).toBe("UPDATE")
    expect(d.solutions[0]!.batchInferenceJobs[0]!.name).toBeUndefined()
    expect(d.solutions[0]!.tags).toEqual([{ tagKey: "app", tagValue: "recs" }])
    expect(d.roleArn).toBeUndefined()
  })

  it("accepts only cron() or delete as schedules, and reports with MLOps paths", () => {
    const config = mlops()
    config.solutions[0]!.workflowConfig.schedules.full = "rate(1 day)"
    config.solutions[0]!.serviceConfig.name = "x".repeat(64)
    expect(issuesOf(decodeConfig(config))).toEqual([
      "solutions[0].serviceConfig.name: a name must be 1–63 characters (got 64)",
      'solutions[0].workflowConfig.schedules.full: "rate(1 day)": this format accepts only cron(...) schedules'
    ])
  })

  it("reports an unknown key in solutionVersion (the README's documented mistake)", () => {
    const config = mlops()
    Object.assign(config.solutions[0]!.serviceConfig.solutionVersion, { name: "solutionV1" })
    expect(issuesOf(decodeConfig(config))[0]).toMatch(
      /^solutions\[0\]\.serviceConfig\.solutionVersion\.name: unknown key "name"/
    )
  })
})

describe("decodeConfig — personalize-pipeline params.json", () => {
  const v1 = () => ({
    datasetGroup: { name: "demo" },
    datasets: { Interactions: { name: "demo-interactions", schema: structuredClone(interactionsSchema) } },
    solution: { name: "demo-solution", performAutoML: true },
    campaign: { name: "demo-campaign", minProvisionedTPS: 1 }
  })

  it("decodes v1 (one solution, one campaign) with a FULL import from the Interactions/ folder", () => {
    const result = decodeConfig(v1())
    if (!result.valid) throw new Error(JSON.stringify(result.issues))
    expect(result.format).toBe("personalize-pipeline")
    expect(result.deployment.solutions.map((s) => [s.name, s.campaigns.map((c) => c.name)])).toEqual([
      ["demo-solution", ["demo-campaign"]]
    ])
    expect(result.deployment.datasets[0]!.imports).toEqual([
      { dataLocation: "s3://{bucket}/Interactions/", importMode: "FULL", tags: [] }
    ])
    expect(result.deployment.datasets[0]!.schema.name).toBe("Interactions")
  })

  it("v2: a campaign slot whose solution slot is missing is a dangling reference", () => {
    const config = {
      datasetGroup: { name: "demo" },
      datasets: { Interactions: { name: "demo-interactions", schema: structuredClone(interactionsSchema) } },
      solutions: { sims: { name: "sims", recipeArn: "arn:aws:personalize:::recipe/aws-sims" } },
      campaigns: {
        simsCampaign: { name: "sims-c", minProvisionedTPS: 1 },
        userPersonalizationCampaign: { name: "up-c", minProvisionedTPS: 1 }
      }
    }
    expect(issuesOf(decodeConfig(config))).toEqual([
      "campaigns.userPersonalizationCampaign: campaign slot userPersonalizationCampaign serves solutions.userPersonalization, which is not configured"
    ])
  })

  it("every section takes the parameters of the boto3 call it mirrors (tags, performAutoTraining, campaignConfig), and they reach the deployment", () => {
    const tags = [{ tagKey: "team", tagValue: "recs" }]
    const config = {
      datasetGroup: { name: "demo", tags },
      datasets: { Interactions: { name: "demo-interactions", schema: structuredClone(interactionsSchema), tags } },
      solutions: {
        sims: { name: "sims", recipeArn: "arn:aws:personalize:::recipe/aws-sims", performAutoTraining: false, tags }
      },
      campaigns: {
        simsCampaign: {
          name: "sims-c",
          minProvisionedTPS: 2,
          campaignConfig: { syncWithLatestSolutionVersion: true },
          tags
        }
      },
      eventTracker: { name: "demo-tracker", tags },
      filters: [{ name: "no-x", filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("x")', tags }]
    }
    const result = decodeConfig(config)
    if (!result.valid) throw new Error(JSON.stringify(result.issues))
    const d = result.deployment
    expect(d.datasetGroup.tags).toEqual(tags)
    expect(d.datasets[0]?.tags).toEqual(tags)
    expect(d.solutions[0]?.performAutoTraining).toBe(false)
    expect(d.solutions[0]?.tags).toEqual(tags)
    expect(d.solutions[0]?.campaigns[0]).toEqual({
      name: "sims-c",
      minProvisionedTPS: 2,
      campaignConfig: { syncWithLatestSolutionVersion: true },
      tags
    })
    expect(d.eventTracker?.tags).toEqual(tags)
    expect(d.filters[0]?.tags).toEqual(tags)
    // A key no boto3 call takes is refused, never silently ignored.
    expect(issuesOf(decodeConfig({ ...config, campaigns: { simsCampaign: { name: "c", minTPS: 1 } } }))).toEqual([
      expect.stringContaining("campaigns.simsCampaign.minTPS")
    ])
  })

  describe("every parameter of the boto3 call a section mirrors reaches the deployment, or is refused saying why", () => {
    const arn = "arn:aws:personalize:us-east-1:000000000000:dataset-group/x"
    const v2 = () => ({
      datasetGroup: { name: "demo" } as Record<string, unknown>,
      datasets: {
        Interactions: { name: "demo-interactions", schema: structuredClone(interactionsSchema) } as Record<
          string,
          unknown
        >
      },
      solutions: {
        sims: { name: "sims", recipeArn: "arn:aws:personalize:::recipe/aws-sims" } as Record<string, unknown>
      },
      campaigns: { simsCampaign: { name: "sims-c" } as Record<string, unknown> },
      eventTracker: { name: "demo-tracker" } as Record<string, unknown>,
      filters: [
        { name: "no-x", filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("x")' } as Record<
          string,
          unknown
        >
      ]
    })
    type Params = ReturnType<typeof v2>
    type Row = readonly [
      call: string,
      param: string,
      section: (c: Params) => Record<string, unknown>,
      value: unknown,
      outcome: ((d: Deployment) => unknown) | RegExp
    ]
    const tags = [{ tagKey: "k", tagValue: "v" }]
    const solution = (d: Deployment) => d.solutions[0]!
    const refusedAs = (why: string) => new RegExp(`is a parameter of the create call, but ${why}`)
    // The request parameters of each call (boto3 / API reference, Request Syntax); params.json has no import job,
    // solution version or batch job sections (the pipeline makes one FULL import per dataset and one version).
    const rows: ReadonlyArray<Row> = [
      ["CreateDatasetGroup", "name", (c) => c.datasetGroup, "demo-2", (d) => d.datasetGroup.name],
      [
        "CreateDatasetGroup",
        "roleArn",
        (c) => c.datasetGroup,
        "arn:aws:iam::000000000000:role/r",
        (d) => d.datasetGroup.roleArn
      ],
      [
        "CreateDatasetGroup",
        "kmsKeyArn",
        (c) => c.datasetGroup,
        "arn:aws:kms:us-east-1:000000000000:key/k",
        (d) => d.datasetGroup.kmsKeyArn
      ],
      ["CreateDatasetGroup", "domain", (c) => c.datasetGroup, "VIDEO_ON_DEMAND", (d) => d.datasetGroup.domain],
      ["CreateDatasetGroup", "tags", (c) => c.datasetGroup, tags, (d) => d.datasetGroup.tags],
      ["CreateDataset", "name", (c) => c.datasets.Interactions, "i-2", (d) => d.datasets[0]!.name],
      ["CreateDataset", "schemaArn", (c) => c.datasets.Interactions, arn, refusedAs("the tool sets it")],
      ["CreateDataset", "datasetGroupArn", (c) => c.datasets.Interactions, arn, refusedAs("the tool sets it")],
      ["CreateDataset", "datasetType", (c) => c.datasets.Interactions, "Interactions", refusedAs("the tool sets it")],
      ["CreateDataset", "tags", (c) => c.datasets.Interactions, tags, (d) => d.datasets[0]!.tags],
      ["CreateSchema", "schema", (c) => c.datasets.Interactions, interactionsSchema, (d) => d.datasets[0]!.schema.avro],
      [
        "CreateSchema",
        "domain",
        (c) => c.datasets.Interactions,
        "ECOMMERCE",
        refusedAs("the tool sets it from datasetGroup.domain")
      ],
      ["CreateSolution", "name", (c) => c.solutions.sims, "sims-2", (d) => solution(d).name],
      [
        "CreateSolution",
        "recipeArn",
        (c) => c.solutions.sims,
        "arn:aws:personalize:::recipe/aws-sims",
        (d) => solution(d).recipeArn
      ],
      ["CreateSolution", "performHPO", (c) => c.solutions.sims, true, (d) => solution(d).performHPO],
      ["CreateSolution", "performAutoML", (c) => c.solutions.sims, false, (d) => solution(d).performAutoML],
      ["CreateSolution", "performAutoTraining", (c) => c.solutions.sims, false, (d) => solution(d).performAutoTraining],
      [
        "CreateSolution",
        "performIncrementalUpdate",
        (c) => c.solutions.sims,
        true,
        refusedAs("personalize-ops does not support it yet")
      ],
      ["CreateSolution", "datasetGroupArn", (c) => c.solutions.sims, arn, refusedAs("the tool sets it")],
      ["CreateSolution", "eventType", (c) => c.solutions.sims, "click", (d) => solution(d).eventType],
      [
        "CreateSolution",
        "solutionConfig",
        (c) => c.solutions.sims,
        { eventValueThreshold: "0.5" },
        (d) => solution(d).solutionConfig
      ],
      ["CreateSolution", "tags", (c) => c.solutions.sims, tags, (d) => solution(d).tags],
      ["CreateCampaign", "name", (c) => c.campaigns.simsCampaign, "c-2", (d) => solution(d).campaigns[0]!.name],
      ["CreateCampaign", "solutionVersionArn", (c) => c.campaigns.simsCampaign, arn, refusedAs("the tool sets it")],
      [
        "CreateCampaign",
        "minProvisionedTPS",
        (c) => c.campaigns.simsCampaign,
        3,
        (d) => solution(d).campaigns[0]!.minProvisionedTPS
      ],
      [
        "CreateCampaign",
        "campaignConfig",
        (c) => c.campaigns.simsCampaign,
        { itemExplorationConfig: { explorationWeight: "0.3" } },
        (d) => solution(d).campaigns[0]!.campaignConfig
      ],
      ["CreateCampaign", "tags", (c) => c.campaigns.simsCampaign, tags, (d) => solution(d).campaigns[0]!.tags],
      ["CreateEventTracker", "name", (c) => c.eventTracker, "t-2", (d) => d.eventTracker?.name],
      ["CreateEventTracker", "datasetGroupArn", (c) => c.eventTracker, arn, refusedAs("the tool sets it")],
      ["CreateEventTracker", "tags", (c) => c.eventTracker, tags, (d) => d.eventTracker?.tags],
      ["CreateFilter", "name", (c) => c.filters[0]!, "f-2", (d) => d.filters[0]!.name],
      [
        "CreateFilter",
        "filterExpression",
        (c) => c.filters[0]!,
        'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("y")',
        (d) => d.filters[0]!.filterExpression
      ],
      ["CreateFilter", "datasetGroupArn", (c) => c.filters[0]!, arn, refusedAs("the tool sets it")],
      ["CreateFilter", "tags", (c) => c.filters[0]!, tags, (d) => d.filters[0]!.tags]
    ]

    it.each(rows)("%s %s", (_call, param, section, value, outcome) => {
      const config = v2()
      section(config)[param] = structuredClone(value)
      const result = decodeConfig(config)
      if (outcome instanceof RegExp) {
        expect(result.valid).toBe(false)
        expect(issuesOf(result)).toEqual([expect.stringMatching(outcome)])
        expect(issuesOf(result)[0]).toContain(param)
      } else {
        if (!result.valid) throw new Error(JSON.stringify(result.issues))
        expect(outcome(result.deployment)).toEqual(value)
      }
    })
  })

  it("v2: unknown slots get a did-you-mean", () => {
    const config = { datasetGroup: { name: "demo" }, datasets: {}, solutions: { userPersonalisation: {} } }
    expect(issuesOf(decodeConfig(config))).toContain(
      'solutions.userPersonalisation: unknown key "userPersonalisation" (did you mean "userPersonalization"?)'
    )
  })
})

describe("format detection", () => {
  it("tells the three formats apart", () => {
    expect(detectFormat({ format: "personalize-ops/v1" })).toBe("personalize-ops")
    expect(detectFormat({ datasetGroup: { serviceConfig: { name: "x" } } })).toBe("mlops-solution")
    expect(detectFormat({ datasetGroup: { name: "x" } })).toBe("personalize-pipeline")
    expect(detectFormat({ solution: {} })).toBe("personalize-pipeline")
    expect(detectFormat("x")).toBeUndefined()
  })
})

describe("anchor fixtures", () => {
  it.skipIf(!existsSync(mlopsFixture))("the MLOps solution's sample_config.json is valid", () => {
    const result = decodeConfig(readJson(mlopsFixture))
    expect(issuesOf(result)).toEqual([])
    expect(result).toMatchObject({ valid: true, format: "mlops-solution" })
  })

  it.skipIf(!existsSync(pipelineFixture))(
    "the personalize-pipeline params.json is valid (v2 slots map campaigns to solutions)",
    () => {
      const result = decodeConfig(readJson(pipelineFixture))
      if (!result.valid) throw new Error(JSON.stringify(result.issues))
      expect(result.format).toBe("personalize-pipeline")
      expect(result.deployment.solutions.map((s) => [s.name, s.campaigns.map((c) => c.name)])).toEqual([
        ["userPersonalizationSolution", ["userPersonalizationCampaign"]],
        ["simsSolution", ["simsCampaign"]],
        ["personalizedRankingSolution", ["personalizedRankingCampaign"]]
      ])
      expect(result.deployment.eventTracker?.name).toBe("MovieLensDemoEventTracker")
    }
  )

  it.skipIf(!existsSync(mlopsFixture))(
    "a copy with a bad cron, a missing USER_ID and a 64-character name reports all three",
    () => {
      const config = readJson(mlopsFixture) as {
        datasetGroup: { workflowConfig: { schedules: { import: string } } }
        datasets: { users: { schema: { serviceConfig: { schema: { fields: Array<{ name: string }> } } } } }
        solutions: Array<{ campaigns?: Array<{ serviceConfig: { name: string } }> }>
      }
      config.datasetGroup.workflowConfig.schedules.import = "cron(0 */6 * * * *)"
      const fields = config.datasets.users.schema.serviceConfig.schema.fields
      fields.splice(
        fields.findIndex((f) => f.name === "USER_ID"),
        1
      )
      config.solutions[4]!.campaigns![0]!.serviceConfig.name = "c".repeat(64)
      expect(issuesOf(decodeConfig(config))).toEqual([
        'datasetGroup.workflowConfig.schedules.import: cron day-of-month ("*") and day-of-week ("*"): exactly one must be "?"',
        "datasets.users.schema.serviceConfig.schema.fields: missing required field USER_ID (string) for a Users dataset",
        "solutions[4].campaigns[0].serviceConfig.name: a name must be 1–63 characters (got 64)"
      ])
    }
  )
})

describe("converting to our format (encodeConfig)", () => {
  it.skipIf(!existsSync(anchors))(
    "both anchor fixtures convert to our format and decode to the same deployment",
    () => {
      for (const path of [mlopsFixture, pipelineFixture]) {
        const original = decodeConfig(readJson(path))
        if (!original.valid) throw new Error(JSON.stringify(original.issues))
        const converted = decodeConfig(JSON.parse(JSON.stringify(encodeConfig(original.deployment))))
        if (!converted.valid) throw new Error(JSON.stringify(converted.issues))
        expect({ ...converted.deployment, format: original.format }).toEqual(original.deployment)
      }
    }
  )
})

if (!existsSync(anchors)) console.warn(`anchor fixtures not found at ${anchors}: their tests are skipped`)
