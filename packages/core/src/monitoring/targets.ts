import { Effect } from "effect"
import type { MonitoringFailure } from "./errors.ts"
import { isMonitorable, type MonitoredResource, parseResourceArn } from "./MonitoredResource.ts"
import type { MonitorSettings } from "./MonitorSettings.ts"
import { MonitoredResources } from "./ports.ts"

/** The regions to scan: the configured ones, plus those of explicitly listed ARNs; sorted and unique. */
export const targetRegions = (
  settings: Pick<MonitorSettings, "campaigns" | "recommenders" | "regions">
): ReadonlyArray<string> => {
  const regions = new Set(settings.regions)
  for (const list of [settings.campaigns, settings.recommenders]) {
    if (list === "all") continue
    for (const arn of list) {
      const parsed = parseResourceArn(arn)
      if (parsed !== undefined) regions.add(parsed.region)
    }
  }
  return [...regions].sort()
}

/**
 * Chooses the monitored resources among those listed: campaigns and recommenders by `all` (within the
 * configured regions) or by ARN, only ACTIVE ones not being deleted; each once, sorted by ARN.
 */
export const selectTargets = (
  settings: Pick<MonitorSettings, "campaigns" | "recommenders" | "regions">,
  listed: ReadonlyArray<MonitoredResource>
): ReadonlyArray<MonitoredResource> => {
  const wanted = (r: MonitoredResource) => {
    const list = r.kind === "campaign" ? settings.campaigns : settings.recommenders
    return list === "all" ? settings.regions.includes(r.region) : list.includes(r.arn)
  }
  const byArn = new Map<string, MonitoredResource>()
  for (const r of listed) if (wanted(r) && isMonitorable(r) && !byArn.has(r.arn)) byArn.set(r.arn, r)
  return [...byArn.values()].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0))
}

/** Lists every region to scan through the port and selects the targets. */
export const discoverTargets = Effect.fnUntraced(function* (
  settings: Pick<MonitorSettings, "campaigns" | "recommenders" | "regions">
): Effect.fn.Return<ReadonlyArray<MonitoredResource>, MonitoringFailure, MonitoredResources> {
  const port = yield* MonitoredResources
  const lists = yield* Effect.forEach(targetRegions(settings), (region) => port.list(region), { concurrency: 4 })
  return selectTargets(settings, lists.flat())
})
