import { type Config, Maintenance, Provisioning } from "@personalize-ops/core"
import { Effect } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { reportUnproven, unprovenChanges } from "./planEntry.ts"
import { makeProgress, type Progress, type ProgressMode } from "./progress.ts"
import { applyJson, failedResource, renderStep } from "./render.ts"
import { renderScheduleSteps, scheduleSteps, scheduleStepsJson, scheduleSummary } from "./scheduleSteps.ts"
import { hasLedger, type MaintenanceTarget, runOnTarget, type Target, targetName } from "./target.ts"

const renderOutcome = (r: Provisioning.ApplyResult, target: Target, unproven: number): string => {
  const lines = [
    ...r.failures.map(
      (f) =>
        `✗ ${failedResource(f)}: ${f.cause}${f.dependents.length === 0 ? "" : ` (not attempted: ${f.dependents.map((d) => `${d.kind} ${d.name}`).join(", ")})`}`
    ),
    ...r.drift.map((d) => `! drift ${d.kind} ${d.name}: ${d.reason ?? ""}`)
  ]
  const ready = `${r.steps.filter((s) => s.outcome === "ready").length}/${r.steps.length} resources ready on the ${targetName(target)}`
  const verdict = !r.ok ? "Apply FAILED" : unproven > 0 ? "Apply INCOMPLETE" : "Apply complete"
  return [...lines, `${verdict}: ${ready}.`, ""].join("\n")
}

/**
 * The apply's hooks that show its progress: each finished step (its line for people, none with `--json`,
 * timed from the first step's start) and each wait.
 */
const progressHooks = (progress: Progress, json: boolean): Pick<Provisioning.ApplyOptions, "onStep" | "onWait"> => {
  let startedAt: number | undefined
  return {
    onStep: (report) =>
      Effect.sync(() => {
        startedAt ??= report.startedAt
        progress.step(report.key, json ? undefined : renderStep(report, startedAt))
      }),
    onWait: (report) => Effect.sync(() => progress.wait(report))
  }
}

/**
 * `apply` on a Deployment, printing a progress line per step as it finishes (or, with `json`, one JSON
 * document at the end): on the memory target's twin under virtual time, or on AWS. Once the resources
 * are ready, the config's schedules are reconciled in EventBridge Scheduler (the memory target's
 * Scheduler lives in its state file): created, updated, deleted.
 */
export const applyEntry = async (
  deployment: Config.Deployment,
  options: {
    readonly target: Target
    readonly maintenance: MaintenanceTarget
    readonly json?: boolean
    readonly progress?: ProgressMode
  },
  io: CliIo
): Promise<number> => {
  const { target } = options
  if (!hasLedger(target))
    io.stderr(
      "personalize-ops apply: no --event-table: this run's decisions are kept in memory only (drift is then judged without the ledger of earlier runs)\n"
    )
  const progress = makeProgress(options.progress ?? "off", io)
  const program = Effect.gen(function* () {
    const applied = yield* Provisioning.applyDeployment(deployment, progressHooks(progress, options.json === true))
    // Schedules start runs on the provisioned resources: only once provisioning succeeded.
    const schedules = applied.ok ? yield* scheduleSteps(deployment, options.maintenance, "apply") : undefined
    return { applied, schedules }
  }).pipe(Effect.ensuring(Effect.sync(() => progress.close())))
  const result = await runOnTarget(target, program)
  if (result._tag === "Failure") {
    io.stderr(`personalize-ops apply: ${result.failure._tag}: ${result.failure.message}\n`)
    return ExitCode.Invalid
  }
  const { applied: r, schedules } = result.success
  const unproven = unprovenChanges(target, r.plan)
  const group = Maintenance.desiredSchedules(deployment, options.maintenance.settings).group
  if (options.json === true) {
    const json = applyJson(r)
    io.stdout(
      `${JSON.stringify(schedules === undefined ? json : { ...json, steps: [...json.steps, ...scheduleStepsJson(schedules)] })}\n`
    )
  } else {
    const lines = schedules === undefined ? [] : renderScheduleSteps(schedules.filter((s) => s.action !== "NoOp"))
    io.stdout(
      `${lines.length === 0 ? "" : `${lines.join("\n")}\n`}${schedules === undefined ? "" : `${scheduleSummary(schedules, group, "done")}\n`}${renderOutcome(r, target, unproven.length)}`
    )
  }
  if (
    schedules === undefined &&
    Maintenance.desiredSchedules(deployment, options.maintenance.settings).schedules.length > 0
  )
    io.stderr("personalize-ops apply: the schedules were not reconciled: provisioning did not succeed\n")
  reportUnproven("apply", unproven, io)
  return r.ok && unproven.length === 0 ? ExitCode.Ok : ExitCode.Invalid
}
