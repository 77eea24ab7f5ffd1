import { parseArn } from "../personalize/Arn.ts"
import type { MonitoredKind, SolutionFreshness } from "../personalize/monitoring.ts"
import { estimateCosts, type PriceTable } from "./cost.ts"
import {
  FiveMinutes,
  kindNames,
  latencyMetric,
  MonitorNamespace,
  monitoredResourceCountMetric,
  PersonalizeNamespace,
  requestMetric
} from "./MetricNames.ts"

/** A resource as the dashboard shows it (a subset of MonitoredResource: the CLI reads exactly this). */
export interface DashboardResource {
  readonly arn: string
  readonly name: string
  readonly kind: MonitoredKind
  readonly region: string
  readonly datasetGroupArn: string
  readonly datasetGroupName: string
  readonly recipeArn?: string
  readonly minTPS?: number
}

/** Everything a dashboard build needs; the render is a pure function of it. */
export interface DashboardModel {
  /** The dashboard name, or the stem of several (`<name>`, `<name>-2`, …). */
  readonly name: string
  /** Region of the header's `monitoredResourceCount` metric (where the monitor runs). */
  readonly homeRegion: string
  readonly resources: ReadonlyArray<DashboardResource>
  readonly solutions?: ReadonlyArray<SolutionFreshness>
  /** When given (epoch ms), the freshness widget also shows each version's age. */
  readonly generatedAt?: number
  /** With a price table, each section also charts the estimated cost per hour of its priced resources. */
  readonly prices?: PriceTable
}

/** The CloudWatch dashboard body limits of aws-facts §4.3. */
export const DashboardLimits = {
  widgetsPerDashboard: 500,
  metricsPerDashboard: 2500,
  metricsPerWidget: 500,
  nameLength: 255,
  namePattern: /^[A-Za-z0-9_-]+$/,
  gridWidth: 24,
  maxHeight: 1000
} as const

/** Resources per metric widget: keeps charts readable and every widget far below 500 metrics. */
export const ResourcesPerWidget = 100
/** Solutions per freshness table. */
const SolutionsPerTable = 50

export type MetricEntry = ReadonlyArray<string | { readonly [k: string]: unknown }>

export interface MetricWidget {
  readonly type: "metric"
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  readonly properties: {
    readonly title: string
    readonly view: "timeSeries" | "singleValue"
    readonly region: string
    readonly stat: string
    readonly period: number
    readonly metrics: ReadonlyArray<MetricEntry>
    readonly [k: string]: unknown
  }
}

export interface TextWidget {
  readonly type: "text"
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  readonly properties: { readonly markdown: string; readonly background?: "solid" | "transparent" }
}

export type Widget = MetricWidget | TextWidget

/** A dashboard body exactly as PutDashboard receives it (JSON-serialised). */
export interface DashboardBody {
  readonly start: string
  /** `auto`: widget periods follow the time range (a 3-month view is not forced to 5-minute points). */
  readonly periodOverride: "auto" | "inherit"
  readonly widgets: ReadonlyArray<Widget>
}

