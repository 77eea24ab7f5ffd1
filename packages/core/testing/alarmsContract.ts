// The contract every Alarms adapter must pass: put, describe by prefix per region, update, delete.
// An adapter's test file calls `alarmsContract("memory", () => layer)`; the layer must be fresh.

import * as Monitoring from "@personalize-ops/core/monitoring"
import type * as Personalize from "@personalize-ops/core/personalize"
import { Effect, type Layer } from "effect"
import { expect, it } from "vitest"

export const contractResource = (name: string, region: string): Personalize.MonitoredResource => ({
  arn: `arn:aws:personalize:${region}:123456789012:campaign/${name}`,
  name,
  kind: "campaign",
  region,
  datasetGroupArn: `arn:aws:personalize:${region}:123456789012:dataset-group/g`,
  datasetGroupName: "g",
  minTPS: 4,
  status: "ACTIVE",
  createdAt: 0
})

export const alarmsContract = (name: string, layer: () => Layer.Layer<Monitoring.Alarms>) =>
  it(`Alarms contract: ${name}`, async () => {
    const settings = { ...Monitoring.defaultSettings, alarmNamePrefix: "Contract-", accountId: "123456789012" }
    // Every kind of alarm: the seed's two, an anomaly-band and a p95 latency alarm, 4xx/5xx error-rate
    // (metric math) and stale-model alarms — each must come back from describe as it was put.
    const userAlarms = { ...settings, latencyAnomalyBand: 2, errorRateThresholdPercent: 5, staleModelDays: 30 }
    const desired = [
      ...Monitoring.desiredAlarms(
        [contractResource("a", "us-east-1"), contractResource("b", "eu-west-1")],
        userAlarms,
        1e12
      ),
      ...Monitoring.desiredAlarms(
        [contractResource("c", "us-east-1")],
        { ...settings, latencyP95ThresholdMs: 250 },
        1e12
      )
    ]
    expect(desired.filter((a) => a.metrics !== undefined).length).toBeGreaterThanOrEqual(8)
    expect(desired.some((a) => a.statistic === "p95" && a.metrics === undefined)).toBe(true)
    await Effect.runPromise(
      Effect.gen(function* () {
        const alarms = yield* Monitoring.Alarms
        for (const a of desired) yield* alarms.put(a)
        const east = yield* alarms.describe("us-east-1", settings.alarmNamePrefix)
        expect(east.map((a) => a.name).sort()).toEqual(
          desired
            .filter((a) => a.region === "us-east-1")
            .map((a) => a.name)
            .sort()
        )
        const all = [...east, ...(yield* alarms.describe("eu-west-1", settings.alarmNamePrefix))]
        expect(Monitoring.reconcileAlarms(desired, all, settings.alarmNamePrefix)).toEqual({
          create: [],
          update: [],
          delete: []
        })
        const changed = desired.map((a) => ({ ...a, threshold: a.threshold + 1 }))
        yield* alarms.put(changed[0]!)
        const after = yield* alarms.describe(changed[0]!.region, settings.alarmNamePrefix)
        expect(after.find((a) => a.name === changed[0]!.name)?.threshold).toBe(changed[0]!.threshold)
        yield* alarms.delete(
          "us-east-1",
          east.map((a) => a.name)
        )
        expect(yield* alarms.describe("us-east-1", settings.alarmNamePrefix)).toEqual([])
        expect((yield* alarms.describe("eu-west-1", settings.alarmNamePrefix)).length).toBe(
          desired.filter((a) => a.region === "eu-west-1").length
        )
        // A changed expression (another band width) is an update of the metrics, found by reconcile.
        const west = yield* alarms.describe("eu-west-1", settings.alarmNamePrefix)
        const wider = Monitoring.desiredAlarms(
          [contractResource("b", "eu-west-1")],
          { ...userAlarms, latencyAnomalyBand: 3 },
          1e12
        )
        const plan = Monitoring.reconcileAlarms(wider, west, settings.alarmNamePrefix)
        expect(plan.update.map((u) => [u.alarm.name, u.changed])).toEqual([
          ["Contract-HighCampaignLatency-b", ["description", "metrics"]]
        ])
        yield* alarms.put(plan.update[0]!.alarm)
        const updated = (yield* alarms.describe("eu-west-1", settings.alarmNamePrefix)).find(
          (a) => a.name === "Contract-HighCampaignLatency-b"
        )
        expect(updated?.metrics?.[1]?.expression).toBe("ANOMALY_DETECTION_BAND(m1, 3)")
      }).pipe(Effect.provide(layer()))
    )
  })
