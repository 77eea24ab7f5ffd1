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
body{font-family:system-ui,sans-serif;margin:1rem auto;padding:0 1rem;max-width:1400px;box-sizing:border-box;color:#222}
#jobs{table-layout:fixed}#jobs td{overflow-wrap:anywhere}
#jobs th:nth-child(1){width:7.5rem}#jobs th:nth-child(2){width:9rem}#jobs th:nth-child(5){width:8rem}
#jobs th:nth-child(8){width:4.5rem}#jobs th:nth-child(9),#jobs th:nth-child(10){width:8.5rem}#jobs th:nth-child(11){width:6rem}
.member-list td{font-size:.8rem;padding:.1rem .3rem}details.members summary{cursor:pointer;font-size:.8rem;color:#555}
.failure{background:#a1160a;color:#fff}.broken{background:#333;color:#fff}.meta{color:#555;font-size:.85rem}
a.sort{color:inherit;text-decoration:none}
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
form.filters select[multiple]{min-width:8rem}
pre{background:#f6f6f6;padding:.8rem;overflow:auto;max-height:30rem;font-size:.8rem}
.notice{background:#dff5e3;padding:.5rem 1rem;border-radius:.3rem}.error{background:#fde2e1;padding:.5rem 1rem;border-radius:.3rem}
.pager a,.pager span{margin-right:1rem}
button,.button{padding:.35rem .9rem;border:1px solid #888;border-radius:.3rem;background:#f3f3f3;cursor:pointer;text-decoration:none;color:#222}
button.danger,.button.danger{border-color:#a1160a;color:#a1160a}
`)

/** A whole HTML document; `refresh` (seconds) reloads it on a timer. */
export const layout = (title: string, body: SafeHtml, links?: Links, refresh = 0): string =>
  html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${refresh > 0 ? html`<meta http-equiv="refresh" content="${refresh}">` : ""}<title>${title}</title><style>${styles}</style>${
    links === undefined ? "" : html`<script src="${links.script}" defer></script>`
  }</head>
<body>${body}</body></html>`.value

/**
 * The dashboard's script (served at `/assets/jobs.js`; the CSP allows only same-origin scripts): shows
 * times in the viewer's time zone and keeps running jobs' elapsed time ticking. Pages work without it.
 */
export const dashboardScript = `"use strict";
(() => {
  const pad = (n) => String(n).padStart(2, "0");
  const local = (ms) => {
    const d = new Date(ms);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  };
  const duration = (ms) => {
    if (ms < 1000) return Math.round(ms) + " ms";
    const s = Math.round(ms / 1000);
    if (s < 60) return s + " s";
    const m = Math.floor(s / 60);
    if (m < 60) return s % 60 === 0 ? m + " min" : m + " min " + (s % 60) + " s";
    const h = Math.floor(m / 60);
    if (h < 24) return m % 60 === 0 ? h + " h" : h + " h " + (m % 60) + " min";
    const d = Math.floor(h / 24);
    return h % 24 === 0 ? d + " d" : d + " d " + (h % 24) + " h";
  };
  const start = () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const tz = document.getElementById("tz");
    if (tz) tz.textContent = zone;
    for (const t of document.querySelectorAll("time[data-ms]")) {
      t.textContent = local(Number(t.dataset.ms));
      t.title = t.getAttribute("datetime");
    }
    const tick = () => {
      for (const e of document.querySelectorAll(".elapsed[data-since]")) e.textContent = duration(Date.now() - Number(e.dataset.since));
    };
    tick();
    setInterval(tick, 1000);
    const refresh = document.getElementById("refresh-interval");
    if (refresh) refresh.addEventListener("change", () => refresh.form.requestSubmit());
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
`

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
  readonly script: string
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
  action: (jobId, action) => `${base}/jobs/${encodeURIComponent(jobId)}/actions/${action}`,
  script: `${base}/assets/jobs.js`
})

/** Auto-refresh intervals offered (seconds; 0 is off). */
export const refreshIntervals = [0, 10, 30, 60, 300] as const

/** The time a running job has been running, else its run time (from start/stop even when only the final event was seen). */
export const runTimeOf = (j: Jobs.JobSummary, now: number): number | undefined =>
  j.status === "RUNNING" ? now - (j.startedAt ?? j.since) : (j.runTimeMillis ?? j.durations.RUNNING)

/** The sortable columns: URL key, header, and the value compared. */
export const sortColumns = {
  status: { label: "Status", value: (j: Jobs.JobSummary, _now: number): string | number => j.status },
  jobId: { label: "Job ID", value: (j: Jobs.JobSummary) => j.jobId },
  jobName: { label: "Job name", value: (j: Jobs.JobSummary) => j.jobName },
  taskType: { label: "Task type", value: (j: Jobs.JobSummary) => j.taskType },
  queue: { label: "Queue", value: (j: Jobs.JobSummary) => j.queue },
  region: { label: "Region", value: (j: Jobs.JobSummary) => j.region },
  attempts: { label: "Attempts", value: (j: Jobs.JobSummary) => j.attempts },
  submitted: { label: "Submitted", value: (j: Jobs.JobSummary) => j.createdAt },
  updated: { label: "Updated", value: (j: Jobs.JobSummary) => j.since },
  runTime: { label: "Run time", value: (j: Jobs.JobSummary, now: number) => runTimeOf(j, now) ?? -1 }
} as const
export type SortColumn = keyof typeof sortColumns
export const sortKeys = Object.keys(sortColumns) as ReadonlyArray<SortColumn>

/** Sorts rows by a column (ties: newest first, so the order is stable). */
export const sortRows = (
  rows: ReadonlyArray<Jobs.JobRow>,
  column: SortColumn,
  dir: "asc" | "desc",
  now: number
): Array<Jobs.JobRow> => {
  const value = sortColumns[column].value
  const sign = dir === "asc" ? 1 : -1
  return [...rows].sort((a, b) => {
    const x = value(a.job, now)
    const y = value(b.job, now)
    return (x < y ? -sign : x > y ? sign : 0) || Jobs.compareNewestFirst(a.job, b.job)
  })
}

/** What the dashboard shows: every filtered row (the page is a slice of them) and their exact stats. */
export interface DashboardModel {
  readonly filters: {
    readonly statuses: ReadonlyArray<string>
    readonly taskTypes: ReadonlyArray<string>
    readonly regions: ReadonlyArray<string>
    readonly queues: ReadonlyArray<string>
    readonly search: string
    readonly period: string
    readonly limit: number
    readonly sort: SortColumn
    readonly dir: "asc" | "desc"
    readonly refresh: number
  }
  readonly rows: ReadonlyArray<Jobs.JobRow>
  /** 1-based page number. */
  readonly page: number
  readonly stats: Jobs.JobStats
  readonly now: number
  readonly stuck: Jobs.StuckThresholds
  /** Values offered by the task type, queue and region filters. */
  readonly choices: {
    readonly taskTypes: ReadonlyArray<string>
    readonly queues: ReadonlyArray<string>
    readonly regions: ReadonlyArray<string>
  }
}

const option = (value: string, label: string, selected: boolean) =>
  html`<option value="${value}"${selected ? rawHtml(" selected") : ""}>${label}</option>`

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

/** An instant in the viewer's time zone (the script rewrites it; UTC without the script). */
export const timeCell = (ms: number): SafeHtml =>
  html`<time datetime="${new Date(ms).toISOString()}" data-ms="${ms}">${formatTime(ms)}</time>`

const failureLabels: Record<Jobs.FailureKind, string> = {
  "out-of-memory": "out of memory",
  "spot-reclaim": "Spot reclaim"
}
const failureBadge = (kind: Jobs.FailureKind | undefined): SafeHtml =>
  kind === undefined ? html`` : html`<span class="badge failure" data-failure="${kind}">${failureLabels[kind]}</span>`
const brokenBadge = (b: Jobs.JobSummary["broken"]): SafeHtml =>
  b === undefined
    ? html``
    : html`<span class="badge broken" title="marked broken by ${b.actor}: ${b.reason}">broken</span>`
/** A link to the job's CloudWatch log stream, when the event named one. */
export const logLink = (j: Jobs.JobSummary): SafeHtml =>
  j.logStreamName === undefined
    ? html``
    : html`<a class="log" href="${Jobs.logStreamUrl(j.region, j.logStreamName)}" target="_blank" rel="noopener noreferrer">logs</a>`

const runTimeCell = (j: Jobs.JobSummary, now: number): SafeHtml =>
  j.status === "RUNNING"
    ? html`<span class="elapsed" data-since="${j.startedAt ?? j.since}" title="running for">${formatDuration(
        runTimeOf(j, now)
      )}</span>`
    : html`${formatDuration(runTimeOf(j, now))}`

/** Members per status in status order (`2 SUCCEEDED · 1 FAILED`), or undefined when none are known. */
const countsText = (row: Jobs.JobRow): string | undefined => {
  const counts = Jobs.memberCounts(row)
  const text = Jobs.batchJobStatuses
    .filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(" · ")
  return text === "" ? undefined : text
}

/** The members of an array or multi-node job: counts per status and a folded list. */
const membersCell = (row: Jobs.JobRow, links: Links): SafeHtml => {
  const kind = row.job.shape?.kind
  if (row.members.length === 0 && kind !== "array" && kind !== "multi-node") return html``
  const noun = kind === "multi-node" ? "nodes" : "children"
  return html`<details class="members"><summary>${countsText(row) ?? `no ${noun} seen`}</summary>
<table class="member-list"><tbody>${row.members.map(
    (m) =>
      html`<tr data-member-id="${m.jobId}"><td>#${m.shape?.kind === "array-child" ? m.shape.index : m.shape?.kind === "node" ? m.shape.nodeIndex : ""}</td><td><a href="${links.job(
        m.jobId
      )}">${m.jobId}</a></td><td>${statusPill(m.status)}</td><td>${m.exitCode ?? ""}</td></tr>`
  )}</tbody></table></details>`
}

const jobRow = (row: Jobs.JobRow, m: DashboardModel, links: Links): SafeHtml => {
  const j = row.job
  const stuck = Jobs.stuckAt({ status: j.status, since: j.since }, m.now, m.stuck)
  const ids = Object.entries(j.ids).map(([k, v]) => html`<div>${k}: ${v}</div>`)
  return html`<tr data-job-id="${j.jobId}"><td>${statusPill(j.status)}${stuckBadge(stuck)}${brokenBadge(j.broken)}</td>
<td class="id"><a class="job-id" href="${links.job(j.jobId)}">${j.jobId}</a></td>
<td><a class="job-link" href="${links.job(j.jobId)}">${j.jobName}</a>${membersCell(row, links)}</td><td>${j.taskType}</td><td>${ids}</td>
<td>${j.queue}</td><td>${j.region}</td><td>${j.attempts}</td><td>${timeCell(j.createdAt)}</td><td>${timeCell(j.since)}</td>
<td>${runTimeCell(j, m.now)}</td><td>${failureBadge(j.failureKind)}${j.statusReason ?? ""} ${logLink(j)}</td></tr>`
}

const multiSelect = (name: string, label: string, values: ReadonlyArray<string>, selected: ReadonlyArray<string>) => {
  const all = [...new Set([...values, ...selected])]
  return html`<label>${label}<select name="${name}" multiple size="${Math.min(6, Math.max(2, all.length))}">${all.map(
    (v) => option(v, v, selected.includes(v))
  )}</select></label>`
}

/** The query of the dashboard's current view, for links that change one part of it. */
const viewQuery = (m: DashboardModel): Record<string, string | undefined> => {
  const f = m.filters
  const list = (xs: ReadonlyArray<string>) => (xs.length === 0 ? undefined : xs.join(","))
  return {
    status: list(f.statuses),
    taskType: list(f.taskTypes),
    queue: list(f.queues),
    region: list(f.regions),
    q: f.search === "" ? undefined : f.search,
    period: f.period === "all" ? undefined : f.period,
    limit: f.limit === 20 ? undefined : String(f.limit),
    sort: f.sort === "submitted" ? undefined : f.sort,
    dir: f.dir === "desc" ? undefined : f.dir,
    refresh: f.refresh === 0 ? undefined : String(f.refresh)
  }
}

const filterForm = (m: DashboardModel, links: Links): SafeHtml => {
  const f = m.filters
  return html`<form class="filters" method="get" action="${links.dashboard({})}">
${multiSelect("status", "Status", Jobs.batchJobStatuses, f.statuses)}
${multiSelect("taskType", "Task type", m.choices.taskTypes, f.taskTypes)}
${multiSelect("queue", "Queue", m.choices.queues, f.queues)}
${multiSelect("region", "Region", m.choices.regions, f.regions)}
<label>Job ID or name<input type="search" name="q" id="search" value="${f.search}" placeholder="contains…"></label>
<label>Period<select name="period">${periods.map((p) => option(p.key, p.label, f.period === p.key))}</select></label>
<label>Per page<select name="limit">${pageSizes.map((n) => option(String(n), String(n), f.limit === n))}</select></label>
<label>Auto-refresh<select name="refresh" id="refresh-interval">${refreshIntervals.map((s) =>
    option(String(s), s === 0 ? "off" : `every ${formatDuration(s * 1000)}`, f.refresh === s)
  )}</select></label>
${f.sort === "submitted" ? "" : html`<input type="hidden" name="sort" value="${f.sort}">`}${
  f.dir === "desc" ? "" : html`<input type="hidden" name="dir" value="${f.dir}">`
}
<button type="submit" id="apply">Apply</button> <a class="button" id="refresh" href="${links.dashboard(viewQuery(m))}">Refresh</a> <a href="${links.dashboard({})}">Reset</a>
</form>`
}

const sortHeader = (m: DashboardModel, links: Links, column: SortColumn): SafeHtml => {
  const f = m.filters
  const active = f.sort === column
  const dir = active && f.dir === "desc" ? "asc" : "desc"
  const mark = active ? (f.dir === "desc" ? " ▼" : " ▲") : ""
  return html`<th${active ? rawHtml(` aria-sort="${f.dir === "desc" ? "descending" : "ascending"}"`) : ""}><a class="sort" data-sort="${column}" href="${links.dashboard(
    {
      ...viewQuery(m),
      sort: column === "submitted" && dir === "desc" ? undefined : column,
      dir: dir === "desc" ? undefined : dir,
      page: undefined
    }
  )}">${sortColumns[column].label}${mark}</a></th>`
}