export interface RenderedDashboard {
  readonly name: string
  readonly body: DashboardBody
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

const datasetGroupNameOf = (arn: string) => {
  const parts = parseArn(arn)
  return parts?.kind === "DatasetGroup" ? parts.name : arn
}

/**
 * The console's own link to a dataset group: the regional host, and the ARN as the console writes it in
 * the fragment — verbatim, with the `/` before the name as `$` (not percent-encoded).
 */
export const consoleLink = (region: string, datasetGroupArn: string) =>
  `https://${region}.console.aws.amazon.com/personalize/home?region=${region}#${datasetGroupArn.replace("/", "$")}/setup`

/** Escapes a value for a markdown table cell. */
const cell = (s: string) => s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`)

interface Group {
  readonly region: string
  readonly datasetGroupArn: string
  readonly datasetGroupName: string
  readonly resources: ReadonlyArray<DashboardResource>
  readonly solutions: ReadonlyArray<SolutionFreshness>
}

/** Groups by (region, dataset group), each resource once (the first in a total order wins), all sorted. */
const groupsOf = (model: DashboardModel): ReadonlyArray<Group> => {
  const canonical = [...model.resources].sort(
    (a, b) => compare(a.arn, b.arn) || compare(JSON.stringify(a), JSON.stringify(b))
  )
  const seen = new Set<string>()
  const byGroup = new Map<
    string,
    { region: string; arn: string; name: string; r: Array<DashboardResource>; s: Array<SolutionFreshness> }
  >()
  const groupFor = (region: string, arn: string, name: string) => {
    const k = `${region}\u0000${arn}`
    let g = byGroup.get(k)
    if (g === undefined) {
      g = { region, arn, name, r: [], s: [] }
      byGroup.set(k, g)
    } else if (compare(name, g.name) < 0) g.name = name
    return g
  }
  for (const r of canonical) {
    if (seen.has(r.arn)) continue
    seen.add(r.arn)
    groupFor(r.region, r.datasetGroupArn, r.datasetGroupName).r.push(r)
  }
  const solutions = [...(model.solutions ?? [])].sort(
    (a, b) => compare(a.solutionArn, b.solutionArn) || compare(JSON.stringify(a), JSON.stringify(b))
  )
  const seenSolutions = new Set<string>()
  for (const s of solutions) {
    if (seenSolutions.has(s.solutionArn)) continue
    seenSolutions.add(s.solutionArn)
    groupFor(s.region, s.datasetGroupArn, datasetGroupNameOf(s.datasetGroupArn)).s.push(s)
  }
  return [...byGroup.values()]
    .map((g) => ({
      region: g.region,
      datasetGroupArn: g.arn,
      datasetGroupName: g.name,
      resources: g.r.sort((a, b) => compare(a.kind, b.kind) || compare(a.name, b.name) || compare(a.arn, b.arn)),
      solutions: g.s.sort((a, b) => compare(a.solutionName, b.solutionName) || compare(a.solutionArn, b.solutionArn))
    }))
    .sort(
      (a, b) =>
        compare(a.region, b.region) ||
        compare(a.datasetGroupName, b.datasetGroupName) ||
        compare(a.datasetGroupArn, b.datasetGroupArn)
    )
}

/** A block of widgets laid out together (relative y), never split across dashboards. */
interface Block {
  readonly widgets: ReadonlyArray<Omit<MetricWidget, "y"> | Omit<TextWidget, "y">>
  readonly rowY: ReadonlyArray<number>
  readonly height: number
  readonly metrics: number
  readonly resources: ReadonlyArray<string>
}

const chunk = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * The metric-math entries of one resource inside one widget: its `AWS/Personalize` request Sum (hidden,
 * id `r<i>`) and the actual rate `a<i>` = FILL(r, 0) / PERIOD(r) — from the service's own metric, so the
 * chart has data while the monitor function is stopped, and an idle period reads as zero, not a gap.
 */
const actualEntries = (r: DashboardResource, i: number, label: string | undefined): ReadonlyArray<MetricEntry> => {
  const n = kindNames[r.kind]
  return [
    [PersonalizeNamespace, requestMetric(r), n.dimension, r.arn, { id: `r${i}`, stat: "Sum", visible: false }],
    [
      {
        expression: `FILL(r${i}, 0) / PERIOD(r${i})`,
        id: `a${i}`,
        ...(label === undefined ? { visible: false } : { label })
      }
    ]
  ]
}

const metricRow = (
  group: Group,
  kind: MonitoredKind,
  part: ReadonlyArray<DashboardResource>,
  label: string,
  prices: PriceTable | undefined
): Block => {
  const n = kindNames[kind]
  const base = { stat: "Average", period: FiveMinutes, region: group.region, view: "timeSeries" as const }
  const tps: Array<MetricEntry> = []
  const util: Array<MetricEntry> = []
  const latency: Array<MetricEntry> = []
  const cost: Array<MetricEntry> = []
  // Priced at the average price of the section's resources at their minimum (the dashboard is rebuilt hourly).
  const estimates =
    prices === undefined
      ? undefined
      : estimateCosts(
          part.map((r) => ({ arn: r.arn, kind: r.kind, region: r.region, minTPS: r.minTPS ?? 1, actual: 0 })),
          prices
        )
  part.forEach((r, i) => {
    tps.push([MonitorNamespace, n.provisionedMetric, n.dimension, r.arn, { label: `${r.name} provisioned` }])
    tps.push(...actualEntries(r, i, `${r.name} actual`))
    // Utilization against the minimum known at the last rebuild: works without the monitor's custom metrics.
    util.push(...actualEntries(r, i, undefined))
    util.push([{ expression: `100 * a${i} / ${r.minTPS ?? 1}`, id: `u${i}`, label: r.name }])
    latency.push([PersonalizeNamespace, latencyMetric(r), n.dimension, r.arn, { label: r.name }])
    const price = estimates?.get(r.arn)?.unitPrice
    if (price !== undefined) {
      cost.push(...actualEntries(r, i, undefined))
      cost.push([
        {
          expression: `MAX([a${i}, a${i} * 0 + ${r.minTPS ?? 1}]) * ${price}`,
          id: `c${i}`,
          label: `${r.name} (${price} ${prices!.currency}/${n.rate}-hour)`
        }
      ])
    }
  })
  const widgets: Array<Block["widgets"][number]> = [
    {
      type: "metric",
      x: 0,
      width: 8,
      height: 8,
      properties: {
        ...base,
        title: `Actual vs Provisioned ${n.rate}${label}`,
        stacked: false,
        metrics: tps,
        annotations: { horizontal: [{ label: `Lowest ${n.rate} Allowed`, value: 1 }] },
        yAxis: { left: { min: 0, showUnits: false } }
      }
    },
    {
      type: "metric",
      x: 8,
      width: 8,
      height: 8,
      properties: {
        ...base,
        title: `${n.title} Utilization${label}`,
        stacked: false,
        metrics: util,
        yAxis: { left: { min: 0, showUnits: false, label: "Percent" } }
      }
    },
    {
      type: "metric",
      x: 16,
      width: 8,
      height: 8,
      properties: { ...base, title: `${n.title} Latency${label}`, stacked: false, metrics: latency }
    }
  ]
  if (cost.length > 0)
    widgets.push({
      type: "metric",
      x: 0,
      width: 24,
      height: 6,
      properties: {
        ...base,
        title: `Estimated ${n.title} Cost per Hour (${prices!.currency})${label}`,
        stacked: true,
        metrics: cost,
        yAxis: { left: { min: 0, showUnits: false, label: `${prices!.currency}/h` } }
      }
    })
  return {
    widgets,
    rowY: cost.length > 0 ? [0, 0, 0, 8] : [0, 0, 0],
    height: cost.length > 0 ? 14 : 8,
    metrics: tps.length + util.length + latency.length + cost.length,
    resources: part.map((r) => r.arn)
  }
}

const formatTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z")

const freshnessBlock = (part: ReadonlyArray<SolutionFreshness>, label: string, generatedAt?: number): Block => {
  const rows = part.map((s) => {
    const at = s.lastSolutionVersionAt
    const age =
      at === undefined || generatedAt === undefined
        ? ""
        : ` | ${Math.max(0, Math.floor((generatedAt - at) / 3_600_000))}`
    return `| ${cell(s.solutionName)} | ${at === undefined ? "none" : formatTime(at)} | ${cell(s.lastSolutionVersionStatus ?? "")}${generatedAt === undefined ? "" : age === "" ? " | " : age} |`
  })
  const header =
    generatedAt === undefined
      ? "| Solution | Latest solution version | Status |\n|---|---|---|"
      : "| Solution | Latest solution version | Status | Age (hours) |\n|---|---|---|---|"
  const markdown = `### Retraining freshness${label}\n${header}\n${rows.join("\n")}`
  const height = Math.min(DashboardLimits.maxHeight, 2 + part.length)
  return {
    widgets: [{ type: "text", x: 0, width: 24, height, properties: { markdown } }],
    rowY: [0],
    height,
    metrics: 0,
    resources: []
  }
}

