import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { formatArn } from "../../src/personalize/Arn.ts"
import { Throttled } from "../../src/personalize/errors.ts"
import {
  describeMonitored,
  isMonitorable,
  isRankingRecipe,
  isUpdatable,
  latestSolutionVersions,
  listMonitored,
  modelFreshness,
  parseMonitoredArn,
  removeMonitored,
  updateMinTps
} from "../../src/personalize/monitoring.ts"
import { Personalize } from "../../src/personalize/Personalize.ts"
import type { ResourceDescription } from "../../src/personalize/Resource.ts"
import type { ResourceKind } from "../../src/personalize/ResourceKind.ts"
import type { Status } from "../../src/personalize/Status.ts"
import { type FakePersonalize, type FakeScript, makeFakePersonalize } from "../provisioning/fakePersonalize.ts"

const scope = { partition: "aws", region: "eu-west-1", account: "123456789012" }
const arn = (kind: ResourceKind, id: string) => formatArn(scope, kind, id)
const group = arn("DatasetGroup", "shop")
const solution = arn("Solution", "up")
const v1 = arn("SolutionVersion", "up/v1")
const v2 = arn("SolutionVersion", "up/v2")
const v3 = arn("SolutionVersion", "up/v3")
const recipe = "arn:aws:personalize:::recipe/aws-user-personalization"

const described = (
  kind: ResourceKind,
  id: string,
  over: Partial<ResourceDescription> & { readonly attributes?: Record<string, unknown> } = {}
): ResourceDescription => ({
  kind,
  name: id.split("/").at(-1)!,
  arn: arn(kind, id),
  status: "ACTIVE",
  attributes: {},
  creationDateTime: 1_000,
  lastUpdatedDateTime: 1_000,
  ...over
})

/** A region with one solution (three versions), a campaign on v2 and a recommender. */
const world = (script: FakeScript = {}): FakePersonalize => {
  const fake = makeFakePersonalize(script)
  fake.put(described("DatasetGroup", "shop"))
  fake.put(described("Solution", "up", { parentArn: group, attributes: { datasetGroupArn: group, recipeArn: recipe } }))
  fake.put(described("SolutionVersion", "up/v1", { parentArn: solution, creationDateTime: 100 }))
  fake.put(described("SolutionVersion", "up/v2", { parentArn: solution, creationDateTime: 200 }))
  fake.put(
    described("SolutionVersion", "up/v3", { parentArn: solution, creationDateTime: 300, status: "CREATE_IN_PROGRESS" })
  )
  fake.put(
    described("Campaign", "up-campaign", {
      parentArn: solution,
      attributes: { solutionVersionArn: v2, minProvisionedTPS: 3 },
      latestUpdate: { status: "ACTIVE", lastUpdatedDateTime: 5_000 },
      creationDateTime: 2_000
    })
  )
  fake.put(
    described("Recommender", "picks", {
      parentArn: group,
      attributes: {
        datasetGroupArn: group,
        recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you",
        recommenderConfig: { minRecommendationRequestsPerSecond: 7, trainingDataConfig: { x: 1 } }
      },
      creationDateTime: 3_000
    })
  )
  return fake
}

const run = <A, E>(fake: FakePersonalize, e: Effect.Effect<A, E, Personalize>) =>
  e.pipe(Effect.provideService(Personalize, fake.service))

const campaignView = {
  arn: arn("Campaign", "up-campaign"),
  name: "up-campaign",
  kind: "campaign",
  region: "eu-west-1",
  datasetGroupArn: group,
  datasetGroupName: "shop",
  recipeArn: recipe,
  minTPS: 3,
  solutionVersionArn: v2,
  status: "ACTIVE",
  latestUpdateStatus: "ACTIVE",
  lastUpdatedAt: 5_000,
  createdAt: 2_000
}
const recommenderView = {
  arn: arn("Recommender", "picks"),
  name: "picks",
  kind: "recommender",
  region: "eu-west-1",
  datasetGroupArn: group,
  datasetGroupName: "shop",
  recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you",
  minTPS: 7,
  status: "ACTIVE",
  createdAt: 3_000
}

