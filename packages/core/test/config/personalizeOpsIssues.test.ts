import { describe, expect, it } from "vitest"
import { decodeConfig } from "../../src/config/index.ts"
import { interactionsEventSchema } from "../../testing/mlopsConfig.ts"

// Our own format: each section's issue at its path, and what a section that does not decode holds back
// (the Interactions rule, dangling filter names) so nothing is reported twice or wrongly.

const up = "arn:aws:personalize:::recipe/aws-user-personalization"
const items = {
  type: "record",
  name: "Items",
  fields: [
    { name: "ITEM_ID", type: "string" },
    { name: "GENRE", type: "string", categorical: true }
  ]
}
const config = () => ({
  format: "personalize-ops/v1",
  datasetGroup: { name: "shop" },
  datasets: {
    Interactions: { name: "i", schema: interactionsEventSchema, imports: [{ dataLocation: "s3://b/i/" }] },
    Items: { name: "it", schema: items }
  } as Record<string, Record<string, unknown>>,
  filters: [{ name: "f", filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("x")' }] as unknown,
  solutions: [
    {
      name: "up",
      recipeArn: up,
      solutionVersion: { trainingMode: "UPDATE" },
      schedules: { full: "rate(1 day)" },
      campaigns: [{ name: "c" }],
      batchInferenceJobs: [{ inputPath: "s3://b/in", outputPath: "s3://b/out/", filterName: "f" }]
    }
  ] as Array<Record<string, unknown>>
})
type Config = ReturnType<typeof config>
const issues = (mutate: (c: Config) => void) => {
  const c = config()
  mutate(c)
  const r = decodeConfig(c)
  return r.valid ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)
}
const bad = "x".repeat(64)
const badName = "a name must be 1–63 characters (got 64)"
const match = (pattern: RegExp) => expect.stringMatching(pattern) as unknown as string

describe("our format: issues at their paths", () => {
  it("the valid config has none", () => {
    expect(issues(() => {})).toEqual([])
  })

  it.each<[string, (c: Config) => void, ReadonlyArray<string>]>([
    [
      "an unsupported format version",
      (c) => (c.format = "personalize-ops/v2"),
      ['format: unsupported format "personalize-ops/v2": this version reads "personalize-ops/v1"']
    ],
    ["a bad root role", (c) => Object.assign(c, { roleArn: "role" }), [match(/^roleArn: /)]],
    ["bad root tags", (c) => Object.assign(c, { tags: "t" }), [match(/^tags: /)]],
    ["the dataset group's name", (c) => (c.datasetGroup.name = bad), [`datasetGroup.name: ${badName}`]],
    ["a dataset's name", (c) => (c.datasets.Items!.name = bad), [`datasets.Items.name: ${badName}`]],
    [
      "a dataset's schema, inside it",
      (c) => (c.datasets.Items!.schema = { ...items, name: "Users" }),
      ['datasets.Items.schema.name: the record name must match the dataset type: "Items" (got "Users")']
    ],
    ["a dataset without a schema", (c) => delete c.datasets.Items!.schema, ["datasets.Items.schema: Missing key"]],
    [
      "an import job's data location, at its index",
      (c) => (c.datasets.Interactions!.imports = [{ dataLocation: "s3://b/i/" }, { dataLocation: 3 }]),
      [match(/^datasets\.Interactions\.imports\[1\]\.dataLocation: /)]
    ],
    [
      "imports that are not a list",
      (c) => (c.datasets.Interactions!.imports = { dataLocation: "s3://b/i/" }),
      ["datasets.Interactions.imports: Expected array, got object"]
    ],
    [
      "a broken dataset holds back the Interactions rule",
      (c) => (c.datasets.Interactions!.name = bad),
      [`datasets.Interactions.name: ${badName}`]
    ],
    [
      "an import that does not decode leaves its dataset out too: the filters' fields are not judged",
      (c) => {
        c.datasets.Interactions!.imports = [{ dataLocation: "s3://b/i/" }, { dataLocation: 3 }]
        c.filters = [{ name: "f", filterExpression: 'EXCLUDE ItemID WHERE Interactions.COLOR IN ("x")' }]
      },
      [match(/^datasets\.Interactions\.imports\[1\]\.dataLocation: /)]
    ],
    [
      "datasets not an object: one issue",
      (c) => ((c as { datasets: unknown }).datasets = []),
      ["datasets: Expected object, got array"]
    ],
    [
      "a dataset type we do not know",
      (c) => (c.datasets.Interaction = { name: "x" }),
      [match(/^datasets\.Interaction: unknown key "Interaction" \(did you mean "Interactions"\?\)/)]
    ],
    [
      "duplicate names: the derived schema name at the dataset's name, a given one at schemaName",
      (c) => {
        c.datasets.Items!.name = "i"
        c.datasets.Interactions!.schemaName = "x-schema"
        c.datasets.Items!.schemaName = "x-schema"
      },
      ['datasets.Items.name: duplicate dataset name "i"', 'datasets.Items.schemaName: duplicate schema name "x-schema"']
    ],
    [
      "two datasets of one name clash in their derived schema names too",
      (c) => (c.datasets.Items!.name = "i"),
      ['datasets.Items.name: duplicate dataset name "i"', 'datasets.Items.name: duplicate schema name "i-schema"']
    ],
    [
      "a broken filter holds back the dangling-filter rule",
      (c) => ((c.filters as Array<{ name: string }>)[0]!.name = bad),
      [`filters[0].name: ${badName}`]
    ],
    [
      "filters not a list hold back the dangling-filter rule",
      (c) => (c.filters = { name: "f" }),
      ["filters: Expected array, got object"]
    ],
    [
      "no filters: a job's filter name dangles",
      (c) => (c.filters = []),
      ['solutions[0].batchInferenceJobs[0].filterName: no filter named "f" in this config (filters: none)']
    ],
    [
      "a solution's version",
      (c) => (c.solutions[0]!.solutionVersion = { trainingMode: "PARTIAL" }),
      [match(/^solutions\[0\]\.solutionVersion\.trainingMode: /)]
    ],
    [
      "a solution's schedule",
      (c) => (c.solutions[0]!.schedules = { full: "every day" }),
      [match(/^solutions\[0\]\.schedules\.full: /)]
    ],
    [
      "a campaign's TPS",
      (c) => (c.solutions[0]!.campaigns = [{ name: "c", minProvisionedTPS: 0 }]),
      [match(/^solutions\[0\]\.campaigns\[0\]\.minProvisionedTPS: /)]
    ],
    [
      "a batch segment job's paths (a job that does not decode is not also judged by its recipe)",
      (c) => (c.solutions[0]!.batchSegmentJobs = [{ inputPath: "s3://b/in" }]),
      ["solutions[0].batchSegmentJobs[0].outputPath: Missing key"]
    ],
    [
      "UPDATE training on a recipe without it, at solutionVersion.trainingMode",
      (c) => (c.solutions[0]!.recipeArn = "arn:aws:personalize:::recipe/aws-sims"),
      [
        "solutions[0].solutionVersion.trainingMode: trainingMode UPDATE needs a User-Personalization or HRNN-Coldstart recipe (got arn:aws:personalize:::recipe/aws-sims)"
      ]
    ],
    [
      "an UPDATE schedule on a recipe without it, at schedules.update",
      (c) => {
        c.solutions[0]!.recipeArn = "arn:aws:personalize:::recipe/aws-sims"
        c.solutions[0]!.solutionVersion = { trainingMode: "FULL" }
        c.solutions[0]!.schedules = { update: "rate(1 day)" }
      },
      [
        "solutions[0].schedules.update: an UPDATE schedule needs a User-Personalization or HRNN-Coldstart recipe (got arn:aws:personalize:::recipe/aws-sims)"
      ]
    ],
    [
      "a broken solution hides neither its campaigns' nor its jobs' issues",
      (c) => {
        c.solutions[0]!.name = bad
        c.solutions[0]!.campaigns = [{ name: bad }]
        c.solutions[0]!.batchInferenceJobs = [{ inputPath: "s3://b/in", outputPath: "s3://b/out/", numResults: 0 }]
      },
      [
        `solutions[0].name: ${badName}`,
        `solutions[0].campaigns[0].name: ${badName}`,
        match(/^solutions\[0\]\.batchInferenceJobs\[0\]\.numResults: /)
      ]
    ],
    [
      "a recommender's name",
      (c) => Object.assign(c, { recommenders: [{ name: bad, recipeArn: up }] }),
      [`recommenders[0].name: ${badName}`]
    ]
  ])("%s", (_, mutate, expected) => {
    expect(issues(mutate)).toEqual(expected)
  })
})
