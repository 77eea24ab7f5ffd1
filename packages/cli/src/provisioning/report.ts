/**
 * `simulate --report out.html`: the simulation as one self-contained HTML page (inline CSS and SVG, no
 * script, nothing fetched): a Gantt chart of the apply's steps on simulated time, the failures with
 * what they left unattempted, and with `--days` the maintenance runs and the solutions' metrics over
 * the days. The same run gives the same bytes (nothing here reads a clock).
 */
import type { MaintenanceSimulationResult, SimulationResult } from "@personalize-ops/adapters-memory"
import { formatDuration, type TimelineStep, timelineOf } from "./render.ts"

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const round = (n: number) => Math.round(n * 10) / 10

/** Tick positions for an axis from 0 to `max`: about six round steps. */
const ticks = (max: number, steps: ReadonlyArray<number>): ReadonlyArray<number> => {
  const step = steps.find((s) => max / s <= 8) ?? steps[steps.length - 1] ?? 1
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step)
}
const timeSteps = [60, 300, 600, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800]

const labelWidth = 320
const chartWidth = 760
const rowHeight = 20

/** The Gantt chart: one row and one bar per step, on seconds since the apply began. */
const gantt = (steps: ReadonlyArray<TimelineStep>, total: number): string => {
  const span = Math.max(total, 1)
  const x = (seconds: number) => labelWidth + (seconds / span) * chartWidth
  const height = steps.length * rowHeight + 30
  const axis = ticks(span, timeSteps)
    .map(
      (t) =>
        `<line class="tick" x1="${round(x(t))}" y1="0" x2="${round(x(t))}" y2="${height - 20}"/><text class="axis" x="${round(x(t))}" y="${height - 6}">${formatDuration(t)}</text>`
    )
    .join("")
  const rows = steps
    .map((s, i) => {
      const y = i * rowHeight
      const width = Math.max(x(s.end) - x(s.start), 2)
      const what = `${s.action} ${s.kind} ${s.name}: ${s.outcome}${s.status === undefined ? "" : ` (${s.status})`}, +${formatDuration(s.start)} → +${formatDuration(s.end)}${s.reason === undefined ? "" : ` — ${s.reason}`}`
      return (
        `<text class="label" x="${labelWidth - 8}" y="${y + 14}">${escapeHtml(`${s.kind} ${s.name}`)}</text>` +
        `<rect class="bar ${s.outcome}" data-kind="${escapeHtml(s.kind)}" data-name="${escapeHtml(s.name)}" x="${round(x(s.start))}" y="${y + 3}" width="${round(width)}" height="${rowHeight - 6}"><title>${escapeHtml(what)}</title></rect>`
      )
    })
    .join("")
  return `<svg class="gantt" role="img" aria-label="the apply's steps on simulated time" width="${labelWidth + chartWidth + 20}" height="${height}" viewBox="0 0 ${labelWidth + chartWidth + 20} ${height}">${axis}${rows}</svg>`
}

const failuresSection = (r: SimulationResult): string =>
  r.failures.length === 0
    ? `<p class="ok">No step failed.</p>`
    : `<ul class="failures">${r.failures
        .map(
          (f) =>
            `<li><strong>${escapeHtml(`${f.kind} ${f.name}`)}</strong>: ${escapeHtml(f.cause)}${
              f.dependents.length === 0
                ? ""
                : `<br>not attempted: ${f.dependents.map((d) => escapeHtml(`${d.kind} ${d.name}`)).join(", ")}`
            }</li>`
        )
        .join("")}</ul>`

const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"]

/** The maintenance runs: a row per schedule, a mark per run on the days, coloured by outcome. */
const runsChart = (m: MaintenanceSimulationResult, days: number, start: number): string => {
  const span = days * 86400
  const x = (at: number) => labelWidth + ((at - start) / 1000 / span) * chartWidth
  const targets = [...new Set(m.runs.map((r) => `${r.task} ${r.target}`))]
  const height = targets.length * rowHeight + 30
  const axis = ticks(span, [86400, 172800, 604800, 2592000])
    .map(
      (t) =>
        `<line class="tick" x1="${round(x(start + t * 1000))}" y1="0" x2="${round(x(start + t * 1000))}" y2="${height - 20}"/><text class="axis" x="${round(x(start + t * 1000))}" y="${height - 6}">day ${t / 86400}</text>`
    )
    .join("")
  const rows = targets
    .map((target, i) => {
      const y = i * rowHeight
      const marks = m.runs
        .filter((r) => `${r.task} ${r.target}` === target)
        .map(
          (r) =>
            `<circle class="run ${r.outcome}" cx="${round(x(Date.parse(r.at)))}" cy="${y + rowHeight / 2}" r="5"><title>${escapeHtml(`${r.at} ${r.task} ${r.target}: ${r.outcome}${r.reason === undefined ? "" : ` — ${r.reason}`}`)}</title></circle>`
        )
        .join("")
      return `<text class="label" x="${labelWidth - 8}" y="${y + 14}">${escapeHtml(target)}</text>${marks}`
    })
    .join("")
  return `<svg class="runs" role="img" aria-label="maintenance runs over the days" width="${labelWidth + chartWidth + 20}" height="${height}" viewBox="0 0 ${labelWidth + chartWidth + 20} ${height}">${axis}${rows}</svg>`
}