/** The blocks of one dataset group: a title row glued to its first metric row, then more rows, then freshness. */
const groupBlocks = (group: Group, generatedAt?: number, prices?: PriceTable): ReadonlyArray<Block> => {
  const title: TextWidget["properties"] = {
    markdown: `## Dataset Group: ${cell(group.datasetGroupName)} (${group.region}) | [Manage](${consoleLink(group.region, group.datasetGroupArn)})`
  }
  const rows: Array<Block> = []
  for (const kind of ["campaign", "recommender"] as const) {
    const ofKind = group.resources.filter((r) => r.kind === kind)
    const parts = chunk(ofKind, ResourcesPerWidget)
    parts.forEach((part, i) => {
      rows.push(metricRow(group, kind, part, parts.length > 1 ? ` (${i + 1}/${parts.length})` : "", prices))
    })
  }
  const tables = chunk(group.solutions, SolutionsPerTable)
  tables.forEach((part, i) => {
    rows.push(freshnessBlock(part, tables.length > 1 ? ` (${i + 1}/${tables.length})` : "", generatedAt))
  })
  const [first, ...rest] = rows
  const titleWidget = { type: "text" as const, x: 0, width: 24, height: 1, properties: title }
  if (first === undefined) return [{ widgets: [titleWidget], rowY: [0], height: 1, metrics: 0, resources: [] }]
  return [
    {
      widgets: [titleWidget, ...first.widgets],
      rowY: [0, ...first.rowY.map((y) => y + 1)],
      height: first.height + 1,
      metrics: first.metrics,
      resources: first.resources
    },
    ...rest
  ]
}

