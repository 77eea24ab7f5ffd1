import { Jobs } from "@personalize-ops/core"
import { formatDuration, formatRate, formatTime } from "./format.ts"
import { html, rawHtml, type SafeHtml } from "./html.ts"

/** Time windows offered by the dashboard's period filter. */
export const periods: ReadonlyArray<{ readonly key: string; readonly label: string; readonly ms?: number }> = [
  { key: "all", label: "All time" },
  { key: "1h", label: "Last hour", ms: 3_600_000 },
  { key: "24h", label: "Last day", ms: 86_400_000 },
  { key: "3d", label: "Last 3 days", ms: 3 * 86_400_000 },
  { key: "7d", label: "Last week", ms: 7 * 86_400_000 },
  { key: "30d", label: "Last month", ms: 30 * 86_400_000 }
]

export const pageSizes = [20, 50, 100] as const

const styles = rawHtml(`
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
a{color:#0b5cad}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;font-size:.9rem;vertical-align:top}
.status{display:inline-block;padding:.05rem .45rem;border-radius:.6rem;font-size:.8rem;font-weight:600}
.s-FAILED{background:#fde2e1;color:#a1160a}.s-SUCCEEDED{background:#dff5e3;color:#13672a}
.s-RUNNING,.s-STARTING,.s-RUNNABLE{background:#fff4c2;color:#7a5b00}.s-PENDING{background:#dde9fb;color:#1f4f99}
.s-SUBMITTED{background:#eadcf8;color:#5a2a8c}
.badge{display:inline-block;padding:.05rem .4rem;border-radius:.3rem;font-size:.75rem;margin-left:.3rem}
.stuck{background:#a1160a;color:#fff}.late{background:#ddd;color:#444}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:.4rem;padding:.5rem 1rem;min-width:7rem}
.card b{display:block;font-size:1.4rem}
form.filters{display:flex;gap:.6rem;flex-wrap:wrap;align-items:end;margin-bottom:1rem}
form.filters label{display:flex;flex-direction:column;font-size:.8rem}
pre{background:#f6f6f6;padding:.8rem;overflow:auto;max-height:30rem;font-size:.8rem}
.notice{background:#dff5e3;padding:.5rem 1rem;border-radius:.3rem}.error{background:#fde2e1;padding:.5rem 1rem;border-radius:.3rem}
.pager a,.pager span{margin-right:1rem}
button,.button{padding:.35rem .9rem;border:1px solid #888;border-radius:.3rem;background:#f3f3f3;cursor:pointer;text-decoration:none;color:#222}
button.danger,.button.danger{border-color:#a1160a;color:#a1160a}
`)

/** A whole HTML document. */
export const layout = (title: string, body: SafeHtml): string =>
  html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${styles}</style></head>
<body>${body}</body></html>`.value

/** A colour-coded status pill. */
export const statusPill = (status: string): SafeHtml =>
  html`<span class="status s-${status}" data-status="${status}">${status}</span>`

const stuckBadge = (stuck: Jobs.Stuck | undefined): SafeHtml =>
  stuck === undefined
    ? html``
    : html`<span class="badge stuck" title="in ${stuck.status} for ${formatDuration(stuck.forMs)} (threshold ${formatDuration(
        stuck.thresholdMs
      )})">stuck ${formatDuration(stuck.forMs)}</span>`

/** Links are built from a base path and encoded parts only. */
export interface Links {
  readonly base: string
  readonly dashboard: (query: Record<string, string | undefined>) => string
  readonly job: (jobId: string, query?: Record<string, string | undefined>) => string
  readonly confirm: (jobId: string, action: Jobs.JobAction) => string
  readonly action: (jobId: string, action: Jobs.JobAction) => string
}

const queryString = (query: Record<string, string | undefined>) => {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, v)
  const s = params.toString()
  return s === "" ? "" : `?${s}`
}

/** Link builders under a base path (`""` for a function URL, `/prod` for a stage). */
export const makeLinks = (base: string): Links => ({
  base,
  dashboard: (query) => `${base}/${queryString(query)}`,
  job: (jobId, query = {}) => `${base}/jobs/${encodeURIComponent(jobId)}${queryString(query)}`,
  confirm: (jobId, action) => `${base}/jobs/${encodeURIComponent(jobId)}/confirm${queryString({ action })}`,
  action: (jobId, action) => `${base}/jobs/${encodeURIComponent(jobId)}/actions/${action}`
})

