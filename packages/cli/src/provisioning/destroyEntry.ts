import { type Config, Provisioning } from "@personalize-ops/core"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { destroyJson, formatDuration } from "./render.ts"
import { runOnTarget, type Target, targetName } from "./target.ts"

const marks: { readonly [S in Provisioning.TeardownState]: string } = { gone: "✓", waiting: "…", failed: "✗" }

/** `destroy` on a Deployment: deletes its resources children first, waiting as needed; idempotent. */
export const destroyEntry = async (
  deployment: Config.Deployment,
  options: { readonly target: Target; readonly json: boolean },
  io: CliIo
): Promise<number> => {
  const result = await runOnTarget(options.target, Provisioning.destroyDeployment(deployment))
  if (result._tag === "Failure") {
    io.stderr(`personalize-ops destroy: ${result.failure._tag}: ${result.failure.message}\n`)
    return ExitCode.Invalid
  }
  const r = result.success
  if (options.json) io.stdout(`${JSON.stringify(destroyJson(r))}\n`)
  else {
    for (const n of r.nodes)
      io.stdout(`${marks[n.state]} ${n.kind.padEnd(18)} ${n.name}${n.reason === undefined ? "" : `  ${n.reason}`}\n`)
    const took = formatDuration((r.finishedAt - r.startedAt) / 1000)
    io.stdout(
      `${r.ok ? "Destroy complete" : "Destroy FAILED"}: ${r.nodes.filter((n) => n.state === "gone").length}/${r.nodes.length} gone from the ${targetName(options.target)} in ${r.passes} passes (${took})${r.timedOut === undefined ? "" : `; ${r.timedOut}`}.\n`
    )
  }
  return r.ok ? ExitCode.Ok : ExitCode.Invalid
}
