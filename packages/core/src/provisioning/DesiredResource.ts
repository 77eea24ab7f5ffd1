import type { ResourceArn } from "../personalize/Arn.ts"
import type { CreateInput } from "../personalize/Resource.ts"
import type { ResourceKind } from "../personalize/ResourceKind.ts"
import type { Observed } from "./Observed.ts"

/** A resource's identity in a plan: kind and name (a solution's versions share the key of their solution). */
export type ResourceKey = string

export const resourceKey = (kind: ResourceKind, name: string): ResourceKey => `${kind}:${name}`

/** A field compared between config and service: its desired value, and whether UpdateX can change it. */
export interface DesiredField {
  readonly value: unknown
  readonly updatable: boolean
  /** Compare only the keys the config sets (service-filled defaults are not drift). */
  readonly subset?: boolean
  /** What the service means when its description leaves the field out (a flag at its default). */
  readonly absent?: unknown
}

/** Resolves a dependency's ARN at apply time (undefined when it does not exist yet). */
export type ArnOf = (key: ResourceKey) => ResourceArn | undefined

/** What a create knows besides its dependencies' ARNs: when it runs (runs are named by it) and what exists. */
export interface CreateContext {
  /** Epoch milliseconds of the create. */
  readonly at: number
  readonly observed: Observed
}

/** One resource the deployment wants, with its dependencies and how to create it. */
export interface DesiredResource {
  readonly key: ResourceKey
  readonly kind: ResourceKind
  readonly name: string
  readonly dependsOn: ReadonlyArray<ResourceKey>
  /** Fields compared with the observed resource; ARN-valued fields name the key they point at. */
  readonly fields: (arnOf: ArnOf) => { readonly [field: string]: DesiredField }
  readonly createInput: (arnOf: ArnOf, context: CreateContext) => CreateInput
  /**
   * A run (batch inference and segment jobs): each create is a new job named by its date, the key
   * finds the newest one, and a compared field that differs starts a new run instead of drift.
   */
  readonly run?: true
  /** Why this create's request differs from what the config says, for the plan (e.g. FULL first). */
  readonly createNote?: (arnOf: ArnOf, observed: Observed) => string | undefined
}

/** Defaults the config may leave out. */
export interface DesiredDefaults {
  /** Where batch jobs read and write when the config does not say (MLOps layout: `<prefix>/<group>/<solution>/`). */
  readonly batchPrefix: string
}

export const defaultDesiredDefaults: DesiredDefaults = { batchPrefix: "s3://personalize-ops-batch" }
