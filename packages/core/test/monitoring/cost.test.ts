import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Monitoring } from "../../src/index.ts"

const flat = (price: number) => [{ price }]
const table: Monitoring.PriceTable = {
  currency: "USD",
  source: "test",
  asOf: "2026-11-27",
  regions: { "us-east-1": { campaignTpsHour: flat(0.2), recommenderRpsHour: flat(0.05) } }
}
// The shape AWS publishes for campaigns: cheaper past 20,000 and 200,000 TPS-hours a month.
const tiers: Monitoring.PriceTiers = [
  { price: 0.2, upToUnitHours: 20_000 },
  { price: 0.1, upToUnitHours: 200_000 },
  { price: 0.05 }
]
const tiered: Monitoring.PriceTable = { ...table, regions: { "us-east-1": { campaignTpsHour: tiers } } }
const campaign = (arn: string, minTPS: number, actual: number) => ({
  arn,
  kind: "campaign" as const,
  region: "us-east-1",
  minTPS,
  actual
})

describe("cost from an operator's price table", () => {
  it("bills the greater of provisioned and used; splits used and unused", () => {
    const costs = Monitoring.estimateCosts(
      [
        campaign("a", 10, 4),
        campaign("b", 10, 15),
        { ...campaign("r", 10, 0), kind: "recommender" },
        { ...campaign("eu", 10, 4), region: "eu-west-1" }
      ],
      table
    )
    expect(costs.get("a")).toEqual({
      arn: "a",
      currency: "USD",
      perHour: 2,
      perMonth: 1460,
      usedPerHour: 0.8,
      unusedPerHour: 1.2,
      unitPrice: 0.2
    })
    expect(costs.get("b")?.perHour).toBe(3)
    expect(costs.get("b")?.unusedPerHour).toBe(0)
    expect(costs.get("r")?.perHour).toBe(0.5)
    expect(costs.has("eu")).toBe(false)
  })

  it("tiers price a region's monthly volume; each resource pays its share at the average price", () => {
    expect(Monitoring.tieredCost(tiers, 10_000)).toBe(2_000)
    expect(Monitoring.tieredCost(tiers, 20_000)).toBe(4_000)
    expect(Monitoring.tieredCost(tiers, 30_000)).toBe(5_000)
    expect(Monitoring.tieredCost(tiers, 300_000)).toBe(4_000 + 18_000 + 5_000)
    expect(Monitoring.marginalPrice(tiers)).toBe(0.2)
    expect(Monitoring.marginalPrice(tiers, 20_000)).toBe(0.1)
    expect(Monitoring.marginalPrice(tiers, 250_000)).toBe(0.05)
    // 50 TPS in all: 36,500 TPS-hours a month = 20,000 × 0.2 + 16,500 × 0.1 = 5,650 → 0.15479… per TPS-hour.
    const costs = Monitoring.estimateCosts([campaign("big", 40, 0), campaign("small", 10, 0)], tiered)
    expect(costs.get("big")?.unitPrice).toBeCloseTo(5_650 / 36_500, 4)
    expect((costs.get("big")?.perMonth ?? 0) + (costs.get("small")?.perMonth ?? 0)).toBeCloseTo(5_650, 1)
    expect(costs.get("big")?.perMonth).toBeCloseTo(5_650 * 0.8, 1)
    // Alone, the small one stays in the first tier.
    expect(Monitoring.estimateCosts([campaign("small", 10, 0)], tiered).get("small")?.unitPrice).toBe(0.2)
  })

  it("a step-down saves the capacity it stops provisioning, priced off the top of the region's volume", () => {
    expect(Monitoring.stepDownSavingPerHour({ kind: "campaign", region: "us-east-1" }, 40, 30, table)).toBe(2)
    expect(Monitoring.stepDownSavingPerHour({ kind: "recommender", region: "us-east-1" }, 4, 3, table)).toBe(0.05)
    expect(Monitoring.stepDownSavingPerHour({ kind: "campaign", region: "ap-south-1" }, 4, 3, table)).toBeUndefined()
    expect(Monitoring.stepDownSavingPerHour({ kind: "recommender", region: "us-east-1" }, 4, 3, tiered)).toBeUndefined()
    const c = { kind: "campaign" as const, region: "us-east-1" }
    // Small volume: the first tier (0.2); a volume deep in the second tier: 0.1; straddling: in between.
    expect(Monitoring.stepDownSavingPerHour(c, 4, 3, tiered, 4 * 730)).toBe(0.2)
    expect(Monitoring.stepDownSavingPerHour(c, 40, 30, tiered, 100 * 730)).toBe(1)
    const straddle = Monitoring.stepDownSavingPerHour(c, 40, 30, tiered, 30 * 730) ?? 0
    expect(straddle).toBeGreaterThan(1)
    expect(straddle).toBeLessThan(2)
  })

  it("a price table must say its source and date; tiers must be ordered; errors name the field", () => {
    expect(Result.isSuccess(Monitoring.decodePriceTable(table))).toBe(true)
    expect(Result.isSuccess(Monitoring.decodePriceTable(tiered))).toBe(true)
    const bad = (patch: object) => Monitoring.decodePriceTable({ ...table, ...patch })
    const failure = (r: ReturnType<typeof bad>) =>
      Result.isFailure(r) ? `${r.failure.path}: ${r.failure.detail}` : "accepted"
    const path = (r: ReturnType<typeof bad>) => (Result.isFailure(r) ? r.failure.path : "accepted")
    expect(path(bad({ source: "" }))).toBe("source")
    expect(path(bad({ asOf: "yesterday" }))).toBe("asOf")
    expect(path(bad({ currency: "usd" }))).toBe("currency")
    expect(path(bad({ regions: { "us-east-1": { campaignTpsHour: [{ price: -1 }] } } }))).toBe(
      "regions.us-east-1.campaignTpsHour[0].price"
    )
    expect(path(bad({ regions: { "us-east-1": { campaignTpsHour: 0.2 } } }))).toBe("regions.us-east-1.campaignTpsHour")
    // A key that is no region is refused, named, not dropped (its prices would silently never apply).
    expect(failure(bad({ regions: { "US-East-1": { campaignTpsHour: [{ price: 0.2 }] } } }))).toBe(
      "regions.US-East-1: Expected an AWS region, e.g. us-east-1"
    )
    const region = (campaignTpsHour: unknown) => bad({ regions: { "us-east-1": { campaignTpsHour } } })
    expect(failure(region([]))).toContain("at least one tier")
    expect(failure(region([{ price: 0.2 }, { price: 0.1 }]))).toContain("tier 1 needs upToUnitHours")
    expect(failure(region([{ price: 0.2, upToUnitHours: 10 }]))).toContain("the last tier has no upToUnitHours")
    expect(
      failure(region([{ price: 0.2, upToUnitHours: 10 }, { price: 0.1, upToUnitHours: 5 }, { price: 0 }]))
    ).toContain("upToUnitHours must increase (tier 2: 5)")
  })
})
