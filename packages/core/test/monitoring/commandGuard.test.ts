import { assert, it as effectIt } from "@effect/vitest"
import { Monitoring } from "@personalize-ops/core"
import { type Context, Effect, Exit, Layer } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"
import { EventStore } from "../../src/kernel/index.ts"
import {
  type CommandOrigin,
  checkMonitorCommand,
  defaultSettings,
  eventInstanceId,
  Metrics,
  type MonitorCommand,
  type MonitorSettings,
  notWatchedReason
} from "../../src/monitoring/index.ts"
import { Personalize } from "../../src/personalize/index.ts"
import { campaignArn, datasetGroupArn, description, monitorWorld, solutionArn } from "./fakeMonitor.ts"

const campaign = "arn:aws:personalize:eu-west-1:123456789012:campaign/shop"
const recommender = "arn:aws:personalize:eu-west-1:123456789012:recommender/top"

describe("notWatchedReason: is a command's resource one this monitor watches?", () => {
  const all = { campaigns: "all", recommenders: "all", regions: ["eu-west-1"] } as const

  it("with 'all', a campaign or recommender of a scanned region (of the monitored account, when set)", () => {
    expect(notWatchedReason(all, campaign)).toBeUndefined()
    expect(notWatchedReason(all, recommender)).toBeUndefined()
    expect(notWatchedReason({ ...all, accountId: "123456789012" }, campaign)).toBeUndefined()
    expect(notWatchedReason(all, campaign.replace("eu-west-1", "us-east-1"))).toBe(
      "region us-east-1 is not one the monitor scans (Regions)"
    )
    expect(notWatchedReason({ ...all, accountId: "210987654321" }, campaign)).toBe(
      "account 123456789012 is not the monitored account 210987654321"
    )
  })

  it("with lists, only a listed ARN of its own kind's list (CampaignARNs / RecommenderARNs), whatever the regions", () => {
    const listed = { campaigns: [campaign], recommenders: [recommender], regions: [] }
    expect(notWatchedReason(listed, campaign)).toBeUndefined()
    expect(notWatchedReason(listed, recommender)).toBeUndefined()
    expect(notWatchedReason(listed, `${campaign}2`)).toBe("not listed in CampaignARNs")
    expect(notWatchedReason(listed, `${recommender}2`)).toBe("not listed in RecommenderARNs")
    expect(notWatchedReason({ ...listed, recommenders: [campaign] }, campaign)).toBeUndefined()
    expect(notWatchedReason({ ...listed, campaigns: [recommender] }, recommender)).toBeUndefined()
    expect(notWatchedReason({ campaigns: [recommender], recommenders: [campaign], regions: [] }, campaign)).toBe(
      "not listed in CampaignARNs"
    )
    expect(notWatchedReason({ campaigns: "all", recommenders: [], regions: ["eu-west-1"] }, recommender)).toBe(
      "not listed in RecommenderARNs"
    )
    expect(notWatchedReason({ campaigns: [], recommenders: "all", regions: ["eu-west-1"] }, campaign)).toBe(
      "not listed in CampaignARNs"
    )
  })

  it("anything but a campaign or recommender ARN is not watched", () => {
    for (const arn of ["arn:aws:personalize:eu-west-1:123456789012:solution/s", "campaign/shop", ""])
      expect(notWatchedReason(all, arn), arn).toBe("not a campaign or recommender ARN")
  })
})

describe("eventInstanceId", () => {
  it("reads a string MonitorInstanceId from an event's detail, and nothing else", () => {
    expect(eventInstanceId({ ARN: campaign, MonitorInstanceId: "blue" })).toBe("blue")
    expect(eventInstanceId({ ARN: campaign })).toBeUndefined()
    expect(eventInstanceId({ MonitorInstanceId: 7 })).toBeUndefined()
    expect(eventInstanceId(null)).toBeUndefined()
    expect(eventInstanceId("MonitorInstanceId")).toBeUndefined()
    expect(eventInstanceId(undefined)).toBeUndefined()
  })
})

/** A service the settings' gates must decide without: any call fails the test. */
const untouched = <I, S extends object>(tag: Context.Key<I, S>) =>
  Layer.succeed(tag)(
    new Proxy({} as S, {
      get: (_, name) => () => Effect.die(new Error(`the gate called ${String(name)}`))
    })
  )
const noServices = Layer.mergeAll(untouched(Personalize), untouched(Metrics), untouched(EventStore))

const check = (command: MonitorCommand, settings: Partial<MonitorSettings>, origin: CommandOrigin = "event") =>
  Effect.runPromiseExit(
    checkMonitorCommand(command, { ...defaultSettings, regions: ["eu-west-1"], ...settings }, origin).pipe(
      Effect.provide(noServices)
    )
  )
const rejection = async (...args: Parameters<typeof check>) => {
  const exit = await check(...args)
  if (Exit.isSuccess(exit)) return "accepted"
  const error = exit.cause.reasons[0]
  return error?._tag === "Fail" ? { ...error.error } : String(exit.cause)
}

