import { Kernel, Monitoring, Notify } from "@personalize-ops/core"
import { Clock, Effect, Layer } from "effect"
import { makeMemoryEventStore } from "../kernel/MemoryEventStore.ts"
import { requestsBetween, type TrafficProfile } from "./TrafficProfile.ts"

type Resource = Monitoring.MonitoredResource

/** A call the memory adapters recorded, for assertions. */
export interface RecordedCall {
  readonly operation: string
  readonly at: number
  readonly arn?: string
  readonly detail?: unknown
}

/**
 * An in-memory world for the monitoring ports: Personalize resources with creation times, traffic from
 * profiles (read through GetMetricData semantics: Sum per period, no datapoint when nothing was
 * requested, nothing from the future), alarms per region, dashboards, the bus and notifications.
 * Time is Effect's Clock, so TestClock drives weeks of virtual time.
 */
export class MemoryMonitoringWorld {
  readonly resources = new Map<string, Resource>()
  readonly solutions = new Map<string, Monitoring.SolutionFreshness>()
  readonly profiles = new Map<string, TrafficProfile>()
  readonly alarms = new Map<string, Map<string, Monitoring.AlarmSpec>>()
  readonly dashboards = new Map<string, string>()
  readonly customMetrics: Array<{
    readonly region: string
    readonly namespace: string
    readonly datum: Monitoring.MetricDatum
  }> = []
  readonly bus: Array<{ readonly region: string; readonly event: Monitoring.BusEvent }> = []
  readonly notifications: Array<Notify.Notification> = []
  readonly calls: Array<RecordedCall> = []
  readonly eventStore: Kernel.EventStore["Service"] = makeMemoryEventStore()
  /** ARNs whose Describe is "throttled": listed as unavailable (fault injection). */
  readonly unavailable = new Set<string>()
  /** Latency reported for every request metric (ms). */
  latencyMs = 42

  /** Adds (or replaces) a campaign or recommender, with the traffic it receives. */
  addResource(resource: Resource, profile: TrafficProfile = () => 0): this {
    this.resources.set(resource.arn, resource)
    this.profiles.set(resource.arn, profile)
    return this
  }

  addSolution(solution: Monitoring.SolutionFreshness): this {
    this.solutions.set(solution.solutionArn, solution)
    return this
  }

  /** Takes the bus events put since the last drain (what EventBridge rules would deliver). */
  drainBus(): ReadonlyArray<Monitoring.BusEvent> {
    return this.bus.splice(0).map((e) => e.event)
  }

  private record(operation: string, at: number, arn?: string, detail?: unknown) {
    this.calls.push({
      operation,
      at,
      ...(arn === undefined ? {} : { arn }),
      ...(detail === undefined ? {} : { detail })
    })
  }

