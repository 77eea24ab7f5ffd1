import type { CreateInputs } from "./CreateInputs.ts"
import type { ResourceKind } from "./ResourceKind.ts"
import type { Status } from "./Status.ts"

/** A pending or finished update of a campaign / recommender / solution (`latestCampaignUpdate` …). */
export interface LatestUpdate {
  readonly status: Status
  readonly failureReason?: string
  /** The fields the update set (e.g. `{ solutionVersionArn, minProvisionedTPS }`). */
  readonly fields: { readonly [key: string]: unknown }
  readonly createdAt: number
  readonly updatedAt: number
}

/** A described resource, whatever its kind: what DescribeX returns, normalised. */
export interface Resource<K extends ResourceKind = ResourceKind> {
  readonly kind: K
  readonly arn: string
  readonly name: string
  /** Normalised status (schemas, which have none, report ACTIVE). */
  readonly status: Status
  readonly failureReason?: string
  /** The parent's ARN (dataset group, dataset, solution, solution version), if the kind has one. */
  readonly parentArn?: string
  /** Epoch milliseconds. */
  readonly createdAt: number
  readonly updatedAt: number
  /** The configuration as created, updated by later successful updates. */
  readonly config: CreateInputs[K]
  readonly latestUpdate?: LatestUpdate
  /** Event trackers: the tracking id; datasets of type Action_Interactions also get one. */
  readonly trackingId?: string
  /** Solution versions: FULL or UPDATE, and training hours once ACTIVE. */
  readonly trainingHours?: number
}

/** A page of ListX results. */
export interface ResourcePage<K extends ResourceKind = ResourceKind> {
  readonly items: ReadonlyArray<Resource<K>>
  readonly nextToken?: string
}
