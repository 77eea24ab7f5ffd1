import { Effect } from "effect"
import type { PersonalizeError } from "../personalize/errors.ts"
import {
  describeMonitored,
  isMonitorable,
  listMonitored,
  type MonitoredResource,
  parseMonitoredArn
} from "../personalize/monitoring.ts"
import type { Personalize } from "../personalize/Personalize.ts"
import type { MonitorSettings } from "./MonitorSettings.ts"

/** The regions to scan: the configured ones, plus those of explicitly listed ARNs; sorted and unique. */
export const targetRegions = (
  settings: Pick<MonitorSettings, "campaigns" | "recommenders" | "regions">
): ReadonlyArray<string> => {
  const regions = new Set(settings.regions)
  for (const list of [settings.campaigns, settings.recommenders]) {
    if (list === "all") continue
    for (const arn of list) {
      const parsed = parseMonitoredArn(arn)
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

/** The monitored resources, and the ARNs that exist but could not be read this run (left alone). */
export interface Targets {
  readonly resources: ReadonlyArray<MonitoredResource>
  readonly unavailable: ReadonlyArray<string>
}

/**
 * Finds the targets through the port: `all` lists the configured regions; explicit ARNs are described
 * one by one (a deleted one is skipped, as the seed does), so a short ARN list costs no listing.
 */
export const discoverTargets = Effect.fnUntraced(function* (
  settings: Pick<MonitorSettings, "campaigns" | "recommenders" | "regions">
): Effect.fn.Return<Targets, PersonalizeError, Personalize> {
  const listAll = settings.campaigns === "all" || settings.recommenders === "all"
  const listed = listAll
    ? yield* Effect.forEach(settings.regions, (region) => listMonitored(region), { concurrency: 4 })
    : []
  const resources = listed.flatMap((l) => l.resources)
  const unavailable = listed.flatMap((l) => l.unavailable)
  const seen = new Set([...resources.map((r) => r.arn), ...unavailable])
  const explicit = [settings.campaigns, settings.recommenders]
    .flatMap((list) => (list === "all" ? [] : list))
    .filter((arn) => !seen.has(arn) && parseMonitoredArn(arn) !== undefined)
  const described = yield* Effect.forEach(
    [...new Set(explicit)],
    (arn) =>
      describeMonitored(arn).pipe(
        Effect.map((r) => ({ resources: [r], unavailable: [] as ReadonlyArray<string> })),
        Effect.catchTag("ResourceNotFound", () => Effect.succeed({ resources: [], unavailable: [] })),
        // Throttled with no recent description (the adapter's describe cache): left alone this run.
        Effect.catchTag("Throttled", () => Effect.succeed({ resources: [], unavailable: [arn] }))
      ),
    { concurrency: 4 }
  )
  return {
    resources: selectTargets(settings, [...resources, ...described.flatMap((d) => d.resources)]),
    unavailable: [...unavailable, ...described.flatMap((d) => d.unavailable)].sort()
  }
})
