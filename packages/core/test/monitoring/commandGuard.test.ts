import { type Context, Effect, Exit, Layer } from "effect"
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