/** What the dashboard shows. */
export interface DashboardModel {
  readonly filters: {
    readonly status?: string
    readonly taskType?: string
    readonly region?: string
    readonly queue?: string
    readonly period: string
    readonly limit: number
  }
  readonly page: Jobs.JobPage
  readonly cursor: string
  readonly trail: ReadonlyArray<string>
  readonly stats: Jobs.JobStats
  readonly now: number
  readonly stuck: Jobs.StuckThresholds
  readonly regions: ReadonlyArray<string>
}

const option = (value: string, label: string, selected: string | undefined) =>
  html`<option value="${value}"${selected === value ? rawHtml(" selected") : ""}>${label}</option>`

const statsCards = (stats: Jobs.JobStats): SafeHtml => {
  const running = ["SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING"].reduce(
    (n, s) => n + (stats.byStatus[s] ?? 0),
    0
  )
  const card = (label: string, value: string | number, id: string) =>
    html`<div class="card" data-stat="${id}">${label}<b>${value}</b></div>`
  return html`<div class="cards">
${card("Total", stats.total, "total")}${card("Succeeded", stats.byStatus["SUCCEEDED"] ?? 0, "succeeded")}${card(
  "Failed",
  stats.byStatus["FAILED"] ?? 0,
  "failed"
)}${card("In progress", running, "running")}${card("Success rate", formatRate(stats.successRate), "successRate")}
</div>`
}

const taskTypeTable = (stats: Jobs.JobStats): SafeHtml => {
  const rows = Object.entries(stats.byTaskType)
  if (rows.length === 0) return html``
  const phase = (t: Jobs.TaskTypeStats, p: string) => {
    const d = t.durations[p]
    return d === undefined ? html`<td>–</td>` : html`<td>${formatDuration(d.p50)} / ${formatDuration(d.p95)}</td>`
  }
  return html`<table id="task-types"><thead><tr><th>Task type</th><th>Jobs</th><th>Succeeded</th><th>Failed</th>
<th>Success rate</th><th>RUNNABLE p50 / p95</th><th>STARTING p50 / p95</th><th>RUNNING p50 / p95</th></tr></thead><tbody>
${rows.map(
  ([name, t]) =>
    html`<tr><td>${name}</td><td>${t.total}</td><td>${t.byStatus["SUCCEEDED"] ?? 0}</td><td>${
      t.byStatus["FAILED"] ?? 0
    }</td><td>${formatRate(t.successRate)}</td>${phase(t, "RUNNABLE")}${phase(t, "STARTING")}${phase(t, "RUNNING")}</tr>`
)}</tbody></table>`
}

const encodeTrail = (trail: ReadonlyArray<string>) => trail.map((c) => (c === "" ? "-" : c)).join(".")
/** Reads the list of cursors of the pages before this one. */
export const decodeTrail = (trail: string | undefined): Array<string> =>
  trail === undefined || trail === "" ? [] : trail.split(".").map((c) => (c === "-" ? "" : c))

