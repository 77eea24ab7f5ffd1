import { statSync } from "node:fs"
import { layerAwsScheduler, layerSfnExecutions } from "@personalize-ops/adapters-aws"
import { SchedulerClients } from "@personalize-ops/adapters-aws/sdk/SchedulerClients"
import { SfnClients } from "@personalize-ops/adapters-aws/sdk/SfnClients"
import {
  type FaultProfileName,
  layerMemoryMetrics,
  layerMemoryNotifications,
  layerMemorySolutionMetrics,
  layerNodeDataSource,
  type MaintenanceSimulationResult,
  makeMemoryMetrics,
  makeMemoryNotifications,
  type PersonalizeTwin,
  runWithLocalState,
  simulateMaintenance
} from "@personalize-ops/adapters-memory"
import {
  type Config,
  type Kernel,
  Maintenance,
  type Notify,
  type Personalize as P,
  Workflow
} from "@personalize-ops/core"
import { Clock, Effect, Layer, type Result, Schema } from "effect"
import type { CliIo } from "../Io.ts"
import { awsRegion } from "../provisioning/target.ts"

/** Runs the maintenance simulation of `simulate --days` (same seed: the same twin behaviour as the provisioning part). */
export const runMaintenanceSimulation = (
  deployment: Config.Deployment,
  options: { readonly days: number; readonly seed: number; readonly faults: FaultProfileName }
) =>
  Effect.runPromise(
    Effect.result(
      simulateMaintenance(deployment, {
        days: options.days,
        seed: options.seed,
        twin: { faults: options.faults },
        dataSource: layerNodeDataSource
      })
    )
  )

/** `simulate --json`'s `maintenance` object. */
export const maintenanceJson = (r: MaintenanceSimulationResult) => ({ runs: r.runs })

const pad = (s: string, n: number) => s.padEnd(n)

/** One schedule's line of `simulate --days`: what it runs, when, and its runs counted by outcome. */
const scheduleLine = (s: Maintenance.ScheduleSpec, all: ReadonlyArray<Maintenance.RunRecord>): string => {
  const runs = all.filter((x) => x.task === s.task && x.target === s.target)
  const by = (o: string) => runs.filter((x) => x.outcome === o).length
  const counts = (["succeeded", "skipped", "failed", "promoted", "kept"] as const)
    .map((o) => (by(o) === 0 ? "" : `${by(o)} ${o}`))
    .filter((x) => x !== "")
    .join(", ")
  return `  ${pad(s.task, 16)} ${pad(s.target, 48)} ${pad(Maintenance.describeSchedule(s.expression, s.timeZone), 34)} ${runs.length} runs${counts === "" ? "" : `: ${counts}`}`
}

/** The maintenance part of `simulate --days` for people: per schedule its runs by outcome, then each gate decision. */
export const renderMaintenance = (r: MaintenanceSimulationResult, days: number): string => {
  const rows = r.schedules.map((s) => scheduleLine(s, r.runs))
  const gate = r.runs
    .filter((x) => x.outcome === "promoted" || x.outcome === "kept" || x.outcome === "failed")
    .map((x) => `  ${x.at}  ${pad(x.outcome, 9)} ${pad(x.task, 6)} ${x.target}: ${x.reason ?? ""}`)
  return [
    `Maintenance (${days} days simulated):`,
    ...rows,
    ...(gate.length === 0 ? [] : ["", "Promotion gate and failures:", ...gate]),
    "",
    `${r.runs.length} runs; ${r.notifications} notifications; ${r.metricsPublished} solution metrics published`,
    ""
  ].join("\n")
}

/** One row of `schedules list`. */
export interface ScheduleRow {
  readonly name: string
  readonly group: string
  readonly task: string
  readonly target: string
  readonly expression: string
  readonly timeZone?: string
  /** ENABLED / DISABLED as it exists; NOT_CREATED when the config has it and `apply` has not made it yet. */
  readonly state: string
  readonly inWords: string
  /** The next three fire times (none when it is disabled or not created). */
  readonly next: ReadonlyArray<string>
}

const rowOf = (
  spec: { readonly name: string; readonly group: string; readonly task: string; readonly target: string },
  expression: Config.ScheduleExpression,
  timeZone: string | undefined,
  state: string,
  now: number,
  startedAt: number
): ScheduleRow => ({
  ...spec,
  expression: expression.expression,
  ...(timeZone === undefined ? {} : { timeZone }),
  state,
  inWords: Maintenance.describeSchedule(expression, timeZone),
  next:
    state === "ENABLED"
      ? Maintenance.nextFireTimes(expression, { after: now, count: 3, timeZone, startedAt }).map((t) =>
          new Date(t).toISOString()
        )
      : []
})

/**
 * The config's schedules as they exist in its schedule group (the memory target's state file, or
 * EventBridge Scheduler): each with its state, expression in words and next fire times; the config's
 * schedules not created yet as NOT_CREATED, and schedules of the group the config no longer has last.
 */
