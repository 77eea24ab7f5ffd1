import { type Config, Maintenance, Provisioning } from "@personalize-ops/core"
import { Effect } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { destroyJson, formatDuration } from "./render.ts"
import { destroySchedules } from "./scheduleSteps.ts"
import { type MaintenanceTarget, runOnTarget, type Target, targetName } from "./target.ts"

const marks: { readonly [S in Provisioning.TeardownState]: string } = { gone: "✓", waiting: "…", failed: "✗" }

/**
 * `destroy` on a Deployment: its schedule group goes first (so no run starts on what is being deleted),
 * then its resources, children first, waiting as needed; idempotent.
 */
export const destroyEntry = async (
  deployment: Config.Deployment,
  options: { readonly target: Target; readonly maintenance: MaintenanceTarget; readonly json: boolean },
  io: CliIo
): Promise<number> => {
  const result = await runOnTarget(
    options.target,
    Effect.all({
      schedulesRemoved: destroySchedules(deployment, options.maintenance),
      r: Provisioning.destroyDeployment(deployment)
    })
  )
  if (result._tag === "Failure") {
    io.stderr(`personalize-ops destroy: ${result.failure._tag}: ${result.failure.message}\n`)
    return ExitCode.Invalid
  }
  const { r, schedulesRemoved } = result.success
  const group = Maintenance.desiredSchedules(deployment, options.maintenance.settings).group
  if (options.json)
    io.stdout(`${JSON.stringify({ ...destroyJson(r), schedules: { group, removed: schedulesRemoved } })}\n`)
  else {
    if (schedulesRemoved) io.stdout(`✓ ${"ScheduleGroup".padEnd(18)} ${group}  deleted with its schedules\n`)
    for (const n of r.nodes)
      io.stdout(`${marks[n.state]} ${n.kind.padEnd(18)} ${n.name}${n.reason === undefined ? "" : `  ${n.reason}`}\n`)
    const took = formatDuration((r.finishedAt - r.startedAt) / 1000)
    io.stdout(
      `${r.ok ? "Destroy complete" : "Destroy FAILED"}: ${r.nodes.filter((n) => n.state === "gone").length}/${r.nodes.length} gone from the ${targetName(options.target)} in ${r.passes} passes (${took})${r.timedOut === undefined ? "" : `; ${r.timedOut}`}.\n`
    )
  }
  return r.ok ? ExitCode.Ok : ExitCode.Invalid
}
