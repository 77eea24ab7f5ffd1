import { Maintenance, Provisioning } from "@personalize-ops/core"
import { Effect } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { planJson, renderPlan } from "./render.ts"
import {
  countScheduleSteps,
  renderScheduleSteps,
  scheduleSteps,
  scheduleStepsJson,
  scheduleSummary
} from "./scheduleSteps.ts"
import { hasLedger, type MaintenanceTarget, runOnTarget, type Target } from "./target.ts"

/** Drift on a target without a ledger: resources that differ and that the tool cannot prove it created. */
export const unprovenChanges = (target: Target, plan: Provisioning.Plan): ReadonlyArray<Provisioning.PlanStep> =>
  hasLedger(target) ? [] : plan.steps.filter((s) => s.action === "Drift")

/** Tells which changed resources the tool cannot vouch for, and how to give it a ledger. */
export const reportUnproven = (command: string, steps: ReadonlyArray<Provisioning.PlanStep>, io: CliIo): void => {
  if (steps.length === 0) return
  io.stderr(
    `personalize-ops ${command}: ${steps.length} resource(s) differ from the config and this tool cannot prove it created them (no --event-table ledger):\n${steps.map((s) => `  ${s.kind} ${s.name}: ${s.reason ?? "differs"}\n`).join("")}`
  )
}

/** `plan` on a Deployment against the target's current state (and ledger), its schedules included. */
export const planEntry = async (
  deployment: Parameters<typeof Provisioning.planDeployment>[0],
  options: { readonly target: Target; readonly maintenance: MaintenanceTarget; readonly json: boolean },
  io: CliIo
): Promise<number> => {
  const result = await runOnTarget(
    options.target,
    Effect.all({
      plan: Provisioning.planDeployment(deployment),
      schedules: scheduleSteps(deployment, options.maintenance, "plan")
    })
  )
  if (result._tag === "Failure") {
    io.stderr(`personalize-ops plan: ${result.failure._tag}: ${result.failure.message}\n`)
    return ExitCode.Invalid
  }
  const { plan, schedules } = result.success
  if (options.json) {
    const json = planJson(plan)
    const n = countScheduleSteps(schedules)
    io.stdout(
      `${JSON.stringify({
        ...json,
        steps: [...json.steps, ...scheduleStepsJson(schedules)],
        actions: json.actions + n.create + n.update + n.delete,
        unchanged: json.unchanged + n.unchanged
      })}\n`
    )
  } else {
    const group = Maintenance.desiredSchedules(deployment, options.maintenance.settings).group
    const lines = renderScheduleSteps(schedules)
    io.stdout(
      `${renderPlan(plan)}${lines.length === 0 ? "" : `\n${lines.join("\n")}\n\n${scheduleSummary(schedules, group, "plan")}\n`}`
    )
  }
  const unproven = unprovenChanges(options.target, plan)
  reportUnproven("plan", unproven, io)
  return unproven.length > 0 ? ExitCode.Invalid : ExitCode.Ok
}
