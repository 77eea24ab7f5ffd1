import { type Config, Kernel, Maintenance, Personalize as P, Provisioning } from "@personalize-ops/core"
import { Clock, Effect, Fiber, Layer, Schema } from "effect"
import { makeMemoryEventStore } from "../kernel/MemoryEventStore.ts"
import { layerMemoryMetrics, makeMemoryMetrics } from "../monitoring/MemoryMetrics.ts"
import { layerMemoryNotifications, makeMemoryNotifications } from "../monitoring/MemoryNotifications.ts"
import { makePersonalizeTwin, type TwinOptions } from "../personalize/PersonalizeTwin.ts"
import { withStandInRole } from "../personalize/standInRole.ts"
import { runVirtual } from "../simulation/virtualTime.ts"
import { makeGrowingData } from "./MemoryDataFreshness.ts"
import { makeMemoryScheduler } from "./MemoryScheduler.ts"

const hour = 3_600_000
/** The account the memory target's ARNs name (the twin's and the memory Scheduler's). */
export const memoryAccount = "000000000000"
/** The schedule's target input, decoded as the state machine's first state does. */
const decodeInput = Schema.decodeUnknownSync(Schema.fromJsonString(Maintenance.MaintenanceInput))
const day = 24 * hour

export interface MaintenanceSimulationOptions {
  readonly days: number
  readonly seed?: number
  /** Instance prefix of the schedules (default `personalize-ops`). */
  readonly instance?: string
  readonly workflow?: Partial<Maintenance.WorkflowSettings>
  readonly twin?: Omit<TwinOptions, "seed">
  readonly apply?: Provisioning.ApplyOptions
  /** When the simulation starts (epoch ms); default 2026-01-05T00:00:00Z, a Monday. */
  readonly start?: number
  readonly dataSource?: Layer.Layer<P.DataSource>
}

export interface MaintenanceSimulationResult {
  readonly ok: boolean
  readonly provisioned: Provisioning.ApplyResult
  readonly schedules: ReadonlyArray<Maintenance.ScheduleSpec>
  readonly runs: ReadonlyArray<Maintenance.RunRecord>
  readonly notifications: number
  readonly metricsPublished: number
  /** Virtual seconds from the start to the end of the last day. */
  readonly simulatedSeconds: number
}

/** Adds the record of a run that reached its outcome to `records` (a run that stopped short of it adds none). */
const keepRecord = (
  records: Array<Maintenance.RunRecord>,
  final: Maintenance.MaintenanceStepState,
  at: number
): void => {
  if (final.phase === "done" && final.outcome !== undefined)
    records.push({
      task: final.input.task,
      target: final.input.target,
      at: new Date(at).toISOString(),
      outcome: final.outcome,
      ...(final.reason === undefined ? {} : { reason: final.reason }),
      ...(final.metrics === undefined ? {} : { metrics: final.metrics })
    })
}

/** What a firing does: runs the maintenance workflow on the schedule's input, adding its record to `records`. */
const fireMaintenance =
  (deployment: Config.Deployment, settings: Maintenance.WorkflowSettings, records: Array<Maintenance.RunRecord>) =>
  (schedule: Maintenance.ScheduleDescription, at: number) =>
    Maintenance.runMaintenance(deployment, settings, decodeInput(schedule.target.input), at).pipe(
      Effect.map((final) => keepRecord(records, final, at))
    )

/**
 * Provisions a deployment on a fresh twin, creates its schedules in the memory Scheduler, then lets
 * N days of virtual time pass: every schedule fires at its times and runs the maintenance workflow
 * (the same `maintenanceStep` the Step Functions definition runs), against the same twin.
 */
export const simulateMaintenance = (
  config: Config.Deployment,
  options: MaintenanceSimulationOptions
): Effect.Effect<MaintenanceSimulationResult, P.PersonalizeError | Maintenance.SchedulerError> =>
  Effect.gen(function* () {
    const deployment = withStandInRole(config, options.twin?.scope)
    const seed = options.seed ?? 1
    const start = options.start ?? Date.parse("2026-01-05T00:00:00Z")
    const twinOptions: TwinOptions = { ...options.twin, seed }
    const twin = yield* options.dataSource === undefined
      ? makePersonalizeTwin(twinOptions)
      : makePersonalizeTwin(twinOptions).pipe(Effect.provide(options.dataSource))
    const store = makeMemoryEventStore()
    const memoryScheduler = makeMemoryScheduler()
    const growing = makeGrowingData(seed)
    const notifications = makeMemoryNotifications()
    const metrics = makeMemoryMetrics()
    const settings: Maintenance.WorkflowSettings = { ...Maintenance.defaultWorkflowSettings, ...options.workflow }
    const services = Layer.mergeAll(
      Layer.succeed(P.Personalize, twin.personalize),
      Layer.succeed(P.DescriptionTokens, twin.tokens),
      Layer.succeed(Kernel.EventStore, store),
      Layer.succeed(Maintenance.Scheduler, memoryScheduler.scheduler),
      layerMemoryNotifications(notifications),
      layerMemoryMetrics(metrics),
      // GetSolutionMetrics is the twin's own (one source: `simulate --days`, `twin serve`, the contract suite).
      Layer.succeed(
        Maintenance.SolutionMetricsSource,
        Maintenance.SolutionMetricsSource.of({ get: twin.inspector.solutionMetrics })
      ),
      Layer.succeed(Maintenance.DataFreshness, growing)
    )
    const instance = { instance: options.instance ?? Maintenance.defaultMaintenanceSettings.instance }
    const desired = Maintenance.desiredSchedules(deployment, instance)
    const records: Array<Maintenance.RunRecord> = []

    const program = Effect.gen(function* () {
      const provisioned = yield* Provisioning.applyDeployment(deployment, options.apply)
      // Maintenance starts on the first whole hour (counted from the start) once provisioning is done.
      const provisionedAt = yield* Clock.currentTimeMillis
      yield* Effect.sleep(Math.ceil((provisionedAt - start) / hour) * hour - (provisionedAt - start))
      yield* Maintenance.reconcileSchedules(
        desired,
        Maintenance.instanceScheduleTargets(instance, memoryAccount, settings.region)
      )
      const firing = yield* Effect.forkChild(memoryScheduler.run(fireMaintenance(deployment, settings, records)))
      const end = (yield* Clock.currentTimeMillis) + options.days * day
      yield* Effect.sleep(end - (yield* Clock.currentTimeMillis))
      yield* Fiber.interrupt(firing)
      return { provisioned, end }
    }).pipe(Effect.provide(services))

    // One virtual-time engine (`runVirtual`, as `simulate`'s provisioning): every sleep of the apply, the
    // scheduler and the runs waits in its heap, and the clock jumps from one wake to the next.
    const { provisioned, end } = yield* runVirtual(program, start, start + (options.days + 60) * day)
    const runs = [...records].sort(
      (a, b) => a.at.localeCompare(b.at) || a.task.localeCompare(b.task) || a.target.localeCompare(b.target)
    )
    return {
      ok: provisioned.ok,
      provisioned,
      schedules: desired.schedules,
      runs,
      notifications: notifications.notifications.length,
      metricsPublished: metrics.published.length,
      simulatedSeconds: Math.round((end - start) / 1000)
    }
  })
