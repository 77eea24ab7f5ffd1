import { Kernel, Monitoring, Notify, Personalize } from "@personalize-ops/core"
import { Clock, Context, Effect, Layer } from "effect"
import { makeMemoryEventStore } from "../kernel/MemoryEventStore.ts"
import { type AdoptedResource, makePersonalizeTwin } from "../personalize/PersonalizeTwin.ts"
import { makeMemoryAlarms } from "./MemoryAlarms.ts"
import { makeMemoryDashboards } from "./MemoryDashboards.ts"
import { makeMemoryEventBus } from "./MemoryEventBus.ts"
import { makeMemoryMetrics, type PublishedDatum, publishedSeries, tooManyQueries } from "./MemoryMetrics.ts"
import { makeMemoryNotifications } from "./MemoryNotifications.ts"
import { type RecordedCall, recordCall } from "./RecordedCall.ts"
import { requestsBetween, type TrafficProfile } from "./TrafficProfile.ts"

type Resource = Personalize.MonitoredResource
type Twin = Effect.Success<ReturnType<typeof makePersonalizeTwin>>

const active = { createdAt: 0, status: "ACTIVE" } as const

/**
 * An in-memory world for the monitor: the Personalize twin (the one memory `Personalize`) holding the
 * campaigns and recommenders, traffic from profiles (read through GetMetricData semantics: Sum per
 * period, no datapoint when nothing was requested, nothing from the future, nothing while a resource
 * is not ACTIVE), alarms per region, dashboards, the bus and notifications. Time is Effect's Clock, so
 * TestClock drives weeks of virtual time — and a twin that provisioned the resources (`apply`) can be
 * handed in, so provisioning and monitoring share one timeline.
 */
export class MemoryMonitoringWorld {
  readonly twin: Twin
  readonly profiles = new Map<string, TrafficProfile>()
  /** Every call the world's adapters recorded, in order. */
  readonly calls: Array<RecordedCall> = []
  // The standalone memory adapters, sharing the world's call log.
  private readonly memoryAlarms = makeMemoryAlarms({ calls: this.calls })
  private readonly memoryDashboards = makeMemoryDashboards({ calls: this.calls })
  private readonly memoryBus = makeMemoryEventBus()
  private readonly memoryMetrics = makeMemoryMetrics()
  private readonly memoryNotifications = makeMemoryNotifications()
  /** The alarms of each region, by name. */
  readonly alarms = this.memoryAlarms.alarms
  /** Each dashboard's body, by name. */
  readonly dashboards = this.memoryDashboards.dashboards
  /** Custom metrics put (PutMetricData), in order. */
  readonly customMetrics: ReadonlyArray<PublishedDatum> = this.memoryMetrics.published
  /** Events put on the bus (with their region), until drained. */
  readonly bus = this.memoryBus.bus
  /** What was published (subjects as SNS delivers them). */
  readonly notifications: ReadonlyArray<Notify.Notification> = this.memoryNotifications.notifications
  readonly eventStore: Kernel.EventStore["Service"] = makeMemoryEventStore()
  /** ARNs whose Describe is throttled (fault injection): listed as unavailable, described as `Throttled`. */
  readonly unavailable = new Set<string>()
  /** Latency reported for every request metric (ms). */
  latencyMs = 42
  private readonly adopted = new Set<string>()

  /** `twin`: the Personalize to watch (e.g. the one `apply` provisioned); a fresh empty twin when absent. */
  constructor(options: { readonly twin?: Twin } = {}) {
    this.twin = options.twin ?? Effect.runSync(makePersonalizeTwin())
  }

  private adopt(resource: AdoptedResource): void {
    if (this.adopted.has(resource.arn)) return
    this.adopted.add(resource.arn)
    Effect.runSync(this.twin.inspector.adopt(resource))
  }

  private adoptGroup(arn: string): Personalize.ResourceArn {
    const groupArn = arn as Personalize.ResourceArn
    const name = Personalize.parseArn(arn)?.name ?? arn
    this.adopt({ kind: "DatasetGroup", name, arn: groupArn, attributes: {}, ...active })
    return groupArn
  }

  private adoptSolution(arn: string, groupArn: Personalize.ResourceArn, recipeArn?: string): Personalize.ResourceArn {
    const solutionArn = arn as Personalize.ResourceArn
    this.adopt({
      kind: "Solution",
      name: Personalize.parseArn(arn)?.name ?? arn,
      arn: solutionArn,
      parentArn: groupArn,
      attributes: { datasetGroupArn: groupArn, ...(recipeArn === undefined ? {} : { recipeArn }) },
      ...active
    })
    return solutionArn
  }

