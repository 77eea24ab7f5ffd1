import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Monitoring } from "../../src/index.ts"

const table: Monitoring.PriceTable = {
  currency: "USD",
  source: "test",
  asOf: "2026-11-27",
  regions: { "us-east-1": { campaignTpsHour: 0.2, recommenderRpsHour: 0.05 } }
}
const campaign = { kind: "campaign" as const, region: "us-east-1", minTPS: 10 }

describe("cost from an operator's price table", () => {
  it("bills the greater of provisioned and used; splits used and unused", () => {
    expect(Monitoring.estimateCost(campaign, 4, table)).toEqual({
      currency: "USD",
      perHour: 2,
      usedPerHour: 0.8,
      unusedPerHour: 1.2
    })
    expect(Monitoring.estimateCost(campaign, 15, table)?.perHour).toBe(3)
    expect(Monitoring.estimateCost({ ...campaign, kind: "recommender" }, 0, table)?.perHour).toBe(0.5)
    expect(Monitoring.estimateCost({ ...campaign, region: "eu-west-1" }, 4, table)).toBeUndefined()
  })

  it("a step-down saves the capacity it stops provisioning", () => {
    expect(Monitoring.stepDownSavingPerHour(campaign, 40, 30, table)).toBe(2)
    expect(Monitoring.stepDownSavingPerHour({ kind: "recommender", region: "us-east-1" }, 4, 3, table)).toBe(0.05)
    expect(Monitoring.stepDownSavingPerHour({ kind: "campaign", region: "ap-south-1" }, 4, 3, table)).toBeUndefined()
  })

  it("a price table must say its source and date; errors name the field", () => {
    expect(Result.isSuccess(Monitoring.decodePriceTable(table))).toBe(true)
    const bad = (patch: object) => Monitoring.decodePriceTable({ ...table, ...patch })
    const path = (r: ReturnType<typeof bad>) => (Result.isFailure(r) ? r.failure.path : "accepted")
    expect(path(bad({ source: "" }))).toBe("source")
    expect(path(bad({ asOf: "yesterday" }))).toBe("asOf")
    expect(path(bad({ currency: "usd" }))).toBe("currency")
    expect(path(bad({ regions: { "us-east-1": { campaignTpsHour: -1, recommenderRpsHour: 0 } } }))).toBe(
      "regions.us-east-1.campaignTpsHour"
    )
  })
})
