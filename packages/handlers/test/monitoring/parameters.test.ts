import { ConfigProvider, Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { monitorConfig } from "../../src/monitoring/MonitorConfig.ts"
import { monitorParameters, parameterAccepts } from "../../src/monitoring/parameters.ts"

const campaign = "arn:aws:personalize:us-east-1:123456789012:campaign/shop"
const recommender = "arn:aws:personalize:eu-west-1:123456789012:recommender/top-picks"
// Values an operator might type, good and bad, per parameter.
const samples: Record<string, { readonly good: ReadonlyArray<string>; readonly bad: ReadonlyArray<string> }> = {
  CampaignARNs: {
    good: ["all", campaign, `${campaign},${campaign.replace("shop", "news")}`, `${campaign}, ${campaign}2`],
    bad: ["All ", "al", recommender, `${campaign};${campaign}`, "", "arn:aws:personalize:us-east-1:1234:campaign/x"]
  },
  RecommenderARNs: { good: ["all", recommender], bad: [campaign, "none", ""] },
  Regions: { good: ["", "us-east-1", "us-east-1,eu-west-1", "us-gov-west-1"], bad: ["us-east", "US-EAST-1", "all"] },
  AutoCreateUtilizationAlarms: { good: ["Yes", "No"], bad: ["yes", "Yse", "true", ""] },
  UtilizationThresholdAlarmLowerBound: { good: ["0", "100", "1000", "12.5"], bad: ["-1", "1001", "ten", ""] },
  AutoCreateIdleAlarms: { good: ["Yes", "No"], bad: ["Y", "no "] },
  IdleThresholdHours: { good: ["1", "24", "48", "8760"], bad: ["0", "8761", "a day"] },
  AutoDeleteOrStopIdleResources: { good: ["Yes", "No"], bad: ["Maybe"] },
  AutoAdjustMinTPS: { good: ["Yes", "No"], bad: ["false"] },
  NotificationEndpoint: { good: ["", "ops@example.com"], bad: ["ops", "ops@example", "a@b.c,d@e.f"] },
  LatencyP95ThresholdMs: { good: ["", "250", "99.5"], bad: ["250ms", "-1", "fast"] },
  LatencyAnomalyBand: { good: ["", "2", "1.5"], bad: ["two", "2 "] },
  ErrorRateThresholdPercent: { good: ["", "5"], bad: ["5%"] },
  StaleModelDays: { good: ["", "30"], bad: ["a month"] },
  PriceTable: {
    good: [
      "",
      '{"currency":"USD","source":"https://aws.amazon.com/personalize/pricing/","asOf":"2026-11-27","regions":{"us-east-1":{"campaignTpsHour":[{"price":0.2,"upToUnitHours":20000},{"price":0.1}]}}}'
    ],
    bad: ["0.2", "prices.json", '{"currency":"USD",\n"regions":{}}']
  },
  AlarmNamePrefix: { good: ["PersonalizeMonitor-", "shop.prod_"], bad: ["", "has space"] },
  DashboardName: { good: ["Amazon-Personalize-Monitor", "shop_1"], bad: ["", "a/b", "x".repeat(201)] },
  NotificationTopicName: { good: ["PersonalizeMonitorNotifications"], bad: ["", "a.b"] }
}

const defaults = Object.fromEntries(monitorParameters.map((q) => [q.name, q.default]))
const decode = (vars: Record<string, string>) =>
  Effect.runSyncExit(
    monitorConfig.pipe(
      Effect.provideService(
        ConfigProvider.ConfigProvider,
        ConfigProvider.fromUnknown({ AWS_REGION: "us-east-1", ...defaults, ...vars })
      )
    )
  )

describe("the monitor's deployment parameters (the one-click template's)", () => {
  it("every parameter has samples, and its default is accepted", () => {
    for (const p of monitorParameters) {
      expect(samples[p.name], `samples for ${p.name}`).toBeDefined()
      expect(parameterAccepts(p, p.default), `${p.name} default`).toBe(true)
    }
  })

  it("rejects typos at deploy time and accepts what operators mean", () => {
    for (const p of monitorParameters) {
      const s = samples[p.name]
      for (const v of s?.good ?? []) expect(parameterAccepts(p, v), `${p.name}=${JSON.stringify(v)}`).toBe(true)
      for (const v of s?.bad ?? []) expect(parameterAccepts(p, v), `${p.name}=${JSON.stringify(v)}`).toBe(false)
    }
  })

  it("every value the template accepts decodes in the functions' config (no cold-start failure)", () => {
    for (const p of monitorParameters)
      for (const v of samples[p.name]?.good ?? []) {
        const exit = decode({ [p.name]: v })
        expect(Exit.isSuccess(exit), `${p.name}=${JSON.stringify(v)}: ${String(exit)}`).toBe(true)
      }
  })

  it("the defaults as the template passes them (empty Regions and NotificationEndpoint) mean the seed's defaults", () => {
    const exit = decode({})
    expect(Exit.isSuccess(exit)).toBe(true)
    if (Exit.isSuccess(exit)) {
      expect(exit.value.settings.regions).toEqual(["us-east-1"])
      expect(exit.value.settings.campaigns).toBe("all")
      expect(exit.value.settings.autoDeleteOrStopIdleResources).toBe(false)
      expect(exit.value.settings.idleThresholdHours).toBe(24)
      expect(exit.value.notificationEndpoint).toBe("")
      expect(exit.value.settings.latencyP95ThresholdMs).toBeUndefined()
      expect(exit.value.settings.staleModelDays).toBeUndefined()
    }
    const on = decode({ LatencyAnomalyBand: "2", ErrorRateThresholdPercent: "5", StaleModelDays: "30" })
    expect(Exit.isSuccess(on) ? on.value.settings : undefined).toMatchObject({
      latencyAnomalyBand: 2,
      errorRateThresholdPercent: 5,
      staleModelDays: 30
    })
    expect(Exit.isFailure(decode({ StaleModelDays: "0" }))).toBe(true)
    const table = {
      currency: "USD",
      source: "test",
      asOf: "2026-11-27",
      regions: { "us-east-1": { campaignTpsHour: [{ price: 0.2 }], recommenderRpsHour: [{ price: 0.1 }] } }
    }
    const withPrices = decode({ PriceTable: JSON.stringify(table) })
    expect(Exit.isSuccess(withPrices) ? withPrices.value.settings.prices : undefined).toEqual(table)
    expect(Exit.isFailure(decode({ PriceTable: JSON.stringify({ ...table, asOf: "soon" }) }))).toBe(true)
  })
})