  private adoptVersion(
    solutionArn: Personalize.ResourceArn,
    id: string,
    createdAt: number,
    status: Personalize.Status
  ) {
    const parts = Personalize.parseArn(solutionArn)
    const arn = Personalize.formatArn(
      parts ?? Personalize.defaultScope,
      "SolutionVersion",
      Personalize.solutionVersionId(parts?.name ?? "solution", id)
    )
    this.adopt({
      kind: "SolutionVersion",
      name: id,
      arn,
      parentArn: solutionArn,
      attributes: { solutionArn },
      createdAt,
      status
    })
    return arn
  }

  /**
   * Adds a campaign or recommender that exists already (created at `createdAt`, in `status`), with
   * the traffic it receives. A campaign gets a solution of its own name (with its recipe) and an
   * ACTIVE version; both hang under the resource's dataset group.
   */
  addResource(resource: Resource, profile: TrafficProfile = () => 0): this {
    const groupArn = this.adoptGroup(resource.datasetGroupArn)
    const common = {
      name: resource.name,
      arn: resource.arn as Personalize.ResourceArn,
      createdAt: resource.createdAt,
      status: resource.status,
      ...(resource.latestUpdateStatus === undefined ? {} : { latestUpdateStatus: resource.latestUpdateStatus })
    }
    const recipe = resource.recipeArn === undefined ? {} : { recipeArn: resource.recipeArn }
    if (resource.kind === "campaign") {
      const scope = Personalize.parseArn(resource.arn) ?? Personalize.defaultScope
      const solutionArn = this.adoptSolution(
        Personalize.formatArn(scope, "Solution", resource.name),
        groupArn,
        resource.recipeArn
      )
      const versionArn = this.adoptVersion(solutionArn, "seeded", resource.createdAt, "ACTIVE")
      this.adopt({
        ...common,
        kind: "Campaign",
        parentArn: solutionArn,
        attributes: { solutionVersionArn: versionArn, minProvisionedTPS: resource.minTPS }
      })
    } else
      this.adopt({
        ...common,
        kind: "Recommender",
        parentArn: groupArn,
        attributes: {
          datasetGroupArn: groupArn,
          ...recipe,
          recommenderConfig: { minRecommendationRequestsPerSecond: resource.minTPS }
        }
      })
    this.profiles.set(resource.arn, profile)
    return this
  }

  /** Sets the traffic a resource receives (a campaign `apply` created, say). */
  setTraffic(arn: string, profile: TrafficProfile): this {
    this.profiles.set(arn, profile)
    return this
  }

  /** Adds a solution (under its dataset group) with its newest version, for the freshness widget. */
  addSolution(solution: Personalize.SolutionFreshness): this {
    const solutionArn = this.adoptSolution(solution.solutionArn, this.adoptGroup(solution.datasetGroupArn))
    if (solution.lastSolutionVersionAt !== undefined)
      this.adoptVersion(
        solutionArn,
        "latest",
        solution.lastSolutionVersionAt,
        solution.lastSolutionVersionStatus ?? "ACTIVE"
      )
    return this
  }

  /** Takes the bus events put since the last drain (what EventBridge rules would deliver). */
  drainBus(): ReadonlyArray<Monitoring.BusEvent> {
    return this.bus.splice(0).map((e) => e.event)
  }

  private readonly recorded = <A, E>(operation: string, arn: string, detail: unknown, effect: Effect.Effect<A, E>) =>
    Effect.tap(effect, () => recordCall(this.calls, operation, detail, arn))

  private readonly throttled = (kind: Personalize.ResourceKind) =>
    Effect.fail(new Personalize.Throttled({ operation: `Describe${kind}`, message: "Rate exceeded" }))

