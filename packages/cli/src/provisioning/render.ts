import type { SimulationResult } from "@personalize-ops/adapters-memory"
import { Provisioning } from "@personalize-ops/core"

/** `3h07m12s`-style durations for simulated time. */
export const formatDuration = (totalSeconds: number): string => {
  const s = Math.max(0, Math.round(totalSeconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m${String(sec).padStart(2, "0")}s`
  if (m > 0) return `${m}m${String(sec).padStart(2, "0")}s`
  return `${sec}s`
}

const table = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? []
  return rows
    .map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join("  "))
    .join("\n")
}

const symbols: { readonly [A in Provisioning.StepAction]: string } = {
  Create: "+ create",
  Update: "~ update",
  Adopt: "↺ adopt",
  Wait: "… wait",
  NoOp: "= no-op",
  Drift: "! drift",
  Failed: "✗ failed"
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v))

/** A plan for people: one line per resource, changes and reasons indented, a count per action. */
export const renderPlan = (plan: Provisioning.Plan): string => {
  const lines = plan.steps.map((s) => {
    const detail = [
      ...(s.changes ?? []).map((c) => `      ${c.field}: ${show(c.from)} → ${show(c.to)}`),
      ...(s.reason === undefined ? [] : [`      ${s.reason}`])
    ]
    return [`${symbols[s.action].padEnd(10)} ${s.kind.padEnd(18)} ${s.name}`, ...detail].join("\n")
  })
  const count = (a: Provisioning.StepAction) => plan.steps.filter((s) => s.action === a).length
  const summary = `Plan: ${count("Create")} to create, ${count("Update")} to update, ${count("Adopt")} to adopt, ${count("Wait")} to wait for, ${count("NoOp")} unchanged, ${count("Drift")} drifted, ${count("Failed")} failed.`
  return `${lines.join("\n")}\n\n${summary}\n`
}

/**
 * The plan as JSON: the steps that are not no-ops (what would change, and drift or failures to know
 * about) with their dependencies, how many apply would act on, and how many are unchanged. A plan
 * after a successful apply has no steps.
 */
export const planJson = (plan: Provisioning.Plan) => ({
  steps: plan.steps
    .filter((s) => s.action !== "NoOp")
    .map((s) => ({
      action: s.action,
      kind: s.kind,
      name: s.name,
      dependsOn: s.dependsOn,
      ...(s.arn === undefined ? {} : { arn: s.arn }),
      ...(s.changes === undefined ? {} : { changes: s.changes }),
      ...(s.reason === undefined ? {} : { reason: s.reason })
    })),
  actions: Provisioning.actions(plan).length,
  unchanged: plan.steps.filter((s) => s.action === "NoOp").length
})

/** A failure in `apply --json` and `simulate --json`: its ARN when the resource exists (it failed after its create). */
const failureJson = (f: Provisioning.ApplyFailure) => ({
  kind: f.kind,
  name: f.name,
  ...(f.arn === undefined ? {} : { arn: f.arn }),
  cause: f.cause,
  dependents: f.dependents
})

/** `apply --json`: the outcome per step, failures with what they blocked, drift. */
export const applyJson = (r: Provisioning.ApplyResult) => ({
  ok: r.ok,
  simulatedSeconds: Math.round((r.finishedAt - r.startedAt) / 1000),
  steps: r.steps.map((s) => ({
    action: s.action,
    kind: s.kind,
    name: s.name,
    outcome: s.outcome,
    ...(s.arn === undefined ? {} : { arn: s.arn }),
    ...(s.status === undefined ? {} : { status: s.status }),
    ...(s.reason === undefined ? {} : { reason: s.reason })
  })),
  failures: r.failures.map(failureJson),
  drift: r.drift.map((d) => ({ kind: d.kind, name: d.name, reason: d.reason ?? "" }))
})

/** `destroy --json`: every resource of the config as the teardown left it. */
export const destroyJson = (r: Provisioning.DestroyResult) => ({
  ok: r.ok,
  passes: r.passes,
  simulatedSeconds: Math.round((r.finishedAt - r.startedAt) / 1000),
  resources: r.nodes.map((n) => ({
    kind: n.kind,
    name: n.name,
    state: n.state,
    ...(n.arn === undefined ? {} : { arn: n.arn }),
    ...(n.reason === undefined ? {} : { reason: n.reason })
  })),
  ...(r.timedOut === undefined ? {} : { timedOut: r.timedOut })
})

/** A failed resource for people: its kind and name, and its ARN when it exists (it failed after its create). */
export const failedResource = (f: Provisioning.ApplyFailure): string =>
  `${f.kind} ${f.name}${f.arn === undefined ? "" : ` (${f.arn})`}`

/** One progress line per finished step, with the time since the apply began. */
export const renderStep = (report: Provisioning.StepReport, startedAt: number): string => {
  const mark = report.outcome === "ready" ? "✓" : report.outcome === "failed" ? "✗" : "–"
  const at = formatDuration((report.finishedAt - startedAt) / 1000)
  const took = formatDuration((report.finishedAt - report.startedAt) / 1000)
  const what =
    report.outcome === "ready" ? (report.status ?? "ACTIVE") : report.outcome === "failed" ? "FAILED" : "SKIPPED"
  const tail = report.reason === undefined ? "" : `  ${report.reason}`
  return `+${at.padStart(9)}  ${mark} ${report.action.padEnd(6)} ${report.kind.padEnd(18)} ${report.name.padEnd(36)} ${what} (${took})${tail}`
}

/** One step of the apply on simulated time: seconds since the apply began, and how it ended. */
export interface TimelineStep {
  readonly kind: string
  readonly name: string
  readonly action: Provisioning.StepAction
  readonly outcome: Provisioning.StepOutcome
  readonly start: number
  readonly end: number
  readonly status?: string
  readonly reason?: string
}

/** The apply's steps in the order they started (then ended), on seconds since the apply began. */
export const timelineOf = (apply: Provisioning.ApplyResult): ReadonlyArray<TimelineStep> =>
  [...apply.steps]
    .sort((a, b) => a.startedAt - b.startedAt || a.finishedAt - b.finishedAt)
    .map((s) => ({
      kind: s.kind,
      name: s.name,
      action: s.action,
      outcome: s.outcome,
      start: (s.startedAt - apply.startedAt) / 1000,
      end: (s.finishedAt - apply.startedAt) / 1000,
      ...(s.status === undefined ? {} : { status: s.status }),
      ...(s.reason === undefined ? {} : { reason: s.reason })
    }))

/** The `simulate --json` contract. */
export const simulationJson = (r: SimulationResult) => ({
  ok: r.ok,
  simulatedSeconds: r.simulatedSeconds,
  timeline: timelineOf(r.apply),
  resources: r.resources.map((x) => ({ kind: x.kind, name: x.name, arn: x.arn, status: x.status })),
  failures: r.failures.map(failureJson),
  replan: r.replan,
  events: r.events
})

/** The simulation for people: a timeline, the final resource table, failures and a summary. */
export const renderSimulation = (r: SimulationResult): string => {
  const timeline = [...r.apply.steps]
    .sort((a, b) => a.finishedAt - b.finishedAt)
    .map((s) => renderStep(s, r.apply.startedAt))
  const resources = table([
    ["KIND", "NAME", "STATUS", "ARN"],
    ...r.resources.map((x) => [x.kind, x.name, x.status, x.arn])
  ])
  const failures = r.failures.map(
    (f) =>
      `✗ ${failedResource(f)}: ${f.cause}${f.dependents.length === 0 ? "" : `\n    not attempted: ${f.dependents.map((d) => `${d.kind} ${d.name}`).join(", ")}`}`
  )
  return [
    "Timeline (simulated):",
    ...timeline,
    "",
    "Resources:",
    resources,
    ...(failures.length === 0 ? [] : ["", "Failures:", ...failures]),
    "",
    `${r.ok ? "ok" : "FAILED"}: ${r.resources.length} resources in ${formatDuration(r.simulatedSeconds)} simulated; replan: ${r.replan.steps} steps; ${r.events} events`,
    ""
  ].join("\n")
}