describe("checkMonitorCommand: the settings' gates, before anything is read", () => {
  const remove: MonitorCommand = { _tag: "RemoveResource", detail: { ARN: campaign } }
  const stepDown: MonitorCommand = { _tag: "UpdateMinTps", detail: { ARN: campaign, NewMinTPS: 1 } }

  it("refuses a resource the monitor does not watch, naming why", async () => {
    expect(await rejection(remove, { autoDeleteOrStopIdleResources: true, campaigns: [] })).toEqual({
      _tag: "MonitorCommandRejected",
      arn: campaign,
      reason: "not monitored: not listed in CampaignARNs"
    })
    expect(await rejection(stepDown, { regions: ["us-east-1"] }, "direct")).toEqual({
      _tag: "MonitorCommandRejected",
      arn: campaign,
      reason: "not monitored: region eu-west-1 is not one the monitor scans (Regions)"
    })
  })

  it("a removal needs AutoDeleteOrStopIdleResources, from the bus and directly", async () => {
    for (const origin of ["event", "direct"] as const)
      expect(await rejection(remove, { autoDeleteOrStopIdleResources: false }, origin)).toEqual({
        _tag: "MonitorCommandRejected",
        arn: campaign,
        reason: "AutoDeleteOrStopIdleResources is off"
      })
  })

  it("a TPS change invoked directly is the operator's: accepted without reading anything", async () => {
    expect(await rejection(stepDown, { autoAdjustMinTPS: false }, "direct")).toBe("accepted")
    const preWarm: MonitorCommand = {
      _tag: "UpdateMinTps",
      detail: { ARN: campaign, NewMinTPS: 50, PreWarmUntil: "2026-11-28T10:00:00Z" }
    }
    expect(await rejection(preWarm, {}, "direct")).toBe("accepted")
  })

  it("from the bus, a TPS change needs AutoAdjustMinTPS, and a pre-warm is refused", async () => {
    expect(await rejection(stepDown, { autoAdjustMinTPS: false })).toEqual({
      _tag: "MonitorCommandRejected",
      arn: campaign,
      reason: "AutoAdjustMinTPS is off"
    })
    const preWarm: MonitorCommand = {
      _tag: "UpdateMinTps",
      detail: { ARN: campaign, NewMinTPS: 50, PreWarmUntil: "2026-11-28T10:00:00Z" }
    }
    expect(await rejection(preWarm, { autoAdjustMinTPS: true })).toEqual({
      _tag: "MonitorCommandRejected",
      arn: campaign,
      reason: "a pre-warm is an operator's: invoke the function directly"
    })
  })

  it("a command past the gates reads the resource's log (here: the untouched store fails the check)", async () => {
    const exit = await check(stepDown, { autoAdjustMinTPS: true })
    expect(Exit.isFailure(exit) && String(exit.cause)).toContain("the gate called read")
  })
})

