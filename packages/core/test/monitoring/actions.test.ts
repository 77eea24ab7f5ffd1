// The monitor's commands (update min TPS, pre-warm, delete/stop), its history, its cost report and its
// target discovery, on core's fakes: what Personalize is asked, what is recorded, put on the bus, notified.
import { assert, describe, it } from "@effect/vitest"
import { Monitoring, Notify } from "@personalize-ops/core"
import { Effect, Result } from "effect"
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

const HOUR = 3_600_000
const context = { correlationId: "cmd-1", actor: "operator" }
const c1 = campaignArn("c1")
const r1 = recommenderArn("r1", "eu-west-1")
const sol = solutionArn("sol")

const descriptions = [
  description("Campaign", c1, {
    attributes: { solutionVersionArn: `${sol}/v1`, minProvisionedTPS: 5 },
    creationDateTime: 0
  }),
  description("Solution", sol, { attributes: { datasetGroupArn: datasetGroupArn("movies") } }),
  description("Recommender", r1, {
    attributes: {
      datasetGroupArn: datasetGroupArn("retail", "eu-west-1"),
      recommenderConfig: { minRecommendationRequestsPerSecond: 3, trainingDataConfig: { excludedDatasetColumns: {} } }
    },
    creationDateTime: 0
  })
]