const pager = (m: DashboardModel, links: Links): SafeHtml => {
  const pages = Math.max(1, Math.ceil(m.rows.length / m.filters.limit))
  const at = (page: number) => links.dashboard({ ...viewQuery(m), page: page === 1 ? undefined : String(page) })
  const prev =
    m.page > 1
      ? html`<a id="prev" href="${at(m.page - 1)}">‹ Previous</a>`
      : html`<span class="disabled">‹ Previous</span>`
  const next =
    m.page < pages ? html`<a id="next" href="${at(m.page + 1)}">Next ›</a>` : html`<span class="disabled">Next ›</span>`
  return html`<p class="pager"><a id="first" href="${at(1)}">« First</a>${prev}${next}<span>page ${m.page} of ${pages}</span></p>`
}

/** The dashboard: filters, exact stats of the filtered jobs, the sorted job list and paging. */
export const renderDashboard = (m: DashboardModel, links: Links, title: string): string => {
  const start = (m.page - 1) * m.filters.limit
  const rows = m.rows.slice(start, start + m.filters.limit).map((row) => jobRow(row, m, links))
  const headers = (["status", "jobId", "jobName", "taskType"] as const).map((c) => sortHeader(m, links, c))
  const tail = (["queue", "region", "attempts", "submitted", "updated", "runTime"] as const).map((c) =>
    sortHeader(m, links, c)
  )
  const body = html`<header><h1>${title}</h1><p class="meta">Times in <span id="tz">UTC</span> · as of ${timeCell(
    m.now
  )}${m.filters.refresh === 0 ? "" : html` · refreshes every ${formatDuration(m.filters.refresh * 1000)}`}</p></header>
${filterForm(m, links)}
<section id="stats">${statsCards(m.stats)}${taskTypeTable(m.stats)}
<p><small>Stats count exactly the ${m.rows.length} listed job(s) (array children and nodes are counted in their job).</small></p></section>
<table id="jobs"><thead><tr>${headers}<th>IDs</th>${tail}<th>Reason</th></tr></thead>
<tbody>${rows.length === 0 ? html`<tr><td colspan="12">No jobs match.</td></tr>` : rows}</tbody></table>
${pager(m, links)}`
  return layout(title, body, links, m.filters.refresh)
}

