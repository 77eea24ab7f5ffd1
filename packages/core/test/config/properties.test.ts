import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decodeConfig, encodeConfig } from "../../src/config/index.ts"

const chars = (set: string) => fc.constantFrom(...set.split(""))
const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
const name = fc
  .tuple(chars(alnum), fc.string({ unit: chars(`${alnum}-_`), maxLength: 20 }))
  .map(([first, rest]) => first + rest)
const cron = fc
  .record({
    minute: fc.integer({ min: 0, max: 59 }),
    hour: fc.oneof(
      fc.integer({ min: 0, max: 23 }).map(String),
      fc.integer({ min: 1, max: 12 }).map((n) => `*/${n}`)
    ),
    byDayOfWeek: fc.boolean(),
    day: fc.integer({ min: 1, max: 28 }),
    weekday: fc.constantFrom("1", "MON-FRI", "SUN", "2#1", "6L"),
    year: fc.constantFrom("*", "2026", "2026-2030")
  })
  .map(({ minute, hour, byDayOfWeek, day, weekday, year }) =>
    byDayOfWeek ? `cron(${minute} ${hour} ? * ${weekday} ${year})` : `cron(${minute} ${hour} ${day} * ? ${year})`
  )
const rate = fc
  .record({ value: fc.integer({ min: 1, max: 48 }), unit: fc.constantFrom("minute", "hour", "day") })
  .map(({ value, unit }) => `rate(${value} ${value === 1 ? unit : `${unit}s`})`)
const schedule = fc.oneof(cron, rate)
const tags = fc
  .uniqueArray(fc.string({ unit: chars("abcdefgh:._-"), minLength: 1, maxLength: 10 }), { maxLength: 4 })
  .chain((keys) =>
    fc.tuple(
      ...keys.map((k) => fc.string({ unit: chars("xyz019 "), maxLength: 8 }).map((v) => ({ tagKey: k, tagValue: v })))
    )
  )
const recipes = [
  "arn:aws:personalize:::recipe/aws-user-personalization",
  "arn:aws:personalize:::recipe/aws-sims",
  "arn:aws:personalize:::recipe/aws-personalized-ranking",
  "arn:aws:personalize:::recipe/aws-item-affinity"
]

/** A valid config in our own format: names unique by construction, schedules well-formed, references resolvable. */
const validConfig = fc
  .record({
    prefix: name,
    extraFields: fc.uniqueArray(fc.constantFrom("DEVICE", "PRICE_PAID", "RATING"), { maxLength: 3 }),
    withItems: fc.boolean(),
    filters: fc.integer({ min: 0, max: 3 }),
    solutions: fc.array(
      fc.record({
        recipe: fc.constantFrom(...recipes),
        campaigns: fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 2 }),
        full: fc.option(schedule, { nil: undefined }),
        update: fc.option(schedule, { nil: undefined }),
        batch: fc.boolean(),
        tags
      }),
      { maxLength: 3 }
    ),
    importSchedule: fc.option(schedule, { nil: undefined }),
    rootTags: tags,
    dsgTags: tags
  })
  .map((g) => ({
    format: "personalize-ops/v1",
    tags: g.rootTags,
    datasetGroup: { name: `${g.prefix}-dsg`.slice(0, 63), tags: g.dsgTags },
    datasets: {
      Interactions: {
        name: `${g.prefix}-interactions`.slice(0, 63),
        schema: {
          type: "record",
          name: "Interactions",
          fields: [
            { name: "USER_ID", type: "string" },
            { name: "ITEM_ID", type: "string" },
            { name: "TIMESTAMP", type: "long" },
            ...g.extraFields.map((f) => ({
              name: f,
              type: f === "DEVICE" ? "string" : ["null", "float"],
              ...(f === "DEVICE" ? { categorical: true } : {})
            }))
          ]
        },
        imports: [
          {
            dataLocation: "s3://bucket/interactions/",
            ...(g.importSchedule === undefined ? {} : { schedule: g.importSchedule })
          }
        ]
      },
      ...(g.withItems
        ? {
            Items: {
              name: `${g.prefix}-items`.slice(0, 63),
              schema: {
                type: "record",
                name: "Items",
                fields: [
                  { name: "ITEM_ID", type: "string" },
                  { name: "GENRES", type: "string", categorical: true }
                ]
              },
              imports: [{ dataLocation: "data/items.csv", importMode: "INCREMENTAL" }]
            }
          }
        : {})
    },
    // The filters name Items.GENRES: CreateFilter refuses a dataset the group lacks, so only with Items.
    filters: Array.from({ length: g.withItems ? g.filters : 0 }, (_, i) => ({
      name: `filter-${i}`,
      filterExpression: 'EXCLUDE ItemID WHERE Items.GENRES IN ("x")'
    })),
    solutions: g.solutions.map((s, i) => {
      const updatable = s.recipe.includes("user-personalization")
      // Item-affinity (USER_SEGMENTATION) versions back batch segment jobs only; the others, campaigns and batch inference.
      const segments = s.recipe.includes("item-affinity")
      const job = {
        inputPath: "s3://bucket/in.json",
        outputPath: "s3://bucket/out/",
        ...(g.withItems && g.filters > 0 ? { filterName: "filter-0" } : {})
      }
      return {
        name: `solution-${i}`,
        recipeArn: s.recipe,
        ...(s.full === undefined && s.update === undefined
          ? {}
          : {
              schedules: {
                ...(s.full === undefined ? {} : { full: s.full }),
                ...(s.update === undefined || !updatable ? {} : { update: s.update })
              }
            }),
        campaigns: segments
          ? []
          : s.campaigns.map((tps, j) => ({ name: `campaign-${i}-${j}`, minProvisionedTPS: tps })),
        batchInferenceJobs: s.batch && !segments ? [job] : [],
        ...(s.batch && segments ? { batchSegmentJobs: [job] } : {}),
        tags: s.tags
      }
    })
  }))

