import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import type { Deployment } from "../../src/config/Deployment.ts"
import { decodeEach, IssueCollector, readArray, readObject } from "../../src/config/IssueCollector.ts"
import { countResources, didYouMean, levenshtein } from "../../src/config/index.ts"

// The config issue collector (unknown keys, did-you-mean, refused create-call parameters, sections read
// one by one), the edit distance behind did-you-mean at its threshold, and the resource counts.

const shown = (c: IssueCollector) => c.issues.map((i) => `${i.path}: ${i.message}`)

describe("levenshtein and didYouMean", () => {
  it.each<[string, string, number]>([
    ["", "", 0],
    ["", "abc", 3],
    ["abc", "", 3],
    ["abc", "abc", 0],
    ["abc", "abd", 1],
    ["abc", "ab", 1],
    ["ab", "abc", 1],
    ["kitten", "sitting", 3],
    ["flaw", "lawn", 2],
    ["Abc", "abc", 1]
  ])("levenshtein(%j, %j) = %i", (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d)
    expect(levenshtein(b, a)).toBe(d)
  })

  it.each<[string, ReadonlyArray<string>, string | undefined]>([
    ["recipeARN", ["recipeArn", "name"], "recipeArn"],
    ["nmae", ["name", "tags"], "name"],
    // Within 2 edits always; beyond that, within a third of the suggestion's length.
    ["ab", ["abcd"], "abcd"],
    ["a", ["abcd"], undefined],
    ["solutionConfxyz", ["solutionConfig"], "solutionConfig"],
    ["solutionConfigwxyz", ["solutionConfig"], "solutionConfig"],
    ["solutionConfigvwxyz", ["solutionConfig"], undefined],
    ["performAutoMLxyz", ["performAutoML"], "performAutoML"],
    ["performAutoMLxyzw", ["performAutoML"], "performAutoML"],
    ["performAutoMLxyzwv", ["performAutoML"], undefined],
    // The closest wins; on a tie, the first listed.
    ["tag", ["tags", "name"], "tags"],
    ["nam", ["name", "nama"], "name"],
    ["x", [], undefined]
  ])("didYouMean(%j, %j) = %j", (key, allowed, expected) => {
    expect(didYouMean(key, allowed)).toBe(expected)
  })
})

