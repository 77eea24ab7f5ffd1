import { DynamoDb, layerAwsPersonalize, layerDynamoEventStore } from "@personalize-ops/adapters-aws"
import {
  type FaultProfileName,
  layerMemoryEventStore,
  layerMemoryPersonalize,
  layerNodeDataSource,
  runInVirtualTime,
  simulateDeployment
} from "@personalize-ops/adapters-memory"
import { type Config, Provisioning } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { maintenanceJson, renderMaintenance, runMaintenanceSimulation } from "../maintenance/maintenanceEntries.ts"
import { planJson, renderPlan, renderSimulation, renderStep, simulationJson } from "./render.ts"

export interface SimulateCliOptions {
  readonly seed: number
  readonly faults: FaultProfileName
  readonly json: boolean
  /** `--days N`: after provisioning, run every schedule for N days of virtual time. */
  readonly days?: number
}

// Local import files (a path, not s3://) are read and checked by the twin.
const twinLayer = (seed: number, faults: FaultProfileName) =>
  Layer.mergeAll(
    layerMemoryPersonalize({ seed, faults }).pipe(Layer.provide(layerNodeDataSource)),
    layerMemoryEventStore
  )

/** `simulate` on a Deployment (the file-reading command calls this). */
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
  io.stdout(
    options.json
      ? `${JSON.stringify({ ...simulationJson(result.success), maintenance: maintenanceJson(maintenance.success) })}\n`
      : `${renderSimulation(result.success)}\n${renderMaintenance(maintenance.success, options.days)}`
  )
  return result.success.ok && maintenance.success.ok ? ExitCode.Ok : ExitCode.Invalid
}

/** `plan` on a Deployment: against the memory target, which starts empty. */
export const planEntry = async (
  deployment: Config.Deployment,
  options: { readonly json: boolean },
  io: CliIo
): Promise<number> => {
  const result = await Effect.runPromise(
    Effect.result(runInVirtualTime(Provisioning.planDeployment(deployment).pipe(Effect.provide(twinLayer(1, "none")))))
  )
  if (result._tag === "Failure") {
    io.stderr(`personalize-ops plan: ${result.failure._tag}: ${result.failure.message}\n`)
    return ExitCode.Invalid
  }
  const plan = result.success
  const actions = Provisioning.actions(plan).length
  io.stdout(options.json ? `${JSON.stringify(planJson(plan, actions))}\n` : renderPlan(plan))
  return ExitCode.Ok
}

export type ApplyTarget = "memory" | "aws"

/** Data locations the AWS target cannot use: local files are for the in-memory twin only. */
const localDataLocations = (deployment: Config.Deployment): ReadonlyArray<string> =>
  deployment.datasets.flatMap((d) =>
    d.imports.filter((i) => !i.dataLocation.startsWith("s3://")).map((i) => `${d.name}: ${i.dataLocation}`)
  )

/** The AWS target: Personalize through the SDK, the ledger in DynamoDB (`eventTable`) or, without one, in memory. */
const awsLayer = (eventTable: string | undefined) =>
  Layer.mergeAll(
    layerAwsPersonalize(),
    eventTable === undefined
      ? layerMemoryEventStore
      : layerDynamoEventStore({ tableName: eventTable }).pipe(Layer.provide(DynamoDb.layer))
  )

/**
 * `apply` on a Deployment, printing a progress line per step as it finishes: on the in-memory twin under
 * virtual time, or on AWS (credentials and region from the environment, as every AWS tool takes them).
 */
export const applyEntry = async (
  deployment: Config.Deployment,
  options: { readonly target: ApplyTarget; readonly eventTable?: string },
  io: CliIo
): Promise<number> => {
  if (options.target === "aws") {
    const local = localDataLocations(deployment)
    if (local.length > 0) {
      io.stderr(
        `personalize-ops apply: --target aws needs s3:// data locations; these are local files (for the twin):\n${local.map((l) => `  ${l}\n`).join("")}`
      )
      return ExitCode.Invalid
    }
    if (options.eventTable === undefined)
      io.stderr(
        "personalize-ops apply: no --event-table: this run's decisions are kept in memory only (drift is then judged without the ledger of earlier runs)\n"
      )
  }
  const program = Effect.gen(function* () {
    let startedAt: number | undefined
    return yield* Provisioning.applyDeployment(deployment, {
      onStep: (report) =>
        Effect.sync(() => {
          startedAt ??= report.startedAt
          io.stdout(`${renderStep(report, startedAt)}\n`)
        })
    })
  })
  const result = await Effect.runPromise(
    Effect.result(
      options.target === "aws"
        ? program.pipe(Effect.provide(awsLayer(options.eventTable)))
        : runInVirtualTime(program.pipe(Effect.provide(twinLayer(1, "none"))))
    )
  )
  if (result._tag === "Failure") {
    io.stderr(`personalize-ops apply: ${result.failure._tag}: ${result.failure.message}\n`)
    return ExitCode.Invalid
  }
  const r = result.success
  for (const f of r.failures)
    io.stdout(
      `✗ ${f.kind} ${f.name}: ${f.cause}${f.dependents.length === 0 ? "" : ` (not attempted: ${f.dependents.map((d) => `${d.kind} ${d.name}`).join(", ")})`}\n`
    )
  for (const d of r.drift) io.stdout(`! drift ${d.kind} ${d.name}: ${d.reason ?? ""}\n`)
  io.stdout(
    `${r.ok ? "Apply complete" : "Apply FAILED"}: ${r.steps.filter((s) => s.outcome === "ready").length}/${r.steps.length} resources ready on the ${options.target} target.\n`
  )
  return r.ok ? ExitCode.Ok : ExitCode.Invalid
}
