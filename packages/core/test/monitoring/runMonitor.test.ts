// One monitor run end to end on core's fakes: what it reads (windows, periods, keys), what it publishes,
// the readings, the hourly step-down with its price, the idle action, the events on the bus.
import { assert, describe, it } from "@effect/vitest"
import { Monitoring } from "@personalize-ops/core"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import {
  alarmSpec,
  campaignArn,
  datasetGroupArn,
  description,
  monitorWorld,
  recommenderArn,
  solutionArn
} from "./fakeMonitor.ts"

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 24 * HOUR
/** An hour boundary. */
const base = Date.UTC(2026, 10, 20, 12)

/** The hourly slot (0-5) of an ARN. */
const slotOf = (arn: string) => [0, 1, 2, 3, 4, 5].find((s) => Monitoring.inHourlySlot(arn, base + s * 10 * MINUTE))!
/** The first `make(name)` whose slot is `slot`. */
const inSlot = (slot: number, make: (name: string) => string) =>
  Array.from({ length: 60 }, (_, i) => make(`res${i}`)).find((arn) => slotOf(arn) === slot)!

const context = { correlationId: "run-1", actor: "monitor" }
const sol = solutionArn("sol")
const versionArn = (v: string) => `${sol}/${v}`

interface Scenario {
  readonly slot: number
  readonly minTPS: number
  /** Requests each hour of the last 14 days. */
  readonly hourly: number
  /** Requests in the last five-minute window (default 600: 2 TPS). */
  readonly windowRequests?: number
  /** Settings over the scenario's; an undefined value removes the setting. */
  readonly extraSettings?: {
    readonly [K in keyof Monitoring.MonitorSettings]?: Monitoring.MonitorSettings[K] | undefined
  }
}

const scenario = (s: Scenario) => {
  const c1 = inSlot(s.slot, (n) => campaignArn(n))
  const r1 = inSlot((s.slot + 3) % 6, (n) => recommenderArn(n, "eu-west-1"))
  const now = base + s.slot * 10 * MINUTE + 2 * MINUTE + 30_000 // inside the slot, 30 s past a minute
  const descriptions = [
    description("Campaign", c1, {
      attributes: { solutionVersionArn: versionArn("v2"), minProvisionedTPS: s.minTPS },
      creationDateTime: base - 30 * DAY
    }),
    description("Solution", sol, {
      attributes: {
        datasetGroupArn: datasetGroupArn("movies"),
        recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization"
      }
    }),
    description("SolutionVersion", versionArn("v1"), { parentArn: sol as never, creationDateTime: base - 40 * DAY }),
    description("SolutionVersion", versionArn("v2"), { parentArn: sol as never, creationDateTime: base - 10 * DAY }),
    description("SolutionVersion", versionArn("v3"), { parentArn: sol as never, creationDateTime: base - 5 * DAY }),
    description("SolutionVersion", versionArn("v4"), {
      parentArn: sol as never,
      status: "CREATE_FAILED",
      creationDateTime: base - 2 * DAY
    }),
    description("Recommender", r1, {
      attributes: {
        datasetGroupArn: datasetGroupArn("retail", "eu-west-1"),
        recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-popular-items-by-views",
        recommenderConfig: { minRecommendationRequestsPerSecond: 2 }
      },
      creationDateTime: base - 3 * DAY
    })
  ]
  const world = monitorWorld({
    descriptions,
    answer: (request, call) => {
      const arn = request.dimensions[0]?.value
      if (arn !== c1) return []
      if (request.period === 300 && request.stat === "Sum")
        return [{ timestamp: call.start, value: s.windowRequests ?? 600 }]
      if (request.period === 300 && request.stat === "Average") return [{ timestamp: call.start, value: 42 }]
      if (request.period === 3600) {
        const points = []
        for (let h = call.start; h < call.end; h += HOUR) points.push({ timestamp: h, value: s.hourly })
        return points
      }
      return [] // the idle series: no requests
    }
  })
  const merged: Record<string, unknown> = {
    ...Monitoring.defaultSettings,
    campaigns: [c1],
    recommenders: [r1],
    regions: ["us-east-1"],
    staleModelDays: 7,
    instanceId: "blue",
    prices: {
      currency: "USD",
      source: "test",
      asOf: "2026-11-01",
      regions: { "us-east-1": { campaignTpsHour: [{ price: 0.2, upToUnitHours: 1000 }, { price: 0.1 }] } }
    },
    ...s.extraSettings
  }
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k]
  const settings = merged as unknown as Monitoring.MonitorSettings
  return { c1, r1, now, world, settings }
}

