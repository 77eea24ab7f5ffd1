import { Effect } from "effect"
import type { Deployment } from "../config/Deployment.ts"
import type { ResourceArn } from "../personalize/Arn.ts"
import type { PersonalizeError } from "../personalize/errors.ts"
import { Personalize } from "../personalize/Personalize.ts"
import type { ResourceDescription } from "../personalize/Resource.ts"
import { type DeletableKind, kindTraits, type ResourceKind } from "../personalize/ResourceKind.ts"
import { isTerminal } from "../personalize/Status.ts"
import { desiredResources } from "./Desired.ts"
import type { DesiredResource, ResourceKey } from "./DesiredResource.ts"
import type { ProvisioningEvent } from "./events.ts"
import { listAll, type Observed } from "./Observed.ts"
import { type RetryPolicy, retryableInApply, withRetry } from "./retry.ts"
import { defaultWaitPolicies } from "./waitPolicy.ts"

/** Where one resource of the config stands in a teardown. */
export type TeardownState =
  /** Not there (never created, or deleted). Jobs and versions count as gone once they stopped running. */
  | "gone"
  /** A delete (or a stop) is under way, or it waits for what depends on it. */
  | "waiting"
  | "failed"

export interface TeardownNode {
  readonly key: ResourceKey
  readonly kind: ResourceKind
  readonly name: string
  readonly arn?: ResourceArn
  readonly state: TeardownState
  readonly reason?: string
}

/** One pass over the config's resources: what it did, and whether teardown is done, waiting or failed. */
export interface DestroyPassResult {
  readonly status: "done" | "waiting" | "failed"
  readonly nodes: ReadonlyArray<TeardownNode>
  /** How long to wait before the next pass (when waiting). */
  readonly waitSeconds: number
}

/** The things a pass needs: what exists, and a sink for its events. */
export interface PassContext {
  readonly observed: Observed
  readonly retry: RetryPolicy
  readonly emit: (event: ProvisioningEvent) => Effect.Effect<void>
}

const deleting = (d: ResourceDescription) => d.status === "DELETE_PENDING" || d.status === "DELETE_IN_PROGRESS"
const node = (r: DesiredResource, state: TeardownState, arn?: ResourceArn, reason?: string): TeardownNode => ({
  key: r.key,
  kind: r.kind,
  name: r.name,
  state,
  ...(arn === undefined ? {} : { arn }),
  ...(reason === undefined ? {} : { reason })
})

/** A job or version (no DeleteX): gone once it stopped running; a training version is stopped. */
const settleUndeletable = (ctx: PassContext, r: DesiredResource, current: ResourceDescription | undefined) =>
  Effect.gen(function* () {
    const personalize = yield* Personalize
    const running =
      r.kind === "SolutionVersion"
        ? yield* versionsInFlight(ctx, current)
        : current?.status !== undefined && !isTerminal(current.status)
          ? [current]
          : []
    if (running.length === 0) return node(r, "gone", current?.arn)
    for (const v of running)
      if (r.kind === "SolutionVersion" && v.status !== "CREATE_STOPPING")
        yield* personalize.stop("SolutionVersion", v.arn).pipe(Effect.ignore)
    return node(r, "waiting", running[0]?.arn, `${running.length} ${r.kind} still running`)
  })

/** Every version of the solution still training (the current version may be an older ACTIVE one). */
const versionsInFlight = (ctx: PassContext, current: ResourceDescription | undefined) =>
  Effect.gen(function* () {
    if (current === undefined) return []
    const solutionArn = current.arn.slice(0, current.arn.lastIndexOf("/")) as ResourceArn
    const versions = yield* listAll("SolutionVersion", solutionArn, ctx.retry)
    return versions.filter((v) => v.status !== undefined && !isTerminal(v.status))
  })

/**
 * What a DeleteX call retries within the pass: throttling and rate limits. ResourceInUse (a dependent still
 * being deleted, the resource itself busy) is not: the resource is left waiting and the next pass, after the
 * pass's own wait, asks again, so one busy resource never holds the pass (and the other deletes) for minutes.
 */
const retriedInPass = (e: PersonalizeError) => e._tag !== "ResourceInUse" && retryableInApply(e)

/** A deletable resource: DeleteX once nothing depends on it, then waits until it is gone. */
const deleteOne = (ctx: PassContext, r: DesiredResource, current: ResourceDescription) =>
  Effect.gen(function* () {
    const personalize = yield* Personalize
    if (deleting(current)) return node(r, "waiting", current.arn, `status ${current.status}`)
    const result = yield* Effect.result(
      withRetry(ctx.retry, retriedInPass)(personalize.delete(r.kind as DeletableKind, current.arn))
    )
    if (result._tag === "Success") {
      yield* ctx.emit({ _tag: "DeleteRequested", key: r.key, arn: current.arn })
      return node(r, "waiting", current.arn, "delete requested")
    }
    const e = result.failure
    if (e._tag === "ResourceNotFound") return node(r, "gone", current.arn)
    if (e._tag === "ResourceInUse") return node(r, "waiting", current.arn, `${e._tag}: ${e.message}`)
    return node(r, "failed", current.arn, `${e._tag}: ${e.message}`)
  })

/**
 * One teardown pass, children before parents: a resource is deleted only when everything that depends
 * on it (in the plan's dependency graph) is gone. Deletes are requested, not waited for; the next pass
 * sees whether they finished. Already gone is success, so a pass (and a whole destroy) is idempotent.
 */
export const destroyPass = (
  deployment: Deployment,
  ctx: PassContext
): Effect.Effect<DestroyPassResult, PersonalizeError, Personalize> =>
  Effect.gen(function* () {
    const desired = desiredResources(deployment)
    const dependents = new Map<ResourceKey, Array<ResourceKey>>()
    for (const r of desired) for (const d of r.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), r.key])
    const states = new Map<ResourceKey, TeardownNode>()
    for (const r of [...desired].reverse()) {
      const current = ctx.observed.resources.get(r.key)
      const blocked = (dependents.get(r.key) ?? []).filter((k) => states.get(k)?.state !== "gone")
      let result: TeardownNode
      // A job or version links its dependents to its parent: it is not done before they are gone.
      if (blocked.length > 0 && (current !== undefined || !kindTraits[r.kind].deletable))
        result = node(r, "waiting", current?.arn, `waits for ${blocked.join(", ")}`)
      else if (!kindTraits[r.kind].deletable) result = yield* settleUndeletable(ctx, r, current)
      else if (current === undefined) result = node(r, "gone")
      else result = yield* deleteOne(ctx, r, current)
      const ledger = ctx.observed.ledger.get(r.key)
      const vanished = current === undefined || kindTraits[r.kind].deletable
      if (result.state === "gone" && vanished && ledger !== undefined)
        yield* ctx.emit({ _tag: "ResourceDeleted", key: r.key, arn: ledger.arn })
      states.set(r.key, result)
    }
    const nodes = desired.map((r) => states.get(r.key) as TeardownNode)
    const waiting = nodes.filter((n) => n.state === "waiting")
    const status = nodes.some((n) => n.state === "failed") ? "failed" : waiting.length === 0 ? "done" : "waiting"
    const waitSeconds = Math.min(60, ...waiting.map((n) => Math.max(5, defaultWaitPolicies[n.kind].initialSeconds)))
    return { status, nodes, waitSeconds: status === "waiting" ? waitSeconds : 0 }
  })