/** Dashboard names: `<name>` then `<name>-2`, `<name>-3`…, each valid for PutDashboard. */
export const dashboardName = (stem: string, index: number): string => {
  const clean = stem.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, DashboardLimits.nameLength) || "Personalize-Monitor"
  if (index === 0) return clean
  const suffix = `-${index + 1}`
  return clean.slice(0, DashboardLimits.nameLength - suffix.length) + suffix
}

/** True when `name` is one of the dashboards `dashboardName(stem, i)` produces (for deleting leftovers). */
export const isDashboardOf = (stem: string, name: string): boolean => {
  const first = dashboardName(stem, 0)
  if (name === first) return true
  const m = /^(.*)-(\d+)$/.exec(name)
  return m !== null && Number(m[2]) >= 2 && dashboardName(stem, Number(m[2]) - 1) === name
}

const HeaderHeight = 3

/**
 * Renders the monitor's dashboards: a header (resources monitored), then per dataset group and region
 * a title, Actual vs Provisioned TPS/RPS, utilization and latency widgets, and a retraining-freshness
 * table. Deterministic (input order does not matter); split into several dashboards past 500 widgets
 * or 2,500 metrics; every widget within CloudWatch's limits.
 */
export const renderDashboards = (model: DashboardModel): ReadonlyArray<RenderedDashboard> => {
  const groups = groupsOf(model)
  const blocks = groups.flatMap((g) => groupBlocks(g, model.generatedAt, model.prices))
  const headerWidgets = 2
  const headerMetrics = 1
  const pages: Array<Array<Block>> = [[]]
  let widgets = headerWidgets
  let metrics = headerMetrics
  for (const block of blocks) {
    const page = pages[pages.length - 1]!
    if (
      page.length > 0 &&
      (widgets + block.widgets.length > DashboardLimits.widgetsPerDashboard ||
        metrics + block.metrics > DashboardLimits.metricsPerDashboard)
    ) {
      pages.push([block])
      widgets = headerWidgets + block.widgets.length
      metrics = headerMetrics + block.metrics
    } else {
      page.push(block)
      widgets += block.widgets.length
      metrics += block.metrics
    }
  }
  const total = new Set(groups.flatMap((g) => g.resources.map((r) => r.arn))).size
  const regions = new Set(groups.map((g) => g.region)).size
  const names = pages.map((_, i) => dashboardName(model.name, i))
  return pages.map((page, i) => {
    const here = page.reduce((n, b) => n + b.resources.length, 0)
    const others =
      names.length > 1
        ? `\n\nPart ${i + 1} of ${names.length}: ${names
            .map((n, j) => (j === i ? `**${n}**` : `[${n}](#dashboards:name=${n})`))
            .join(" · ")}`
        : ""
    const header: Array<Widget> = [
      {
        type: "metric",
        x: 0,
        y: 0,
        width: 8,
        height: HeaderHeight,
        properties: {
          title: "Resources Monitored",
          view: "singleValue",
          region: model.homeRegion,
          stat: "Maximum",
          period: FiveMinutes,
          metrics: [[MonitorNamespace, monitoredResourceCountMetric]]
        }
      },
      {
        type: "text",
        x: 8,
        y: 0,
        width: 16,
        height: HeaderHeight,
        properties: {
          markdown:
            `# Amazon Personalize Monitor\n${total} resources in ${groups.length} dataset groups across ${regions} regions` +
            ` (${here} on this dashboard). Rebuilt hourly and on demand: manual edits are replaced.${others}`
        }
      }
    ]
    let y = HeaderHeight
    const body: Array<Widget> = [...header]
    for (const block of page) {
      block.widgets.forEach((w, j) => {
        body.push({ ...w, y: y + (block.rowY[j] ?? 0) } as Widget)
      })
      y += block.height
    }
    return { name: names[i]!, body: { start: "-PT12H", periodOverride: "auto", widgets: body } }
  })
}

