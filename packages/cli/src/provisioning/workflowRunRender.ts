import type { LocalRunResult } from "./workflowRun.ts"

const duration = (seconds: number): string => {
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : m > 0 ? `${m}m${String(s).padStart(2, "0")}s` : `${s}s`
}

/** The text form of `workflow run --local`: the execution, its resources, its failures, what was notified. */
export const renderLocalRun = (r: LocalRunResult): string => {
  const lines = [
    ...(r.execution === undefined
      ? ["No execution started."]
      : [
          `Execution ${r.execution} (${r.mode ?? "apply"}): ${r.iterations} Reconcile passes, ${duration(r.simulatedSeconds)} simulated, ${r.events} lifecycle events.`
        ]),
    ...r.resources.map((x) => `  ${x.kind.padEnd(18)} ${x.name.padEnd(36)} ${x.status}`),
    ...(r.notImported.length === 0
      ? []
      : [`Created without data (nothing found to import): ${r.notImported.join(", ")}`]),
    ...r.failures.map(
      (f) =>
        `✗ ${f.kind} ${f.name}: ${f.cause}${f.dependents.length === 0 ? "" : ` (not attempted: ${f.dependents.map((d) => `${d.kind} ${d.name}`).join(", ")})`}`
    ),
    ...r.notifications
      .filter((n) => n.protocol !== "json" && n.protocol !== "sms")
      .map((n) => `Notified: ${n.subject}`),
    r.status
  ]
  return `${lines.join("\n")}\n`
}
