import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { Monitoring } from "../../src/index.ts"

const req = (i: number, region: string, period: number): Monitoring.MetricRequest => ({
  key: `k${i}`,
  region,
  namespace: "AWS/Personalize",
  metricName: "GetRecommendations",
  dimensions: [{ name: "CampaignArn", value: `arn:${i}` }],
  stat: "Sum",
  period
})

describe("planMetricDataCalls", () => {
  it("property: per region, ≤ 500 queries and ≤ 100,800 datapoints per call, valid unique ids, every request once", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("us-east-1", "eu-west-1"), fc.constantFrom(300, 3600)), { maxLength: 1600 }),
        fc.constantFrom(300_000, 86_400_000, 14 * 86_400_000),
        (specs, span) => {
          const requests = specs.map(([region, period], i) => req(i, region, period))
          const calls = Monitoring.planMetricDataCalls(requests, { start: 0, end: span })
          const keys = calls.flatMap((c) => c.queries.map((q) => q.request.key))
          if (keys.length !== requests.length || new Set(keys).size !== keys.length) return false
          return calls.every((c) => {
            const ids = c.queries.map((q) => q.id)
            const points = c.queries.reduce((n, q) => n + Math.ceil(span / 1000 / q.request.period), 0)
            return (
              c.queries.length <= 500 &&
              (points <= 100_800 || c.queries.length === 1) &&
              new Set(ids).size === ids.length &&
              ids.every((id) => Monitoring.GetMetricDataLimits.idPattern.test(id)) &&
              c.queries.every((q) => q.request.region === c.region)
            )
          })
        }
      ),
      { numRuns: 60 }
    )
  })
  it("fits 300 series of 14 days of hourly points in one call", () => {
    const calls = Monitoring.planMetricDataCalls(
      Array.from({ length: 600 }, (_, i) => req(i, "us-east-1", 3600)),
      { start: 0, end: 14 * 86_400_000 }
    )
    assert.deepStrictEqual(
      calls.map((c) => c.queries.length),
      [300, 300]
    )
  })
  it("joins results back to keys", () => {
    const calls = Monitoring.planMetricDataCalls([req(1, "us-east-1", 300), req(2, "us-east-1", 300)], {
      start: 0,
      end: 600_000
    })
    const joined = Monitoring.joinMetricResults(calls, [[{ id: "q1", timestamps: [300_000, 0], values: [5, 7] }]])
    assert.deepStrictEqual(joined.get("k2"), [
      { timestamp: 0, value: 7 },
      { timestamp: 300_000, value: 5 }
    ])
    assert.deepStrictEqual(joined.get("k1"), [])
  })
})
