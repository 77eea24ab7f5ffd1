import { Monitoring } from "@personalize-ops/core"
import { Result } from "effect"
import { type Command, ExitCode } from "../Command.ts"
import { parseArgs } from "../flags.ts"
import type { CliIo } from "../Io.ts"

const usage = "dashboard render --campaigns <campaigns.json> [--json] [--name <dashboard>] [--home-region <region>]"

interface Options {
  readonly campaigns: string
  readonly json: boolean
  readonly name: string
  readonly homeRegion: string
}

const parseOptions = (args: ReadonlyArray<string>): Options | string => {
  const parsed = parseArgs(args, { values: ["campaigns", "name", "home-region"], switches: ["json"] })
  if (typeof parsed === "string") return parsed
  if (parsed.positionals.length > 0) return `unexpected argument '${parsed.positionals[0]}'`
  const campaigns = parsed.values.get("campaigns")
  const name = parsed.values.get("name") ?? Monitoring.defaultSettings.dashboardName
  const homeRegion = parsed.values.get("home-region") ?? "us-east-1"
  if (campaigns === undefined) return "--campaigns <file> is required"
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) return "--name must be 1–255 of A-Z a-z 0-9 - _"
  return { campaigns, json: parsed.switches.has("json"), name, homeRegion }
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
export const dashboardRender: Command = {
  path: ["dashboard", "render"],
  usage,
  summary: "render the monitoring dashboards (bodies exactly as PutDashboard receives them) for campaigns.json",
  run: async (args: ReadonlyArray<string>, io: CliIo) => {
    const options = parseOptions(args)
    if (typeof options === "string") {
      io.stderr(`personalize-ops dashboard render: ${options}\nusage: personalize-ops ${usage}\n`)
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
    const dashboards = Monitoring.renderDashboards({
      name: options.name,
      homeRegion: options.homeRegion,
      resources: decoded.success
    })
    io.stdout(
      options.json
        ? `${JSON.stringify({ dashboards: dashboards.map((d) => ({ name: d.name, body: d.body })) }, null, 2)}\n`
        : summary(dashboards, new Set(decoded.success.map((r) => r.arn)).size)
    )
    return ExitCode.Ok
  }
}
