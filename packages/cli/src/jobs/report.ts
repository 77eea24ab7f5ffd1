import { layerMemoryEventStore, layerMemoryJobReadModel } from "@personalize-ops/adapters-memory"
import { Jobs } from "@personalize-ops/core"
import { Effect, Layer, Result } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { readRulesFile } from "./rules.ts"

const iso = (ms: number) => new Date(ms).toISOString()

/** One input line that was not accepted. */
interface Rejected {
  readonly line: number
  readonly reason: string
}

/** Ingests NDJSON EventBridge events into the memory store; returns every job (newest first) and rejects. */
const buildJobsReport = (text: string, rules: Jobs.ClassificationRules) =>
  Effect.gen(function* () {
    const rejected: Array<Rejected> = []
    const lines = text.split(/\r?\n/)
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim()
      if (line === "") continue
      let json: unknown
      try {
        json = JSON.parse(line)
      } catch (e) {
        rejected.push({ line: i + 1, reason: `not JSON: ${e instanceof Error ? e.message : String(e)}` })
        continue
      }
      const decoded = Jobs.decodeBatchJobStateChange(json, line)
      if (Result.isFailure(decoded)) {
        rejected.push({ line: i + 1, reason: decoded.failure.message })
        continue
      }
      yield* Jobs.recordBatchEvent(decoded.success, line, rules, "cli")
    }
    const rm = yield* Jobs.JobReadModel
    const views: Array<Jobs.JobView> = []
    let cursor: string | undefined
    do {
      const page = yield* rm.list({ limit: Jobs.maxPageSize, ...(cursor === undefined ? {} : { cursor }) })
      for (const j of page.jobs) {
        const view = yield* rm.get(j.jobId)
        if (view !== undefined) views.push(view)
      }
      cursor = page.nextCursor
    } while (cursor !== undefined)
    return { views, rejected }
  }).pipe(Effect.provide(Layer.mergeAll(layerMemoryEventStore, layerMemoryJobReadModel)))

/** The report after the filters: the listed rows (members under their array or multi-node job) and their stats. */
interface FilteredReport {
  readonly rows: ReadonlyArray<Jobs.JobRow>
  readonly views: ReadonlyMap<string, Jobs.JobView>
  readonly stats: Jobs.JobStats
  readonly rejected: ReadonlyArray<Rejected>
}

/** Groups and filters a report; the stats count exactly the rows listed. */
const filterReport = (
  r: { readonly views: ReadonlyArray<Jobs.JobView>; readonly rejected: ReadonlyArray<Rejected> },
  filter: Jobs.JobFilter
): FilteredReport => {
  const rows = Jobs.jobRows(r.views).filter((row) => Jobs.matchesFilter(row.job, filter))
  return {
    rows,
    views: new Map(r.views.map((v) => [v.jobId, v])),
    stats: Jobs.statsOfJobs(rows.map((row) => row.job)),
    rejected: r.rejected
  }
}

const memberJson = (m: Jobs.JobSummary) => ({
  jobId: m.jobId,
  ...(m.shape?.kind === "array-child" ? { index: m.shape.index } : {}),
  ...(m.shape?.kind === "node" ? { nodeIndex: m.shape.nodeIndex, isMainNode: m.shape.isMainNode } : {}),
  status: m.status,
  attempts: m.attempts,
  ...(m.exitCode === undefined ? {} : { exitCode: m.exitCode })
})

/** The `--json` document of `jobs report` (the CLI contract). */
const reportJson = (r: FilteredReport) => ({
  jobs: r.rows.map(({ job, members }) => {
    const v = r.views.get(job.jobId)!
    return {
      jobId: v.jobId,
      jobName: v.jobName,
      status: v.status,
      taskType: v.taskType,
      ids: v.ids,
      attempts: v.attempts,
      history: v.history.map((h) => ({ status: h.status, at: iso(h.at) })),
      durations: v.durations,
      queue: v.queue,
      region: v.region,
      shape: v.shape ?? { kind: "container" },
      ...(v.runTimeMillis === undefined ? {} : { runTimeMillis: v.runTimeMillis }),
      ...(v.exitCode === undefined ? {} : { exitCode: v.exitCode }),
      ...(v.statusReason === undefined ? {} : { statusReason: v.statusReason }),
      ...(v.failureKind === undefined ? {} : { failureKind: v.failureKind }),
      ...(v.logStreamName === undefined
        ? {}
        : { logStreamName: v.logStreamName, logUrl: Jobs.logStreamUrl(v.region, v.logStreamName) }),
      ...(members.length === 0 && v.shape?.kind !== "array" && v.shape?.kind !== "multi-node"
        ? {}
        : { members: members.map(memberJson), memberCounts: Jobs.memberCounts({ job, members }) })
    }
  }),
  stats: { total: r.stats.total, byStatus: r.stats.byStatus, successRate: r.stats.successRate },
  rejected: r.rejected
})

