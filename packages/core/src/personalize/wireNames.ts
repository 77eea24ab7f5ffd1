import { arnParent, type ResourceArn } from "./Arn.ts"
import { kindTraits, type ResourceKind, ResourceKinds } from "./ResourceKind.ts"

/**
 * Per kind, the member names of Personalize's API (aws-facts §1.2): the ARN and name members, the
 * Describe response key, the List result key and its parent filter, and the latest-update member. The
 * AWS adapter and the served twin both read them here.
 */
export interface WireNames {
  readonly arnKey: string
  readonly nameKey: "name" | "jobName"
  readonly describeKey: string
  readonly listKey: string
  /** The List filter member: the parent kind's ARN member. */
  readonly listParentKey?: string
  /** The member of updatable kinds holding the latest update (`latestCampaignUpdate`). */
  readonly latestUpdateKey?: string
  /**
   * The member naming the parent in CreateX requests and DescribeX responses, when it is not the parent's
   * own ARN member: a campaign names its solution version, whose ARN names the solution.
   */
  readonly parentViaKey?: string
}

const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1)

/** The regular names, derived from the kind: `campaignArn`, `campaign`, `campaigns`, `latestCampaignUpdate`. */
const derive = (kind: ResourceKind): WireNames => {
  const { parent, job, updatable } = kindTraits[kind]
  return {
    arnKey: `${lowerFirst(kind)}Arn`,
    nameKey: job ? "jobName" : "name",
    describeKey: lowerFirst(kind),
    // The one List result key with a capital letter (aws-facts §1.2).
    listKey: kind === "Filter" ? "Filters" : `${lowerFirst(kind)}s`,
    ...(parent === undefined ? {} : { listParentKey: `${lowerFirst(parent)}Arn` }),
    ...(updatable ? { latestUpdateKey: `latest${kind}Update` } : {}),
    ...(kind === "Campaign" ? { parentViaKey: "solutionVersionArn" } : {})
  }
}

/** The member names of every kind. */
export const wireNames: { readonly [K in ResourceKind]: WireNames } = Object.fromEntries(
  ResourceKinds.map((kind) => [kind, derive(kind)])
) as { readonly [K in ResourceKind]: WireNames }

/**
 * The parent's ARN as a create request or a description of `kind` names it (the List filter value), or
 * undefined for kinds without a parent. A campaign's is its solution version's solution.
 */
export const parentArnIn = (
  kind: ResourceKind,
  members: { readonly [member: string]: unknown }
): ResourceArn | undefined => {
  const names = wireNames[kind]
  const value = members[names.parentViaKey ?? names.listParentKey ?? ""]
  if (typeof value !== "string") return undefined
  return names.parentViaKey === undefined ? (value as ResourceArn) : arnParent(value)
}