/** Per solution, its metrics as lines over the days (from the runs that measured them). */
const metricsCharts = (m: MaintenanceSimulationResult, days: number, start: number): string => {
  const measured = m.runs.filter((r) => r.metrics !== undefined)
  const solutions = [...new Set(measured.map((r) => r.target))]
  if (solutions.length === 0) return `<p>No run measured solution metrics.</p>`
  return solutions
    .map((solution) =>
      metricsChart(
        solution,
        measured.filter((r) => r.target === solution),
        days,
        start
      )
    )
    .join("")
}

/** One solution's metrics chart: a line per metric over the days, from its runs that measured them. */
const metricsChart = (
  solution: string,
  runs: MaintenanceSimulationResult["runs"],
  days: number,
  start: number
): string => {
  const span = days * 86400 * 1000
  const width = labelWidth + chartWidth + 20
  const height = 200
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics ?? {})))].sort()
  const values = runs.flatMap((r) => Object.values(r.metrics ?? {}))
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  const x = (at: string) => labelWidth + ((Date.parse(at) - start) / span) * chartWidth
  const y = (v: number) => 10 + (1 - (v - lo) / Math.max(hi - lo, 1e-9)) * (height - 40)
  const lines = names
    .map((name, i) => {
      const points = runs.filter((r) => r.metrics?.[name] !== undefined)
      const colour = palette[i % palette.length]
      return (
        `<polyline class="metric" data-metric="${escapeHtml(name)}" fill="none" stroke="${colour}" points="${points.map((r) => `${round(x(r.at))},${round(y(r.metrics?.[name] ?? 0))}`).join(" ")}"/>` +
        `<text class="legend" x="8" y="${14 + i * 14}" fill="${colour}">${escapeHtml(name)}</text>`
      )
    })
    .join("")
  const scale = `<text class="axis" x="${labelWidth}" y="${height - 6}">${lo.toFixed(3)} – ${hi.toFixed(3)} over ${days} day${days === 1 ? "" : "s"}</text>`
  return `<h3>${escapeHtml(solution)}</h3><svg class="metrics" role="img" aria-label="${escapeHtml(`metrics of ${solution}`)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${lines}${scale}</svg>`
}

const maintenanceSection = (m: MaintenanceSimulationResult, days: number): string => {
  const start = Date.parse(m.runs[0]?.at ?? "2026-01-05T00:00:00Z")
  const dayStart = start - (start % 86_400_000)
  const outcomes = (["succeeded", "promoted", "kept", "skipped", "failed"] as const)
    .map((o) => `${m.runs.filter((r) => r.outcome === o).length} ${o}`)
    .join(", ")
  return `<h2>Maintenance over ${days} day${days === 1 ? "" : "s"}</h2>
<p>${m.runs.length} runs (${outcomes}); ${m.notifications} notifications; ${m.metricsPublished} solution metrics published.</p>
${runsChart(m, days, dayStart)}
<h2>Solution metrics</h2>
${metricsCharts(m, days, dayStart)}`
}

const style = `body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
svg{display:block;overflow:visible}.label{text-anchor:end;font-size:11px}.axis{font-size:10px;fill:#666;text-anchor:middle}
.tick{stroke:#e4e4e4}.bar.ready{fill:#2e7d32}.bar.failed{fill:#c62828}.bar.skipped{fill:#9e9e9e}.bar.waiting{fill:#f9a825}
.run.succeeded,.run.promoted{fill:#2e7d32}.run.kept{fill:#1565c0}.run.skipped{fill:#9e9e9e}.run.failed{fill:#c62828}
.metric{stroke-width:1.5}.legend{font-size:11px}.failures li{margin:4px 0}.ok{color:#2e7d32}
.summary{font-weight:600}`

/** The whole report page. */
export const simulationReportHtml = (
  title: string,
  r: SimulationResult,
  maintenance?: { readonly result: MaintenanceSimulationResult; readonly days: number }
): string => {
  const steps = timelineOf(r.apply)
  const total = Math.max(r.simulatedSeconds, ...steps.map((s) => s.end))
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`personalize-ops simulate: ${title}`)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escapeHtml(`Simulation of ${title}`)}</h1>
<p class="summary">${r.ok ? "ok" : "FAILED"}: ${r.resources.length} resources in ${formatDuration(r.simulatedSeconds)} simulated; ${steps.length} steps; replan: ${r.replan.steps} steps; ${r.events} events.</p>
<h2>Steps on simulated time</h2>
${gantt(steps, total)}
<h2>Failures</h2>
${failuresSection(r)}
${maintenance === undefined ? "" : maintenanceSection(maintenance.result, maintenance.days)}
</body>
</html>
`
}
