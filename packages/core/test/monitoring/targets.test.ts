// Target discovery's choices: which lists are read by listing a region and which by describing ARNs,
// what is left unavailable (sorted), and the ARN order of the targets whatever order Personalize lists.
import { assert, describe, it } from "@effect/vitest"
import { Monitoring, type Personalize } from "@personalize-ops/core"
import { Effect } from "effect"
import { campaignArn, datasetGroupArn, description, monitorWorld, recommenderArn, solutionArn } from "./fakeMonitor.ts"

const sol = solutionArn("sol")
const campaign = (name: string) =>
  description("Campaign", campaignArn(name), { attributes: { solutionVersionArn: `${sol}/v1` } })
const recommender = (name: string, region = "us-east-1") =>
  description("Recommender", recommenderArn(name, region), {
    attributes: { datasetGroupArn: datasetGroupArn("retail", region) }
  })
const solution = description("Solution", sol, { attributes: { datasetGroupArn: datasetGroupArn("movies") } })

describe("discoverTargets", () => {
  it.effect("targets come sorted by ARN whatever order the listing gives", () => {
    const world = monitorWorld({
      descriptions: [campaign("c"), campaign("a"), campaign("e"), campaign("b"), campaign("d"), solution]
    })
    return Effect.gen(function* () {
      const targets = yield* Monitoring.discoverTargets({ campaigns: "all", recommenders: [], regions: ["us-east-1"] })
      assert.deepStrictEqual(
        targets.resources.map((r) => r.name),
        ["a", "b", "c", "d", "e"]
      )
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("recommenders `all` with listed campaigns: the region is listed for the recommenders", () => {
    const world = monitorWorld({
      descriptions: [campaign("a"), campaign("b"), recommender("r2"), recommender("r1"), solution]
    })
    return Effect.gen(function* () {
      const targets = yield* Monitoring.discoverTargets({
        campaigns: [campaignArn("b")],
        recommenders: "all",
        regions: ["us-east-1"]
      })
      assert.deepStrictEqual(
        targets.resources.map((r) => r.name),
        ["b", "r1", "r2"]
      )
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("an ARN the listing already read is not described again; the unavailable come sorted", () => {
    // Describing r1 or the two eu-west-1 ones is throttled; listing is not.
    const t1 = recommenderArn("t1", "eu-west-1")
    const t2 = recommenderArn("t2", "eu-west-1")
    const world = monitorWorld({
      throttled: [recommenderArn("r1"), t1, t2],
      descriptions: [
        campaign("a"),
        recommender("r1"),
        recommender("t1", "eu-west-1"),
        recommender("t2", "eu-west-1"),
        solution
      ]
    })
    return Effect.gen(function* () {
      const targets = yield* Monitoring.discoverTargets({
        campaigns: "all",
        recommenders: [t2, recommenderArn("r1"), t1],
        regions: ["us-east-1"]
      })
      assert.deepStrictEqual(
        targets.resources.map((r) => r.name),
        ["a", "r1"]
      )
      assert.deepStrictEqual(targets.unavailable, [t1, t2])
    }).pipe(Effect.provide(world.layer))
  })
})

describe("selectTargets", () => {
  it("sorts whatever it is given by ARN, each ARN once", () => {
    const resource = (name: string): Personalize.MonitoredResource => ({
      arn: campaignArn(name),
      name,
      kind: "campaign",
      region: "us-east-1",
      datasetGroupArn: datasetGroupArn("movies"),
      datasetGroupName: "movies",
      minTPS: 1,
      status: "ACTIVE",
      createdAt: 0
    })
    const listed = ["c", "a", "e", "b", "d", "a"].map(resource)
    assert.deepStrictEqual(
      Monitoring.selectTargets({ campaigns: "all", recommenders: [], regions: ["us-east-1"] }, listed).map(
        (r) => r.name
      ),
      ["a", "b", "c", "d", "e"]
    )
  })
})