describe("runMonitor", () => {
  it.effect("reads the last window, publishes the custom metrics and freshness, steps down with its saving", () => {
    const { c1, r1, now, world, settings } = scenario({ slot: 3, minTPS: 10, hourly: 10_800 })
    return Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const summary = yield* Monitoring.runMonitor(settings, { homeRegion: "us-east-1", context })
      const at = now - 30_000
      const windowEnd = at - (at % 300_000)
      assert.strictEqual(summary.at, at)
      assert.deepStrictEqual(
        summary.readings.map((r) => ({ ...r, resource: r.resource.arn })),
        [
          { resource: r1, requests: 0, actual: 0, utilization: 0 },
          { resource: c1, requests: 600, actual: 2, utilization: 20, latencyMs: 42 }
        ]
      )
      // The five-minute read: one call per region, the window before `now`, requests and latency per resource.
      const first = world.metrics.reads.slice(0, 2)
      assert.deepStrictEqual(
        first.map((c) => [
          c.region,
          c.start,
          c.end,
          c.queries.map((q) => [
            q.request.key,
            q.request.metricName,
            q.request.stat,
            q.request.period,
            q.request.namespace
          ])
        ]),
        [
          [
            "eu-west-1",
            windowEnd - 300_000,
            windowEnd,
            [
              [`requests ${r1}`, "GetRecommendations", "Sum", 300, "AWS/Personalize"],
              [`latency ${r1}`, "GetRecommendationsLatency", "Average", 300, "AWS/Personalize"]
            ]
          ],
          [
            "us-east-1",
            windowEnd - 300_000,
            windowEnd,
            [
              [`requests ${c1}`, "GetRecommendations", "Sum", 300, "AWS/Personalize"],
              [`latency ${c1}`, "GetRecommendationsLatency", "Average", 300, "AWS/Personalize"]
            ]
          ]
        ]
      )
      assert.deepStrictEqual(first[1]!.queries[0]!.request.dimensions, [{ name: "CampaignArn", value: c1 }])
      assert.deepStrictEqual(first[0]!.queries[0]!.request.dimensions, [{ name: "RecommenderArn", value: r1 }])
      // The hourly read: only the campaign (the recommender's slot is another), 14 days of whole hours
      // up to the last that ended 15 minutes ago (here: this hour's start).
      const hourStart = Math.floor(at / HOUR) * HOUR
      const hourly = world.metrics.reads[2]!
      assert.deepStrictEqual(
        [hourly.region, hourly.start, hourly.end, hourly.queries.map((q) => [q.request.key, q.request.period])],
        ["us-east-1", hourStart - 14 * DAY, hourStart, [[c1, 3600]]]
      )
      assert.strictEqual(world.metrics.reads.length, 3, "no idle read: the idle rule is off")
      // Custom metrics: the seed's names; averageTPS only when there was traffic; freshness for the campaign in its slot.
      const ts = windowEnd
      const campaignDims = [{ name: "CampaignArn", value: c1 }]
      const byRegion = Object.fromEntries(world.metrics.puts.map((p) => [`${p.region} ${p.data[0]?.metricName}`, p]))
      assert.deepStrictEqual(byRegion["us-east-1 minProvisionedTPS"], {
        region: "us-east-1",
        namespace: "PersonalizeMonitor",
        data: [
          { metricName: "minProvisionedTPS", dimensions: campaignDims, value: 10, unit: "Count/Second", timestamp: ts },
          { metricName: "campaignUtilization", dimensions: campaignDims, value: 20, unit: "Percent", timestamp: ts },
          { metricName: "averageTPS", dimensions: campaignDims, value: 2, unit: "Count/Second", timestamp: ts }
        ]
      })
      const recommenderDims = [{ name: "RecommenderArn", value: r1 }]
      assert.deepStrictEqual(byRegion["eu-west-1 minRecommendationRequestsPerSecond"], {
        region: "eu-west-1",
        namespace: "PersonalizeMonitor",
        data: [
          {
            metricName: "minRecommendationRequestsPerSecond",
            dimensions: recommenderDims,
            value: 2,
            unit: "Count/Second",
            timestamp: ts
          },
          {
            metricName: "recommenderUtilization",
            dimensions: recommenderDims,
            value: 0,
            unit: "Percent",
            timestamp: ts
          }
        ]
      })
      const ageDays = Math.round(((at - (base - 10 * DAY)) / DAY) * 100) / 100
      assert.deepStrictEqual(byRegion["us-east-1 servingModelAgeDays"], {
        region: "us-east-1",
        namespace: "PersonalizeMonitor",
        data: [
          { metricName: "servingModelAgeDays", dimensions: campaignDims, value: ageDays, unit: "None", timestamp: ts },
          { metricName: "unpromotedModelVersions", dimensions: campaignDims, value: 1, unit: "Count", timestamp: ts }
        ]
      })
      assert.strictEqual(world.metrics.puts.length, 3)
      // The step-down: watermark 3 TPS, 10 → 7; 3 TPS-hours a month priced off the top of 7,300 (all in the 0.1 tier).
      const decision = {
        ARN: c1,
        Utilization: 20,
        AgeHours: Math.round(((at - (base - 30 * DAY)) / HOUR) * 100) / 100,
        CurrentMinTPS: 10,
        NewMinTPS: 7,
        MinAverageTPS: 3,
        MaxAverageTPS: 3,
        Datapoints: 336,
        Reason:
          "Minimum 10 is above the 14-day hourly low watermark 3 (336 hours, 336 with traffic); stepping down 25% to 7",
        EstimatedSavingPerHour: 0.3,
        Currency: "USD"
      }
      assert.deepStrictEqual(summary.stepDowns, [decision])
      assert.deepStrictEqual(summary.idle, [])
      // Alarms: created in both regions (describe per scanned region, sorted), and the dashboard rebuild asked for.
      assert.deepStrictEqual(world.alarms.described, ["eu-west-1", "us-east-1"])
      assert.isAbove(summary.alarms.created, 0)
      assert.deepStrictEqual(summary.alarms, { created: world.alarms.puts.length, updated: 0, deleted: 0 })
      assert.deepStrictEqual(summary.events, [
        {
          source: "personalize.monitor",
          detailType: "UpdatePersonalizeCampaignMinProvisionedTPS",
          detail: { ...decision, MonitorInstanceId: "blue" },
          resources: [c1]
        },
        {
          source: "personalize.monitor",
          detailType: "BuildPersonalizeMonitorDashboard",
          detail: { Reason: `Monitor created ${summary.alarms.created} alarms`, MonitorInstanceId: "blue" }
        }
      ])
      assert.deepStrictEqual(world.bus, [{ region: "us-east-1", events: summary.events }])
      // The decision is on the campaign's stream.
      const stream = yield* world.events.store.read(Monitoring.monitorStream(c1))
      assert.deepStrictEqual(
        stream.map((e) => [e.type, e.metadata.correlationId, e.metadata.actor]),
        [["MinTpsStepDownDecided", "run-1", "monitor"]]
      )

      // The same run again (a retry): alarms are in place, the step-down is recorded: nothing new, nothing put.
      const again = yield* Monitoring.runMonitor(settings, { homeRegion: "us-east-1", context })
      assert.deepStrictEqual(again.alarms, { created: 0, updated: 0, deleted: 0 })
      assert.deepStrictEqual([again.stepDowns, again.events], [[], []])
      assert.strictEqual(world.bus.length, 1)
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("no price for the region: the step-down has no saving; no staleModelDays: no freshness metrics", () => {
    const { c1, now, world, settings } = scenario({
      slot: 4,
      minTPS: 8,
      hourly: 3600 * 2 + 100,
      extraSettings: {
        prices: { currency: "EUR", source: "t", asOf: "2026-11-01", regions: {} },
        staleModelDays: undefined
      }
    })
    return Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const summary = yield* Monitoring.runMonitor(settings, { homeRegion: "us-east-1", context })
      assert.deepStrictEqual(
        summary.stepDowns.map((d) => [
          d.ARN,
          d.CurrentMinTPS,
          d.NewMinTPS,
          d.MinAverageTPS,
          d.EstimatedSavingPerHour,
          d.Currency
        ]),
        [[c1, 8, 6, 2.028, undefined, undefined]]
      )
      assert.isFalse(world.metrics.puts.some((p) => p.data.some((d) => d.metricName === "servingModelAgeDays")))
    }).pipe(Effect.provide(world.layer))
  })

  it.effect(
    "a watermark at the minimum holds it, whichever slot the resource has (the hour before the window counts)",
    () => {
      const results: Array<number> = []
      const run = (slot: number) => {
        const { now, world, settings } = scenario({
          slot,
          minTPS: 4,
          hourly: 4 * 3600,
          extraSettings: { prices: undefined }
        })
        return Effect.gen(function* () {
          yield* TestClock.setTime(now)
          const summary = yield* Monitoring.runMonitor(settings, { homeRegion: "us-east-1", context })
          results.push(summary.stepDowns.length)
        }).pipe(Effect.provide(world.layer))
      }
      return Effect.gen(function* () {
        for (const slot of [0, 1, 2, 3, 4, 5]) yield* run(slot)
        assert.deepStrictEqual(results, [0, 0, 0, 0, 0, 0])
      })
    }
  )

  it.effect(
    "with the idle rule on, the idle series is read over the threshold; a busy campaign is stepped down",
    () => {
      const { c1, now, world, settings } = scenario({
        slot: 5,
        minTPS: 10,
        hourly: 10_800,
        extraSettings: { autoDeleteOrStopIdleResources: true, idleThresholdHours: 6 }
      })
      return Effect.gen(function* () {
        yield* TestClock.setTime(now)
        const summary = yield* Monitoring.runMonitor(settings, { homeRegion: "us-east-1", context })
        // The campaign had 600 requests in the last window: not idle, so stepped down; the idle read was made.
        const at = now - 30_000
        const idleRead = world.metrics.reads.find((c) => c.queries.some((q) => q.request.period === 6 * 3600))
        assert.deepStrictEqual(
          [idleRead?.start, idleRead?.end, idleRead?.queries.map((q) => q.request.key)],
          [at - 6 * HOUR, at, [c1]]
        )
        assert.strictEqual(summary.idle.length, 0)
        assert.strictEqual(summary.stepDowns.length, 1)
      }).pipe(Effect.provide(world.layer))
    }
  )

  it.effect("with the idle rule on, an idle campaign is to be deleted instead of stepped down, once", () => {
    const { c1, now, world, settings } = scenario({
      slot: 2,
      minTPS: 10,
      hourly: 0,
      windowRequests: 0,
      extraSettings: { autoDeleteOrStopIdleResources: true, idleThresholdHours: 6 }
    })
    return Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const summary = yield* Monitoring.runMonitor(settings, { homeRegion: "us-east-1", context })
      const at = now - 30_000
      const decision = {
        ARN: c1,
        Utilization: 0,
        AgeHours: Math.round(((at - (base - 30 * DAY)) / HOUR) * 100) / 100,
        IdleThresholdHours: 6,
        TotalRequestsDuringIdleThresholdHours: 0,
        Reason: "No requests in the last 6 hours; deleting campaign"
      }
      assert.deepStrictEqual(summary.idle, [decision])
      assert.deepStrictEqual(summary.stepDowns, [])
      assert.deepStrictEqual(summary.events[0], {
        source: "personalize.monitor",
        detailType: "DeletePersonalizeCampaign",
        detail: { ...decision, MonitorInstanceId: "blue" },
        resources: [c1]
      })
      const again = yield* Monitoring.runMonitor(settings, { homeRegion: "us-east-1", context })
      assert.deepStrictEqual([again.idle, again.stepDowns], [[], []])
    }).pipe(Effect.provide(world.layer))
  })
})

