import {
  type MonitorSimulation,
  parseTrafficSpec,
  simulateMonitor,
  type TrafficProfile
} from "@personalize-ops/adapters-memory"
import { layerSqliteEventStore } from "@personalize-ops/adapters-memory/state"
import { Kernel, Monitoring } from "@personalize-ops/core"
import { applyOverrides } from "@personalize-ops/handlers/monitoring/MonitorConfig"
import { Effect, Exit, Result } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { readJsonFile } from "./readJson.ts"

export interface MonitorSimulateOptions {
  readonly campaigns: string
  readonly traffic: string
  readonly days: number
  readonly settings: string | undefined
  readonly prices: string | undefined
  readonly state: string | undefined
  readonly seed: number
  readonly json: boolean
}

const command = "personalize-ops monitor simulate"
const DAY = 86_400_000

/** `--traffic`: one spec for every resource, or a JSON file `{ "<arn or name>" | "*": spec }`. */
const trafficOf = async (
  value: string,
  resources: ReadonlyArray<Monitoring.DashboardResource>,
  origin: number,
  seed: number,
  io: CliIo
): Promise<{ readonly traffic: (r: Monitoring.DashboardResource) => TrafficProfile } | { readonly error: string }> => {
  const single = parseTrafficSpec(value, origin, seed)
  if ("profile" in single) return { traffic: () => single.profile }
  if (!value.endsWith(".json")) return { error: `--traffic: ${single.error} (or give a .json file of specs)` }
  const file = await readJsonFile(value, io)
  if ("error" in file) return file
  if (typeof file.value !== "object" || file.value === null || Array.isArray(file.value))
    return { error: `${value}: expected an object of "<arn or name>" or "*" → traffic spec` }
  const specs = file.value as Record<string, unknown>
  const byKey = new Map<string, TrafficProfile>()
  for (const [key, spec] of Object.entries(specs)) {
    if (typeof spec !== "string") return { error: `${value}: ${key}: expected a traffic spec string` }
    const parsed = parseTrafficSpec(spec, origin, seed)
    if ("error" in parsed) return { error: `${value}: ${key}: ${parsed.error}` }
    byKey.set(key, parsed.profile)
  }
  const missing = resources.filter((r) => !byKey.has(r.arn) && !byKey.has(r.name) && !byKey.has("*"))
  if (missing.length > 0)
    return { error: `${value}: no traffic for ${missing.map((r) => r.name).join(", ")} (add "*")` }
  return { traffic: (r) => byKey.get(r.arn) ?? byKey.get(r.name) ?? byKey.get("*")! }
}

const offset = (at: number, start: number) => {
  const ms = at - start
  const day = Math.floor(ms / DAY)
  const rest = new Date(ms - day * DAY).toISOString().slice(11, 16)
  return `day ${day} ${rest}`
}

const money = (n: number, currency: string) => `${n.toFixed(2)} ${currency}`

const render = (s: MonitorSimulation): string => {
  const lines = [`${s.days} days replayed, ${s.resources.length} resources, ${s.decisions.length} decisions`]
  for (const d of s.decisions) lines.push(`  ${offset(d.at, s.start)}  ${d.name}: ${d.summary}`)
  lines.push("resources (billed TPS/RPS-hours without → with the monitor):")
  for (const r of s.resources) {
    const cost =
      r.baselineCost === undefined || r.simulatedCost === undefined || s.totals.cost === undefined
        ? ""
        : `, ${money(r.baselineCost, s.totals.cost.currency)} → ${money(r.simulatedCost, s.totals.cost.currency)}`
    const end = r.removed ? "removed" : `min ${r.finalMinTPS}`
    lines.push(
      `  ${r.name} (${r.kind}, ${r.region}): min ${r.initialMinTPS} → ${end}; ${r.baselineUnitHours.toFixed(2)} → ${r.simulatedUnitHours.toFixed(2)}${cost}`
    )
  }
  const t = s.totals
  lines.push(
    `saved: ${t.savedUnitHours.toFixed(2)} unit-hours` +
      (t.cost === undefined
        ? " (give --prices for money)"
        : `, ${money(t.cost.saved, t.cost.currency)} of ${money(t.cost.baseline, t.cost.currency)}`)
  )
  return `${lines.join("\n")}\n`
}

/** `personalize-ops monitor simulate`: the monitor's policies replayed over a traffic profile in virtual time. */
export const runMonitorSimulate = async (options: MonitorSimulateOptions, io: CliIo): Promise<number> => {
  const fail = (message: string) => {
    io.stderr(`${command}: ${message}\n`)
    return ExitCode.Usage
  }
  const campaigns = await readJsonFile(options.campaigns, io)
  if ("error" in campaigns) return fail(campaigns.error)
  const decoded = Monitoring.decodeDashboardResources(campaigns.value)
  if (Result.isFailure(decoded))
    return fail(`${options.campaigns}: ${decoded.failure.path || "(root)"}: ${decoded.failure.detail}`)
  const resources = decoded.success
  if (resources.length === 0) return fail(`${options.campaigns}: no campaign or recommender to simulate`)

  let settings: Monitoring.MonitorSettings = { ...Monitoring.defaultSettings, regions: [] }
  if (options.settings !== undefined) {
    const file = await readJsonFile(options.settings, io)
    if ("error" in file) return fail(file.error)
    const exit = Effect.runSyncExit(applyOverrides(settings, file.value))
    if (Exit.isFailure(exit)) {
      const error = Exit.findErrorOption(exit)
      return fail(`${options.settings}: ${error._tag === "Some" ? error.value.message : "invalid settings"}`)
    }
    settings = exit.value
  }
  if (options.prices !== undefined) {
    const file = await readJsonFile(options.prices, io)
    if ("error" in file) return fail(file.error)
    const prices = Monitoring.decodePriceTable(file.value)
    if (Result.isFailure(prices)) return fail(`${options.prices}: ${prices.failure.message}`)
    settings = { ...settings, prices: prices.success }
  }
  const origin = 14 * DAY
  const traffic = await trafficOf(options.traffic, resources, origin, options.seed, io)
  if ("error" in traffic) return fail(traffic.error)

  const run = (eventStore?: Kernel.EventStore["Service"]) =>
    simulateMonitor({
      resources,
      traffic: traffic.traffic,
      days: options.days,
      settings,
      ...(eventStore === undefined ? {} : { eventStore })
    })
  const program =
    options.state === undefined
      ? run()
      : Effect.gen(function* () {
          return yield* run(yield* Kernel.EventStore)
        }).pipe(Effect.provide(layerSqliteEventStore(options.state)))
  const exit = await Effect.runPromiseExit(program)
  if (Exit.isFailure(exit)) {
    const error = Exit.findErrorOption(exit)
    return fail(error._tag === "Some" ? (error.value as { message: string }).message : String(exit.cause))
  }
  io.stdout(options.json ? `${JSON.stringify(exit.value, null, 2)}\n` : render(exit.value))
  return ExitCode.Ok
}
