import { Deferred, Effect, Exit } from "effect"
import type { ResourceArn } from "../personalize/Arn.ts"
import type { PersonalizeError } from "../personalize/errors.ts"
import type { ResourceDescription } from "../personalize/Resource.ts"
import { isTerminal, type Status } from "../personalize/Status.ts"
import type { Outcome, StepReport } from "./ApplyResult.ts"
import { type ApplyContext, waitFor } from "./applyContext.ts"
import { observedValue } from "./canonical.ts"
import type { DesiredResource } from "./DesiredResource.ts"
import type { PlanStep } from "./Plan.ts"

/** One step being run: its plan step, desired resource, and when its own work began (epoch ms). */
export interface StepRun {
  readonly ctx: ApplyContext
  readonly step: PlanStep
  readonly resource: DesiredResource
  readonly begun: number
}

/**
 * Records the step's report and resolves its outcome for the dependents. Its ARN: the ready resource's, else
 * `extra.arn` (a resource this step created that then failed), else the plan step's (one that existed before).
 */
export const finish = (
  run: StepRun,
  outcome: Outcome,
  extra: {
    readonly status?: Status | undefined
    readonly skipped?: boolean
    readonly arn?: ResourceArn | undefined
  } = {}
): Effect.Effect<void> =>
  Effect.suspend(() => {
    const { ctx, step } = run
    if (outcome._tag === "Ready") ctx.live.set(step.key, outcome.arn)
    const arn = outcome._tag === "Ready" ? outcome.arn : (extra.arn ?? step.arn)
    const report: StepReport = {
      key: step.key,
      kind: step.kind,
      name: step.name,
      action: step.action,
      outcome:
        outcome._tag === "Ready"
          ? "ready"
          : outcome._tag === "Pending"
            ? "waiting"
            : extra.skipped === true
              ? "skipped"
              : "failed",
      ...(arn === undefined ? {} : { arn }),
      ...(extra.status === undefined ? {} : { status: extra.status }),
      ...(outcome._tag === "Ready" ? {} : { reason: outcome.reason }),
      startedAt: run.begun,
      finishedAt: ctx.now()
    }
    ctx.reports.push(report)
    const resolve = () => {
      ctx.settled.set(step.key, outcome)
      const mine = ctx.outcomes.get(step.key)
      if (mine !== undefined) Deferred.doneUnsafe(mine, Exit.succeed(outcome))
    }
    const onStep = ctx.options.onStep
    if (onStep === undefined) {
      resolve()
      return Effect.void
    }
    return Effect.andThen(onStep(report), Effect.sync(resolve))
  })

/** The compared fields as the service now has them (the ledger entry drift is measured against). */
const fieldsFor = (run: StepRun, d: ResourceDescription) => {
  const out: Record<string, unknown> = {}
  // A field the plan kept as changed outside stays as the tool last applied it: still drift next time.
  const ledger = run.ctx.observed.ledger.get(run.step.key)?.fields
  for (const [f, want] of Object.entries(run.resource.fields((key) => run.ctx.live.get(key))))
    out[f] =
      run.step.kept?.includes(f) === true && ledger !== undefined && f in ledger
        ? ledger[f]
        : observedValue(f, d.attributes, want.absent)
  return out
}

export const ready = (run: StepRun, arn: ResourceArn, d: ResourceDescription, adopted: boolean) =>
  Effect.andThen(
    Effect.suspend(() =>
      run.ctx.emit({ _tag: "ResourceReady", key: run.step.key, arn, fields: fieldsFor(run, d), adopted })
    ),
    finish(run, { _tag: "Ready", arn }, d.status === undefined ? {} : { status: d.status })
  )

export const failed = (run: StepRun, reason: string, arn?: ResourceArn, status?: Status) =>
  Effect.andThen(
    run.ctx.emit({ _tag: "ResourceFailed", key: run.step.key, reason, ...(arn === undefined ? {} : { arn }) }),
    finish(run, { _tag: "Failed", root: run.step.key, reason, rootReason: reason }, { status, arn })
  )

/** Records that the tool asked for an update, with the fields as they were before it. */
export const updateRequested = (run: StepRun, arn: ResourceArn, before: ResourceDescription) =>
  run.ctx.emit({ _tag: "UpdateRequested", key: run.step.key, arn, fields: fieldsFor(run, before) })

/** Waits for a created/updated resource, then reports it ready or failed (with why, or how to wait longer). */
export const settle = (
  run: StepRun,
  arn: ResourceArn,
  update: boolean,
  adopted: boolean
): Effect.Effect<void, PersonalizeError> => {
  const { step, ctx } = run
  const described =
    ctx.options.noWait === true
      ? ctx.call(step.key, `Describe${step.kind}`, ctx.personalize.describe(step.kind, arn))
      : waitFor(ctx, step.key, step.kind, arn, update)
  return Effect.flatMap(described, (d) => settled(run, arn, update, adopted, d))
}

/** A created/updated resource as its wait left it: ready, failed (with why, or how to wait longer) or pending. */
const settled = (
  run: StepRun,
  arn: ResourceArn,
  update: boolean,
  adopted: boolean,
  d: ResourceDescription
): Effect.Effect<void> => {
  const { step, ctx } = run
  const status = update ? d.latestUpdate?.status : d.status
  const updating = d.latestUpdate !== undefined && !isTerminal(d.latestUpdate.status)
  if (ctx.options.noWait === true && ((status !== undefined && !isTerminal(status)) || updating)) {
    const what = updating ? `update ${d.latestUpdate?.status}` : `status ${status}`
    return finish(run, { _tag: "Pending", reason: what }, status === undefined ? {} : { status })
  }
  if (status === undefined || status === "ACTIVE") return ready(run, arn, d, adopted)
  if (!isTerminal(status)) {
    const p = ctx.waitPolicy(step.kind)
    return failed(
      run,
      `still ${status} after ${p.timeoutSeconds} s; raise waitPolicies.${step.kind}.timeoutSeconds to wait longer`,
      arn,
      status
    )
  }
  const reason = (update ? d.latestUpdate?.failureReason : d.failureReason) ?? status
  return failed(run, update ? `update ${status}: ${reason}` : reason, arn, status)
}