/** An array job's children or a multi-node job's nodes, on the job's page. */
const membersTable = (view: Jobs.JobView, members: ReadonlyArray<Jobs.JobSummary>, links: Links): SafeHtml => {
  const kind = view.shape?.kind
  if (members.length === 0 && kind !== "array" && kind !== "multi-node") return html``
  const title = kind === "multi-node" ? "Nodes" : "Children"
  return html`<h2>${title}</h2><p id="member-counts">${countsText({ job: view, members }) ?? "none seen yet"}</p><table id="members"><thead><tr><th>Index</th><th>Job ID</th><th>Status</th><th>Attempts</th><th>Exit code</th><th>Run time</th></tr></thead><tbody>
${[...members]
  .sort((x, y) => Jobs.memberIndex(x) - Jobs.memberIndex(y))
  .map(
    (m) =>
      html`<tr data-member-id="${m.jobId}"><td>${
        m.shape?.kind === "array-child" ? m.shape.index : m.shape?.kind === "node" ? m.shape.nodeIndex : ""
      }</td><td><a href="${links.job(m.jobId)}">${m.jobId}</a></td><td>${statusPill(m.status)}</td><td>${m.attempts}</td><td>${
        m.exitCode ?? ""
      }</td><td>${formatDuration(m.runTimeMillis ?? m.durations.RUNNING)}</td></tr>`
  )}</tbody></table>`
}

