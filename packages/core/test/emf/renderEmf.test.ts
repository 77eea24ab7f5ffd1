import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { downsampleValues, type EmfDocument, EmfLimits, renderEmf } from "../../src/emf/index.ts"

// EMF rendering at each limit of aws-facts §4.6 (the last allowed, the first refused, with the exact
// reason), the directive's units and storage resolution, and downsampling's exact order statistics.

const base: EmfDocument = { namespace: "NS", timestamp: 5, dimensions: {}, metrics: [] }
const names = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

describe("renderEmf at the EMF limits", () => {
  it("has the limits of aws-facts §4.6", () => {
    expect(EmfLimits).toEqual({
      metricsPerDirective: 100,
      dimensionKeysPerSet: 30,
      valuesPerMetric: 100,
      dimensionValueChars: 1024
    })
  })

  it.each<[string, EmfDocument, string | undefined]>([
    ["30 dimensions", { ...base, dimensions: Object.fromEntries(names(30, "d").map((k) => [k, "v"])) }, undefined],
    [
      "31 dimensions",
      { ...base, dimensions: Object.fromEntries(names(31, "d").map((k) => [k, "v"])) },
      "31 dimensions; EMF allows 30"
    ],
    ["100 metrics", { ...base, metrics: names(100, "m").map((name) => ({ name, value: 1 })) }, undefined],
    [
      "101 metrics",
      { ...base, metrics: names(101, "m").map((name) => ({ name, value: 1 })) },
      "101 metrics; EMF allows 100"
    ],
    ["a 1,024-character dimension value", { ...base, dimensions: { D: "x".repeat(1024) } }, undefined],
    ["a 1,025-character dimension value", { ...base, dimensions: { D: "x".repeat(1025) } }, "dimension D is too long"],
    ["100 values", { ...base, metrics: [{ name: "m", value: Array(100).fill(1) }] }, undefined],
    [
      "101 values",
      { ...base, metrics: [{ name: "m", value: Array(101).fill(1) }] },
      "metric m has 101 values; EMF allows 100"
    ],
    [
      "an infinite value",
      { ...base, metrics: [{ name: "m", value: [1, Number.POSITIVE_INFINITY] }] },
      "metric m has a non-finite value"
    ],
    ["a NaN value", { ...base, metrics: [{ name: "m", value: Number.NaN }] }, "metric m has a non-finite value"],
    [
      "a metric named like a dimension",
      { ...base, dimensions: { m: "a" }, metrics: [{ name: "m", value: 1 }] },
      "metric m collides with another member"
    ],
    [
      "a metric named like a property",
      { ...base, properties: { m: "a" }, metrics: [{ name: "m", value: 1 }] },
      "metric m collides with another member"
    ],
    [
      "two metrics of one name",
      {
        ...base,
        metrics: [
          { name: "m", value: 1 },
          { name: "m", value: 2 }
        ]
      },
      "metric m collides with another member"
    ]
  ])("%s", (_, doc, reason) => {
    const line = renderEmf(doc)
    if (reason === undefined) expect(Result.isSuccess(line)).toBe(true)
    else expect(line).toEqual(Result.fail(reason))
  })

  it("writes the unit (None by default) and the storage resolution only when given", () => {
    const line = renderEmf({
      ...base,
      dimensions: { A: "a", B: "b" },
      metrics: [
        { name: "x", value: 1 },
        { name: "y", unit: "Count/Second", value: [2, 3], storageResolution: 1 },
        { name: "z", unit: "Percent", value: 0, storageResolution: 60 }
      ]
    })
    expect(Result.isSuccess(line) && JSON.parse(line.success)).toEqual({
      _aws: {
        Timestamp: 5,
        CloudWatchMetrics: [
          {
            Namespace: "NS",
            Dimensions: [["A", "B"]],
            Metrics: [
              { Name: "x", Unit: "None" },
              { Name: "y", Unit: "Count/Second", StorageResolution: 1 },
              { Name: "z", Unit: "Percent", StorageResolution: 60 }
            ]
          }
        ]
      },
      A: "a",
      B: "b",
      x: 1,
      y: [2, 3],
      z: 0
    })
  })

  it("a dimension overrides a property of its name", () => {
    const line = renderEmf({ ...base, dimensions: { A: "dim" }, properties: { A: "prop", r: 1 } })
    expect(Result.isSuccess(line) && JSON.parse(line.success)).toMatchObject({ A: "dim", r: 1 })
  })
})

describe("downsampleValues", () => {
  it("keeps a list of at most max values as it is (same order)", () => {
    const values = [3, 1, 2]
    expect(downsampleValues(values, 3)).toBe(values)
    expect(downsampleValues(Array(100).fill(7))).toHaveLength(100)
  })

  it("takes evenly spaced order statistics, min and max included", () => {
    expect(downsampleValues([5, 4, 3, 2, 1], 3)).toEqual([1, 3, 5])
    expect(downsampleValues([10, 0, 30, 20, 40, 50, 60], 4)).toEqual([0, 20, 40, 60])
    expect(downsampleValues([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 2)).toEqual([0, 9])
    // round: (i * 5) / 3 = 0, 1.67, 3.33, 5 → indices 0, 2, 3, 5
    expect(downsampleValues([1, 2, 3, 4, 5, 6], 4)).toEqual([1, 3, 4, 6])
  })

  it("101 values become 100 (the default), sorted numerically", () => {
    const values = Array.from({ length: 101 }, (_, i) => (i * 37) % 101)
    const d = downsampleValues(values)
    expect(d).toHaveLength(100)
    expect(d[0]).toBe(0)
    expect(d[99]).toBe(100)
    expect([...d].sort((a, b) => a - b)).toEqual(d)
    // Numeric, not text order: 9 before 10.
    expect(downsampleValues([10, 9, 100, 2], 3)).toEqual([2, 10, 100])
  })
})