/** Breaks one value of a config (a mutable copy) and returns the path an issue must point at. */
// biome-ignore lint/suspicious/noExplicitAny: mutations poke into an untyped JSON copy
type Mutation = (config: Record<string, any>) => string | undefined

const mutations: ReadonlyArray<Mutation> = [
  (c) => {
    c.datasetGroup.name = "x".repeat(64)
    return "datasetGroup.name"
  },
  (c) => {
    c.datasets.Interactions.schema.fields[1].type = "uuid"
    return "datasets.Interactions.schema.fields[1].type"
  },
  (c) => {
    c.datasets.Interactions.imports[0].schedule = "cron(0 0 * * * *)"
    return "datasets.Interactions.imports[0].schedule"
  },
  (c) => {
    const i = c.solutions.findIndex((s: { campaigns: Array<unknown> }) => s.campaigns.length > 0)
    if (i < 0) return undefined
    c.solutions[i].campaigns[0].minProvisionedTPS = 0
    return `solutions[${i}].campaigns[0].minProvisionedTPS`
  },
  (c) => {
    if (c.solutions.length === 0) return undefined
    c.solutions[0].recipeArn = "aws-sims"
    return "solutions[0].recipeArn"
  },
  (c) => {
    if (c.filters.length === 0) return undefined
    c.filters[c.filters.length - 1].filterExpresion = c.filters[c.filters.length - 1].filterExpression
    return `filters[${c.filters.length - 1}].filterExpresion`
  }
]

describe("config properties (our own format)", () => {
  it("generated valid configs decode, and encode → decode is stable", () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        const first = decodeConfig(config)
        if (!first.valid) throw new Error(JSON.stringify(first.issues))
        const encoded = encodeConfig(first.deployment)
        const second = decodeConfig(JSON.parse(JSON.stringify(encoded)))
        if (!second.valid) throw new Error(JSON.stringify(second.issues))
        expect({ ...second.deployment, format: "x" }).toEqual({ ...first.deployment, format: "x" })
        expect(encodeConfig(second.deployment)).toEqual(encoded)
      }),
      { numRuns: 150 }
    )
  })

  it("a single mutation is reported at the mutated path, and only there", () => {
    fc.assert(
      fc.property(validConfig, fc.nat({ max: mutations.length - 1 }), (config, m) => {
        // biome-ignore lint/suspicious/noExplicitAny: an untyped JSON copy to break
        const copy = structuredClone(config) as Record<string, any>
        const path = mutations[m]!(copy)
        fc.pre(path !== undefined)
        const result = decodeConfig(copy)
        expect(result.valid).toBe(false)
        if (result.valid) return
        expect(result.issues.map((i) => i.path)).toEqual([path])
      }),
      { numRuns: 200 }
    )
  })
})

/** Every path (object key or array index) in a JSON value. */
const pathsOf = (
  value: unknown,
  prefix: ReadonlyArray<string | number> = []
): Array<ReadonlyArray<string | number>> => {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])])
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])])
  return []
}

describe("config robustness", () => {
  it("never throws on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const result = decodeConfig(json)
        expect(result.valid || result.issues.length > 0).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("never throws when any value of a valid config is replaced by arbitrary JSON, and reports an issue or stays valid", () => {
    fc.assert(
      fc.property(validConfig, fc.nat(), fc.jsonValue({ maxDepth: 2 }), (config, pick, replacement) => {
        const copy = structuredClone(config) as Record<string, unknown>
        const paths = pathsOf(copy)
        const path = paths[pick % paths.length]!
        let parent = copy as Record<string | number, unknown>
        for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>
        parent[path[path.length - 1]!] = replacement
        const result = decodeConfig(copy)
        expect(result.valid || result.issues.length > 0).toBe(true)
      }),
      { numRuns: 300 }
    )
  })
})