/** The dashboard: filters, stats, the job list and paging. */
export const renderDashboard = (m: DashboardModel, links: Links, title: string): string => {
  const f = m.filters
  const base = {
    status: f.status,
    taskType: f.taskType,
    region: f.region,
    queue: f.queue,
    period: f.period === "all" ? undefined : f.period,
    limit: f.limit === 20 ? undefined : String(f.limit)
  }
  const taskTypes = Object.keys(m.stats.byTaskType)
  const next =
    m.page.nextCursor === undefined
      ? html`<span class="disabled">Next ›</span>`
      : html`<a id="next" href="${links.dashboard({
          ...base,
          cursor: m.page.nextCursor,
          trail: encodeTrail([...m.trail, m.cursor])
        })}">Next ›</a>`
  const prevCursor = m.trail[m.trail.length - 1]
  const prev =
    prevCursor === undefined
      ? html`<span class="disabled">‹ Previous</span>`
      : html`<a id="prev" href="${links.dashboard({
          ...base,
          cursor: prevCursor === "" ? undefined : prevCursor,
          trail: m.trail.length > 1 ? encodeTrail(m.trail.slice(0, -1)) : undefined
        })}">‹ Previous</a>`
  const rows = m.page.jobs.map((j) => {
    const stuck = Jobs.stuckAt({ status: j.status, since: j.since }, m.now, m.stuck)
    const ids = Object.entries(j.ids).map(([k, v]) => html`<div>${k}: ${v}</div>`)
    return html`<tr data-job-id="${j.jobId}"><td>${statusPill(j.status)}${stuckBadge(stuck)}</td>
<td><a class="job-link" href="${links.job(j.jobId)}">${j.jobName}</a></td><td>${j.taskType}</td><td>${ids}</td>
<td>${j.queue}</td><td>${j.region}</td><td>${j.attempts}</td><td>${formatTime(j.createdAt)}</td>
<td>${formatDuration(j.durations.RUNNING)}</td><td>${j.statusReason ?? ""}</td></tr>`
  })
  const body = html`<h1>${title}</h1>
<form class="filters" method="get" action="${links.dashboard({})}">
<label>Status<select name="status">${option("", "Any", f.status ?? "")}${Jobs.batchJobStatuses.map((s) =>
    option(s, s, f.status)
  )}</select></label>
<label>Task type<select name="taskType">${option("", "Any", f.taskType ?? "")}${[
    ...new Set([...taskTypes, ...(f.taskType === undefined ? [] : [f.taskType])])
  ].map((t) => option(t, t, f.taskType))}</select></label>
<label>Region<select name="region">${option("", "Any", f.region ?? "")}${[
    ...new Set([...m.regions, ...(f.region === undefined ? [] : [f.region])])
  ].map((r) => option(r, r, f.region))}</select></label>
<label>Period<select name="period">${periods.map((p) => option(p.key, p.label, f.period))}</select></label>
<label>Per page<select name="limit">${pageSizes.map((n) => option(String(n), String(n), String(f.limit)))}</select></label>
${f.queue === undefined ? "" : html`<input type="hidden" name="queue" value="${f.queue}">`}
<button type="submit" id="apply">Apply</button> <a href="${links.dashboard({})}">Reset</a>
</form>
<section id="stats">${statsCards(m.stats)}${taskTypeTable(m.stats)}
<p><small>Stats count jobs by submission day and task type over the selected period.</small></p></section>
<table id="jobs"><thead><tr><th>Status</th><th>Job name</th><th>Task type</th><th>IDs</th><th>Queue</th><th>Region</th>
<th>Attempts</th><th>Submitted (UTC)</th><th>Run time</th><th>Status reason</th></tr></thead>
<tbody>${rows.length === 0 ? html`<tr><td colspan="10">No jobs match.</td></tr>` : rows}</tbody></table>
<p class="pager"><a id="first" href="${links.dashboard(base)}">« First</a>${prev}${next}
<span>page ${m.trail.length + 1}</span></p>`
  return layout(title, body)
}