export const scheduleRows = (deployment: Config.Deployment, settings: Maintenance.MaintenanceSettings, now: number) =>
  Effect.gen(function* () {
    const desired = Maintenance.desiredSchedules(deployment, settings)
    const observed = yield* Maintenance.observeSchedules(desired.group)
    const existing = new Map(observed.schedules.map((s) => [s.name, s]))
    const rows: Array<ScheduleRow> = desired.schedules.map((spec) => {
      const found = existing.get(spec.name)
      const parsed = found === undefined ? undefined : Maintenance.parseScheduleOrUndefined(found.expression)
      return found === undefined || parsed === undefined
        ? rowOf(spec, spec.expression, spec.timeZone, "NOT_CREATED", now, now)
        : rowOf(spec, parsed, found.timeZone, found.state, now, found.createdAt)
    })
    for (const s of observed.schedules) {
      const parsed = Maintenance.parseScheduleOrUndefined(s.expression)
      if (desired.schedules.some((d) => d.name === s.name) || parsed === undefined) continue
      const input = decodeInputOrUndefined(s.target.input)
      rows.push(
        rowOf(
          { name: s.name, group: s.group, task: input?.task ?? "?", target: input?.target ?? "?" },
          parsed,
          s.timeZone,
          s.state,
          now,
          s.createdAt
        )
      )
    }
    return rows
  })

const decodeInput = Schema.decodeUnknownSync(Schema.fromJsonString(Maintenance.MaintenanceInput))
const decodeInputOrUndefined = (text: string): Maintenance.MaintenanceInput | undefined => {
  try {
    return decodeInput(text)
  } catch {
    return undefined
  }
}

/** The `schedules list` table. */
const renderScheduleRows = (rows: ReadonlyArray<ScheduleRow>): string =>
  rows.length === 0
    ? "no schedules\n"
    : `${rows
        .map(
          (r) =>
            `${r.name}  [${r.state}]\n  ${r.task} ${r.target}: ${r.expression}${r.timeZone === undefined ? "" : ` ${r.timeZone}`} — ${r.inWords}\n  next: ${r.next.length === 0 ? (r.state === "NOT_CREATED" ? "— (apply creates it)" : "—") : r.next.join(", ")}`
        )
        .join("\n")}\n`

export const printRows = (rows: ReadonlyArray<ScheduleRow>, json: boolean, io: CliIo) =>
  io.stdout(json ? `${JSON.stringify({ schedules: rows })}\n` : renderScheduleRows(rows))

/** Where the schedules commands act: the memory target's state file, or EventBridge Scheduler. */
export type SchedulesTarget = { readonly _tag: "memory"; readonly state: string } | { readonly _tag: "aws" }

type Failure = { readonly _tag: string; readonly message: string }
const failureOf = (e: { readonly _tag: string; readonly detail?: string; readonly message?: string }): Failure => ({
  _tag: e._tag,
  message: e.detail ?? e.message ?? ""
})

const run = <A, E extends { readonly _tag: string; readonly detail?: string; readonly message?: string }>(
  effect: Effect.Effect<A, E>
): Promise<Result.Result<A, Failure>> => Effect.runPromise(Effect.result(effect.pipe(Effect.mapError(failureOf))))

/** Runs a Scheduler program on the target: the memory target's state file, or EventBridge Scheduler. */
export const onScheduleTarget = <
  A,
  E extends { readonly _tag: string; readonly detail?: string; readonly message?: string }
>(
  target: SchedulesTarget,
  program: Effect.Effect<A, E, Maintenance.Scheduler>
): Promise<Result.Result<A, Failure>> =>
  run(
    target._tag === "memory"
      ? runWithLocalState(target.state, program)
      : program.pipe(Effect.provide(layerAwsScheduler(awsRegion()).pipe(Layer.provide(SchedulerClients.layer))))
  )

/** Runs a program on the memory target's state file: its twin, ledger and Scheduler. */
export const onMemoryState = <
  A,
  E extends { readonly _tag: string; readonly detail?: string; readonly message?: string }
>(
  state: string,
  program: Effect.Effect<A, E, Maintenance.Scheduler | P.Personalize | Kernel.EventStore | PersonalizeTwin>
): Promise<Result.Result<A, Failure>> => run(runWithLocalState(state, program, { dataSource: layerNodeDataSource }))

/** Finds a schedule by name in the schedule groups of an instance. */
const findSchedule = (instance: string, name: string) =>
  Effect.gen(function* () {
    const scheduler = yield* Maintenance.Scheduler
    for (const group of yield* scheduler.listGroups(`${instance}-`)) {
      const found = (yield* scheduler.listSchedules(group.name)).find((s) => s.name === name)
      if (found !== undefined) return yield* scheduler.describeSchedule(group.name, name)
    }
    return yield* new Maintenance.ScheduleNotFound({
      group: `${instance}-*`,
      name,
      detail: `no schedule ${name} in the schedule groups of instance ${instance}`
    })
  })

/** `schedules activate|deactivate`: sets a schedule's state (the rest of it unchanged); returns its group. */
export const setScheduleState = (instance: string, name: string, state: Maintenance.ScheduleState) =>
  Effect.gen(function* () {
    const scheduler = yield* Maintenance.Scheduler
    const { arn: _arn, createdAt: _c, updatedAt: _u, ...request } = yield* findSchedule(instance, name)
    yield* scheduler.updateSchedule({ ...request, state })
    return request.group
  })