describe("the monitor's projection of Personalize", () => {
  it.effect("lists every campaign and recommender with its dataset group, recipe and minimum TPS", () =>
    Effect.gen(function* () {
      const fake = world({ pageSize: 1 })
      fake.put(
        described("Campaign", "second", {
          parentArn: solution,
          attributes: { solutionVersionArn: v1 },
          status: undefined
        })
      )
      const listed = yield* run(fake, listMonitored("eu-west-1"))
      expect(listed.unavailable).toEqual([])
      expect(listed.resources).toStrictEqual([
        campaignView,
        {
          arn: arn("Campaign", "second"),
          name: "second",
          kind: "campaign",
          region: "eu-west-1",
          datasetGroupArn: group,
          datasetGroupName: "shop",
          recipeArn: recipe,
          // No TPS in the description: the API's default, 1. No status: ACTIVE.
          minTPS: 1,
          solutionVersionArn: v1,
          status: "ACTIVE",
          createdAt: 1_000
        },
        recommenderView
      ])
      // The solution is described once for both campaigns; pages of one item each are all read.
      expect(fake.calls.filter((c) => c.startsWith("Describe"))).toEqual(["Describe Solution:up"])
      expect(fake.calls.filter((c) => c === "List Campaign")).toHaveLength(2)
    })
  )

  it.effect("a campaign whose solution is gone is skipped; one not describable now is unavailable", () =>
    Effect.gen(function* () {
      const gone = world()
      gone.resources.delete(solution)
      const listed = yield* run(gone, listMonitored("eu-west-1"))
      expect(listed.resources.map((r) => r.name)).toEqual(["picks"])
      expect(listed.unavailable).toEqual([])
      const throttled = world({
        failDescribe: (kind) =>
          kind === "Solution" ? new Throttled({ operation: "DescribeSolution", message: "slow" }) : undefined,
        unavailable: (kind) => (kind === "Recommender" ? [arn("Recommender", "other")] : [])
      })
      const later = yield* run(throttled, listMonitored("eu-west-1"))
      expect(later.resources.map((r) => r.name)).toEqual(["picks"])
      expect(later.unavailable).toEqual([arn("Recommender", "other"), arn("Campaign", "up-campaign")])
    })
  )

  it.effect("a campaign with no version and no parent names no solution: skipped", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize()
      fake.put(described("Campaign", "lost", { attributes: {} }))
      expect((yield* run(fake, listMonitored("eu-west-1"))).resources).toEqual([])
    })
  )

  it.effect("describes one campaign or recommender by ARN; anything else is not found, naming the ARN", () =>
    Effect.gen(function* () {
      const fake = world()
      expect(yield* run(fake, describeMonitored(arn("Campaign", "up-campaign")))).toStrictEqual(campaignView)
      expect(yield* run(fake, describeMonitored(arn("Recommender", "picks")))).toStrictEqual(recommenderView)
      for (const wrong of [solution, "not an arn"]) {
        const error = yield* Effect.flip(run(fake, describeMonitored(wrong)))
        expect(error).toMatchObject({
          _tag: "ResourceNotFound",
          kind: "Campaign",
          arn: wrong,
          message: `${wrong} is not a campaign or recommender ARN`
        })
      }
      expect(fake.calls.filter((c) => c.startsWith("Describe"))).toEqual([
        "Describe Campaign:up-campaign",
        "Describe Solution:up",
        "Describe Recommender:picks"
      ])
    })
  )

  it.effect("a campaign known only by its parent: no version named; an ARN that does not parse: no region", () =>
    Effect.gen(function* () {
      const fake = world()
      fake.put({
        ...described("Campaign", "parented", { parentArn: solution, attributes: {} }),
        arn: "arn:aws:personalize:nowhere:campaign/parented" as never
      })
      const listed = yield* run(fake, listMonitored("eu-west-1"))
      const parented = listed.resources.find((r) => r.name === "parented")
      expect(parented).toMatchObject({ region: "", datasetGroupName: "shop", recipeArn: recipe, minTPS: 1 })
      expect(parented).not.toHaveProperty("solutionVersionArn")
    })
  )

  it.effect("a recommender's group falls back to its parent; its minimum TPS to 1", () =>
    Effect.gen(function* () {
      const fake = makeFakePersonalize()
      fake.put(described("Recommender", "bare", { parentArn: group, attributes: {} }))
      fake.put(described("Recommender", "orphan", { attributes: {} }))
      const listed = yield* run(fake, listMonitored("eu-west-1"))
      expect(
        listed.resources.map((r) => [r.name, r.datasetGroupArn, r.datasetGroupName, r.minTPS, r.recipeArn])
      ).toEqual([
        ["bare", group, "shop", 1, undefined],
        ["orphan", "", "", 1, undefined]
      ])
      expect(listed.resources[0]).not.toHaveProperty("recipeArn")
      expect(listed.resources[0]).not.toHaveProperty("solutionVersionArn")
    })
  )

  it.effect("latest solution versions: the newest of each solution, or none", () =>
    Effect.gen(function* () {
      const fake = world()
      fake.put(described("Solution", "empty", { parentArn: group, attributes: {} }))
      const fresh = yield* run(fake, latestSolutionVersions([group, arn("DatasetGroup", "none")]))
      expect(fresh).toStrictEqual([
        {
          solutionArn: solution,
          solutionName: "up",
          datasetGroupArn: group,
          region: "eu-west-1",
          lastSolutionVersionAt: 300,
          lastSolutionVersionStatus: "CREATE_IN_PROGRESS"
        },
        { solutionArn: arn("Solution", "empty"), solutionName: "empty", datasetGroupArn: group, region: "eu-west-1" }
      ])
    })
  )

  it.effect("model freshness: the served version's age and the newer ACTIVE versions not deployed", () =>
    Effect.gen(function* () {
      const fake = world()
      fake.put(described("SolutionVersion", "up/v4", { parentArn: solution, creationDateTime: 400 }))
      const out = yield* run(
        fake,
        modelFreshness([
          { arn: "c1", solutionVersionArn: v1 },
          { arn: "c2", solutionVersionArn: v3 },
          { arn: "c3" },
          { arn: "c4", solutionVersionArn: arn("SolutionVersion", "up/gone") },
          { arn: "c5", solutionVersionArn: "not an arn" }
        ])
      )
      // v1 (100): v2 (200) and v4 (400) are newer and ACTIVE, v3 is still training.
      expect(out).toEqual([
        { campaignArn: "c1", servedCreatedAt: 100, newerActiveVersions: 2 },
        { campaignArn: "c2", servedCreatedAt: 300, newerActiveVersions: 1 }
      ])
      // The solution's versions are listed once for all its campaigns.
      expect(fake.calls.filter((c) => c.startsWith("List"))).toEqual(["List SolutionVersion@up"])
    })
  )

  it.effect("updates a campaign's TPS; a recommender's whole config is kept, with the new minimum", () =>
    Effect.gen(function* () {
      const fake = world()
      yield* run(fake, updateMinTps(arn("Campaign", "up-campaign"), 5))
      yield* run(fake, updateMinTps(arn("Recommender", "picks"), 9))
      expect(fake.resources.get(arn("Campaign", "up-campaign"))?.attributes.minProvisionedTPS).toBe(5)
      expect(fake.resources.get(arn("Recommender", "picks"))?.attributes.recommenderConfig).toEqual({
        minRecommendationRequestsPerSecond: 9,
        trainingDataConfig: { x: 1 }
      })
      const bare = makeFakePersonalize()
      bare.put(described("Recommender", "r", { attributes: {} }))
      yield* run(bare, updateMinTps(arn("Recommender", "r"), 2))
      expect(bare.resources.get(arn("Recommender", "r"))?.attributes.recommenderConfig).toEqual({
        minRecommendationRequestsPerSecond: 2
      })
      const error = yield* Effect.flip(run(fake, updateMinTps(solution, 1)))
      expect(error).toMatchObject({ _tag: "ResourceNotFound", arn: solution })
    })
  )

  it.effect("the idle action deletes a campaign and stops a recommender; refuses other ARNs", () =>
    Effect.gen(function* () {
      const fake = world()
      yield* run(fake, removeMonitored(arn("Campaign", "up-campaign")))
      yield* run(fake, removeMonitored(arn("Recommender", "picks")))
      expect(fake.calls.filter((c) => c.startsWith("Delete") || c.startsWith("Stop"))).toEqual([
        "Delete Campaign:up-campaign",
        "Stop Recommender:picks"
      ])
      const error = yield* Effect.flip(run(fake, removeMonitored(v1)))
      expect(error).toMatchObject({ _tag: "ResourceNotFound", message: `${v1} is not a campaign or recommender ARN` })
    })
  )
})