  private readonly resourcesPort = Monitoring.MonitoredResources.of({
    list: (region) =>
      Effect.sync(() => {
        const here = [...this.resources.values()].filter((r) => r.region === region)
        return {
          resources: here.filter((r) => !this.unavailable.has(r.arn)),
          unavailable: here.filter((r) => this.unavailable.has(r.arn)).map((r) => r.arn)
        }
      }),
    describe: (arn) =>
      Effect.suspend((): Effect.Effect<Resource, Monitoring.ResourceGone | Monitoring.ResourceUnavailable> => {
        const r = this.resources.get(arn)
        if (this.unavailable.has(arn))
          return Effect.fail(new Monitoring.ResourceUnavailable({ arn, detail: "ThrottlingException" }))
        return r === undefined ? Effect.fail(new Monitoring.ResourceGone({ arn })) : Effect.succeed(r)
      }),
    latestSolutionVersions: (datasetGroupArns) =>
      Effect.sync(() => [...this.solutions.values()].filter((s) => datasetGroupArns.includes(s.datasetGroupArn))),
    updateMinTps: (arn, minTPS) =>
      Effect.gen({ self: this }, function* () {
        const r = this.resources.get(arn)
        if (r === undefined) return yield* new Monitoring.ResourceGone({ arn })
        if (!Monitoring.isUpdatable(r)) return yield* new Monitoring.ResourceBusy({ arn, detail: r.status })
        this.record("UpdateMinTps", yield* Clock.currentTimeMillis, arn, minTPS)
        // The twin applies the update at once (the real one passes through an update lifecycle).
        this.resources.set(arn, { ...r, minTPS })
      }),
    deleteCampaign: (arn) =>
      Effect.gen({ self: this }, function* () {
        const r = this.resources.get(arn)
        if (r === undefined || r.kind !== "campaign") return yield* new Monitoring.ResourceGone({ arn })
        this.record("DeleteCampaign", yield* Clock.currentTimeMillis, arn)
        this.resources.delete(arn)
      }),
    stopRecommender: (arn) =>
      Effect.gen({ self: this }, function* () {
        const r = this.resources.get(arn)
        if (r === undefined || r.kind !== "recommender") return yield* new Monitoring.ResourceGone({ arn })
        if (r.status !== "ACTIVE") return yield* new Monitoring.ResourceBusy({ arn, detail: r.status })
        this.record("StopRecommender", yield* Clock.currentTimeMillis, arn)
        this.resources.set(arn, { ...r, status: "INACTIVE" })
      })
  })

  private series(q: Monitoring.PlannedQuery, start: number, end: number, now: number): Monitoring.MetricSeries {
    const { request } = q
    const arn = request.dimensions[0]?.value ?? ""
    const period = request.period * 1000
    const timestamps: Array<number> = []
    const values: Array<number> = []
    const isRequests = request.namespace === Monitoring.PersonalizeNamespace && !request.metricName.endsWith("Latency")
    const isLatency = request.namespace === Monitoring.PersonalizeNamespace && request.metricName.endsWith("Latency")
    const profile = this.profiles.get(arn)
    const resource = this.resources.get(arn)
    for (let t = start - (start % 60_000); t < Math.min(end, now); t += period) {
      const until = Math.min(t + period, now)
      if (request.namespace === Monitoring.PersonalizeNamespace) {
        if (profile === undefined || resource === undefined) continue
        // A resource serves (and reports) only while it exists and is ACTIVE.
        const from = Math.max(t, resource.createdAt)
        if (from >= until || resource.status !== "ACTIVE") continue
        const n = requestsBetween(profile, arn, from, until)
        if (n === 0) continue
        timestamps.push(t)
        values.push(isRequests ? n : isLatency ? this.latencyMs : 0)
      } else {
        const points = this.customMetrics.filter(
          (m) =>
            m.region === q.request.region &&
            m.namespace === request.namespace &&
            m.datum.metricName === request.metricName &&
            m.datum.timestamp >= t &&
            m.datum.timestamp < until &&
            m.datum.dimensions.every((d, i) => request.dimensions[i]?.value === d.value)
        )
        if (points.length === 0) continue
        timestamps.push(t)
        values.push(points.reduce((s, p) => s + p.datum.value, 0) / points.length)
      }
    }
    return { id: q.id, timestamps, values }
  }

  private readonly metricsPort = Monitoring.Metrics.of({
    getMetricData: (call) =>
      Effect.gen({ self: this }, function* () {
        if (call.queries.length > Monitoring.GetMetricDataLimits.queries)
          return yield* new Monitoring.MonitoringFailure({
            operation: "GetMetricData",
            name: "InvalidParameterValue",
            detail: "more than 500 queries"
          })
        const now = yield* Clock.currentTimeMillis
        this.record("GetMetricData", now, undefined, { region: call.region, queries: call.queries.length })
        return call.queries.map((q) => this.series(q, call.start, call.end, now))
      }),
    putMetricData: (region, namespace, data) =>
      Effect.sync(() => {
        for (const datum of data) this.customMetrics.push({ region, namespace, datum })
      })
  })

