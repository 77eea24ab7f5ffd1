import { Kernel, Monitoring, type Personalize } from "@personalize-ops/core"
import { Clock, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { MemoryMonitoringWorld } from "./MemoryMonitoring.ts"
import { requestsBetween, type TrafficProfile } from "./TrafficProfile.ts"

const HOUR = 3_600_000
const DAY = 24 * HOUR
const TICK = 5 * 60_000

/** What `monitor simulate` replays: resources, their traffic, how long, under which settings. */
export interface MonitorSimulationOptions {
  readonly resources: ReadonlyArray<Monitoring.DashboardResource>
  /** The traffic of each resource; time 0 of a spec like `step:50:6:2d` is `start`. */
  readonly traffic: (resource: Monitoring.DashboardResource) => TrafficProfile
  readonly days: number
  /** The monitor's settings; `regions` defaults to the resources' regions. */
  readonly settings?: Monitoring.MonitorSettings
  /** Where the decisions are recorded (a state file's store); a fresh memory store when absent. */
  readonly eventStore?: Kernel.EventStore["Service"]
}

/** One decision the monitor took during the replay. */
export interface SimulatedDecision {
  readonly at: number
  readonly arn: string
  readonly name: string
  readonly kind: Personalize.MonitoredKind
  readonly summary: string
  readonly reason: string
  readonly savingPerHour?: { readonly amount: number; readonly currency: string }
}

/** Provisioned throughput-hours (and money, with prices) of one resource: without and with the monitor. */
export interface SimulatedResourceCost {
  readonly arn: string
  readonly name: string
  readonly kind: Personalize.MonitoredKind
  readonly region: string
  readonly initialMinTPS: number
  readonly finalMinTPS: number
  readonly removed: boolean
  /** Billed unit-hours (TPS-hours or RPS-hours) had nothing changed the minimum. */
  readonly baselineUnitHours: number
  /** Billed unit-hours with the monitor's decisions applied. */
  readonly simulatedUnitHours: number
  readonly baselineCost?: number
  readonly simulatedCost?: number
}

export interface MonitorSimulation {
  /** Epoch ms of the replay's start and end (virtual time). */
  readonly start: number
  readonly end: number
  readonly days: number
  readonly decisions: ReadonlyArray<SimulatedDecision>
  readonly resources: ReadonlyArray<SimulatedResourceCost>
  readonly totals: {
    readonly baselineUnitHours: number
    readonly simulatedUnitHours: number
    readonly savedUnitHours: number
    readonly cost?: {
      readonly currency: string
      readonly baseline: number
      readonly simulated: number
      readonly saved: number
    }
  }
}

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits

/**
 * Replays the monitor over `days` of virtual time on the memory world: the resources (created 14 days
 * before the start, so step-down has a full watermark window) receive their traffic, the monitor runs
 * every five minutes, and its command events are delivered to the command use cases as the EventBridge
 * rules would. Returns the decisions (from the event store, with their reasons and recorded savings) and
 * the billed throughput-hours with and without them — in money when the settings carry a price table.
 */
export const simulateMonitor = (options: MonitorSimulationOptions) =>
  Effect.gen(function* () {
    const start = 14 * DAY
    const end = start + options.days * DAY
    const world = new MemoryMonitoringWorld()
    const regions = [...new Set(options.resources.map((r) => r.region))].sort()
    const settings: Monitoring.MonitorSettings = {
      ...(options.settings ?? Monitoring.defaultSettings),
      ...((options.settings?.regions.length ?? 0) === 0 ? { regions } : {})
    }
    const profiles = new Map<string, TrafficProfile>()
    for (const r of options.resources) {
      const profile = options.traffic(r)
      profiles.set(r.arn, profile)
      world.addResource(
        {
          arn: r.arn,
          name: r.name,
          kind: r.kind,
          region: r.region,
          datasetGroupArn: r.datasetGroupArn,
          datasetGroupName: r.datasetGroupName,
          ...(r.recipeArn === undefined ? {} : { recipeArn: r.recipeArn }),
          minTPS: r.minTPS ?? 1,
          status: "ACTIVE",
          createdAt: 0
        },
        profile
      )
    }
    const store = options.eventStore ?? world.eventStore
    const layer = Layer.merge(world.layer, Layer.succeed(Kernel.EventStore, store))
    const context = { correlationId: "monitor-simulate", actor: "simulate" }
    const runOptions = { homeRegion: regions[0] ?? "us-east-1", context }

    const dispatch = Effect.gen(function* () {
      for (let events = world.drainBus(); events.length > 0; events = world.drainBus())
        for (const e of events)
          switch (e.detailType) {
            case Monitoring.DetailType.UpdateCampaignMinTps:
            case Monitoring.DetailType.UpdateRecommenderMinRps: {
              const detail = yield* Monitoring.decodeInput(Monitoring.UpdateMinTpsDetail, e.detail, "detail")
              yield* Monitoring.applyUpdateMinTps(detail, runOptions)
              break
            }
            case Monitoring.DetailType.DeleteCampaign:
            case Monitoring.DetailType.StopRecommender: {
              const detail = yield* Monitoring.decodeInput(Monitoring.RemoveResourceDetail, e.detail, "detail")
              yield* Monitoring.applyRemoveResource(detail, settings, runOptions)
              break
            }
            // Dashboards and notifications are not part of a rehearsal.
            default:
              break
          }
    })

    const baseline = new Map<string, number>()
    const simulated = new Map<string, number>()
    const initial = new Map(options.resources.map((r) => [r.arn, r.minTPS ?? 1]))
    // The billed rate of one five-minute window: max(minimum, actual); nothing once removed.
    const account = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const inventory = new Map((yield* world.twin.inspector.inventory).map((d) => [d.arn as string, d]))
      for (const r of options.resources) {
        const profile = profiles.get(r.arn)!
        const actual = requestsBetween(profile, r.arn, now - TICK, now) / (TICK / 1000)
        const hours = TICK / HOUR
        baseline.set(r.arn, (baseline.get(r.arn) ?? 0) + Monitoring.billedRate(initial.get(r.arn)!, actual) * hours)
        const d = inventory.get(r.arn)
        const serving = d !== undefined && d.status === "ACTIVE"
        const min = minOf(d) ?? initial.get(r.arn)!
        simulated.set(r.arn, (simulated.get(r.arn) ?? 0) + (serving ? Monitoring.billedRate(min, actual) * hours : 0))
      }
    })

    // The final inventory is read at the end of virtual time, on the same clock.
    const final = yield* Effect.gen(function* () {
      yield* TestClock.setTime(start)
      for (let t = start; t < end; t += TICK) {
        yield* TestClock.adjust(TICK)
        yield* Monitoring.runMonitor(settings, runOptions)
        yield* dispatch
        yield* account
      }
      return yield* world.twin.inspector.inventory
    }).pipe(Effect.provide(layer), Effect.provide(TestClock.layer()))
    const inventory = new Map(final.map((d) => [d.arn as string, d]))
    const decisions: Array<SimulatedDecision> = []
    const resources: Array<SimulatedResourceCost> = []
    const prices = settings.prices
    // Tiers apply to a region's monthly volume: the replayed span's unit-hours, scaled to a month.
    const hours = options.days * 24
    const volumesOf = (m: ReadonlyMap<string, number>) =>
      options.resources.map((r) => ({ kind: r.kind, region: r.region, unitHours: m.get(r.arn) ?? 0 }))
    const baselinePrice =
      prices === undefined ? undefined : Monitoring.averageUnitPrices(volumesOf(baseline), hours, prices)
    const simulatedPrice =
      prices === undefined ? undefined : Monitoring.averageUnitPrices(volumesOf(simulated), hours, prices)
    for (const r of options.resources) {
      const history = yield* Monitoring.monitorHistory(r.arn).pipe(Effect.provideService(Kernel.EventStore, store))
      for (const h of history)
        if (h.type === "MinTpsStepDownDecided" || h.type === "IdleActionDecided")
          decisions.push({
            at: h.at,
            arn: r.arn,
            name: r.name,
            kind: r.kind,
            summary: h.summary,
            reason: h.reason,
            ...(h.savingPerHour === undefined ? {} : { savingPerHour: h.savingPerHour })
          })
      const d = inventory.get(r.arn)
      const priceBefore = baselinePrice?.(r)
      const priceAfter = simulatedPrice?.(r)
      const b = baseline.get(r.arn) ?? 0
      const s = simulated.get(r.arn) ?? 0
      resources.push({
        arn: r.arn,
        name: r.name,
        kind: r.kind,
        region: r.region,
        initialMinTPS: initial.get(r.arn)!,
        finalMinTPS: minOf(d) ?? initial.get(r.arn)!,
        removed: d === undefined || d.status !== "ACTIVE",
        baselineUnitHours: round(b),
        simulatedUnitHours: round(s),
        ...(priceBefore === undefined || priceAfter === undefined
          ? {}
          : { baselineCost: round(b * priceBefore, 2), simulatedCost: round(s * priceAfter, 2) })
      })
    }
    decisions.sort((a, b) => a.at - b.at || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0))
    const sum = (f: (r: SimulatedResourceCost) => number | undefined) => resources.reduce((n, r) => n + (f(r) ?? 0), 0)
    const baselineUnitHours = round(sum((r) => r.baselineUnitHours))
    const simulatedUnitHours = round(sum((r) => r.simulatedUnitHours))
    const priced = prices !== undefined && resources.some((r) => r.baselineCost !== undefined)
    return {
      start,
      end,
      days: options.days,
      decisions,
      resources,
      totals: {
        baselineUnitHours,
        simulatedUnitHours,
        savedUnitHours: round(baselineUnitHours - simulatedUnitHours),
        ...(priced && prices !== undefined
          ? {
              cost: {
                currency: prices.currency,
                baseline: round(
                  sum((r) => r.baselineCost),
                  2
                ),
                simulated: round(
                  sum((r) => r.simulatedCost),
                  2
                ),
                saved: round(sum((r) => r.baselineCost) - sum((r) => r.simulatedCost), 2)
              }
            }
          : {})
      }
    } satisfies MonitorSimulation
  })

/** The provisioned minimum of a campaign or recommender description. */
const minOf = (d: Personalize.ResourceDescription | undefined): number | undefined => {
  if (d === undefined) return undefined
  if (d.kind === "Campaign")
    return typeof d.attributes.minProvisionedTPS === "number" ? d.attributes.minProvisionedTPS : undefined
  const config = d.attributes.recommenderConfig as { readonly minRecommendationRequestsPerSecond?: unknown } | undefined
  return typeof config?.minRecommendationRequestsPerSecond === "number"
    ? config.minRecommendationRequestsPerSecond
    : undefined
}