describe("monitoring predicates", () => {
  it.each([
    ["ACTIVE", undefined, true, true],
    ["ACTIVE", "ACTIVE", true, true],
    ["ACTIVE", "CREATE_FAILED", true, true],
    ["ACTIVE", "CREATE_IN_PROGRESS", true, false],
    ["ACTIVE", "DELETE_PENDING", false, false],
    ["ACTIVE", "DELETE_IN_PROGRESS", false, false],
    ["CREATE_FAILED", undefined, false, true],
    ["CREATE_IN_PROGRESS", undefined, false, false],
    ["INACTIVE", undefined, false, false]
  ] as ReadonlyArray<readonly [Status, Status | undefined, boolean, boolean]>)(
    "status %s, latest update %s: monitorable %s, updatable %s",
    (status, latestUpdateStatus, monitorable, updatable) => {
      const r = { status, ...(latestUpdateStatus === undefined ? {} : { latestUpdateStatus }) }
      expect(isMonitorable(r)).toBe(monitorable)
      expect(isUpdatable(r)).toBe(updatable)
    }
  )

  it.each([
    ["arn:aws:personalize:::recipe/aws-personalized-ranking", true],
    ["arn:aws:personalize:::recipe/aws-personalized-ranking-v2", true],
    ["arn:aws:personalize:::recipe/aws-personalized-ranking-v12", true],
    ["arn:aws:personalize:::recipe/aws-personalized-ranking-x", false],
    ["arn:aws:personalize:::recipe/my-aws-personalized-ranking", false],
    ["arn:aws:personalize:::recipe/aws-user-personalization", false],
    ["aws-personalized-ranking", false],
    [undefined, false]
  ] as const)("%s is a ranking recipe: %s", (recipeArn, ranking) => {
    expect(isRankingRecipe(recipeArn)).toBe(ranking)
  })

  it("parses campaign and recommender ARNs only", () => {
    expect(parseMonitoredArn(arn("Campaign", "c"))).toStrictEqual({
      partition: "aws",
      region: "eu-west-1",
      account: "123456789012",
      kind: "campaign",
      name: "c"
    })
    expect(parseMonitoredArn(arn("Recommender", "r"))?.kind).toBe("recommender")
    expect(parseMonitoredArn(solution)).toBeUndefined()
    expect(parseMonitoredArn("arn:aws:s3:::bucket")).toBeUndefined()
  })
})