  /** The twin, with throttling injected for `unavailable` ARNs and the monitor's mutations recorded. */
  private readonly personalizePort = Personalize.Personalize.of({
    create: (input) => this.twin.personalize.create(input),
    describe: (kind, arn) =>
      this.unavailable.has(arn) ? this.throttled(kind) : this.twin.personalize.describe(kind, arn),
    list: (input) =>
      Effect.map(this.twin.personalize.list(input), (page): Personalize.ResourcePage => {
        const hidden = page.items.filter((d) => this.unavailable.has(d.arn)).map((d) => d.arn)
        if (hidden.length === 0) return page
        const items = page.items.filter((d) => !this.unavailable.has(d.arn))
        return { ...page, items, unavailable: [...(page.unavailable ?? []), ...hidden] }
      }),
    update: (input) => {
      const minTPS =
        input.kind === "Campaign"
          ? input.minProvisionedTPS
          : input.kind === "Recommender"
            ? input.recommenderConfig.minRecommendationRequestsPerSecond
            : undefined
      return minTPS === undefined
        ? this.twin.personalize.update(input)
        : this.recorded("UpdateMinTps", input.arn, minTPS, this.twin.personalize.update(input))
    },
    delete: (kind, arn) =>
      kind === "Campaign"
        ? this.recorded("DeleteCampaign", arn, undefined, this.twin.personalize.delete(kind, arn))
        : this.twin.personalize.delete(kind, arn),
    stop: (kind, arn) =>
      kind === "Recommender"
        ? this.recorded("StopRecommender", arn, undefined, this.twin.personalize.stop(kind, arn))
        : this.twin.personalize.stop(kind, arn),
    start: (kind, arn) => this.twin.personalize.start(kind, arn)
  })

  private series(
    q: Monitoring.PlannedQuery,
    start: number,
    end: number,
    now: number,
    described: ReadonlyMap<string, Personalize.ResourceDescription>
  ): Monitoring.MetricSeries {
    const { request } = q
    // Custom metrics are CloudWatch's own: what was put.
    if (request.namespace !== Monitoring.PersonalizeNamespace)
      return publishedSeries(this.customMetrics, q, start, end, now)
    const arn = request.dimensions[0]?.value ?? ""
    const period = request.period * 1000
    const timestamps: Array<number> = []
    const values: Array<number> = []
    const isLatency = request.metricName.endsWith("Latency")
    const profile = this.profiles.get(arn)
    const resource = described.get(arn)
    if (profile === undefined || resource === undefined) return { id: q.id, timestamps, values }
    for (let t = start - (start % 60_000); t < Math.min(end, now); t += period) {
      const until = Math.min(t + period, now)
      // A resource serves (and reports) only while it exists and is ACTIVE.
      const from = Math.max(t, resource.creationDateTime)
      if (from >= until || resource.status !== "ACTIVE") continue
      const n = requestsBetween(profile, arn, from, until)
      if (n === 0) continue
      timestamps.push(t)
      values.push(isLatency ? this.latencyMs : n)
    }
    return { id: q.id, timestamps, values }
  }

  private readonly metricsPort = Monitoring.Metrics.of({
    getMetricData: (call) =>
      Effect.gen({ self: this }, function* () {
        const refused = tooManyQueries(call)
        if (refused !== undefined) return yield* refused
        const now = yield* Clock.currentTimeMillis
        yield* recordCall(this.calls, "GetMetricData", { region: call.region, queries: call.queries.length })
        const described = new Map((yield* this.twin.inspector.inventory).map((d) => [d.arn as string, d]))
        return call.queries.map((q) => this.series(q, call.start, call.end, now, described))
      }),
    putMetricData: this.memoryMetrics.service.putMetricData
  })

  /** Every monitoring port (and an event store) backed by this world. */
  get layer(): Layer.Layer<
    | Personalize.Personalize
    | Monitoring.Metrics
    | Monitoring.Dashboards
    | Monitoring.Alarms
    | Monitoring.EventBus
    | Notify.Notifications
    | Kernel.EventStore
    | MemoryMonitoringInspector
  > {
    return Layer.mergeAll(
      Layer.succeed(Personalize.Personalize, this.personalizePort),
      Layer.succeed(Monitoring.Metrics, this.metricsPort),
      Layer.succeed(Monitoring.Dashboards, this.memoryDashboards.service),
      Layer.succeed(Monitoring.Alarms, this.memoryAlarms.service),
      Layer.succeed(Monitoring.EventBus, this.memoryBus.service),
      Layer.succeed(Notify.Notifications, this.memoryNotifications.service),
      Layer.succeed(Kernel.EventStore, this.eventStore),
      Layer.succeed(MemoryMonitoringInspector, this)
    )
  }
}

/** The world's inspection handle (the world itself), provided next to its ports by `layer`. */
export class MemoryMonitoringInspector extends Context.Service<MemoryMonitoringInspector, MemoryMonitoringWorld>()(
  "@personalize-ops/adapters-memory/monitoring/MemoryMonitoringInspector"
) {}

/** A fresh in-memory monitoring world per layer build (for handlers and the CLI's offline mode). */
export const layerMemoryMonitoring = Layer.unwrap(Effect.sync(() => new MemoryMonitoringWorld().layer))
