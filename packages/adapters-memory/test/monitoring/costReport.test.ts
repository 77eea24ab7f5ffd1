import { assert, describe, it } from "@effect/vitest"
import { Monitoring, type Personalize } from "@personalize-ops/core"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { constant, MemoryMonitoringWorld } from "../../src/index.ts"

const acct = "123456789012"
const resource = (
  name: string,
  minTPS: number,
  kind: Personalize.MonitoredKind = "campaign",
  region = "us-east-1"
): Personalize.MonitoredResource => ({
  arn: `arn:aws:personalize:${region}:${acct}:${kind}/${name}`,
  name,
  kind,
  region,
  datasetGroupArn: `arn:aws:personalize:${region}:${acct}:dataset-group/g`,
  datasetGroupName: "g",
  minTPS,
  status: "ACTIVE",
  createdAt: 0
})
const prices: Monitoring.PriceTable = {
  currency: "USD",
  source: "test",
  asOf: "2026-11-27",
  regions: { "us-east-1": { campaignTpsHour: [{ price: 0.2, upToUnitHours: 20_000 }, { price: 0.1 }] } }
}
const settings = { campaigns: "all", recommenders: "all", regions: ["us-east-1", "eu-west-1"] } as const

describe("monitor report (cost from live readings)", () => {
  it.effect("bills max(minimum, actual) per five minutes, prices the region's tiered volume, names the unused", () =>
    Effect.gen(function* () {
      const world = new MemoryMonitoringWorld()
        .addResource(resource("over", 10), constant(4))
        .addResource(resource("busy", 2), constant(5))
        .addResource(resource("idle", 3))
        .addResource(resource("picks", 1, "recommender", "eu-west-1"), constant(2))
      yield* TestClock.adjust("3 days")
      const report = yield* Monitoring.costReport(settings, prices, 24).pipe(Effect.provide(world.layer))
      assert.strictEqual(report.hours, 24)
      assert.strictEqual(report.end - report.start, 24 * 3_600_000)
      const row = (name: string) => report.rows.find((r) => r.name === name)!
      // over: 10 provisioned, 4 used → 240 TPS-hours billed in a day, 144 of them unused.
      assert.deepInclude(row("over"), {
        minTPS: 10,
        averageTPS: 4,
        peakTPS: 4,
        billedUnitHours: 240,
        unusedUnitHours: 144
      })
      // busy: above its minimum → billed what it used, nothing unused.
      assert.deepInclude(row("busy"), { averageTPS: 5, billedUnitHours: 120, unusedUnitHours: 0 })
      // idle: no request at all (no datapoint) still bills the minimum.
      assert.deepInclude(row("idle"), { averageTPS: 0, billedUnitHours: 72, unusedUnitHours: 72 })
      // 432 TPS-hours a day = 13,140 a month: within the first tier, 0.2.
      assert.deepStrictEqual(row("over").cost, { window: 48, perMonth: 1460, unused: 28.8, unitPrice: 0.2 })
      // The recommender's region is not priced: usage, no money.
      assert.isUndefined(row("picks").cost)
      assert.strictEqual(row("picks").billedUnitHours, 48)
      assert.deepStrictEqual(report.totals, { window: 86.4, perMonth: 2628, unused: 43.2 })
      // By region, the dearest first.
      assert.deepStrictEqual(
        report.rows.map((r) => r.name),
        ["picks", "over", "busy", "idle"]
      )
    })
  )

  it.effect(
    "a volume past the first tier lowers every resource's average price; a young resource bills since creation",
    () =>
      Effect.gen(function* () {
        const world = new MemoryMonitoringWorld().addResource(resource("big", 40), constant(1))
        yield* TestClock.adjust("3 days")
        const young = { ...resource("young", 10), createdAt: 3 * 86_400_000 - 6 * 3_600_000 }
        world.addResource(young)
        const report = yield* Monitoring.costReport(settings, prices, 24).pipe(Effect.provide(world.layer))
        const big = report.rows.find((r) => r.name === "big")!
        const youngRow = report.rows.find((r) => r.name === "young")!
        assert.strictEqual(youngRow.billedUnitHours, 60)
        // 40 × 24 + 60 = 1,020 TPS-hours a day → 31,025 a month: 20,000 × 0.2 + 11,025 × 0.1 = 5,102.5.
        assert.closeTo(big.cost!.unitPrice, 5_102.5 / 31_025, 0.0001)
        assert.closeTo(big.cost!.window + youngRow.cost!.window, (5_102.5 * 24) / 730, 0.02)
      })
  )
})
