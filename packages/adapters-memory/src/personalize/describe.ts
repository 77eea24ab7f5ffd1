import { Personalize as P } from "@personalize-ops/core"
import { statusAt } from "./timelines.ts"
import type { Entry, PendingUpdate } from "./twinStore.ts"

const latestUpdate = (u: PendingUpdate, now: number): P.LatestUpdate => {
  const step = statusAt(u.timeline, now)
  const f = u.fields
  return {
    status: step.status,
    lastUpdatedDateTime: step.at,
    ...(step.failureReason === undefined ? {} : { failureReason: step.failureReason }),
    ...(f.solutionVersionArn === undefined ? {} : { solutionVersionArn: f.solutionVersionArn as P.ResourceArn }),
    ...(f.minProvisionedTPS === undefined ? {} : { minProvisionedTPS: f.minProvisionedTPS as number }),
    ...(f.config === undefined ? {} : { config: f.config as Record<string, unknown> })
  }
}

/** DescribeX's answer for an entry at `now`: its status from the timeline, and its latest update if any. */
export const describeEntry = (entry: Entry, now: number): P.ResourceDescription => {
  const step = statusAt(entry.timeline, now)
  const update = entry.update === undefined ? undefined : latestUpdate(entry.update, now)
  return {
    kind: entry.kind,
    name: entry.name,
    arn: entry.arn,
    status: P.kindTraits[entry.kind].hasStatus ? step.status : undefined,
    ...(step.failureReason === undefined ? {} : { failureReason: step.failureReason }),
    ...(entry.parentArn === undefined ? {} : { parentArn: entry.parentArn }),
    attributes: { ...entry.attributes },
    ...(update === undefined ? {} : { latestUpdate: update }),
    creationDateTime: entry.createdAt,
    lastUpdatedDateTime: Math.max(step.at, update?.lastUpdatedDateTime ?? 0)
  }
}
