import { Personalize as P } from "@personalize-ops/core"
import { statusAt } from "./timelines.ts"
import type { Entry, PendingUpdate } from "./twinStore.ts"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

// Built field by field in the answer's key order (no spread of conditional parts): describes are most of
// the twin's calls, and JSON output follows this order.
const latestUpdate = (u: PendingUpdate, now: number): P.LatestUpdate => {
  const step = statusAt(u.timeline, now)
  const f = u.fields
  const out: Mutable<P.LatestUpdate> = { status: step.status, lastUpdatedDateTime: step.at }
  if (step.failureReason !== undefined) out.failureReason = step.failureReason
  if (f.solutionVersionArn !== undefined) out.solutionVersionArn = f.solutionVersionArn as P.ResourceArn
  if (f.minProvisionedTPS !== undefined) out.minProvisionedTPS = f.minProvisionedTPS as number
  if (f.config !== undefined) out.config = f.config as Record<string, unknown>
  return out
}

/** DescribeX's answer for an entry at `now`: its status from the timeline, and its latest update if any. */
export const describeEntry = (entry: Entry, now: number): P.ResourceDescription => {
  const step = statusAt(entry.timeline, now)
  const update = entry.update === undefined ? undefined : latestUpdate(entry.update, now)
  const out = {
    kind: entry.kind,
    name: entry.name,
    arn: entry.arn,
    status: P.kindTraits[entry.kind].hasStatus ? step.status : undefined
  } as Mutable<P.ResourceDescription>
  if (step.failureReason !== undefined) out.failureReason = step.failureReason
  if (entry.parentArn !== undefined) out.parentArn = entry.parentArn
  out.attributes = { ...entry.attributes }
  if (update !== undefined) out.latestUpdate = update
  out.creationDateTime = entry.createdAt
  out.lastUpdatedDateTime = Math.max(step.at, update?.lastUpdatedDateTime ?? 0)
  return out
}
