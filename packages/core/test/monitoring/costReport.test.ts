// The cost report's order, totals and rounding: rows of one region by cost (unpriced last, ties by ARN),
// resources that could not be read listed apart, averages and peaks to four decimals.
import { assert, describe, it } from "@effect/vitest"
import { Monitoring } from "@personalize-ops/core"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { campaignArn, datasetGroupArn, description, monitorWorld, recommenderArn, solutionArn } from "./fakeMonitor.ts"

const HOUR = 3_600_000
const sol = solutionArn("sol")
const campaign = (name: string, minProvisionedTPS: number) =>
  description("Campaign", campaignArn(name), {
    attributes: { solutionVersionArn: `${sol}/v1`, minProvisionedTPS },
    creationDateTime: 0
  })
const recommender = (name: string, rps: number) =>
  description("Recommender", recommenderArn(name), {
    attributes: {
      datasetGroupArn: datasetGroupArn("retail"),
      recommenderConfig: { minRecommendationRequestsPerSecond: rps }
    },
    creationDateTime: 0
  })
const solutionDescription = description("Solution", sol, { attributes: { datasetGroupArn: datasetGroupArn("movies") } })
const prices: Monitoring.PriceTable = {
  currency: "USD",
  source: "test",
  asOf: "2026-11-01",
  regions: { "us-east-1": { campaignTpsHour: [{ price: 0.25 }] } }
}

describe("costReport rows and totals", () => {
  it.effect("one region: dearest first, equal costs by ARN, unpriced recommenders last; throttled ones apart", () => {
    const throttled = campaignArn("t")
    const world = monitorWorld({
      throttled: [throttled],
      descriptions: [
        campaign("b", 2),
        campaign("a", 2),
        campaign("z", 7),
        recommender("r", 9),
        campaign("t", 1),
        solutionDescription
      ],
      // `a` served 1 request in its last window and 400 in one window before (peak 4/3 per second).
      answer: (request, call) =>
        request.dimensions[0]?.value === campaignArn("a")
          ? [
              { timestamp: call.end - 300_000, value: 1 },
              { timestamp: call.end - 600_000, value: 400 }
            ]
          : []
    })
    return Effect.gen(function* () {
      yield* TestClock.setTime(5 * HOUR)
      const report = yield* Monitoring.costReport(
        {
          campaigns: [campaignArn("b"), campaignArn("a"), campaignArn("z"), throttled],
          recommenders: [recommenderArn("r")],
          regions: []
        },
        prices,
        1
      )
      assert.deepStrictEqual(
        report.rows.map((r) => [r.name, r.cost?.window]),
        [
          ["z", 1.75],
          ["a", 0.5],
          ["b", 0.5],
          ["r", undefined]
        ]
      )
      const a = report.rows[1]!
      // 401 requests over an hour; the busiest five minutes: 400 / 300 s.
      assert.deepStrictEqual([a.averageTPS, a.peakTPS], [0.1114, 1.3333])
      // Unused: ten idle windows at 2 TPS, then 2 − 4/3 and 2 − 1/300, each for 1/12 h.
      assert.deepStrictEqual([a.billedUnitHours, a.unusedUnitHours, a.cost?.unused], [2, 1.8886, 0.47])
      assert.deepStrictEqual(report.unavailable, [throttled])
      assert.deepStrictEqual(report.totals, { window: 2.75, perMonth: 2007.5, unused: 2.72 })
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("tiered prices: each row pays the average price of its region's monthly volume", () => {
    const world = monitorWorld({ descriptions: [campaign("big", 100), solutionDescription] })
    // 100 TPS for a 730-hour month: 73,000 TPS-hours; 20,000 at 0.2 and 53,000 at 0.1 = 9,300.
    const tiered: Monitoring.PriceTable = {
      ...prices,
      regions: { "us-east-1": { campaignTpsHour: [{ price: 0.2, upToUnitHours: 20_000 }, { price: 0.1 }] } }
    }
    return Effect.gen(function* () {
      yield* TestClock.setTime(HOUR)
      const report = yield* Monitoring.costReport(
        { campaigns: [campaignArn("big")], recommenders: [], regions: [] },
        tiered,
        1
      )
      assert.deepStrictEqual(report.rows[0]?.cost, { window: 12.74, perMonth: 9300, unused: 12.74, unitPrice: 0.1274 })
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("no price anywhere: rows without cost sorted by region then ARN, totals zero", () => {
    const world = monitorWorld({
      descriptions: [
        recommender("q", 2),
        recommender("p", 5),
        description("Recommender", recommenderArn("e", "eu-west-1"), {
          attributes: { datasetGroupArn: datasetGroupArn("retail", "eu-west-1") },
          creationDateTime: 0
        })
      ]
    })
    return Effect.gen(function* () {
      yield* TestClock.setTime(2 * HOUR)
      const report = yield* Monitoring.costReport(
        {
          campaigns: [],
          recommenders: [recommenderArn("q"), recommenderArn("p"), recommenderArn("e", "eu-west-1")],
          regions: []
        },
        { ...prices, currency: "EUR", regions: {} },
        2
      )
      assert.deepStrictEqual(
        report.rows.map((r) => [r.name, r.billedUnitHours, "cost" in r]),
        [
          ["e", 2, false],
          ["p", 10, false],
          ["q", 4, false]
        ]
      )
      assert.deepStrictEqual([report.currency, report.totals], ["EUR", { window: 0, perMonth: 0, unused: 0 }])
    }).pipe(Effect.provide(world.layer))
  })
})