describe("the watermark window", () => {
  it("ends at the last hour that ended 15 minutes ago and spans 14 days", () => {
    const at = (minute: number, ms = 0) => Monitoring.watermarkWindow(base + minute * MINUTE + ms)
    assert.deepStrictEqual(at(15), { start: base - 14 * DAY, end: base })
    assert.deepStrictEqual(at(14, 59_999), { start: base - HOUR - 14 * DAY, end: base - HOUR })
    assert.deepStrictEqual(at(0), { start: base - HOUR - 14 * DAY, end: base - HOUR })
    assert.deepStrictEqual(at(74, 59_999), { start: base - 14 * DAY, end: base })
  })
})

describe("deleteOwnedAlarms", () => {
  it.effect("deletes every alarm of the prefix in the scanned regions, at most 100 names a call", () => {
    const names = Array.from(
      { length: 150 },
      (_, i) => `PersonalizeMonitor-LowCampaignUtilization-c${String(i).padStart(3, "0")}`
    )
    const world = monitorWorld({
      descriptions: [],
      alarms: [
        ...names.map((n) => alarmSpec("us-east-1", n)),
        alarmSpec("us-east-1", "Other-alarm"),
        alarmSpec("eu-west-1", "PersonalizeMonitor-LowCampaignUtilization-x"),
        alarmSpec("ap-south-1", "PersonalizeMonitor-LowCampaignUtilization-y")
      ]
    })
    return Effect.gen(function* () {
      const settings = { ...Monitoring.defaultSettings, regions: ["us-east-1"] }
      const deleted = yield* Monitoring.deleteOwnedAlarms(settings, ["eu-west-1"])
      assert.strictEqual(deleted.length, 151)
      assert.deepStrictEqual(
        world.alarms.deletes.map((d) => [d.region, d.names.length]),
        [
          ["eu-west-1", 1],
          ["us-east-1", 100],
          ["us-east-1", 50]
        ]
      )
      assert.deepStrictEqual([...world.alarms.alarms.keys()].sort(), [
        "ap-south-1 PersonalizeMonitor-LowCampaignUtilization-y",
        "us-east-1 Other-alarm"
      ])
    }).pipe(Effect.provide(world.layer))
  })
})