const seconds = (ms: number | undefined) => (ms === undefined ? "-" : `${Math.round(ms / 1000)}s`)

const reportText = (r: FilteredReport): string => {
  const out: Array<string> = []
  out.push(`${r.rows.length} job(s)`)
  for (const { job, members } of r.rows) {
    const v = r.views.get(job.jobId)!
    const ids = Object.entries(v.ids)
      .map(([k, x]) => `${k}=${x}`)
      .join(" ")
    out.push(
      `  ${v.status.padEnd(9)} ${v.jobId}  ${v.jobName}  [${v.taskType}]${ids === "" ? "" : ` ${ids}`}  attempts=${v.attempts}` +
        `  runnable=${seconds(v.durations.RUNNABLE)} starting=${seconds(v.durations.STARTING)} running=${seconds(v.durations.RUNNING)}`
    )
    out.push(`            ${v.history.map((h) => `${h.status}@${iso(h.at)}${h.late ? "(late)" : ""}`).join(" → ")}`)
    if (v.failureKind !== undefined) out.push(`            failed: ${v.failureKind} (${v.statusReason ?? ""})`)
    for (const m of members) out.push(`            ${JSON.stringify(memberJson(m))}`)
  }
  const by = Object.entries(r.stats.byStatus)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s}=${n}`)
    .join(" ")
  const rate = r.stats.successRate === null ? "-" : `${(r.stats.successRate * 100).toFixed(1)}%`
  out.push(`stats: total=${r.stats.total} ${by} success-rate=${rate}`)
  if (r.rejected.length > 0) {
    out.push(`${r.rejected.length} line(s) rejected:`)
    for (const x of r.rejected) out.push(`  line ${x.line}: ${x.reason}`)
  }
  return `${out.join("\n")}\n`
}

const timeFlag = (name: string, text: string | undefined): number | undefined | string => {
  if (text === undefined) return undefined
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text)
  return Number.isFinite(ms) ? ms : `--${name}: '${text}' is not an ISO-8601 date-time or epoch milliseconds`
}

/** The page's filters from `jobs report` flags (lists are comma-separated), or the usage problem. */
const reportFilter = (values: ReadonlyMap<string, string>): Jobs.JobFilter | string => {
  const list = (name: string) =>
    values
      .get(name)
      ?.split(",")
      .map((x) => x.trim())
      .filter((x) => x !== "")
  const statuses = list("status")
  const bad = statuses?.find((s) => !(Jobs.batchJobStatuses as ReadonlyArray<string>).includes(s))
  if (bad !== undefined) return `--status: '${bad}' is not one of ${Jobs.batchJobStatuses.join(", ")}`
  const since = timeFlag("since", values.get("since"))
  const until = timeFlag("until", values.get("until"))
  if (typeof since === "string") return since
  if (typeof until === "string") return until
  const types = list("type")
  const queues = list("queue")
  const regions = list("region")
  const search = values.get("search")?.trim()
  return {
    ...(search === undefined || search === "" ? {} : { search }),
    ...(statuses === undefined ? {} : { statuses: statuses as ReadonlyArray<Jobs.BatchJobStatus> }),
    ...(types === undefined ? {} : { taskTypes: types }),
    ...(queues === undefined ? {} : { queues }),
    ...(regions === undefined ? {} : { regions }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until })
  }
}

/** `personalize-ops jobs report`: the events on stdin, every job's history and the stats. */
export const runJobsReport = async (
  options: {
    readonly rules: string | undefined
    readonly json: boolean
    /** The page's filters as flag values (lists comma-separated). */
    readonly filters: ReadonlyMap<string, string>
  },
  io: CliIo
): Promise<number> => {
  const filter = reportFilter(options.filters)
  if (typeof filter === "string") {
    io.stderr(`personalize-ops jobs report: ${filter}\n`)
    return ExitCode.Usage
  }
  const rules = await readRulesFile(options.rules, io)
  if (rules._tag !== "Rules") {
    io.stderr(`personalize-ops jobs report: ${rules.message}\n`)
    return rules._tag === "Invalid" ? ExitCode.Invalid : ExitCode.Usage
  }
  const report = filterReport(await Effect.runPromise(buildJobsReport(await io.readStdin(), rules.rules)), filter)
  io.stdout(options.json ? `${JSON.stringify(reportJson(report))}\n` : reportText(report))
  return ExitCode.Ok
}
