import { Effect } from "effect"
import type { Deployment } from "../config/Deployment.ts"
import type { EventStore } from "../kernel/EventStore.ts"
import type { PersonalizeError } from "../personalize/errors.ts"
import type { Personalize } from "../personalize/Personalize.ts"
import type { ResourceKind } from "../personalize/ResourceKind.ts"
import type { ApplyOptions, StepReport } from "./ApplyResult.ts"
import { applyDeployment } from "./apply.ts"
import { observeAndDestroy, provisioningEmitter } from "./destroy.ts"
import type { TeardownNode } from "./destroyPass.ts"
import { defaultRetryPolicy } from "./retry.ts"
import { defaultWaitPolicies } from "./waitPolicy.ts"

/** What a reconcile loop does with a config: build it, or tear it down. */
export type ReconcileMode = "apply" | "destroy"

/** One resource as a pass left it. */
export interface PassResource {
  readonly kind: ResourceKind
  readonly name: string
  readonly arn?: string
  /** ready / waiting / failed / skipped (apply), gone / waiting / failed (destroy). */
  readonly state: string
  /** The Personalize status last seen (apply mode), e.g. `CREATE IN_PROGRESS`. */
  readonly status?: string
  readonly reason?: string
}

/** One pass of the loop: done, failed (with the causes), or waiting (and for how long). */
export interface ReconcilePassResult {
  readonly status: "done" | "failed" | "waiting"
  readonly waitSeconds: number
  readonly resources: ReadonlyArray<PassResource>
  readonly failures: ReadonlyArray<{
    readonly kind: ResourceKind
    readonly name: string
    readonly cause: string
    readonly dependents: ReadonlyArray<{ readonly kind: ResourceKind; readonly name: string }>
  }>
}

/** Polls a kind's work at its policy's pace: soon at first, backing off over passes up to its interval cap. */
const pollSeconds = (kind: ResourceKind, iteration: number) => {
  const p = defaultWaitPolicies[kind]
  return Math.min(p.maxIntervalSeconds, p.initialSeconds * p.factor ** iteration)
}

const fromStep = (s: StepReport): PassResource => ({
  kind: s.kind,
  name: s.name,
  state: s.outcome,
  ...(s.arn === undefined ? {} : { arn: s.arn }),
  ...(s.status === undefined ? {} : { status: s.status }),
  ...(s.reason === undefined ? {} : { reason: s.reason })
})

const fromNode = (n: TeardownNode): PassResource => ({
  kind: n.kind,
  name: n.name,
  state: n.state,
  ...(n.arn === undefined ? {} : { arn: n.arn }),
  ...(n.reason === undefined ? {} : { reason: n.reason })
})

const applyPass = (deployment: Deployment, iteration: number, options: ApplyOptions) =>
  Effect.map(applyDeployment(deployment, { ...options, noWait: true }), (r): ReconcilePassResult => {
    const waiting = r.steps.filter((s) => s.outcome === "waiting")
    const status = !r.ok ? "failed" : waiting.length > 0 ? "waiting" : "done"
    return {
      status,
      waitSeconds: status === "waiting" ? Math.min(...waiting.map((s) => pollSeconds(s.kind, iteration))) : 0,
      resources: r.steps.map(fromStep),
      failures: r.failures.map((f) => ({ kind: f.kind, name: f.name, cause: f.cause, dependents: f.dependents }))
    }
  })

const destroyOnce = (deployment: Deployment, iteration: number, options: ApplyOptions) =>
  Effect.map(
    observeAndDestroy(
      deployment,
      { ...defaultRetryPolicy, timeoutSeconds: 300, ...options.retry },
      provisioningEmitter(deployment, {
        correlationId: options.correlationId ?? "destroy",
        actor: options.actor ?? "personalize-ops"
      })
    ),
    (pass): ReconcilePassResult => ({
      status: pass.status,
      waitSeconds: pass.status === "waiting" ? Math.min(pass.waitSeconds, 2 ** Math.min(iteration, 6)) : 0,
      resources: pass.nodes.map(fromNode),
      failures: pass.nodes
        .filter((n) => n.state === "failed")
        .map((n) => ({ kind: n.kind, name: n.name, cause: n.reason ?? "delete failed", dependents: [] }))
    })
  )

/**
 * One pass of a reconcile loop, for a state machine's Reconcile task: apply mode starts what is ready
 * (creates and updates whose dependencies are ACTIVE) without waiting for anything; destroy mode requests
 * the deletes that are ready. Every decision is recorded in the provisioning stream, as apply does.
 */
export const reconcilePass = (
  deployment: Deployment,
  mode: ReconcileMode,
  iteration: number,
  options: ApplyOptions = {}
): Effect.Effect<ReconcilePassResult, PersonalizeError, Personalize | EventStore> =>
  mode === "apply" ? applyPass(deployment, iteration, options) : destroyOnce(deployment, iteration, options)