describe("IssueCollector", () => {
  const Doc = Schema.Struct({ name: Schema.String, size: Schema.optionalKey(Schema.Number) })

  it("decodes a valid section and records nothing", () => {
    const c = new IssueCollector()
    expect(c.decode(Doc, { name: "n", size: 2 }, ["a"])).toEqual({ name: "n", size: 2 })
    expect(c.issues).toEqual([])
  })

  it("every issue at its full path, and nothing decoded", () => {
    const c = new IssueCollector()
    expect(c.decode(Doc, { size: "x" }, ["solutions", 2])).toBeUndefined()
    expect(shown(c)).toEqual(["solutions[2].name: Missing key", "solutions[2].size: Expected number"])
  })

  it("a mistyped key is suggested, not also reported missing; alone, the rest still decodes", () => {
    const c = new IssueCollector()
    expect(c.decode(Doc, { nmae: "n", size: 1 }, ["s"])).toBeUndefined()
    expect(shown(c)).toEqual(['s.nmae: unknown key "nmae" (did you mean "name"?)'])
    // A rule outside Schema at the suggested key is not reported either; elsewhere it is.
    c.add(["s", "name"], "duplicate")
    c.add(["s", "size"], "too big")
    expect(shown(c)).toEqual(['s.nmae: unknown key "nmae" (did you mean "name"?)', "s.size: too big"])
    const d = new IssueCollector()
    expect(d.decode(Doc, { name: "n", sise: 1 }, ["s"])).toEqual({ name: "n" })
    expect(shown(d)).toEqual(['s.sise: unknown key "sise" (did you mean "size"?)'])
  })

  it("an unknown key far from any lists the allowed keys; with another problem nothing is decoded", () => {
    const c = new IssueCollector()
    expect(c.decode(Doc, { name: "n", colour: "red", size: "big" }, [])).toBeUndefined()
    expect(shown(c)).toEqual(['colour: unknown key "colour" (allowed: name, size)', "size: Expected number"])
  })

  it.each<[string, string]>([
    ["datasetGroupArn", "the tool sets it: the ARN of this config's dataset group"],
    ["datasetArn", "the tool sets it: the ARN of the dataset it made"],
    ["schemaArn", "the tool sets it: the ARN of the schema it made from `schema`"],
    ["datasetType", "the tool sets it: the dataset's type is its key in `datasets`"],
    ["solutionArn", "the tool sets it: the ARN of the solution it made"],
    ["solutionVersionArn", "the tool sets it: the ARN of the solution's current version"],
    ["jobName", "the tool sets it: import and batch jobs get generated, dated names"],
    ["domain", "the tool sets it from datasetGroup.domain (schemas and datasets take the dataset group's)"],
    [
      "performIncrementalUpdate",
      "personalize-ops does not support it yet (the twin has no incremental-update model): leave it out"
    ]
  ])("a create-call parameter the config does not set (%s) says why", (key, why) => {
    const c = new IssueCollector()
    c.unknownKey(["x", key], ["name"])
    expect(shown(c)).toEqual([`x.${key}: "${key}" is a parameter of the create call, but ${why}`])
  })

  it("reads object sections: not an object, unknown keys, missing required keys", () => {
    const keys = { name: "required", tags: "optional" } as const
    for (const [input, got] of [
      [null, "null"],
      [[1], "array"],
      ["s", "string"],
      [3, "number"]
    ] as const) {
      const c = new IssueCollector()
      expect(readObject(c, input, ["dsg"], keys)).toBeUndefined()
      expect(shown(c)).toEqual([`dsg: Expected object, got ${got}`])
    }
    const c = new IssueCollector()
    expect(readObject(c, { nmae: 1, tags: [] }, ["dsg"], keys)).toEqual({ nmae: 1, tags: [] })
    // The suggestion hides the "missing" of the key it names.
    expect(shown(c)).toEqual(['dsg.nmae: unknown key "nmae" (did you mean "name"?)'])
    const d = new IssueCollector()
    readObject(d, { tags: [] }, [], keys)
    expect(shown(d)).toEqual(["name: Missing key"])
  })

  it("reads array sections with each element's path", () => {
    const c = new IssueCollector()
    expect(readArray(c, undefined, ["filters"])).toEqual([])
    expect(readArray(c, ["a", "b"], ["filters"])).toEqual([
      ["a", ["filters", 0]],
      ["b", ["filters", 1]]
    ])
    expect(c.issues).toEqual([])
    expect(readArray(c, null, ["filters"])).toEqual([])
    expect(readArray(c, { a: 1 }, ["solutions"])).toEqual([])
    expect(shown(c)).toEqual(["filters: Expected array, got null", "solutions: Expected array, got object"])
  })

  it("decodes each element, keeping those that decode with their paths", () => {
    const c = new IssueCollector()
    expect(decodeEach(c, Doc, [{ name: "a" }, { name: 1 }, { name: "c" }], ["jobs"])).toEqual([
      { doc: { name: "a" }, at: ["jobs", 0] },
      { doc: { name: "c" }, at: ["jobs", 2] }
    ])
    expect(shown(c)).toEqual(["jobs[1].name: Expected string"])
  })
})

describe("countResources", () => {
  const cron = { _tag: "Cron", expression: "cron(0 1 * * ? *)" } as never
  const solution = (over: Record<string, unknown>) => ({
    name: "s",
    trainingMode: "FULL",
    schedules: {},
    campaigns: [],
    batchInferenceJobs: [],
    batchSegmentJobs: [],
    tags: [],
    versionTags: [],
    ...over
  })
  it("counts every kind, and every schedule set", () => {
    const d = {
      format: "personalize-ops",
      datasetGroup: { name: "g", tags: [] },
      datasets: [
        {
          type: "Interactions",
          name: "i",
          schema: {},
          imports: [{ schedule: cron }, {}, { schedule: cron }],
          tags: []
        },
        { type: "Users", name: "u", schema: {}, imports: [{}], tags: [] }
      ],
      eventTracker: { name: "t", tags: [] },
      filters: [{}, {}, {}],
      solutions: [
        solution({
          schedules: { full: cron, update: cron },
          campaigns: [{}, {}],
          batchInferenceJobs: [{ schedule: cron }, {}]
        }),
        solution({ schedules: { full: cron }, campaigns: [{}], batchSegmentJobs: [{}, {}, { schedule: cron }] })
      ],
      recommenders: [{}, {}]
    } as unknown as Deployment
    expect(countResources(d)).toEqual({
      datasetGroups: 1,
      schemas: 2,
      datasets: 2,
      importJobs: 4,
      eventTrackers: 1,
      filters: 3,
      solutions: 2,
      campaigns: 3,
      batchInferenceJobs: 2,
      batchSegmentJobs: 3,
      recommenders: 2,
      schedules: 2 + 1 + 1 + 2 + 1
    })
    const bare = { ...d, eventTracker: undefined, datasets: [], filters: [], solutions: [], recommenders: [] }
    expect(countResources(bare as unknown as Deployment)).toEqual({
      datasetGroups: 1,
      schemas: 0,
      datasets: 0,
      importJobs: 0,
      eventTrackers: 0,
      filters: 0,
      solutions: 0,
      campaigns: 0,
      batchInferenceJobs: 0,
      batchSegmentJobs: 0,
      recommenders: 0,
      schedules: 0
    })
  })
})