describe("applyUpdateMinTps", () => {
  it.effect("sets a campaign's minimum, records it, puts the updated event with the instance id, notifies", () => {
    const world = monitorWorld({ descriptions })
    return Effect.gen(function* () {
      yield* TestClock.setTime(1_000)
      const out = yield* Monitoring.applyUpdateMinTps(
        { ARN: c1, NewMinTPS: 3 },
        { homeRegion: "us-east-1", context, instanceId: "blue" }
      )
      assert.deepStrictEqual(out, { arn: c1, newMinTPS: 3 })
      assert.deepStrictEqual(world.personalize.writes, [
        { op: "update", arn: c1, input: { kind: "Campaign", arn: c1, minProvisionedTPS: 3 } }
      ])
      assert.deepStrictEqual(world.bus, [
        {
          region: "us-east-1",
          events: [
            {
              source: "personalize.monitor",
              detailType: "PersonalizeCampaignMinProvisionedTPSUpdated",
              detail: { ARN: c1, NewMinTPS: 3, Reason: "Requested", MonitorInstanceId: "blue" },
              resources: [c1]
            }
          ]
        }
      ])
      assert.deepStrictEqual(world.published, [
        Notify.minTpsUpdatedMessage({ arn: c1, kind: "campaign", newMinTPS: 3, reason: "Requested" })
      ])
      const history = yield* Monitoring.monitorHistory(c1)
      assert.deepStrictEqual(
        history.map((h) => [h.version, h.type, h.at, h.summary, h.reason]),
        [[1, "MinTpsUpdated", 1_000, "min TPS set to 3", "Requested"]]
      )
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("a recommender keeps the rest of its config; a pre-warm is recorded first and holds step-down", () => {
    const world = monitorWorld({ descriptions })
    return Effect.gen(function* () {
      yield* TestClock.setTime(Date.UTC(2026, 10, 20, 8))
      yield* Monitoring.applyUpdateMinTps(
        { ARN: r1, NewMinTPS: 40, Reason: "sale", PreWarmUntil: "2026-11-20T20:00:00Z" },
        { homeRegion: "eu-west-1", context }
      )
      assert.deepStrictEqual(world.personalize.writes, [
        {
          op: "update",
          arn: r1,
          input: {
            kind: "Recommender",
            arn: r1,
            recommenderConfig: {
              minRecommendationRequestsPerSecond: 40,
              trainingDataConfig: { excludedDatasetColumns: {} }
            }
          }
        }
      ])
      assert.deepStrictEqual(world.bus[0]?.events[0], {
        source: "personalize.monitor",
        detailType: "PersonalizeRecommenderMinRecommendationRPSUpdated",
        detail: { ARN: r1, NewMinTPS: 40, Reason: "sale" },
        resources: [r1]
      })
      const history = yield* Monitoring.monitorHistory(r1)
      assert.deepStrictEqual(
        history.map((h) => [h.type, h.summary, h.reason]),
        [
          ["PreWarmRequested", "pre-warm: min RPS 40 until 2026-11-20T20:00:00Z", "sale"],
          ["MinTpsUpdated", "min RPS set to 40", "sale"]
        ]
      )
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("an ARN that is not a campaign or recommender is refused before anything is called", () => {
    const world = monitorWorld({ descriptions })
    return Effect.gen(function* () {
      const solutionAsArn = sol as never
      const error = yield* Effect.flip(
        Monitoring.applyRemoveResource({ ARN: solutionAsArn }, Monitoring.defaultSettings, {
          homeRegion: "us-east-1",
          context
        })
      )
      assert.strictEqual(error._tag, "MonitorInputInvalid")
      assert.deepStrictEqual(world.personalize.writes, [])
    }).pipe(Effect.provide(world.layer))
  })
})

describe("applyRemoveResource", () => {
  const prefix = Monitoring.defaultSettings.alarmNamePrefix
  const alarms = [
    alarmSpec("us-east-1", Monitoring.alarmName(prefix, "LowCampaignUtilization", "c1")),
    alarmSpec("us-east-1", Monitoring.alarmName(prefix, "IdleCampaign", "c1")),
    alarmSpec("us-east-1", Monitoring.alarmName(prefix, "LowCampaignUtilization", "c2")),
    alarmSpec("eu-west-1", Monitoring.alarmName(prefix, "LowRecommenderUtilization", "r1"))
  ]
  const options = { homeRegion: "us-east-1", context }

  it.effect(
    "a decided idle campaign is deleted with its alarms, recorded, announced and notified; again: nothing",
    () => {
      const world = monitorWorld({ descriptions, alarms })
      const settings = { ...Monitoring.defaultSettings, instanceId: "blue" }
      return Effect.gen(function* () {
        yield* TestClock.setTime(5_000)
        const out = yield* Monitoring.applyRemoveResource({ ARN: c1, Reason: "idle 24 h" }, settings, options)
        assert.deepStrictEqual(out, { arn: c1, removed: true, notFound: false, alarmsDeleted: 2 })
        assert.deepStrictEqual(world.personalize.writes, [{ op: "delete", arn: c1 }])
        assert.deepStrictEqual(world.alarms.deletes, [
          {
            region: "us-east-1",
            names: [
              Monitoring.alarmName(prefix, "LowCampaignUtilization", "c1"),
              Monitoring.alarmName(prefix, "IdleCampaign", "c1")
            ]
          }
        ])
        assert.deepStrictEqual(world.bus, [
          {
            region: "us-east-1",
            events: [
              {
                source: "personalize.monitor",
                detailType: "PersonalizeCampaignDeleted",
                detail: { ARN: c1, Reason: "idle 24 h", MonitorInstanceId: "blue" },
                resources: [c1]
              },
              {
                source: "personalize.monitor",
                detailType: "BuildPersonalizeMonitorDashboard",
                detail: { Reason: `Deleted campaign ${c1}`, MonitorInstanceId: "blue" },
                resources: [c1]
              }
            ]
          }
        ])
        assert.deepStrictEqual(world.published, [Notify.campaignDeletedMessage({ arn: c1, reason: "idle 24 h" })])
        const history = yield* Monitoring.monitorHistory(c1)
        assert.deepStrictEqual(
          history.map((h) => [h.type, h.at, h.summary, h.reason]),
          [["CampaignDeleted", 5_000, "campaign deleted (2 alarms deleted)", "idle 24 h"]]
        )
        const again = yield* Monitoring.applyRemoveResource({ ARN: c1 }, settings, options)
        assert.deepStrictEqual(again, { arn: c1, removed: false, notFound: false, alarmsDeleted: 0 })
        assert.strictEqual(world.personalize.writes.length, 1)
        assert.strictEqual(world.bus.length, 1)
      }).pipe(Effect.provide(world.layer))
    }
  )

  it.effect("a recommender is stopped, its dashboard event says so", () => {
    const world = monitorWorld({ descriptions, alarms })
    return Effect.gen(function* () {
      const out = yield* Monitoring.applyRemoveResource({ ARN: r1 }, Monitoring.defaultSettings, options)
      assert.deepStrictEqual(out, { arn: r1, removed: true, notFound: false, alarmsDeleted: 1 })
      assert.deepStrictEqual(world.personalize.writes, [{ op: "stop", arn: r1 }])
      assert.deepStrictEqual(
        world.bus[0]?.events.map((e) => [e.detailType, e.detail]),
        [
          ["PersonalizeRecommenderStopped", { ARN: r1, Reason: "Requested" }],
          ["BuildPersonalizeMonitorDashboard", { Reason: `Stopped recommender ${r1}` }]
        ]
      )
      assert.deepStrictEqual(world.published, [Notify.recommenderStoppedMessage({ arn: r1, reason: "Requested" })])
      const history = yield* Monitoring.monitorHistory(r1)
      assert.deepStrictEqual(
        history.map((h) => h.summary),
        ["recommender stopped (1 alarms deleted)"]
      )
    }).pipe(Effect.provide(world.layer))
  })

  it.effect("an ARN Personalize does not have, that nothing decided to remove: not found, its alarms still go", () => {
    const gone = campaignArn("c2")
    const world = monitorWorld({ descriptions, alarms })
    return Effect.gen(function* () {
      const out = yield* Monitoring.applyRemoveResource({ ARN: gone }, Monitoring.defaultSettings, options)
      assert.deepStrictEqual(out, { arn: gone, removed: false, notFound: true, alarmsDeleted: 1 })
      assert.deepStrictEqual(world.bus, [])
      assert.deepStrictEqual(world.published, [])
      assert.deepStrictEqual(yield* Monitoring.monitorHistory(gone), [])
    }).pipe(Effect.provide(world.layer))
  })
})

describe("describeMonitorEvent", () => {
  const decision: Monitoring.MinTpsDecision = {
    ARN: c1,
    Utilization: 10,
    AgeHours: 48,
    CurrentMinTPS: 10,
    NewMinTPS: 7,
    MinAverageTPS: 1,
    MaxAverageTPS: 2,
    Datapoints: 300,
    Reason: "low"
  }
  it("step-downs show both minimums, the step and a saving when priced", () => {
    assert.deepStrictEqual(
      Monitoring.describeMonitorEvent({ _tag: "MinTpsStepDownDecided", kind: "recommender", at: 0, decision }),
      { summary: "step-down decided: min RPS 10 → 7 (−3 RPS)", reason: "low" }
    )
    assert.deepStrictEqual(
      Monitoring.describeMonitorEvent({
        _tag: "MinTpsStepDownDecided",
        kind: "campaign",
        at: 0,
        decision: { ...decision, EstimatedSavingPerHour: 0.6, Currency: "USD" }
      }),
      {
        summary: "step-down decided: min TPS 10 → 7 (−3 TPS, saves 0.6 USD/h)",
        reason: "low",
        savingPerHour: { amount: 0.6, currency: "USD" }
      }
    )
    assert.deepStrictEqual(
      Monitoring.describeMonitorEvent({
        _tag: "MinTpsStepDownDecided",
        kind: "campaign",
        at: 0,
        decision: { ...decision, EstimatedSavingPerHour: 0.6 }
      }),
      { summary: "step-down decided: min TPS 10 → 7 (−3 TPS)", reason: "low" }
    )
    assert.deepStrictEqual(
      Monitoring.describeMonitorEvent({
        _tag: "MinTpsStepDownDecided",
        kind: "campaign",
        at: 0,
        decision: { ...decision, Currency: "USD" }
      }),
      { summary: "step-down decided: min TPS 10 → 7 (−3 TPS)", reason: "low" }
    )
  })

  it("idle decisions say delete or stop and after how long", () => {
    const idle: Monitoring.IdleDecision = {
      ARN: c1,
      Utilization: 0,
      AgeHours: 30,
      IdleThresholdHours: 24,
      TotalRequestsDuringIdleThresholdHours: 0,
      Reason: "none"
    }
    assert.deepStrictEqual(
      Monitoring.describeMonitorEvent({ _tag: "IdleActionDecided", kind: "campaign", at: 0, decision: idle }),
      { summary: "idle: delete decided after 24 h without requests", reason: "none" }
    )
    assert.deepStrictEqual(
      Monitoring.describeMonitorEvent({ _tag: "IdleActionDecided", kind: "recommender", at: 0, decision: idle }),
      { summary: "idle: stop decided after 24 h without requests", reason: "none" }
    )
  })
})

describe("costReport", () => {
  it("billed and unused unit-hours per five minutes; idle windows bill the minimum; nothing before creation", () => {
    const start = 0
    const end = 4 * 300_000
    // Windows: before creation, 600 requests (2/s), none (idle), 3,000 (10/s).
    const out = Monitoring.billedOverWindows(
      5,
      [
        { timestamp: 300_000, value: 400 },
        { timestamp: 300_000, value: 200 },
        { timestamp: 900_000, value: 3000 }
      ],
      { start, end, createdAt: 300_000 }
    )
    assert.deepStrictEqual([out.billed, out.requests, out.peak], [(5 + 5 + 10) / 12, 3600, 10])
    assert.closeTo(out.unused, (3 + 5 + 0) / 12, 1e-12)
    // Created inside the first window: that window counts.
    assert.strictEqual(Monitoring.billedOverWindows(1, [], { start, end: 300_000, createdAt: 299_999 }).billed, 1 / 12)
  })

  it.effect(
    "reads each target's five-minute sums over the hours asked and prices them; sorted by region then cost",
    () => {
      const c2 = campaignArn("c2")
      const world = monitorWorld({
        descriptions: [
          ...descriptions,
          description("Campaign", c2, {
            attributes: { solutionVersionArn: `${sol}/v1`, minProvisionedTPS: 1 },
            creationDateTime: 0
          })
        ],
        answer: (request, call) => {
          const arn = request.dimensions[0]?.value
          // c1: 2 requests/s all the time; others idle.
          if (arn !== c1) return []
          const points = []
          for (let t = call.start; t < call.end; t += 300_000) points.push({ timestamp: t, value: 600 })
          return points
        }
      })
      const prices: Monitoring.PriceTable = {
        currency: "USD",
        source: "test",
        asOf: "2026-11-01",
        regions: { "us-east-1": { campaignTpsHour: [{ price: 0.2 }] } }
      }
      return Effect.gen(function* () {
        yield* TestClock.setTime(10 * HOUR + 123_456)
        const report = yield* Monitoring.costReport(
          { campaigns: [c1, c2], recommenders: [r1], regions: ["us-east-1"] },
          prices,
          2
        )
        const end = 10 * HOUR + 0
        assert.deepStrictEqual(
          [report.start, report.end, report.hours, report.currency],
          [end - 2 * HOUR, end, 2, "USD"]
        )
        assert.deepStrictEqual(
          world.metrics.reads.map((c) => [
            c.region,
            c.start,
            c.end,
            c.queries.map((q) => [q.request.key, q.request.period])
          ]),
          [
            ["eu-west-1", end - 2 * HOUR, end, [[r1, 300]]],
            [
              "us-east-1",
              end - 2 * HOUR,
              end,
              [
                [c1, 300],
                [c2, 300]
              ]
            ]
          ]
        )
        assert.deepStrictEqual(report.rows, [
          {
            arn: r1,
            name: "r1",
            kind: "recommender",
            region: "eu-west-1",
            minTPS: 3,
            averageTPS: 0,
            peakTPS: 0,
            billedUnitHours: 6,
            unusedUnitHours: 6
          },
          {
            arn: c1,
            name: "c1",
            kind: "campaign",
            region: "us-east-1",
            minTPS: 5,
            averageTPS: 2,
            peakTPS: 2,
            billedUnitHours: 10,
            unusedUnitHours: 6,
            cost: { window: 2, perMonth: 730, unused: 1.2, unitPrice: 0.2 }
          },
          {
            arn: c2,
            name: "c2",
            kind: "campaign",
            region: "us-east-1",
            minTPS: 1,
            averageTPS: 0,
            peakTPS: 0,
            billedUnitHours: 2,
            unusedUnitHours: 2,
            cost: { window: 0.4, perMonth: 146, unused: 0.4, unitPrice: 0.2 }
          }
        ])
        assert.deepStrictEqual(report.totals, { window: 2.4, perMonth: 876, unused: 1.6 })
        assert.deepStrictEqual(report.unavailable, [])
        assert.deepStrictEqual([Monitoring.rateOf("campaign"), Monitoring.rateOf("recommender")], ["TPS", "RPS"])
      }).pipe(Effect.provide(world.layer))
    }
  )
})

describe("discoverTargets", () => {
  it.effect(
    "`all` lists the configured regions (every page); explicit ARNs are described; gone and throttled ones are left out",
    () => {
      const cA = campaignArn("a")
      const cB = campaignArn("b")
      const cC = campaignArn("c")
      const cOther = campaignArn("x", "ap-south-1")
      const deleting = campaignArn("d")
      const throttled = recommenderArn("t", "eu-west-1")
      const world = monitorWorld({
        throttled: [throttled],
        descriptions: [
          ...[cA, cB, cC].map((arn) =>
            description("Campaign", arn, { attributes: { solutionVersionArn: `${sol}/v1` }, creationDateTime: 0 })
          ),
          description("Campaign", deleting, {
            status: "DELETE_IN_PROGRESS",
            attributes: { solutionVersionArn: `${sol}/v1` }
          }),
          description("Campaign", cOther, {
            attributes: { solutionVersionArn: `${solutionArn("s", "ap-south-1")}/v1` }
          }),
          description("Solution", sol, { attributes: { datasetGroupArn: datasetGroupArn("movies") } }),
          description("Solution", solutionArn("s", "ap-south-1"), {
            attributes: { datasetGroupArn: datasetGroupArn("m", "ap-south-1") }
          }),
          description("Recommender", throttled, {
            attributes: { datasetGroupArn: datasetGroupArn("movies", "eu-west-1") }
          })
        ]
      })
      return Effect.gen(function* () {
        const targets = yield* Monitoring.discoverTargets({
          campaigns: "all",
          recommenders: [throttled, recommenderArn("gone"), "not-an-arn", cOther],
          regions: ["us-east-1"]
        })
        assert.deepStrictEqual(
          targets.resources.map((r) => [r.arn, r.minTPS, r.datasetGroupName]),
          [
            [cA, 1, "movies"],
            [cB, 1, "movies"],
            [cC, 1, "movies"]
          ]
        )
        assert.deepStrictEqual(targets.unavailable, [throttled])
        assert.deepStrictEqual(
          Monitoring.targetRegions({
            campaigns: "all",
            recommenders: [throttled, cOther, "nope"],
            regions: ["us-east-1"]
          }),
          ["ap-south-1", "eu-west-1", "us-east-1"]
        )
        // Explicit campaigns in another region: described, kept.
        const explicit = yield* Monitoring.discoverTargets({
          campaigns: [cOther, cOther],
          recommenders: [],
          regions: []
        })
        assert.deepStrictEqual(
          explicit.resources.map((r) => [r.arn, r.region]),
          [[cOther, "ap-south-1"]]
        )
      }).pipe(Effect.provide(world.layer))
    }
  )
})

describe("small rules", () => {
  it("the seed's ARN list parameter: `all` in any case, or a comma list without blanks", () => {
    assert.strictEqual(Monitoring.parseArnList("  ALL "), "all")
    assert.deepStrictEqual(Monitoring.parseArnList(" a, b ,,c "), ["a", "b", "c"])
    assert.deepStrictEqual(Monitoring.parseArnList(""), [])
    assert.deepStrictEqual(Monitoring.parseArnList("allx"), ["allx"])
  })

  it("CloudWatch statistics of one period", () => {
    const values = [4, 1, 7]
    assert.deepStrictEqual(
      (["Sum", "Average", "Minimum", "Maximum", "SampleCount"] as const).map((s) => Monitoring.statisticOf(s, values)),
      [12, 4, 1, 7, 3]
    )
  })

  it("withInstanceId adds the id to each detail; without one, events are unchanged", () => {
    const events: ReadonlyArray<{ readonly detail: Record<string, unknown> }> = [{ detail: { A: 1 } }]
    assert.strictEqual(Monitoring.withInstanceId(events, undefined), events)
    assert.deepStrictEqual(Monitoring.withInstanceId(events, "blue"), [{ detail: { A: 1, MonitorInstanceId: "blue" } }])
  })

  it("command details decode the seed's shapes and refuse what no command can hold, naming the field", () => {
    const decode = (input: unknown) => Monitoring.decodeInputResult(Monitoring.UpdateMinTpsDetail, input)
    assert.isTrue(Result.isSuccess(decode({ ARN: c1, NewMinTPS: 1, Datapoints: [{ a: 1 }] })))
    assert.isTrue(Result.isSuccess(decode({ ARN: c1, NewMinTPS: 2, PreWarmUntil: "2026-11-27T08:00:00Z" })))
    const fail = (input: unknown) => {
      const r = decode(input)
      return Result.isFailure(r) ? r.failure.path : "ok"
    }
    assert.strictEqual(
      Monitoring.decodeInputResult(Monitoring.UpdateMinTpsDetail, { ARN: c1 }, "detail").pipe(
        Result.match({ onFailure: (e) => e.message, onSuccess: () => "ok" })
      ),
      "detail.NewMinTPS: Missing key"
    )
    assert.strictEqual(fail({ ARN: c1, NewMinTPS: 0 }), "NewMinTPS")
    assert.strictEqual(fail({ ARN: c1, NewMinTPS: 1.5 }), "NewMinTPS")
    assert.strictEqual(fail({ ARN: sol, NewMinTPS: 1 }), "ARN")
    assert.strictEqual(fail({ ARN: c1, NewMinTPS: 1, PreWarmUntil: "tomorrow" }), "PreWarmUntil")
    assert.strictEqual(fail({ ARN: c1, NewMinTPS: 1, PreWarmUntil: "2026-13-45T00:00:00Z" }), "PreWarmUntil")
    assert.strictEqual(fail({ ARN: c1, NewMinTPS: 1, PreWarmUntil: "x2026-11-27T08:00:00Z" }), "PreWarmUntil")
    assert.strictEqual(fail({ ARN: c1, NewMinTPS: 1, PreWarmUntil: "+002026-11-27T08:00:00Z" }), "PreWarmUntil")
  })

  it.effect("decodeInput fails in the Effect channel with the same field and message", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Monitoring.decodeInput(Monitoring.UpdateMinTpsDetail, { ARN: c1 }))
      assert.deepStrictEqual(
        [error._tag, error.path, error.message],
        ["MonitorInputInvalid", "NewMinTPS", "NewMinTPS: Missing key"]
      )
      const ok = yield* Monitoring.decodeInput(Monitoring.RemoveResourceDetail, { ARN: c1, Reason: "r" }, "detail")
      assert.deepStrictEqual(ok, { ARN: c1, Reason: "r" })
    })
  )
})
