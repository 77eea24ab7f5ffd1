import { Monitoring, type Personalize } from "@personalize-ops/core"
import { Result } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { readJsonFile } from "./readJson.ts"

export interface DashboardRenderOptions {
  readonly campaigns: string
  readonly json: boolean
  /** Absent: `Monitoring.defaultSettings.dashboardName`. */
  readonly name: string | undefined
  readonly homeRegion: string
  /** solutions.json: the retraining-freshness table's rows (as the Lambda adds them from Personalize). */
  readonly solutions?: string | undefined
  /** ISO time the freshness ages are counted from (default: none, no age column). */
  readonly at?: string | undefined
  /** prices.json: a price table, for the estimated-cost charts. */
  readonly prices?: string | undefined
}

const summary = (dashboards: ReadonlyArray<Monitoring.RenderedDashboard>, resources: number): string => {
  const lines = [`${resources} resources → ${dashboards.length} dashboard${dashboards.length === 1 ? "" : "s"}`]
  for (const d of dashboards) {
    const sections = d.body.widgets
      .filter(
        (w): w is Monitoring.TextWidget => w.type === "text" && w.properties.markdown.startsWith("## Dataset Group:")
      )
      .map((w) => w.properties.markdown.replace(/^## Dataset Group: (.*?) \| .*$/, "$1"))
    lines.push(`  ${d.name}: ${d.body.widgets.length} widgets, ${Monitoring.countMetrics(d.body)} metrics`)
    for (const s of sections) lines.push(`    ${s}`)
  }
  return `${lines.join("\n")}\n`
}

/** `personalize-ops dashboard render`: the monitor's CloudWatch dashboard bodies for a list of resources. */
export const runDashboardRender = async (options: DashboardRenderOptions, io: CliIo): Promise<number> => {
  const name = options.name ?? Monitoring.defaultSettings.dashboardName
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    io.stderr("personalize-ops dashboard render: --name must be 1–255 of A-Z a-z 0-9 - _\n")
    return ExitCode.Usage
  }
  let raw: unknown
  try {
    raw = JSON.parse(await io.readFile(options.campaigns))
  } catch (error) {
    io.stderr(`${options.campaigns}: ${error instanceof Error ? error.message : String(error)}\n`)
    return ExitCode.Usage
  }
  const decoded = Monitoring.decodeDashboardResources(raw)
  if (Result.isFailure(decoded)) {
    io.stderr(
      `${options.campaigns}: ${decoded.failure.path === "" ? "(root)" : decoded.failure.path}: ${decoded.failure.detail}\n`
    )
    return ExitCode.Usage
  }
  let solutions: ReadonlyArray<Personalize.SolutionFreshness> | undefined
  if (options.solutions !== undefined) {
    let rawSolutions: unknown
    try {
      rawSolutions = JSON.parse(await io.readFile(options.solutions))
    } catch (error) {
      io.stderr(`${options.solutions}: ${error instanceof Error ? error.message : String(error)}\n`)
      return ExitCode.Usage
    }
    const rows = Monitoring.decodeSolutionFreshness(rawSolutions)
    if (Result.isFailure(rows)) {
      io.stderr(
        `${options.solutions}: ${rows.failure.path === "" ? "(root)" : rows.failure.path}: ${rows.failure.detail}\n`
      )
      return ExitCode.Usage
    }
    solutions = rows.success
  }
  const generatedAt = options.at === undefined ? undefined : Date.parse(options.at)
  if (generatedAt !== undefined && (Number.isNaN(generatedAt) || !/^\d{4}-\d{2}-\d{2}T/.test(options.at ?? ""))) {
    io.stderr("personalize-ops dashboard render: --at must be an ISO 8601 date-time, e.g. 2026-11-27T08:00:00Z\n")
    return ExitCode.Usage
  }
  let prices: Monitoring.PriceTable | undefined
  if (options.prices !== undefined) {
    const file = await readJsonFile(options.prices, io)
    if ("error" in file) {
      io.stderr(`${file.error}\n`)
      return ExitCode.Usage
    }
    const table = Monitoring.decodePriceTable(file.value)
    if (Result.isFailure(table)) {
      io.stderr(`${options.prices}: ${table.failure.message}\n`)
      return ExitCode.Usage
    }
    prices = table.success
  }
  const dashboards = Monitoring.renderDashboards({
    name,
    homeRegion: options.homeRegion,
    resources: decoded.success,
    ...(solutions === undefined ? {} : { solutions }),
    ...(generatedAt === undefined ? {} : { generatedAt }),
    ...(prices === undefined ? {} : { prices })
  })
  io.stdout(
    options.json
      ? `${JSON.stringify({ dashboards: dashboards.map((d) => ({ name: d.name, body: d.body })) }, null, 2)}\n`
      : summary(dashboards, new Set(decoded.success.map((r) => r.arn)).size)
  )
  return ExitCode.Ok
}
