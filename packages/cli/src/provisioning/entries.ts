import { type FaultProfileName, layerNodeDataSource, simulateDeployment } from "@personalize-ops/adapters-memory"
import type { Config } from "@personalize-ops/core"
import { Effect } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { maintenanceJson, renderMaintenance, runMaintenanceSimulation } from "../maintenance/maintenanceEntries.ts"
import { renderSimulation, simulationJson } from "./render.ts"
import { simulationReportHtml } from "./report.ts"

export interface SimulateCliOptions {
  readonly seed: number
  readonly faults: FaultProfileName
  readonly json: boolean
  /** `--days N`: after provisioning, run every schedule for N days of virtual time. */
  readonly days?: number
  /** `--report FILE`: also write the simulation as an HTML report there. */
  readonly report?: string
}

export const simulateEntry = async (
  deployment: Config.Deployment,
  options: SimulateCliOptions,
  io: CliIo
): Promise<number> => {
  const result = await Effect.runPromise(
    Effect.result(
      simulateDeployment(deployment, { seed: options.seed, faults: options.faults, dataSource: layerNodeDataSource })
    )
  )
  if (result._tag === "Failure") {
    io.stderr(`personalize-ops simulate: ${result.failure._tag}: ${result.failure.message}\n`)
    return ExitCode.Invalid
  }
  if (options.days === undefined) {
    if (options.report !== undefined)
      await io.writeFile(options.report, simulationReportHtml(deployment.datasetGroup.name, result.success))
    io.stdout(options.json ? `${JSON.stringify(simulationJson(result.success))}\n` : renderSimulation(result.success))
    return result.success.ok ? ExitCode.Ok : ExitCode.Invalid
  }
  const maintenance = await runMaintenanceSimulation(deployment, {
    days: options.days,
    seed: options.seed,
    faults: options.faults
  })
  if (maintenance._tag === "Failure") {
    io.stderr(`personalize-ops simulate: ${maintenance.failure._tag}: ${maintenance.failure.message}\n`)
    return ExitCode.Invalid
  }
  if (options.report !== undefined)
    await io.writeFile(
      options.report,
      simulationReportHtml(deployment.datasetGroup.name, result.success, {
        result: maintenance.success,
        days: options.days
      })
    )
  io.stdout(
    options.json
      ? `${JSON.stringify({ ...simulationJson(result.success), maintenance: maintenanceJson(maintenance.success) })}\n`
      : `${renderSimulation(result.success)}\n${renderMaintenance(maintenance.success, options.days)}`
  )
  return result.success.ok && maintenance.success.ok ? ExitCode.Ok : ExitCode.Invalid
}
