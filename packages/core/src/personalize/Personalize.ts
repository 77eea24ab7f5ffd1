import { Context, Effect } from "effect"
import type { ResourceArn } from "./Arn.ts"
import type { PersonalizeError } from "./errors.ts"
import type { CreateInput, ListInput, ResourceDescription, ResourcePage, UpdateInput } from "./Resource.ts"
import type { DeletableKind, ResourceKind } from "./ResourceKind.ts"

/**
 * The Personalize control plane, as personalize-ops uses it: the operations the real API offers per kind
 * (create for all; update, delete, stop, start only where `kindTraits` says so). Implemented by the
 * in-memory twin (adapters-memory) and by `@aws-sdk/client-personalize` (adapters-aws).
 */
export class Personalize extends Context.Service<
  Personalize,
  {
    /** CreateX; returns the new resource's ARN. */
    readonly create: (input: CreateInput) => Effect.Effect<ResourceArn, PersonalizeError>
    /** DescribeX. */
    readonly describe: (kind: ResourceKind, arn: ResourceArn) => Effect.Effect<ResourceDescription, PersonalizeError>
    /** ListX, one page. */
    readonly list: (input: ListInput) => Effect.Effect<ResourcePage, PersonalizeError>
    /** UpdateDataset / UpdateSolution / UpdateCampaign / UpdateRecommender. */
    readonly update: (input: UpdateInput) => Effect.Effect<void, PersonalizeError>
    /** DeleteX (only kinds the API can delete). */
    readonly delete: (kind: DeletableKind, arn: ResourceArn) => Effect.Effect<void, PersonalizeError>
    /** StopSolutionVersionCreation / StopRecommender. */
    readonly stop: (kind: "SolutionVersion" | "Recommender", arn: ResourceArn) => Effect.Effect<void, PersonalizeError>
    /** StartRecommender. */
    readonly start: (kind: "Recommender", arn: ResourceArn) => Effect.Effect<void, PersonalizeError>
  }
>()("@personalize-ops/core/personalize/Personalize") {}

const noToken: Effect.Effect<number | undefined> = Effect.succeed(undefined)

/**
 * What an implementation can tell about a resource's description without a call: a token that stays the
 * same while DescribeX would answer the same (no status step, update step or request since). The in-memory
 * twin computes its statuses from timelines, so it knows; AWS does not (the default: no token, every poll
 * is a DescribeX). Apply's waits poll on the same schedule either way and skip only calls whose answer the
 * token says is unchanged, so a simulation makes a call per status change instead of one per poll.
 */
export const DescriptionTokens = Context.Reference<{
  readonly token: (arn: ResourceArn) => Effect.Effect<number | undefined>
  /**
   * The turns of a wait whose answer stays `token`, taken without waking the waiter: sleeps `delay`, then, while
   * the token is still `token`, sleeps `next(now)` again. True once the token moved (poll now), false when
   * `next` gave up first (the wait timed out). The same turns at the same times as sleeping and reading the
   * token each turn; optional (without it, apply takes each turn itself).
   */
  readonly skipTurns?: (
    arn: ResourceArn,
    token: number,
    delay: number,
    next: (now: number) => number | undefined
  ) => Effect.Effect<boolean>
}>("@personalize-ops/core/personalize/DescriptionTokens", {
  defaultValue: () => ({ token: () => noToken })
})