  private readonly dashboardsPort = Monitoring.Dashboards.of({
    put: (name, body) =>
      Effect.gen({ self: this }, function* () {
        const parsed = yield* Effect.try({
          try: () => JSON.parse(body) as Monitoring.DashboardBody,
          catch: () =>
            new Monitoring.MonitoringFailure({
              operation: "PutDashboard",
              name: "InvalidParameterInput",
              detail: "body is not JSON"
            })
        })
        const violations = Monitoring.dashboardViolations({ name, body: parsed })
        if (violations.length > 0)
          return yield* new Monitoring.MonitoringFailure({
            operation: "PutDashboard",
            name: "InvalidParameterInput",
            detail: violations.join("; ")
          })
        this.record("PutDashboard", yield* Clock.currentTimeMillis, undefined, name)
        this.dashboards.set(name, body)
        return []
      }),
    delete: (names) =>
      Effect.gen({ self: this }, function* () {
        this.record("DeleteDashboards", yield* Clock.currentTimeMillis, undefined, names)
        for (const n of names) this.dashboards.delete(n)
      }),
    list: (prefix) => Effect.sync(() => [...this.dashboards.keys()].filter((n) => n.startsWith(prefix)).sort())
  })

  private readonly alarmsPort = Monitoring.Alarms.of({
    describe: (region, prefix) =>
      Effect.sync(() => [...(this.alarms.get(region)?.values() ?? [])].filter((a) => a.name.startsWith(prefix))),
    put: (alarm) =>
      Effect.gen({ self: this }, function* () {
        if (alarm.period * alarm.evaluationPeriods > Monitoring.AlarmLimits.maxEvaluationSeconds)
          return yield* new Monitoring.MonitoringFailure({
            operation: "PutMetricAlarm",
            name: "InvalidParameterCombination",
            detail: "Period * EvaluationPeriods must be <= 86400"
          })
        this.record("PutMetricAlarm", yield* Clock.currentTimeMillis, undefined, alarm.name)
        const regional = this.alarms.get(alarm.region) ?? new Map<string, Monitoring.AlarmSpec>()
        regional.set(alarm.name, alarm)
        this.alarms.set(alarm.region, regional)
      }),
    delete: (region, names) =>
      Effect.gen({ self: this }, function* () {
        this.record("DeleteAlarms", yield* Clock.currentTimeMillis, undefined, names)
        for (const n of names) this.alarms.get(region)?.delete(n)
      })
  })

  private readonly busPort = Monitoring.EventBus.of({
    put: (region, events) =>
      Effect.sync(() => {
        for (const event of events) this.bus.push({ region, event: structuredClone(event) })
      })
  })

  private readonly notificationsPort = Notify.Notifications.of({
    publish: (n) =>
      Effect.sync(() => {
        this.notifications.push(n)
      })
  })

  /** Every monitoring port (and an event store) backed by this world. */
  get layer(): Layer.Layer<
    | Monitoring.MonitoredResources
    | Monitoring.Metrics
    | Monitoring.Dashboards
    | Monitoring.Alarms
    | Monitoring.EventBus
    | Notify.Notifications
    | Kernel.EventStore
  > {
    return Layer.mergeAll(
      Layer.succeed(Monitoring.MonitoredResources, this.resourcesPort),
      Layer.succeed(Monitoring.Metrics, this.metricsPort),
      Layer.succeed(Monitoring.Dashboards, this.dashboardsPort),
      Layer.succeed(Monitoring.Alarms, this.alarmsPort),
      Layer.succeed(Monitoring.EventBus, this.busPort),
      Layer.succeed(Notify.Notifications, this.notificationsPort),
      Layer.succeed(Kernel.EventStore, this.eventStore)
    )
  }
}

/** A fresh in-memory monitoring world per layer build (for handlers and the CLI's offline mode). */
export const layerMemoryMonitoring = Layer.unwrap(Effect.sync(() => new MemoryMonitoringWorld().layer))