/** The job page: summary, ids, durations, full history, audit log, raw event and action buttons. */
export const renderJobPage = (
  view: Jobs.JobView,
  options: {
    readonly now: number
    readonly stuck: Jobs.StuckThresholds
    readonly notice?: string
    readonly links: Links
  }
): string => {
  const { links } = options
  const stuck = Jobs.stuckAt({ status: view.status, since: view.since }, options.now, options.stuck)
  let raw = view.raw
  try {
    raw = JSON.stringify(JSON.parse(view.raw), null, 2)
  } catch {
    // a cut raw event is shown as stored
  }
  const actionButton = (action: Jobs.JobAction, label: string, cls: string) =>
    Jobs.actionAllowed(action, view.status)
      ? html`<a class="button ${cls}" id="${action}" href="${links.confirm(view.jobId, action)}">${label}…</a> `
      : html``
  const body = html`<p><a href="${links.dashboard({})}">← All jobs</a></p>
<h1 id="job-name">${view.jobName}</h1>
${options.notice === undefined ? "" : html`<p class="notice" id="notice">${options.notice}</p>`}
<p>${statusPill(view.status)}${stuckBadge(stuck)} ${view.statusReason ?? ""}</p>
<p>${actionButton("retry", "Retry", "")}${actionButton("terminate", "Terminate", "danger")}</p>
<table id="summary"><tbody>
<tr><th>Job id</th><td>${view.jobId}</td></tr>
<tr><th>Task type</th><td>${view.taskType}</td></tr>
${Object.entries(view.ids).map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}
<tr><th>Queue</th><td>${view.jobQueue}</td></tr>
<tr><th>Definition</th><td>${view.jobDefinition}</td></tr>
<tr><th>Region / account</th><td>${view.region} / ${view.account}</td></tr>
<tr><th>Attempts</th><td>${view.attempts}</td></tr>
<tr><th>Submitted</th><td>${formatTime(view.createdAt)}</td></tr>
<tr><th>Command</th><td><code>${view.command.join(" ")}</code></td></tr>
</tbody></table>
<h2>Phase durations</h2>
<table id="durations"><tbody>
${(["PENDING", "RUNNABLE", "STARTING", "RUNNING", "total"] as const).map(
  (p) => html`<tr><th>${p}</th><td>${formatDuration(view.durations[p])}</td></tr>`
)}</tbody></table>
<h2>History</h2>
<table id="history"><thead><tr><th>Attempt</th><th>Status</th><th>At (UTC)</th><th>Reason</th><th>Exit code</th><th>Event</th></tr></thead><tbody>
${view.history.map(
  (h) =>
    html`<tr><td>${h.attempt}</td><td>${statusPill(h.status)}${
      h.late ? html`<span class="badge late" title="arrived after a later status">late</span>` : ""
    }</td><td>${formatTime(h.at)}</td><td>${h.statusReason ?? ""}</td><td>${h.exitCode ?? ""}</td><td><small>${
      h.eventId
    }</small></td></tr>`
)}</tbody></table>
<h2>Operator actions</h2>
${
  view.actions.length === 0
    ? html`<p>None.</p>`
    : html`<table id="actions"><thead><tr><th>At (UTC)</th><th>Action</th><th>By</th><th>Reason</th><th>Outcome</th></tr></thead><tbody>
${view.actions.map(
  (a) =>
    html`<tr><td>${formatTime(a.at)}</td><td>${a.action}</td><td>${a.actor}</td><td>${a.reason}</td><td>${a.outcome}${
      a.newJobId === undefined ? "" : html` → <a href="${links.job(a.newJobId)}">${a.newJobId}</a>`
    }${a.error === undefined ? "" : html`: ${a.error}`}</td></tr>`
)}</tbody></table>`
}
<h2>Raw event</h2>
<pre id="raw">${raw}</pre>`
  return layout(`${view.jobName} — job`, body)
}

/** The confirmation step of an action: a POST form; nothing happens until it is submitted. */
export const renderConfirmPage = (view: Jobs.JobView, action: Jobs.JobAction, links: Links): string => {
  const verb = action === "retry" ? "Retry" : "Terminate"
  const what =
    action === "retry"
      ? "submits a new job with the same definition, queue, parameters and command"
      : "stops the job; Batch marks it FAILED"
  const body = html`<p><a href="${links.job(view.jobId)}">← Back to the job</a></p>
<h1>${verb} ${view.jobName}?</h1>
<p>This ${what}. It is recorded with your identity and reason.</p>
<p>${statusPill(view.status)} ${view.jobId}</p>
<form method="post" action="${links.action(view.jobId, action)}" id="confirm-form">
<input type="hidden" name="expectedVersion" value="${view.version}">
<input type="hidden" name="confirm" value="yes">
<label>Reason<br><textarea name="reason" id="reason" required maxlength="500" rows="3" cols="60"></textarea></label><br>
<button type="submit" id="confirm" class="${action === "terminate" ? "danger" : ""}">Confirm ${verb.toLowerCase()}</button>
<a href="${links.job(view.jobId)}">Cancel</a>
</form>`
  return layout(`${verb} ${view.jobName}`, body)
}

/** An error page. */
export const renderErrorPage = (title: string, message: string, links: Links): string =>
  layout(
    title,
    html`<p><a href="${links.dashboard({})}">← All jobs</a></p><h1>${title}</h1><p class="error">${message}</p>`
  )
