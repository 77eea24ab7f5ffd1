import { Kernel, Monitoring, type Personalize } from "@personalize-ops/core"
import { Clock, Effect, Layer } from "effect"
import { outsideVirtualTime, runVirtual } from "../simulation/virtualTime.ts"
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

/** The world a replay runs in: every resource with its traffic, and the settings the monitor uses. */
const replayWorld = (options: MonitorSimulationOptions) => {
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
  const runOptions = {
    homeRegion: regions[0] ?? "us-east-1",
    context: { correlationId: "monitor-simulate", actor: "simulate" }
  }
  return { world, settings, profiles, runOptions }
}

type ReplayWorld = ReturnType<typeof replayWorld>

/** Delivers the monitor's command events to the command use cases, as the EventBridge rules would. */
const dispatchCommands = ({ world, settings, runOptions }: ReplayWorld) =>
  Effect.gen(function* () {
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

/** Billed unit-hours per resource, without the monitor (`baseline`) and with its decisions (`simulated`). */
interface Meter {
  readonly initial: ReadonlyMap<string, number>
  readonly baseline: Map<string, number>
  readonly simulated: Map<string, number>
}

/** Meters one five-minute window: each resource's billed rate is max(minimum, actual); nothing once removed. */
const meterWindow = (options: MonitorSimulationOptions, { world, profiles }: ReplayWorld, meter: Meter) =>
  Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    const inventory = new Map((yield* world.twin.inspector.inventory).map((d) => [d.arn as string, d]))
    const hours = TICK / HOUR
    for (const r of options.resources) {
      const profile = profiles.get(r.arn) as TrafficProfile
      const actual = requestsBetween(profile, r.arn, now - TICK, now) / (TICK / 1000)
      const initial = meter.initial.get(r.arn) as number
      meter.baseline.set(r.arn, (meter.baseline.get(r.arn) ?? 0) + Monitoring.billedRate(initial, actual) * hours)
      const d = inventory.get(r.arn)
      const serving = d !== undefined && d.status === "ACTIVE"
      const min = minOf(d) ?? initial
      const billed = serving ? Monitoring.billedRate(min, actual) * hours : 0
      meter.simulated.set(r.arn, (meter.simulated.get(r.arn) ?? 0) + billed)
    }
  })

/** The monitor's decisions on one resource, from its history in the store. */
const decisionsOf = (r: Monitoring.DashboardResource, store: Kernel.EventStore["Service"]) =>
  Effect.map(
    Monitoring.monitorHistory(r.arn).pipe(Effect.provideService(Kernel.EventStore, store)),
    (history): ReadonlyArray<SimulatedDecision> =>
      history
        .filter((h) => h.type === "MinTpsStepDownDecided" || h.type === "IdleActionDecided")
        .map((h) => ({
          at: h.at,
          arn: r.arn,
          name: r.name,
          kind: r.kind,
          summary: h.summary,
          reason: h.reason,
          ...(h.savingPerHour === undefined ? {} : { savingPerHour: h.savingPerHour })
        }))
  )

/** Each resource's unit-hours and (with a price table) cost, without and with the monitor. */
const resourceCosts = (
  options: MonitorSimulationOptions,
  settings: Monitoring.MonitorSettings,
  meter: Meter,
  inventory: ReadonlyMap<string, Personalize.ResourceDescription>
): ReadonlyArray<SimulatedResourceCost> => {
  const prices = settings.prices
  // Tiers apply to a region's monthly volume: the replayed span's unit-hours, scaled to a month.
  const hours = options.days * 24
  const volumesOf = (m: ReadonlyMap<string, number>) =>
    options.resources.map((r) => ({ kind: r.kind, region: r.region, unitHours: m.get(r.arn) ?? 0 }))
  const baselinePrice =
    prices === undefined ? undefined : Monitoring.averageUnitPrices(volumesOf(meter.baseline), hours, prices)
  const simulatedPrice =
    prices === undefined ? undefined : Monitoring.averageUnitPrices(volumesOf(meter.simulated), hours, prices)
  return options.resources.map((r) => {
    const d = inventory.get(r.arn)
    const priceBefore = baselinePrice?.(r)
    const priceAfter = simulatedPrice?.(r)
    const b = meter.baseline.get(r.arn) ?? 0
    const s = meter.simulated.get(r.arn) ?? 0
    const initial = meter.initial.get(r.arn) as number
    return {
      arn: r.arn,
      name: r.name,
      kind: r.kind,
      region: r.region,
      initialMinTPS: initial,
      finalMinTPS: minOf(d) ?? initial,
      removed: d === undefined || d.status !== "ACTIVE",
      baselineUnitHours: round(b),
      simulatedUnitHours: round(s),
      ...(priceBefore === undefined || priceAfter === undefined
        ? {}
        : { baselineCost: round(b * priceBefore, 2), simulatedCost: round(s * priceAfter, 2) })
    }
  })
}