/** Counts the metrics of a body the way CloudWatch does (every entry of every widget's `metrics`). */
export const countMetrics = (body: DashboardBody): number =>
  body.widgets.reduce((n, w) => n + (w.type === "metric" ? w.properties.metrics.length : 0), 0)

/** Every limit of aws-facts §4.3 a body or name breaks (empty when valid). */
export const dashboardViolations = (d: RenderedDashboard): ReadonlyArray<string> => {
  const out: Array<string> = []
  if (d.name.length < 1 || d.name.length > DashboardLimits.nameLength || !DashboardLimits.namePattern.test(d.name))
    out.push(`name ${JSON.stringify(d.name)} is not 1–255 of A-Z a-z 0-9 - _`)
  if (d.body.widgets.length > DashboardLimits.widgetsPerDashboard) out.push(`${d.body.widgets.length} widgets > 500`)
  const metrics = countMetrics(d.body)
  if (metrics > DashboardLimits.metricsPerDashboard) out.push(`${metrics} metrics > 2500`)
  d.body.widgets.forEach((w, i) => {
    if (w.x < 0 || w.x > 23 || w.y < 0 || w.width < 1 || w.width > 24 || w.x + w.width > 24)
      out.push(`widget ${i}: bad position ${w.x},${w.y} ${w.width}`)
    if (w.height < 1 || w.height > DashboardLimits.maxHeight) out.push(`widget ${i}: height ${w.height}`)
    if (w.type === "metric") {
      if (w.properties.metrics.length > DashboardLimits.metricsPerWidget) out.push(`widget ${i}: > 500 metrics`)
      if (w.properties.region.length === 0) out.push(`widget ${i}: no region`)
      if (w.properties.period % 60 !== 0) out.push(`widget ${i}: period not a multiple of 60`)
    } else if (w.properties.markdown.length === 0) out.push(`widget ${i}: empty markdown`)
  })
  return out
}