/** The job page: summary, ids, durations, members, full history, audit log, raw event and action buttons. */
export const renderJobPage = (
  view: Jobs.JobView,
  options: {
    readonly now: number
    readonly stuck: Jobs.StuckThresholds
    readonly notice?: string
    readonly links: Links
    /** Its array children or multi-node nodes. */
    readonly members?: ReadonlyArray<Jobs.JobSummary>
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
<p>${statusPill(view.status)}${stuckBadge(stuck)}${failureBadge(view.failureKind)}${brokenBadge(view.broken)} ${
    view.statusReason ?? ""
  } ${logLink(view)}</p>
${
  view.broken === undefined
    ? ""
    : html`<p class="error" id="broken">Marked broken by ${view.broken.actor} at ${timeCell(view.broken.at)}: ${view.broken.reason}</p>`
}
<p>${actionButton("retry", "Retry", "")}${actionButton("terminate", "Terminate", "danger")}${actionButton(
    "mark-broken",
    "Mark as broken",
    "danger"
  )}</p>
<table id="summary"><tbody>
<tr><th>Job id</th><td>${view.jobId}</td></tr>
<tr><th>Task type</th><td>${view.taskType}</td></tr>
${Object.entries(view.ids).map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}
<tr><th>Queue</th><td>${view.jobQueue}</td></tr>
<tr><th>Definition</th><td>${view.jobDefinition}</td></tr>
<tr><th>Region / account</th><td>${view.region} / ${view.account}</td></tr>
<tr><th>Attempts</th><td>${view.attempts}</td></tr>
<tr><th>Submitted</th><td>${timeCell(view.createdAt)}</td></tr>
<tr><th>Last update</th><td>${timeCell(view.since)}</td></tr>
<tr><th>Run time</th><td>${runTimeCell(view, options.now)}</td></tr>
<tr><th>Command</th><td><code>${view.command.join(" ")}</code></td></tr>
</tbody></table>
<h2>Phase durations</h2>
<table id="durations"><tbody>
${(["PENDING", "RUNNABLE", "STARTING", "RUNNING", "total"] as const).map(
  (p) => html`<tr><th>${p}</th><td>${formatDuration(view.durations[p])}</td></tr>`
)}</tbody></table>
${membersTable(view, options.members ?? [], links)}
<h2>History</h2>
<table id="history"><thead><tr><th>Attempt</th><th>Status</th><th>At</th><th>Reason</th><th>Exit code</th><th>Event</th></tr></thead><tbody>
${view.history.map(
  (h) =>
    html`<tr><td>${h.attempt}</td><td>${statusPill(h.status)}${
      h.late ? html`<span class="badge late" title="arrived after a later status">late</span>` : ""
    }</td><td>${timeCell(h.at)}</td><td>${h.statusReason ?? ""}</td><td>${h.exitCode ?? ""}</td><td><small>${
      h.eventId
    }</small></td></tr>`
)}</tbody></table>
<h2>Operator actions</h2>
${
  view.actions.length === 0
    ? html`<p>None.</p>`
    : html`<table id="actions"><thead><tr><th>At</th><th>Action</th><th>By</th><th>Reason</th><th>Outcome</th></tr></thead><tbody>
${view.actions.map(
  (a) =>
    html`<tr><td>${timeCell(a.at)}</td><td>${a.action}</td><td>${a.actor}</td><td>${a.reason}</td><td>${a.outcome}${
      a.newJobId === undefined ? "" : html` → <a href="${links.job(a.newJobId)}">${a.newJobId}</a>`
    }${a.error === undefined ? "" : html`: ${a.error}`}</td></tr>`
)}</tbody></table>`
}
<h2>Raw event</h2>
<pre id="raw">${raw}</pre>`
  return layout(`${view.jobName} — job`, body, links)
}

const actionTexts: Record<Jobs.JobAction, { readonly verb: string; readonly what: string }> = {
  retry: { verb: "Retry", what: "submits a new job with the same definition, queue, parameters and command" },
  terminate: { verb: "Terminate", what: "stops the job; Batch marks it FAILED" },
  "mark-broken": {
    verb: "Mark as broken",
    what: "records on the job, for everyone, that it is broken (nothing is sent to Batch)"
  }
}

/** The confirmation step of an action: a POST form; nothing happens until it is submitted. */
export const renderConfirmPage = (view: Jobs.JobView, action: Jobs.JobAction, links: Links): string => {
  const { verb, what } = actionTexts[action]
  const body = html`<p><a href="${links.job(view.jobId)}">← Back to the job</a></p>
<h1>${verb} ${view.jobName}?</h1>
<p>This ${what}. It is recorded with your identity and reason.</p>
<p>${statusPill(view.status)} ${view.jobId}</p>
<form method="post" action="${links.action(view.jobId, action)}" id="confirm-form">
<input type="hidden" name="expectedVersion" value="${view.version}">
<input type="hidden" name="confirm" value="yes">
<label>Reason<br><textarea name="reason" id="reason" required maxlength="500" rows="3" cols="60"></textarea></label><br>
<button type="submit" id="confirm" class="${action === "retry" ? "" : "danger"}">Confirm: ${verb.toLowerCase()}</button>
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