/** The replay's totals: unit-hours, and money when every resource was priced. */
const totalsOf = (
  resources: ReadonlyArray<SimulatedResourceCost>,
  prices: Monitoring.MonitorSettings["prices"]
): MonitorSimulation["totals"] => {
  const sum = (f: (r: SimulatedResourceCost) => number | undefined) => resources.reduce((n, r) => n + (f(r) ?? 0), 0)
  const baselineUnitHours = round(sum((r) => r.baselineUnitHours))
  const simulatedUnitHours = round(sum((r) => r.simulatedUnitHours))
  const priced = prices !== undefined && resources.some((r) => r.baselineCost !== undefined)
  const baseline = round(
    sum((r) => r.baselineCost),
    2
  )
  const simulated = round(
    sum((r) => r.simulatedCost),
    2
  )
  const saved = round(sum((r) => r.baselineCost) - sum((r) => r.simulatedCost), 2)
  return {
    baselineUnitHours,
    simulatedUnitHours,
    savedUnitHours: round(baselineUnitHours - simulatedUnitHours),
    ...(priced && prices !== undefined ? { cost: { currency: prices.currency, baseline, simulated, saved } } : {})
  }
}

/**
 * Replays the monitor over `days` of virtual time on the memory world: the resources (created 14 days
 * before the start, so step-down has a full watermark window) receive their traffic, the monitor runs
 * every five minutes, and its command events are delivered to the command use cases as the EventBridge
 * rules would. Returns the decisions (from the event store, with their reasons and recorded savings) and
 * the billed throughput-hours with and without them — in money when the settings carry a price table.
 * Time is `runVirtual`'s, the discrete-event clock `simulate` and `simulate --days` run on.
 */
export const simulateMonitor = (options: MonitorSimulationOptions) =>
  Effect.gen(function* () {
    const start = 14 * DAY
    const end = start + options.days * DAY
    const replay = replayWorld(options)
    // A store outside the simulation (DynamoDB) is called on the real clock, so virtual time waits for it.
    const outside = options.eventStore
    const store: Kernel.EventStore["Service"] =
      outside === undefined
        ? replay.world.eventStore
        : {
            read: (stream, o) => outsideVirtualTime(outside.read(stream, o)),
            append: (stream, events, expected) => outsideVirtualTime(outside.append(stream, events, expected)),
            readAll: (o) => outsideVirtualTime(outside.readAll(o))
          }
    const layer = Layer.merge(replay.world.layer, Layer.succeed(Kernel.EventStore, store))
    const meter: Meter = {
      initial: new Map(options.resources.map((r) => [r.arn, r.minTPS ?? 1])),
      baseline: new Map(),
      simulated: new Map()
    }
    // The final inventory is read at the end of virtual time, on the same clock.
    const run = Effect.gen(function* () {
      for (let t = start; t < end; t += TICK) {
        yield* Effect.sleep(TICK)
        yield* Monitoring.runMonitor(replay.settings, replay.runOptions)
        yield* dispatchCommands(replay)
        yield* meterWindow(options, replay, meter)
      }
      return yield* replay.world.twin.inspector.inventory
    }).pipe(Effect.provide(layer))
    const final = yield* runVirtual(run, start, end)
    const inventory = new Map(final.map((d) => [d.arn as string, d]))
    const decisions = (yield* Effect.forEach(options.resources, (r) => decisionsOf(r, store))).flat()
    decisions.sort((a, b) => a.at - b.at || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0))
    const resources = resourceCosts(options, replay.settings, meter, inventory)
    return {
      start,
      end,
      days: options.days,
      decisions,
      resources,
      totals: totalsOf(resources, replay.settings.prices)
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
