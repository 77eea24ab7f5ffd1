import { Clock, Effect } from "effect"
import type { Deployment } from "../config/Deployment.ts"
import type { EventStore } from "../kernel/EventStore.ts"
import type { PersonalizeError } from "../personalize/errors.ts"
import type { Personalize } from "../personalize/Personalize.ts"
import { type ApplyOptions, type ApplyResult, defaultMaxConcurrentSteps } from "./ApplyResult.ts"
import { type ApplyContext, makeApplyContext } from "./applyContext.ts"
import { desiredResources } from "./Desired.ts"
import type { ProvisioningEvent } from "./events.ts"
import { collectFailures } from "./failures.ts"
import { provisioningStream, readLedger } from "./ledger.ts"
import { observe } from "./Observed.ts"
import { actions, type Plan, reconcile } from "./Plan.ts"
import { defaultRetryPolicy } from "./retry.ts"
import { runStep } from "./runStep.ts"

/** Records the plan and the decision for every step, in the stream before anything runs. */
const recordPlan = (ctx: ApplyContext, deployment: Deployment, plan: Plan) => {
  const events: Array<ProvisioningEvent> = [
    {
      _tag: "PlanComputed",
      datasetGroup: deployment.datasetGroup.name,
      steps: plan.steps.length,
      actions: actions(plan).length
    }
  ]
  for (const step of plan.steps)
    events.push({
      _tag: "StepDecided",
      key: step.key,
      action: step.action,
      ...(step.reason === undefined ? {} : { reason: step.reason })
    })
  return Effect.andThen(ctx.emitAll(events), ctx.appended)
}

/**
 * Applies a deployment: plan against what exists, then run the steps, each as soon as its
 * dependencies are ready (independent steps in parallel). Waits poll with capped backoff and an
 * explicit per-kind timeout; throttling, ResourceInUse and in-flight quotas are retried; a resource
 * that fails stops its dependents, and the failure names them. Every decision and observation is
 * appended to the provisioning stream, whose ledger lets the next plan tell config changes from drift.
 */
export const applyDeployment = (
  deployment: Deployment,
  options: ApplyOptions = {}
): Effect.Effect<ApplyResult, PersonalizeError, Personalize | EventStore> =>
  Effect.gen(function* () {
    const startedAt = yield* Clock.currentTimeMillis
    const stream = provisioningStream(deployment.datasetGroup.name)
    const ledger = yield* readLedger(stream)
    const observed = yield* observe(deployment, ledger, { ...defaultRetryPolicy, ...options.retry })
    const desired = desiredResources(deployment, options.defaults)
    const plan = reconcile(desired, observed)
    const correlationId = options.correlationId ?? `apply-${startedAt}`
    const ctx = yield* makeApplyContext({ stream, correlationId, observed, desired, plan }, options)
    yield* recordPlan(ctx, deployment, plan)

    // Bounded: the steps are in dependency order (parents first), so a step waiting for its dependencies
    // only ever holds a slot after all of them were started, and the pool always progresses. Unbounded,
    // a chain of 1,000 import jobs (each skipped when the first fails) resumed each link on the stack of
    // the one before and overflowed it.
    const concurrency = options.maxConcurrentSteps ?? defaultMaxConcurrentSteps
    // Whatever ends the steps, what they recorded is in the stream when apply returns.
    yield* Effect.forEach(plan.steps, runStep(ctx), { concurrency, discard: true }).pipe(Effect.ensuring(ctx.appended))

    const failures = collectFailures(ctx, plan)
    const finishedAt = yield* Clock.currentTimeMillis
    yield* ctx.emit({
      _tag: "ApplyFinished",
      ok: failures.length === 0,
      failures: failures.length,
      simulatedSeconds: Math.round((finishedAt - startedAt) / 1000)
    })
    yield* ctx.appended
    const order = new Map(plan.steps.map((s, i) => [s.key, i]))
    return {
      ok: failures.length === 0,
      plan,
      steps: [...ctx.reports].sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0)),
      failures,
      drift: plan.steps.filter((s) => s.action === "Drift"),
      startedAt,
      finishedAt,
      events: ctx.eventCount()
    }
  })