describe("checkMonitorCommand: past the gates, the policy's reasons on fresh metrics", () => {
  const HOUR = 3_600_000
  const c1 = campaignArn("c1")
  const sol = solutionArn("sol")
  const descriptions = [
    description("Campaign", c1, { attributes: { solutionVersionArn: `${sol}/v1`, minProvisionedTPS: 10 } }),
    description("Solution", sol, { attributes: { datasetGroupArn: datasetGroupArn("movies") } })
  ]
  // Ten days after creation, 30 s past a minute (the check reads whole minutes).
  const clock = 10 * 24 * HOUR + 7 * 60_000 + 30_000
  const now = clock - 30_000
  const settings: MonitorSettings = {
    ...defaultSettings,
    regions: ["us-east-1"],
    autoDeleteOrStopIdleResources: true,
    idleThresholdHours: 6
  }
  const context = { correlationId: "cmd", actor: "test" }
  const remove: MonitorCommand = { _tag: "RemoveResource", detail: { ARN: c1 } }
  const stepDown = (NewMinTPS: number): MonitorCommand => ({ _tag: "UpdateMinTps", detail: { ARN: c1, NewMinTPS } })
  /** Runs the check at `clock` against `world`; "accepted" or the rejection's reason (other failures: their tag). */
  const outcome = (world: ReturnType<typeof monitorWorld>, command: MonitorCommand, origin: CommandOrigin = "event") =>
    Effect.gen(function* () {
      yield* TestClock.setTime(clock)
      const exit = yield* Effect.exit(checkMonitorCommand(command, settings, origin))
      if (Exit.isSuccess(exit)) return "accepted"
      const error = exit.cause.reasons[0]
      return error?._tag === "Fail"
        ? error.error._tag === "MonitorCommandRejected"
          ? error.error.reason
          : error.error._tag
        : String(exit.cause)
    }).pipe(Effect.provide(world.layer))
  /** Metrics with `perHour` requests in every hourly sum and `idle`/`last` points for the removal's two reads. */
  const traffic = (o: {
    readonly perHour?: number
    readonly idle?: ReadonlyArray<Monitoring.RequestPoint>
    readonly last?: ReadonlyArray<Monitoring.RequestPoint>
  }) =>
    monitorWorld({
      descriptions,
      answer: (request, call) => {
        if (request.key === "idle") return o.idle ?? []
        if (request.key === "now") return o.last ?? []
        const points = []
        for (let t = call.start; t < call.end; t += HOUR) points.push({ timestamp: t, value: o.perHour ?? 0 })
        return points
      }
    })

  effectIt.effect(
    "a removal of a resource idle over IdleThresholdHours is accepted, read over exactly that window",
    () =>
      Effect.gen(function* () {
        const world = traffic({})
        assert.strictEqual(yield* outcome(world, remove), "accepted")
        assert.deepStrictEqual(
          world.metrics.reads.map((c) => [c.start, c.end, c.queries.map((q) => [q.request.key, q.request.period])]),
          [
            [
              now - 6 * HOUR,
              now,
              [
                ["idle", 6 * 3600],
                ["now", 300]
              ]
            ]
          ]
        )
      })
  )

  effectIt.effect("a removal is refused when requests came within the threshold or in the last five minutes", () =>
    Effect.gen(function* () {
      const refused = "not idle now: requests in the last 6 hours, or not removable"
      assert.strictEqual(yield* outcome(traffic({ idle: [{ timestamp: now - 6 * HOUR, value: 2 }] }), remove), refused)
      // The last window starts five minutes before now, inclusive; anything older is not "now".
      assert.strictEqual(yield* outcome(traffic({ last: [{ timestamp: now - 300_000, value: 1 }] }), remove), refused)
      assert.strictEqual(
        yield* outcome(traffic({ last: [{ timestamp: now - 360_000, value: 1 }] }), remove),
        "accepted"
      )
      assert.strictEqual(yield* outcome(traffic({ last: [{ timestamp: now - 60_000, value: 0 }] }), remove), "accepted")
    })
  )

  effectIt.effect("a redelivered removal the log says was done is accepted without reading anything", () =>
    Effect.gen(function* () {
      const world = traffic({ idle: [{ timestamp: now - HOUR, value: 9 }] })
      yield* Monitoring.applyRemoveResource(remove.detail, settings, { homeRegion: "us-east-1", context }).pipe(
        Effect.provide(world.layer)
      )
      assert.strictEqual(yield* outcome(world, remove), "accepted")
      assert.deepStrictEqual(world.metrics.reads, [])
    })
  )

  effectIt.effect("a resource that is gone: its removal is done; a step-down of it is refused", () =>
    Effect.gen(function* () {
      const gone = monitorWorld({ descriptions: descriptions.slice(1) })
      assert.strictEqual(yield* outcome(gone, remove), "accepted")
      assert.strictEqual(yield* outcome(gone, stepDown(7)), "no such resource")
      // Its solution not found is a failure, never a reason to act.
      const orphan = monitorWorld({ descriptions: descriptions.slice(0, 1) })
      assert.strictEqual(yield* outcome(orphan, remove), "ResourceNotFound")
      assert.strictEqual(yield* outcome(orphan, stepDown(7)), "ResourceNotFound")
    })
  )

  effectIt.effect(
    "a step-down from the bus goes no lower than the watermark rule allows now (10 → 7 without traffic)",
    () =>
      Effect.gen(function* () {
        const idle = traffic({})
        assert.strictEqual(yield* outcome(idle, stepDown(7)), "accepted")
        const hourStart = Math.floor(now / HOUR) * HOUR
        assert.deepStrictEqual(
          idle.metrics.reads.map((c) => [c.start, c.end, c.queries.map((q) => [q.request.key, q.request.period])]),
          [[hourStart - 14 * 24 * HOUR, hourStart, [["hourly", 3600]]]]
        )
        assert.strictEqual(
          yield* outcome(idle, stepDown(6)),
          "NewMinTPS 6 is below what the watermark rule allows now (7)"
        )
        assert.strictEqual(yield* outcome(idle, stepDown(10)), "a step-down lowers the minimum (now 10)")
        assert.strictEqual(yield* outcome(idle, stepDown(9)), "accepted")
        // A watermark of 8 requests a second: 8 is the floor.
        assert.strictEqual(
          yield* outcome(traffic({ perHour: 8 * 3600 }), stepDown(7)),
          "NewMinTPS 7 is below what the watermark rule allows now (8)"
        )
        assert.strictEqual(
          yield* outcome(traffic({ perHour: 10 * 3600 }), stepDown(9)),
          "the step-down rule does not lower this resource now"
        )
      })
  )

  effectIt.effect("a pre-warm in the log holds step-downs from the bus until it ends", () =>
    Effect.gen(function* () {
      const world = traffic({})
      yield* TestClock.setTime(clock)
      yield* Monitoring.applyUpdateMinTps(
        { ARN: c1, NewMinTPS: 10, PreWarmUntil: new Date(now + HOUR).toISOString() },
        { homeRegion: "us-east-1", context }
      ).pipe(Effect.provide(world.layer))
      assert.strictEqual(yield* outcome(world, stepDown(7)), "the step-down rule does not lower this resource now")
    })
  )
})
