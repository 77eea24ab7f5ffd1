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

/** Ingests NDJSON EventBridge events into the memory store; returns every job (newest first), stats and rejects. */
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
      const decoded = Jobs.decodeBatchJobStateChange(json)
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
    const stats = yield* rm.stats({})
    return { views, stats, rejected }
  }).pipe(Effect.provide(Layer.mergeAll(layerMemoryEventStore, layerMemoryJobReadModel)))

/** The `--json` document of `jobs report` (the CLI contract). */
const reportJson = (r: {
  readonly views: ReadonlyArray<Jobs.JobView>
  readonly stats: Jobs.JobStats
  readonly rejected: ReadonlyArray<Rejected>
}) => ({
  jobs: r.views.map((v) => ({
    jobId: v.jobId,
    jobName: v.jobName,
    status: v.status,
    taskType: v.taskType,
    ids: v.ids,
    attempts: v.attempts,
    history: v.history.map((h) => ({ status: h.status, at: iso(h.at) })),
    durations: v.durations
  })),
  stats: { total: r.stats.total, byStatus: r.stats.byStatus, successRate: r.stats.successRate },
  rejected: r.rejected
})

const seconds = (ms: number | undefined) => (ms === undefined ? "-" : `${Math.round(ms / 1000)}s`)

const reportText = (r: Parameters<typeof reportJson>[0]): string => {
  const out: Array<string> = []
  out.push(`${r.views.length} job(s)`)
  for (const v of r.views) {
    const ids = Object.entries(v.ids)
      .map(([k, x]) => `${k}=${x}`)
      .join(" ")
    out.push(
      `  ${v.status.padEnd(9)} ${v.jobId}  ${v.jobName}  [${v.taskType}]${ids === "" ? "" : ` ${ids}`}  attempts=${v.attempts}` +
        `  runnable=${seconds(v.durations.RUNNABLE)} starting=${seconds(v.durations.STARTING)} running=${seconds(v.durations.RUNNING)}`
    )
    out.push(`            ${v.history.map((h) => `${h.status}@${iso(h.at)}${h.late ? "(late)" : ""}`).join(" → ")}`)
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

/** `personalize-ops jobs report`: the events on stdin, every job's history and the stats. */
export const runJobsReport = async (
  options: { readonly rules: string | undefined; readonly json: boolean },
  io: CliIo
): Promise<number> => {
  const rules = await readRulesFile(options.rules, io)
  if (rules._tag !== "Rules") {
    io.stderr(`personalize-ops jobs report: ${rules.message}\n`)
    return rules._tag === "Invalid" ? ExitCode.Invalid : ExitCode.Usage
  }
  const report = await Effect.runPromise(buildJobsReport(await io.readStdin(), rules.rules))
  io.stdout(options.json ? `${JSON.stringify(reportJson(report))}\n` : reportText(report))
  return ExitCode.Ok
}
