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
    assert.strictEqual(
      d!.Reason,
      `Minimum 100 is above the 14-day hourly low watermark 10 (336 hours, 336 with traffic); stepping down 25% to 75`
    )
  })
  it("reads the low watermark off the quietest hour and reports the busiest one", () => {
    // 10 TPS every hour but one quiet hour (4 TPS) in the middle and one busy hour (30 TPS) at the start.
    const sums = steady(now, 10).map((p, i) =>
      i === 100 ? { ...p, value: 4 * 3600 } : i === 335 ? { ...p, value: 30 * 3600 } : p
    )
    const d = Monitoring.decideStepDown({
      resource: campaign({ minTPS: 6 }),
      now,
      utilization: 50,
      hourlySums: sums,
      settings: { autoAdjustMinTPS: true }
    })
    assert.strictEqual(d?.NewMinTPS, 4)
    assert.strictEqual(d?.MinAverageTPS, 4)
    assert.strictEqual(d?.MaxAverageTPS, 30)
  })
  it("never steps a minimum of 1 down, nor a minimum already at the watermark", () => {
    const base = { now, utilization: 0, hourlySums: [], settings: { autoAdjustMinTPS: true } }
    assert.isUndefined(Monitoring.decideStepDown({ ...base, resource: campaign({ minTPS: 1 }) }))
    assert.strictEqual(Monitoring.decideStepDown({ ...base, resource: campaign({ minTPS: 2 }) })?.NewMinTPS, 1)
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
    assert.strictEqual(d?.Datapoints, 14 * 24 - 1)
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
  it("the 24-hour minimum age is inclusive, counted to the millisecond", () => {
    const base = { now, utilization: 0, hourlySums: [], settings: { autoAdjustMinTPS: true } }
    const aged = (ms: number) => Monitoring.decideStepDown({ ...base, resource: campaign({ createdAt: now - ms }) })
    assert.strictEqual(aged(24 * HOUR)?.AgeHours, 24)
    assert.strictEqual(aged(24 * HOUR)?.NewMinTPS, 75)
    // 10 s short of a day: its age rounds to 24.00 hours in the report, and it is still too young.
    assert.isUndefined(aged(24 * HOUR - 10_000))
    assert.isUndefined(aged(24 * HOUR - 60_000))
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
    assert.isUndefined(idle(now - 24 * HOUR + 1))
    assert.strictEqual(idle(now - 24 * HOUR)?.ARN, campaign().arn)
    assert.strictEqual(idle(now - 25 * HOUR)?.ARN, campaign().arn)
  })
  it("counts the threshold from creation, to the millisecond", () => {
    const now = 10 * 24 * HOUR
    const created = (createdAt: number) =>
      Monitoring.decideIdle({
        resource: campaign({ createdAt }),
        now,
        utilization: 0,
        requests: [],
        requestsPeriodSeconds: 3600,
        settings
      })
    assert.strictEqual(created(now - 24 * HOUR)?.AgeHours, 24)
    assert.isUndefined(created(now - 24 * HOUR + 1))
  })
  it("a resource in use now, or in the middle of an update, is not idle", () => {
    const now = 10 * 24 * HOUR
    const base = { now, requests: [], requestsPeriodSeconds: 3600, settings }
    assert.isUndefined(Monitoring.decideIdle({ ...base, resource: campaign(), utilization: 0.5 }))
    assert.isUndefined(
      Monitoring.decideIdle({
        ...base,
        resource: campaign({ latestUpdateStatus: "CREATE_IN_PROGRESS", lastUpdatedAt: 0 }),
        utilization: 0
      })
    )
  })
  it("a request period overlapping the window counts; one starting now does not", () => {
    const now = 10 * 24 * HOUR
    const since = now - 24 * HOUR
    const idle = (timestamp: number) =>
      Monitoring.decideIdle({
        resource: campaign(),
        now,
        utilization: 0,
        requests: [{ timestamp, value: 3 }],
        requestsPeriodSeconds: 3600,
        settings
      })
    // the hour that started 30 min before the window still has 30 min inside it
    assert.isUndefined(idle(since - 30 * 60_000))
    assert.isDefined(idle(since - HOUR))
    assert.isUndefined(idle(now - 1))
    assert.isDefined(idle(now))
  })
  it("stops an idle recommender (it cannot be deleted like a campaign)", () => {
    const now = 10 * 24 * HOUR
    const d = Monitoring.decideIdle({
      resource: campaign({ kind: "recommender", arn: "arn:aws:personalize:us-east-1:123456789012:recommender/r" }),
      now,
      utilization: 0,
      requests: [],
      requestsPeriodSeconds: 3600,
      settings
    })
    assert.strictEqual(d?.Reason, "No requests in the last 24 hours; stopping recommender")
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

describe("watermarkHours", () => {
  it("ends with the last hour that ended at least 15 minutes ago", () => {
    const day = 20 * 24 * HOUR
    const last = (minute: number) => Monitoring.watermarkHours(0, day + 10 * HOUR + minute * 60_000).at(-1)
    assert.strictEqual(last(14), day + 8 * HOUR)
    assert.strictEqual(last(15), day + 9 * HOUR)
  })
  it("starts at the first full hour after creation, else 14 days back", () => {
    const now = 20 * 24 * HOUR + 10 * HOUR + 30 * 60_000
    const recent = Monitoring.watermarkHours(now - 30 * HOUR, now)
    assert.strictEqual(recent[0], now - 30 * HOUR + 30 * 60_000)
    assert.strictEqual(recent.length, 29)
    const old = Monitoring.watermarkHours(0, now)
    assert.strictEqual(old.length, 14 * 24)
    assert.strictEqual(old[0], 20 * 24 * HOUR + 10 * HOUR - 14 * 24 * HOUR)
  })
})

describe("inHourlySlot", () => {
  it("the slot is the sum of the ARN's UTF-8 bytes mod 6 (the seed's hash), for any characters", () => {
    const utf8 = new TextEncoder()
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 12 }), fc.integer({ min: 0, max: 59 }), (arn, minute) => {
        const slot = utf8.encode(arn).reduce((a, b) => a + b, 0) % 6
        const expected = minute >= slot * 10 && minute < slot * 10 + 5
        return Monitoring.inHourlySlot(arn, 7 * HOUR + minute * 60_000) === expected
      }),
      { numRuns: 500 }
    )
    // one character of each UTF-8 length: a (97) slot 1, é (195+169) slot 4, € (226+130+172) slot 0, 😀 (679) slot 1
    const slotOf = (arn: string) => [0, 1, 2, 3, 4, 5].find((s) => Monitoring.inHourlySlot(arn, s * 10 * 60_000))
    assert.deepStrictEqual(["a", "é", "€", "😀"].map(slotOf), [1, 4, 0, 1])
  })
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
