// The contract every Metrics adapter must pass: custom metrics written with putMetricData (more than one
// PutMetricData request's worth) read back with getMetricData per region, dimensions, period and statistic.
// An adapter's test file calls `metricsContract("memory", () => layer)`; the layer must be fresh.
import { assert, describe, it } from "@effect/vitest"
import * as Monitoring from "@personalize-ops/core/monitoring"
import { Effect, type Layer } from "effect"

const namespace = "PersonalizeOps/Contract"
const minute = 60_000
/** A whole hour in the past, so every adapter has the datapoints (none is "from the future"). */
const t0 = 1_700_000_000_000 - (1_700_000_000_000 % 3_600_000)
const dimensions = (campaign: string) => [{ name: "Campaign", value: campaign }]

const datum = (campaign: string, at: number, value: number): Monitoring.MetricDatum => ({
  metricName: "Utilization",
  dimensions: dimensions(campaign),
  value,
  unit: "Percent",
  timestamp: at
})

const request = (
  key: string,
  region: string,
  campaign: string,
  stat: Monitoring.Statistic
): Monitoring.MetricRequest => ({
  key,
  region,
  namespace,
  metricName: "Utilization",
  dimensions: dimensions(campaign),
  stat,
  period: 60
})

const read = (requests: ReadonlyArray<Monitoring.MetricRequest>, window: { start: number; end: number }) =>
  Effect.gen(function* () {
    const metrics = yield* Monitoring.Metrics
    const calls = Monitoring.planMetricDataCalls(requests, window)
    const results = yield* Effect.forEach(calls, (call) => metrics.getMetricData(call))
    return Monitoring.joinMetricResults(calls, results)
  })

export const metricsContract = (name: string, layer: () => Layer.Layer<Monitoring.Metrics>) =>
  describe(`Metrics contract: ${name}`, () => {
    it.live("reads back what was written, per region, dimensions, period and statistic", () =>
      Effect.gen(function* () {
        const metrics = yield* Monitoring.Metrics
        yield* metrics.putMetricData("eu-west-1", namespace, [
          datum("a", t0 + 10_000, 20),
          datum("a", t0 + 40_000, 40),
          datum("a", t0 + minute + 5_000, 90),
          datum("b", t0 + 10_000, 7)
        ])
        yield* metrics.putMetricData("us-east-1", namespace, [datum("a", t0 + 10_000, 99)])
        const series = yield* read(
          [
            request("avg", "eu-west-1", "a", "Average"),
            request("max", "eu-west-1", "a", "Maximum"),
            request("count", "eu-west-1", "a", "SampleCount"),
            request("b", "eu-west-1", "b", "Sum"),
            request("none", "eu-west-1", "c", "Sum"),
            request("us", "us-east-1", "a", "Average")
          ],
          { start: t0, end: t0 + 3 * minute }
        )
        assert.deepStrictEqual(series.get("avg"), [
          { timestamp: t0, value: 30 },
          { timestamp: t0 + minute, value: 90 }
        ])
        assert.deepStrictEqual(series.get("max"), [
          { timestamp: t0, value: 40 },
          { timestamp: t0 + minute, value: 90 }
        ])
        assert.deepStrictEqual(series.get("count"), [
          { timestamp: t0, value: 2 },
          { timestamp: t0 + minute, value: 1 }
        ])
        assert.deepStrictEqual(series.get("b"), [{ timestamp: t0, value: 7 }])
        assert.deepStrictEqual(series.get("none"), [])
        assert.deepStrictEqual(series.get("us"), [{ timestamp: t0, value: 99 }])
      }).pipe(Effect.provide(layer()))
    )

    it.live("keeps every datapoint of a write larger than one PutMetricData request; reads only the window", () =>
      Effect.gen(function* () {
        const metrics = yield* Monitoring.Metrics
        const data = Array.from({ length: 1_500 }, (_, i) => datum("a", t0 + (i % 30) * minute + 1_000, 1))
        yield* metrics.putMetricData("eu-west-1", namespace, data)
        const series = yield* read([request("sum", "eu-west-1", "a", "Sum")], {
          start: t0 + 10 * minute,
          end: t0 + 20 * minute
        })
        const points = series.get("sum") ?? []
        assert.deepStrictEqual(
          points.map((p) => p.timestamp),
          Array.from({ length: 10 }, (_, i) => t0 + (10 + i) * minute)
        )
        assert.isTrue(points.every((p) => p.value === 50))
      }).pipe(Effect.provide(layer()))
    )
  })