/** What `schedules run-now` reports: the run's last state, and what it notified and published. */
export interface RunNowResult {
  readonly final: Maintenance.MaintenanceStepState
  readonly notifications: ReadonlyArray<Notify.Notification>
  readonly metricsPublished: number
}

/** When a local data file last changed (its mtime); unknown for remote locations. */
const localDataFreshness = Maintenance.DataFreshness.of({
  lastModified: (location) =>
    Effect.sync(() =>
      /^[a-z0-9]+:\/\//i.test(location) && !location.startsWith("file://")
        ? undefined
        : statSync(location.replace(/^file:\/\//, ""), { throwIfNoEntry: false })?.mtimeMs
    )
})

/** A schedule's input as started by hand (no `schedule`: nothing fired it), and the state machine it starts. */
const runNowInput = (instance: string, name: string) =>
  Effect.gen(function* () {
    const schedule = yield* findSchedule(instance, name)
    const input = decodeInputOrUndefined(schedule.target.input)
    if (input === undefined)
      return yield* new Maintenance.ScheduleRequestInvalid({
        detail: `schedule ${name}: its target input is not a maintenance input`
      })
    const { schedule: _firedBy, ...byHand } = input
    return { input: byHand, stateMachineArn: schedule.target.arn }
  })

/**
 * `schedules run-now <name>` on the memory target: the schedule's input (as started by hand: no
 * `schedule`), run to its end by the same `runMaintenance` as `simulate --days`, on the state file's twin
 * and ledger under virtual time; notifications and published metrics are collected for the report.
 */
export const runNowOnMemory = (deployment: Config.Deployment, instance: string, name: string) =>
  Effect.gen(function* () {
    const { input } = yield* runNowInput(instance, name)
    if (input.datasetGroup !== deployment.datasetGroup.name)
      return yield* new Maintenance.ScheduleRequestInvalid({
        detail: `schedule ${name} maintains dataset group ${input.datasetGroup}; the config is ${deployment.datasetGroup.name}'s`
      })
    const notifications = makeMemoryNotifications()
    const metrics = makeMemoryMetrics()
    const services = Layer.mergeAll(
      layerMemoryNotifications(notifications),
      layerMemoryMetrics(metrics),
      layerMemorySolutionMetrics,
      Layer.succeed(Maintenance.DataFreshness, localDataFreshness)
    )
    const at = yield* Clock.currentTimeMillis
    const final = yield* Maintenance.runMaintenance(deployment, Maintenance.defaultWorkflowSettings, input, at).pipe(
      Effect.provide(services)
    )
    return {
      final,
      notifications: notifications.notifications,
      metricsPublished: metrics.published.length
    } satisfies RunNowResult
  })

/** The run-now report for people. */
export const renderRunNow = (name: string, r: RunNowResult): string => {
  const { final } = r
  const metrics = final.metrics === undefined ? [] : Object.entries(final.metrics).map(([k, v]) => `  ${k}: ${v}`)
  return [
    `${name}: ${final.input.task} ${final.input.target} started at ${new Date(final.at).toISOString()} (virtual time): ${final.outcome ?? final.phase}${final.reason === undefined ? "" : ` — ${final.reason}`}`,
    ...metrics,
    `${r.notifications.length} notification(s); ${r.metricsPublished} solution metric(s) published`,
    ""
  ].join("\n")
}

/** Step Functions execution names: 1–80 characters of `[0-9A-Za-z_-]`. */
const executionNameLimit = 80

/** `<schedule>-run-now-<UTC stamp>`, the schedule's part cut so the whole is a valid execution name. */
const runNowExecutionName = (name: string, at: number): string => {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, "").slice(0, 15)
  const suffix = `-run-now-${stamp}`
  return `${name.replace(/[^0-9A-Za-z_-]/g, "-").slice(0, executionNameLimit - suffix.length)}${suffix}`
}

/** What `schedules run-now --target aws` started. */
interface StartedRun {
  readonly input: Maintenance.MaintenanceInput
  readonly stateMachineArn: string
  readonly executionArn: string
  /** False when an execution of that name already existed (the same second twice): nothing new started. */
  readonly started: boolean
}

/**
 * `schedules run-now <name> --target aws`: the schedule's input (as started by hand), started on the state
 * machine the schedule itself starts, through provisioning's Executions port (StartExecution); the
 * deployed workflow runs it and notifies its outcome.
 */
export const runNowOnAws = (instance: string, name: string, at: number) =>
  Effect.gen(function* () {
    const { input, stateMachineArn } = yield* runNowInput(instance, name)
    const start = yield* Effect.flatMap(Effect.service(Workflow.Executions), (executions) =>
      executions.start(runNowExecutionName(name, at), JSON.stringify(input))
    ).pipe(Effect.provide(layerSfnExecutions(stateMachineArn).pipe(Layer.provide(SfnClients.layer))))
    return { input, stateMachineArn, ...start } satisfies StartedRun
  })
