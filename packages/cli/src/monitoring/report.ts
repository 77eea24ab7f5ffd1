import { layerAwsPersonalize, layerCloudWatchMetrics } from "@personalize-ops/adapters-aws"
import { CloudWatchClients } from "@personalize-ops/adapters-aws/sdk/CloudWatchClients"
import { PersonalizeClients } from "@personalize-ops/adapters-aws/sdk/PersonalizeClients"
import { Monitoring, Personalize } from "@personalize-ops/core"
import { applyOverrides } from "@personalize-ops/handlers/monitoring/MonitorConfig"
import { Effect, Exit, Layer, Result } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { awsRegion } from "../provisioning/target.ts"
import { readJsonFile } from "./readJson.ts"

export interface MonitorReportOptions {
  readonly prices: string
  /** CSV; default the environment's AWS_REGION. */
  readonly regions: string | undefined
  readonly campaigns: string | undefined
  readonly recommenders: string | undefined
  readonly hours: number
  readonly json: boolean
}

const command = "personalize-ops monitor report"
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z")
const money = (n: number, currency: string) => `${n.toFixed(2)} ${currency}`

/** The report as a table: one line per resource, by region, the dearest first; then the totals. */
const renderCostReport = (r: Monitoring.CostReport): string => {
  const lines = [`${iso(r.start)} → ${iso(r.end)} (${r.hours} h), ${r.rows.length} resources`]
  for (const row of r.rows) {
    const rate = Monitoring.rateOf(row.kind)
    const usage =
      `min ${row.minTPS} ${rate}, used ${row.averageTPS} avg / ${row.peakTPS} peak; ` +
      `${row.billedUnitHours} ${rate}-hours billed, ${row.unusedUnitHours} unused`
    const cost =
      row.cost === undefined
        ? " — no price for this region and kind"
        : ` — ${money(row.cost.window, r.currency)} (${money(row.cost.unused, r.currency)} unused), ` +
          `${money(row.cost.perMonth, r.currency)}/month at this pace, ${row.cost.unitPrice} ${r.currency}/${rate}-hour`
    lines.push(`  ${row.name} (${row.kind}, ${row.region}): ${usage}${cost}`)
  }
  if (r.unavailable.length > 0) lines.push(`not readable now (throttled): ${r.unavailable.join(", ")}`)
  lines.push(
    `total: ${money(r.totals.window, r.currency)} over ${r.hours} h, ${money(r.totals.unused, r.currency)} of it unused; ` +
      `${money(r.totals.perMonth, r.currency)}/month at this pace`
  )
  return `${lines.join("\n")}\n`
}

/** `personalize-ops monitor report`: the live cost of the monitored resources, through the AWS adapters. */
export const runMonitorReport = async (options: MonitorReportOptions, io: CliIo): Promise<number> => {
  const fail = (message: string) => {
    io.stderr(`${command}: ${message}\n`)
    return ExitCode.Usage
  }
  const file = await readJsonFile(options.prices, io)
  if ("error" in file) return fail(file.error)
  const prices = Monitoring.decodePriceTable(file.value)
  if (Result.isFailure(prices)) return fail(`${options.prices}: ${prices.failure.message}`)
  const regions = options.regions ?? awsRegion()
  // The flags are the monitor's own parameters, decoded as the deployed functions decode them.
  const settings = Effect.runSyncExit(
    applyOverrides(
      { ...Monitoring.defaultSettings, regions: [] },
      {
        Regions: regions,
        ...(options.campaigns === undefined ? {} : { CampaignARNs: options.campaigns }),
        ...(options.recommenders === undefined ? {} : { RecommenderARNs: options.recommenders })
      }
    )
  )
  if (Exit.isFailure(settings)) {
    const error = Exit.findErrorOption(settings)
    const flag = (m: string) =>
      m
        .replace(/^Regions\b/, "--regions")
        .replace(/^CampaignARNs\b/, "--campaigns")
        .replace(/^RecommenderARNs\b/, "--recommenders")
    return fail(error._tag === "Some" ? flag(error.value.message) : "invalid flags")
  }
  for (const [flag, kind, list] of [
    ["--campaigns", "campaign", settings.value.campaigns],
    ["--recommenders", "recommender", settings.value.recommenders]
  ] as const) {
    const wrong = list === "all" ? undefined : list.find((arn) => Personalize.parseMonitoredArn(arn)?.kind !== kind)
    if (wrong !== undefined) return fail(`${flag}: not a ${kind} ARN: ${wrong}`)
  }
  const exit = await Effect.runPromiseExit(
    Monitoring.costReport(settings.value, prices.success, options.hours).pipe(
      Effect.provide(
        Layer.merge(layerAwsPersonalize(), layerCloudWatchMetrics).pipe(
          Layer.provide(Layer.merge(PersonalizeClients.layer, CloudWatchClients.layer))
        )
      )
    )
  )
  if (Exit.isFailure(exit)) {
    const error = Exit.findErrorOption(exit)
    io.stderr(`${command}: ${error._tag === "Some" ? error.value.message || error.value._tag : String(exit.cause)}\n`)
    return ExitCode.Invalid
  }
  io.stdout(options.json ? `${JSON.stringify(exit.value, null, 2)}\n` : renderCostReport(exit.value))
  return ExitCode.Ok
}
