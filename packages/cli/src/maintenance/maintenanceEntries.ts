import { layerAwsScheduler } from "@personalize-ops/adapters-aws"
import {
  type FaultProfileName,
  layerNodeDataSource,
  type MaintenanceSimulationResult,
  simulateMaintenance
} from "@personalize-ops/adapters-memory"
import { type Config, Maintenance } from "@personalize-ops/core"
import { Effect } from "effect"
import type { CliIo } from "../Io.ts"

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

/** The maintenance part of `simulate --days` for people: per schedule its runs by outcome, then each gate decision. */
export const renderMaintenance = (r: MaintenanceSimulationResult, days: number): string => {
  const rows = r.schedules.map((s) => {
    const runs = r.runs.filter((x) => x.task === s.task && x.target === s.target)
    const by = (o: string) => runs.filter((x) => x.outcome === o).length
    const counts = (["succeeded", "skipped", "failed", "promoted", "kept"] as const)
      .map((o) => (by(o) === 0 ? "" : `${by(o)} ${o}`))
      .filter((x) => x !== "")
      .join(", ")
    return `  ${pad(s.task, 16)} ${pad(s.target, 48)} ${pad(Maintenance.describeSchedule(s.expression, s.timeZone), 34)} ${runs.length} runs${counts === "" ? "" : `: ${counts}`}`
  })
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
  readonly state: string
  readonly inWords: string
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

/** The config's schedules as the memory target has them (desired state: not yet created anywhere). */
export const desiredScheduleRows = (
  deployment: Config.Deployment,
  settings: Maintenance.MaintenanceSettings,
  now: number
): ReadonlyArray<ScheduleRow> =>
  Maintenance.desiredSchedules(deployment, settings).schedules.map((s) =>
    rowOf(s, s.expression, s.timeZone, "ENABLED", now, now)
  )

/** The config's schedule group as it exists in EventBridge Scheduler (region and credentials from the environment). */
export const awsScheduleRows = (
  deployment: Config.Deployment,
  settings: Maintenance.MaintenanceSettings,
  region: string,
  now: number
) =>
  Effect.gen(function* () {
    const scheduler = yield* Maintenance.Scheduler
    const desired = Maintenance.desiredSchedules(deployment, settings)
    const listed = yield* scheduler.listSchedules(desired.group)
    const rows: Array<ScheduleRow> = []
    for (const summary of listed) {
      const s = yield* scheduler.describeSchedule(summary.group, summary.name)
      const spec = desired.schedules.find((d) => d.name === s.name)
      const parsed = Maintenance.parseScheduleOrUndefined(s.expression)
      if (parsed === undefined) continue
      rows.push(
        rowOf(
          { name: s.name, group: s.group, task: spec?.task ?? "?", target: spec?.target ?? "?" },
          parsed,
          s.timeZone,
          s.state,
          now,
          s.createdAt
        )
      )
    }
    return rows
  }).pipe(Effect.provide(layerAwsScheduler(region)))

/** The `schedules list` table. */
const renderScheduleRows = (rows: ReadonlyArray<ScheduleRow>): string =>
  rows.length === 0
    ? "no schedules\n"
    : `${rows
        .map(
          (r) =>
            `${r.name}  [${r.state}]\n  ${r.task} ${r.target}: ${r.expression}${r.timeZone === undefined ? "" : ` ${r.timeZone}`} — ${r.inWords}\n  next: ${r.next.length === 0 ? "—" : r.next.join(", ")}`
        )
        .join("\n")}\n`

export const printRows = (rows: ReadonlyArray<ScheduleRow>, json: boolean, io: CliIo) =>
  io.stdout(json ? `${JSON.stringify({ schedules: rows })}\n` : renderScheduleRows(rows))
