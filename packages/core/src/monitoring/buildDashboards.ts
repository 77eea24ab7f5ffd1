import { Clock, Effect } from "effect"
import { latestSolutionVersions, type MonitoredResource } from "../personalize/monitoring.ts"
import {
  type DashboardResource,
  dashboardName,
  isDashboardOf,
  type RenderedDashboard,
  renderDashboards
} from "./dashboard.ts"
import type { MonitorSettings } from "./MonitorSettings.ts"
import { Dashboards } from "./ports.ts"
import { discoverTargets } from "./targets.ts"

/** The dashboard's view of a monitored resource. */
export const toDashboardResource = (r: MonitoredResource): DashboardResource => ({
  arn: r.arn,
  name: r.name,
  kind: r.kind,
  region: r.region,
  datasetGroupArn: r.datasetGroupArn,
  datasetGroupName: r.datasetGroupName,
  minTPS: r.minTPS,
  ...(r.recipeArn === undefined ? {} : { recipeArn: r.recipeArn })
})

/** The outcome of a build: the dashboards written and the leftovers deleted. */
export interface DashboardBuild {
  readonly dashboards: ReadonlyArray<RenderedDashboard>
  readonly deleted: ReadonlyArray<string>
  readonly resources: number
  readonly warnings: ReadonlyArray<string>
}

/**
 * (Re)builds the monitor's dashboards from the current targets and the latest solution version of
 * their dataset groups' solutions; deletes dashboards of this stem left over from a larger build.
 * The Personalize client used for each dataset group is the one of that group's region.
 */
export const buildDashboards = Effect.fn("Monitoring.buildDashboards")(function* (
  settings: MonitorSettings,
  options: { readonly homeRegion: string }
) {
  const dashboards = yield* Dashboards
  const { resources } = yield* discoverTargets(settings)
  const solutions = yield* latestSolutionVersions([...new Set(resources.map((r) => r.datasetGroupArn))].sort())
  const generatedAt = yield* Clock.currentTimeMillis
  const rendered = renderDashboards({
    name: settings.dashboardName,
    homeRegion: options.homeRegion,
    resources: resources.map(toDashboardResource),
    solutions,
    generatedAt,
    ...(settings.prices === undefined ? {} : { prices: settings.prices })
  })
  const warnings: Array<string> = []
  for (const d of rendered) {
    const messages = yield* dashboards.put(d.name, JSON.stringify(d.body))
    warnings.push(...messages.map((m) => `${d.name}: ${m}`))
  }
  const names = new Set(rendered.map((d) => d.name))
  const leftovers = (yield* dashboards.list(dashboardName(settings.dashboardName, 0))).filter(
    (n) => !names.has(n) && isDashboardOf(settings.dashboardName, n)
  )
  if (leftovers.length > 0) yield* dashboards.delete(leftovers)
  return { dashboards: rendered, deleted: leftovers, resources: resources.length, warnings } satisfies DashboardBuild
})

/** Deletes every dashboard of this stem (stack deletion). */
export const deleteDashboards = Effect.fn("Monitoring.deleteDashboards")(function* (settings: MonitorSettings) {
  const dashboards = yield* Dashboards
  const owned = (yield* dashboards.list(dashboardName(settings.dashboardName, 0))).filter((n) =>
    isDashboardOf(settings.dashboardName, n)
  )
  if (owned.length > 0) yield* dashboards.delete(owned)
  return owned
})
