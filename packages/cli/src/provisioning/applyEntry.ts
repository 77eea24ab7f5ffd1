import { type Config, Maintenance, Provisioning } from "@personalize-ops/core"
import { Effect } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { reportUnproven, unprovenChanges } from "./planEntry.ts"
import { makeProgress, type ProgressMode } from "./progress.ts"
import { applyJson, renderStep } from "./render.ts"
import { hasLedger, runOnTarget, type Target, targetName } from "./target.ts"

const renderOutcome = (r: Provisioning.ApplyResult, target: Target, unproven: number): string => {
  const lines = [
    ...r.failures.map(
      (f) =>
        `✗ ${f.kind} ${f.name}: ${f.cause}${f.dependents.length === 0 ? "" : ` (not attempted: ${f.dependents.map((d) => `${d.kind} ${d.name}`).join(", ")})`}`
    ),
    ...r.drift.map((d) => `! drift ${d.kind} ${d.name}: ${d.reason ?? ""}`)
  ]
  const ready = `${r.steps.filter((s) => s.outcome === "ready").length}/${r.steps.length} resources ready on the ${targetName(target)}`
  const verdict = !r.ok ? "Apply FAILED" : unproven > 0 ? "Apply INCOMPLETE" : "Apply complete"
  return [...lines, `${verdict}: ${ready}.`, ""].join("\n")
}

/** `apply` does not reconcile schedules yet: say so rather than drop them silently. */
const reportUnappliedSchedules = (deployment: Config.Deployment, io: CliIo): void => {
  const { schedules, deleted } = Maintenance.desiredSchedules(deployment)
  const count = schedules.length + deleted.length
  if (count > 0)
    io.stderr(
      `personalize-ops apply: ${count} schedule${count === 1 ? "" : "s"} in this config ${count === 1 ? "is" : "are"} not applied: apply does not reconcile schedules yet (not built); \`schedules list\` shows them and \`simulate --days N\` runs them offline\n`
    )
}

/**
 * `apply` on a Deployment, printing a progress line per step as it finishes (or, with `json`, one JSON
 * document at the end): on the memory target's twin under virtual time, or on AWS.
 */
export const applyEntry = async (
  deployment: Config.Deployment,
  options: { readonly target: Target; readonly json?: boolean; readonly progress?: ProgressMode },
  io: CliIo
): Promise<number> => {
  const { target } = options
  if (!hasLedger(target))
    io.stderr(
      "personalize-ops apply: no --event-table: this run's decisions are kept in memory only (drift is then judged without the ledger of earlier runs)\n"
    )
  const progress = makeProgress(options.progress ?? "off", io)
  const program = Effect.gen(function* () {
    let startedAt: number | undefined
    return yield* Provisioning.applyDeployment(deployment, {
      onStep: (report) =>
        Effect.sync(() => {
          startedAt ??= report.startedAt
          progress.step(report.key, options.json === true ? undefined : renderStep(report, startedAt))
        }),
      onWait: (report) => Effect.sync(() => progress.wait(report))
    })
  }).pipe(Effect.ensuring(Effect.sync(() => progress.close())))
  const result = await runOnTarget(target, program)
  if (result._tag === "Failure") {
    io.stderr(`personalize-ops apply: ${result.failure._tag}: ${result.failure.message}\n`)
    return ExitCode.Invalid
  }
  const r = result.success
  const unproven = unprovenChanges(target, r.plan)
  io.stdout(options.json === true ? `${JSON.stringify(applyJson(r))}\n` : renderOutcome(r, target, unproven.length))
  reportUnproven("apply", unproven, io)
  reportUnappliedSchedules(deployment, io)
  return r.ok && unproven.length === 0 ? ExitCode.Ok : ExitCode.Invalid
}
