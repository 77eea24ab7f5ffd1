import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { downsampleValues, renderEmf } from "../../src/emf/index.ts"

describe("renderEmf", () => {
  it("writes one EMF JSON line with metrics and dimensions at the root", () => {
    const line = renderEmf({
      namespace: "NS",
      timestamp: 1000,
      dimensions: { Handler: "kinesis" },
      metrics: [
        { name: "Sent", unit: "Count", value: 3 },
        { name: "Latency", unit: "Milliseconds", value: [1, 2] }
      ],
      properties: { requestId: "r" }
    })
    assert.isTrue(Result.isSuccess(line))
    if (Result.isSuccess(line)) {
      assert.notInclude(line.success, "\n")
      assert.deepStrictEqual(JSON.parse(line.success), {
        _aws: {
          Timestamp: 1000,
          CloudWatchMetrics: [
            {
              Namespace: "NS",
              Dimensions: [["Handler"]],
              Metrics: [
                { Name: "Sent", Unit: "Count" },
                { Name: "Latency", Unit: "Milliseconds" }
              ]
            }
          ]
        },
        requestId: "r",
        Handler: "kinesis",
        Sent: 3,
        Latency: [1, 2]
      })
    }
  })

  it("refuses documents that break EMF rules", () => {
    const base = { namespace: "NS", timestamp: 0, dimensions: {} }
    assert.isTrue(Result.isFailure(renderEmf({ ...base, metrics: [{ name: "x", value: Array(101).fill(1) }] })))
    assert.isTrue(Result.isFailure(renderEmf({ ...base, metrics: [{ name: "x", value: Number.NaN }] })))
    assert.isTrue(Result.isFailure(renderEmf({ ...base, dimensions: { x: "a" }, metrics: [{ name: "x", value: 1 }] })))
  })

  it("downsamples to 100 values keeping min and max", () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i)
    const d = downsampleValues(values)
    assert.strictEqual(d.length, 100)
    assert.strictEqual(Math.min(...d), 1)
    assert.strictEqual(Math.max(...d), 1000)
  })
})
