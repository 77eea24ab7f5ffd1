import { assert, describe, it } from "@effect/vitest"
import { Monitoring } from "@personalize-ops/core"
import { Effect } from "effect"
import { parseTrafficSpec, simulateMonitor } from "../../src/index.ts"

const account = "123456789012"
const resource = (name: string, minTPS: number, kind: "campaign" | "recommender" = "campaign") => ({
  arn: `arn:aws:personalize:us-east-1:${account}:${kind}/${name}`,
  name,
  kind,
  region: "us-east-1",
  datasetGroupArn: `arn:aws:personalize:us-east-1:${account}:dataset-group/retail`,
  datasetGroupName: "retail",
  minTPS
})
const prices: Monitoring.PriceTable = {
  currency: "USD",
  source: "test table",
  asOf: "2026-11-27",
  regions: { "us-east-1": { campaignTpsHour: [{ price: 0.2 }], recommenderRpsHour: [{ price: 0.1 }] } }
}
const profile = (spec: string, origin: number) => {
  const parsed = parseTrafficSpec(spec, origin)
  if ("error" in parsed) throw new Error(parsed.error)
  return parsed.profile
}
const DAY = 86_400_000

describe("monitor simulate (policies replayed over a traffic profile in virtual time)", () => {
  it.effect("a traffic drop: hourly 25 % step-downs to the watermark, each with its saving, and the cost saved", () =>
    Effect.gen(function* () {
      const shop = resource("shop", 40)
      const steady = resource("steady", 5)
      const result = yield* simulateMonitor({
        resources: [shop, steady],
        traffic: (r) => profile(r.name === "shop" ? "step:50:6:1d" : "constant:8", 14 * DAY),
        days: 3,
        settings: { ...Monitoring.defaultSettings, prices }
      })
      const steps = result.decisions.filter((d) => d.arn === shop.arn)
      assert.deepStrictEqual(
        steps.map((d) => d.summary.replace(/ \(.*$/, "")),
        [30, 22, 16, 12, 9, 6].map((n, i) => `step-down decided: min TPS ${[40, 30, 22, 16, 12, 9][i]} → ${n}`)
      )
      // Each decision records what it saves per hour under the price table: (current − new) × 0.20.
      assert.deepStrictEqual(
        steps.map((d) => d.savingPerHour?.amount),
        [2, 1.6, 1.2, 0.8, 0.6, 0.6]
      )
      for (const d of steps) assert.isAbove(d.at, result.start + DAY)
      // The steady campaign (traffic above its minimum) is left alone.
      assert.isFalse(result.decisions.some((d) => d.arn === steady.arn))
      const shopCost = result.resources.find((r) => r.arn === shop.arn)!
      assert.strictEqual(shopCost.finalMinTPS, 6)
      assert.isBelow(shopCost.simulatedUnitHours, shopCost.baselineUnitHours)
      const steadyCost = result.resources.find((r) => r.arn === steady.arn)!
      assert.strictEqual(steadyCost.simulatedUnitHours, steadyCost.baselineUnitHours)
      assert.strictEqual(result.totals.savedUnitHours, shopCost.baselineUnitHours - shopCost.simulatedUnitHours)
      assert.strictEqual(result.totals.cost?.currency, "USD")
      assert.closeTo(result.totals.cost?.saved ?? 0, result.totals.savedUnitHours * 0.2, 0.01)
      assert.isAbove(result.totals.cost?.saved ?? 0, 0)
    })
  )

  it.effect("with price tiers, a step-down's saving is priced at the region's volume, and costs follow the tiers", () =>
    Effect.gen(function* () {
      const shop = resource("shop", 40)
      const steady = resource("steady", 5)
      // 0.2 per TPS-hour up to 1,000 TPS-hours a month, 0.1 beyond: 45 TPS is ~32,850 TPS-hours a month.
      const tiered: Monitoring.PriceTable = {
        ...prices,
        regions: { "us-east-1": { campaignTpsHour: [{ price: 0.2, upToUnitHours: 1_000 }, { price: 0.1 }] } }
      }
      const result = yield* simulateMonitor({
        resources: [shop, steady],
        traffic: (r) => profile(r.name === "shop" ? "step:50:6:1d" : "constant:8", 14 * DAY),
        days: 3,
        settings: { ...Monitoring.defaultSettings, prices: tiered }
      })
      const steps = result.decisions.filter((d) => d.arn === shop.arn)
      // Every step-down's capacity is well past the first 1,000 TPS-hours: (current − new) × 0.10.
      assert.deepStrictEqual(
        steps.map((d) => d.savingPerHour?.amount),
        [1, 0.8, 0.6, 0.4, 0.3, 0.3]
      )
      // Over 3 days the volume (scaled to a month) is far past the first tier: the average price is just above 0.1.
      const shopCost = result.resources.find((r) => r.arn === shop.arn)!
      const average = (shopCost.baselineCost ?? 0) / shopCost.baselineUnitHours
      assert.isAbove(average, 0.1)
      assert.isBelow(average, 0.11)
      assert.isAbove(result.totals.cost?.saved ?? 0, 0)
    })
  )

  it.effect("idle with AutoDeleteOrStopIdleResources: the recommender is stopped once and costs nothing after", () =>
    Effect.gen(function* () {
      const idle = resource("picks", 2, "recommender")
      const result = yield* simulateMonitor({
        resources: [idle],
        traffic: () => profile("step:3:0:12h", 14 * DAY),
        days: 3,
        settings: { ...Monitoring.defaultSettings, autoDeleteOrStopIdleResources: true, idleThresholdHours: 24 }
      })
      const idleDecisions = result.decisions.filter((d) => d.summary.startsWith("idle"))
      assert.strictEqual(idleDecisions.length, 1)
      assert.include(idleDecisions[0]!.summary, "stop decided")
      assert.isTrue(result.resources[0]!.removed)
      assert.isUndefined(result.totals.cost)
      assert.isAbove(result.totals.savedUnitHours, 0)
    })
  )

  it("traffic specs are parsed or refused with a reason", () => {
    assert.strictEqual(profile("constant:5", 0)("x", 0), 5)
    const s = profile("step:50:6:2d", 1000)
    assert.strictEqual(s("x", 1000 + 2 * DAY - 1), 50)
    assert.strictEqual(s("x", 1000 + 2 * DAY), 6)
    const noisy = profile("constant:10~0.1", 0)("x", 0)
    assert.isTrue(noisy >= 9 && noisy <= 11)
    for (const bad of ["", "steps:1", "constant", "constant:-1", "step:5:1:2w", "daily:5", "constant:5~2"])
      assert.isTrue("error" in parseTrafficSpec(bad, 0), bad)
  })
})
