import { Context, type Effect } from "effect"
import type { CreateInputs, UpdateInputs } from "./CreateInputs.ts"
import type { PersonalizeError } from "./errors.ts"
import type { Resource, ResourcePage } from "./Resource.ts"
import type { ResourceKind } from "./ResourceKind.ts"

/**
 * The Personalize control plane, as the real API offers it: create / describe / list for every kind,
 * and update / delete / stop / start where `kindTable` says the kind has them (otherwise the call
 * fails with `OperationNotSupported`). Implemented by the twin (adapters-memory) and on the AWS SDK.
 */
export class Personalize extends Context.Service<
  Personalize,
  {
    /** CreateX; returns the new resource's ARN. The resource then moves through its statuses. */
    readonly create: <K extends ResourceKind>(
      kind: K,
      input: CreateInputs[K]
    ) => Effect.Effect<string, PersonalizeError>
    /** DescribeX. */
    readonly describe: <K extends ResourceKind>(kind: K, arn: string) => Effect.Effect<Resource<K>, PersonalizeError>
    /** ListX under a parent (dataset group, dataset, solution, solution version), one page (max 100). */
    readonly list: <K extends ResourceKind>(
      kind: K,
      options?: { readonly parentArn?: string; readonly nextToken?: string; readonly maxResults?: number }
    ) => Effect.Effect<ResourcePage<K>, PersonalizeError>
    /** UpdateX (campaign, recommender, solution, dataset). */
    readonly update: <K extends keyof UpdateInputs>(
      kind: K,
      arn: string,
      input: UpdateInputs[K]
    ) => Effect.Effect<void, PersonalizeError>
    /** DeleteX. */
    readonly delete: (kind: ResourceKind, arn: string) => Effect.Effect<void, PersonalizeError>
    /** StopSolutionVersionCreation / StopRecommender. */
    readonly stop: (kind: ResourceKind, arn: string) => Effect.Effect<void, PersonalizeError>
    /** StartRecommender. */
    readonly start: (kind: ResourceKind, arn: string) => Effect.Effect<void, PersonalizeError>
  }
>()("@personalize-ops/core/personalize/Personalize") {}
