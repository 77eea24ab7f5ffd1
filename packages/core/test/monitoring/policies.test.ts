import { assert, describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { Monitoring, type Personalize } from "../../src/index.ts"
import { resourceArb } from "./arbitraries.ts"

const HOUR = 3_600_000
const campaign = (over: Partial<Personalize.MonitoredResource> = {}): Personalize.MonitoredResource => ({
  arn: "arn:aws:personalize:us-east-1:123456789012:campaign/shop",
  name: "shop",
  kind: "campaign",
  region: "us-east-1",
  datasetGroupArn: "arn:aws:personalize:us-east-1:123456789012:dataset-group/retail",
  datasetGroupName: "retail",
  minTPS: 100,
  status: "ACTIVE",
  createdAt: 0,
  ...over
})
/** Hourly sums at a constant rate (requests per second) over 14 days before `now`. */
const steady = (now: number, tps: number) =>
  Array.from({ length: 14 * 24 + 1 }, (_, i) => ({
    timestamp: Math.floor(now / HOUR) * HOUR - (i + 1) * HOUR,
    value: tps * 3600
  }))

describe("decideStepDown", () => {
  const now = 30 * 24 * HOUR + 2 * 60_000
  it("steps down 25% towards the watermark, with the seed's fields", () => {
    const d = Monitoring.decideStepDown({
      resource: campaign(),
      now,
      utilization: 10,
      hourlySums: steady(now, 10),
      settings: { autoAdjustMinTPS: true }
    })
    assert.isDefined(d)
    assert.strictEqual(d!.NewMinTPS, 75)
    assert.strictEqual(d!.CurrentMinTPS, 100)
    assert.strictEqual(d!.MinAverageTPS, 10)
    assert.strictEqual(d!.MaxAverageTPS, 10)
    assert.isAbove(d!.Datapoints, 300)
    assert.match(d!.Reason, /watermark 10/)
  })
  it("stops at the watermark, not below it", () => {
    const d = Monitoring.decideStepDown({
      resource: campaign({ minTPS: 12 }),
      now,
      utilization: 80,
      hourlySums: steady(now, 10),
      settings: { autoAdjustMinTPS: true }
    })
    assert.strictEqual(d?.NewMinTPS, 10)
    const none = Monitoring.decideStepDown({
      resource: campaign({ minTPS: 10 }),
      now,
      utilization: 100,
      hourlySums: steady(now, 10),
      settings: { autoAdjustMinTPS: true }
    })
    assert.isUndefined(none)
  })
  it("counts hours without datapoints as idle (the seed skipped them)", () => {
    const sums = steady(now, 50).filter((_, i) => i !== 5)
    const d = Monitoring.decideStepDown({
      resource: campaign({ minTPS: 40 }),
      now,
      utilization: 100,
      hourlySums: sums,
      settings: { autoAdjustMinTPS: true }
    })
    assert.strictEqual(d?.NewMinTPS, 30)
    assert.strictEqual(d?.MinAverageTPS, 0)
  })
  it("leaves young, non-updatable, disabled and pre-warmed resources alone", () => {
    const base = { now, utilization: 0, hourlySums: [], settings: { autoAdjustMinTPS: true } }
    assert.isUndefined(Monitoring.decideStepDown({ ...base, resource: campaign({ createdAt: now - 23 * HOUR }) }))
    assert.isUndefined(
      Monitoring.decideStepDown({ ...base, resource: campaign({ latestUpdateStatus: "CREATE_IN_PROGRESS" }) })
    )
    assert.isUndefined(
      Monitoring.decideStepDown({ ...base, settings: { autoAdjustMinTPS: false }, resource: campaign() })
    )
    assert.isUndefined(Monitoring.decideStepDown({ ...base, resource: campaign(), protectedUntil: now + 1 }))
    assert.isDefined(Monitoring.decideStepDown({ ...base, resource: campaign(), protectedUntil: now }))
  })
  it("property: never below 1, never up, never below the watermark", () => {
    fc.assert(
      fc.property(
        resourceArb,
        fc.integer({ min: 0, max: 90 * 24 * HOUR }),
        fc.array(fc.record({ h: fc.integer({ min: 0, max: 24 * 30 }), v: fc.nat({ max: 10_000_000 }) }), {
          maxLength: 60
        }),
        (resource, now, points) => {
          const hourlySums = points.map((p) => ({ timestamp: Math.floor(now / HOUR) * HOUR - p.h * HOUR, value: p.v }))
          const d = Monitoring.decideStepDown({
            resource,
            now,
            utilization: 0,
            hourlySums,
            settings: { autoAdjustMinTPS: true }
          })
          if (d === undefined) return true
          return (
            d.NewMinTPS >= 1 &&
            d.NewMinTPS < d.CurrentMinTPS &&
            Number.isInteger(d.NewMinTPS) &&
            d.NewMinTPS >= Math.floor(d.MinAverageTPS) &&
            now - resource.createdAt >= 24 * HOUR
          )
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("decideIdle", () => {
  const settings = { autoDeleteOrStopIdleResources: true, idleThresholdHours: 24 }
  it("deletes an idle campaign with the seed's fields", () => {
    const now = 10 * 24 * HOUR
    const d = Monitoring.decideIdle({
      resource: campaign(),
      now,
      utilization: 0,
      requests: [{ timestamp: now - 25 * HOUR, value: 500 }],
      requestsPeriodSeconds: 3600,
      settings
    })
    assert.deepStrictEqual(d, {
      ARN: campaign().arn,
      Utilization: 0,
      AgeHours: 240,
      IdleThresholdHours: 24,
      TotalRequestsDuringIdleThresholdHours: 0,
      Reason: "No requests in the last 24 hours; deleting campaign"
    })
  })
  it("leaves a resource updated within the threshold alone (the seed's README promise, which its code broke)", () => {
    const now = 10 * 24 * HOUR
    const idle = (lastUpdatedAt: number) =>
      Monitoring.decideIdle({
        resource: campaign({ lastUpdatedAt, latestUpdateStatus: "ACTIVE" }),
        now,
        utilization: 0,
        requests: [],
        requestsPeriodSeconds: 3600,
        settings
      })
    assert.isUndefined(idle(now - 23 * HOUR))
    assert.strictEqual(idle(now - 25 * HOUR)?.ARN, campaign().arn)
  })
  it("is opt-in", () => {
    const d = Monitoring.decideIdle({
      resource: campaign(),
      now: 10 * 24 * HOUR,
      utilization: 0,
      requests: [],
      requestsPeriodSeconds: 3600,
      settings: { ...settings, autoDeleteOrStopIdleResources: false }
    })
    assert.isUndefined(d)
  })
  it("property: never fires with a request inside the threshold or for a resource younger than it", () => {
    fc.assert(
      fc.property(
        resourceArb,
        fc.integer({ min: 1, max: 48 }),
        fc.integer({ min: 0, max: 90 * 24 * HOUR }),
        fc.array(fc.record({ ago: fc.integer({ min: 0, max: 100 * 60 }), v: fc.nat({ max: 100 }) }), { maxLength: 20 }),
        (resource, hours, now, calls) => {
          // Requests as five-minute sums, `ago` minutes back.
          const requests = calls.map((c) => ({ timestamp: now - c.ago * 60_000 - 300_000, value: c.v }))
          const d = Monitoring.decideIdle({
            resource,
            now,
            utilization: 0,
            requests,
            requestsPeriodSeconds: 300,
            settings: { autoDeleteOrStopIdleResources: true, idleThresholdHours: hours }
          })
          if (d === undefined) return true
          const recent = calls.some((c) => c.v > 0 && c.ago < hours * 60)
          return !recent && now - resource.createdAt >= hours * HOUR
        }
      ),
      { numRuns: 500 }
    )
  })
})

describe("inHourlySlot", () => {
  it("selects exactly one five-minute run per hour for each ARN", () => {
    fc.assert(
      fc.property(resourceArb, fc.integer({ min: 0, max: 1000 }), (r, hour) => {
        let hits = 0
        for (let m = 0; m < 60; m += 5) if (Monitoring.inHourlySlot(r.arn, hour * HOUR + m * 60_000)) hits++
        return hits === 1
      })
    )
  })
})

describe("selectTargets", () => {
  const r = (
    kind: "campaign" | "recommender",
    name: string,
    region: string,
    status: Personalize.Status = "ACTIVE",
    latestUpdateStatus?: Personalize.Status
  ) => ({
    arn: `arn:aws:personalize:${region}:123456789012:${kind}/${name}`,
    name,
    kind,
    region,
    datasetGroupArn: `arn:aws:personalize:${region}:123456789012:dataset-group/g`,
    datasetGroupName: "g",
    minTPS: 1,
    status,
    createdAt: 0,
    ...(latestUpdateStatus === undefined ? {} : { latestUpdateStatus })
  })
  it("takes all ACTIVE resources of the configured regions, or exactly the listed ARNs, never ones being deleted", () => {
    const listed = [
      r("campaign", "a", "us-east-1"),
      r("campaign", "b", "eu-west-1"),
      r("campaign", "c", "us-east-1", "CREATE_IN_PROGRESS"),
      r("campaign", "d", "us-east-1", "ACTIVE", "DELETE_PENDING"),
      r("recommender", "e", "us-east-1"),
      r("recommender", "f", "ap-south-1")
    ]
    const all = Monitoring.selectTargets({ campaigns: "all", recommenders: "all", regions: ["us-east-1"] }, listed)
    expect(all.map((x) => x.name)).toEqual(["a", "e"])
    const some = Monitoring.selectTargets(
      { campaigns: [listed[1]!.arn, listed[3]!.arn], recommenders: [listed[5]!.arn], regions: ["us-east-1"] },
      [...listed, listed[1]!]
    )
    expect(some.map((x) => x.name)).toEqual(["f", "b"])
  })
})
