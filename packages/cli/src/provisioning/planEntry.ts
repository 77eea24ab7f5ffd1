import { Provisioning } from "@personalize-ops/core"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { planJson, renderPlan } from "./render.ts"
import { hasLedger, runOnTarget, type Target } from "./target.ts"

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

/** `plan` on a Deployment against the target's current state (and ledger). */
export const planEntry = async (
  deployment: Parameters<typeof Provisioning.planDeployment>[0],
  options: { readonly target: Target; readonly json: boolean },
  io: CliIo
): Promise<number> => {
  const result = await runOnTarget(options.target, Provisioning.planDeployment(deployment))
  if (result._tag === "Failure") {
    io.stderr(`personalize-ops plan: ${result.failure._tag}: ${result.failure.message}\n`)
    return ExitCode.Invalid
  }
  const plan = result.success
  io.stdout(options.json ? `${JSON.stringify(planJson(plan))}\n` : renderPlan(plan))
  const unproven = unprovenChanges(options.target, plan)
  reportUnproven("plan", unproven, io)
  return unproven.length > 0 ? ExitCode.Invalid : ExitCode.Ok
}
