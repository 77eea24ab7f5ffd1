import { Deferred, Effect } from "effect"
import type { ResourceArn } from "../personalize/Arn.ts"
import type { PersonalizeError } from "../personalize/errors.ts"
import { Personalize } from "../personalize/Personalize.ts"
import type { CreateInput } from "../personalize/Resource.ts"
import type { Outcome } from "./ApplyResult.ts"
import { type ApplyContext, errorText } from "./applyContext.ts"
import { fieldDiffers, observedValue } from "./canonical.ts"
import type { DesiredResource, ResourceKey } from "./DesiredResource.ts"
import { listAll } from "./Observed.ts"
import type { PlanStep } from "./Plan.ts"
import { parentForLookup, updateInput } from "./requests.ts"
import { failed, finish, ready, type StepRun, settle, updateRequested } from "./stepOutcome.ts"

type Blocked = Extract<Outcome, { _tag: "Failed" | "Pending" }> | undefined

/**
 * The first failed dependency's outcome, else the first pending one, after every dependency finished.
 * Outcomes already settled are read in place; the fiber suspends only on a dependency still running.
 */
const awaitDependencies = (
  ctx: ApplyContext,
  step: PlanStep,
  from = 0,
  pendingKey?: string
): Effect.Effect<Blocked> => {
  let pending = pendingKey
  for (let i = from; i < step.dependsOn.length; i++) {
    const dep = step.dependsOn[i] as ResourceKey
    const d = ctx.outcomes.get(dep)
    if (d === undefined) continue
    const o = ctx.settled.get(dep)
    if (o === undefined)
      return Effect.flatMap(Deferred.await(d), (o) =>
        o._tag === "Failed" ? Effect.succeed(o) : awaitDependencies(ctx, step, i + 1, pendingOf(pending, dep, o))
      )
    if (o._tag === "Failed") return Effect.succeed(o)
    pending = pendingOf(pending, dep, o)
  }
  return Effect.succeed(pending === undefined ? undefined : { _tag: "Pending", reason: `waits for ${pending}` })
}

/** The first pending dependency's key so far. */
const pendingOf = (pending: string | undefined, dep: string, o: Outcome) =>
  pending ?? (o._tag === "Pending" ? dep : undefined)

/** Update: re-read, and call UpdateX only if a field still differs; then wait for the update. */
const updateStep = (run: StepRun) =>
  Effect.gen(function* () {
    const { ctx, step, resource } = run
    const arn = step.arn as ResourceArn
    const current = yield* ctx.call(step.key, `Describe${step.kind}`, ctx.personalize.describe(step.kind, arn))
    const wanted = resource.fields((key) => ctx.live.get(key))
    // Fields changed outside the tool that the plan keeps: asked for as they are now.
    const fields = Object.fromEntries(
      Object.entries(wanted).map(([f, want]) =>
        step.kept?.includes(f) === true
          ? [f, { ...want, value: observedValue(f, current.attributes, want.absent) }]
          : [f, want]
      )
    )
    const differs = Object.entries(fields).some(([f, want]) =>
      fieldDiffers(want, observedValue(f, current.attributes, want.absent))
    )
    if (!differs) return yield* ready(run, arn, current, false)
    const input = updateInput(step.kind, arn, fields)
    if (input === undefined) return yield* failed(run, `${step.kind} cannot be updated`, arn)
    const result = yield* Effect.result(ctx.call(step.key, `Update${step.kind}`, ctx.personalize.update(input)))
    if (result._tag === "Failure") return yield* failed(run, errorText(result.failure), arn)
    yield* updateRequested(run, arn, current)
    return yield* settle(run, arn, true, false)
  })

/** The resource of this name under the create's parent, if one exists (a create lost a race). */
const findExisting = (ctx: ApplyContext, input: CreateInput) =>
  Effect.gen(function* () {
    const all = yield* listAll(input.kind, parentForLookup(input), ctx.retry)
    return all.find((d) => d.name === input.name)
  })

/** Create, then wait; a name taken meanwhile (a concurrent run, or someone else) is waited on instead. */
const createStep = (run: StepRun): Effect.Effect<void, PersonalizeError> => {
  const { ctx, step, resource } = run
  const base = resource.createInput((key) => ctx.live.get(key), { at: ctx.now(), observed: ctx.observed })
  const versions = ctx.observed.versionCounts.get(step.name) ?? 0
  const input: CreateInput =
    base.kind === "SolutionVersion" ? { ...base, name: `${step.name}-v${versions + 1}`.slice(0, 63) } : base
  return Effect.matchEffect(ctx.call(step.key, `Create${step.kind}`, ctx.personalize.create(input)), {
    onSuccess: (arn) =>
      Effect.andThen(ctx.emit({ _tag: "CreateRequested", key: step.key, arn }), settle(run, arn, false, false)),
    onFailure: (e) => (e._tag === "ResourceAlreadyExists" ? waitOnExisting(run, input, e) : failed(run, errorText(e)))
  })
}

/** After ResourceAlreadyExists: the resource of that name under the parent is waited on (adopted), else it fails. */
const waitOnExisting = (run: StepRun, input: CreateInput, e: PersonalizeError) => {
  const { ctx, step } = run
  const lookup = findExisting(ctx, input).pipe(Effect.provideService(Personalize, ctx.personalize))
  return Effect.matchEffect(ctx.call(step.key, `List${step.kind}`, lookup), {
    onSuccess: (existing) =>
      existing === undefined ? failed(run, errorText(e)) : settle(run, existing.arn, false, true),
    onFailure: () => failed(run, errorText(e))
  })
}

/** Runs the step's action once its dependencies are ready. */
const act = (run: StepRun): Effect.Effect<void, PersonalizeError> => {
  const { step } = run
  switch (step.action) {
    case "NoOp":
    case "Drift":
      return finish(run, { _tag: "Ready", arn: step.arn as ResourceArn })
    case "Failed":
      return failed(run, step.reason ?? "CREATE FAILED", step.arn)
    case "Adopt":
    case "Wait":
      return settle(run, step.arn as ResourceArn, false, step.action === "Adopt")
    case "Update":
      return updateStep(run)
    case "Create":
      return createStep(run)
  }
}

/** After the step's dependencies settled: skip it (naming the failed root), hand a pending one on, or act. */
const afterDependencies = (
  ctx: ApplyContext,
  step: PlanStep,
  waitedFrom: number,
  blocked: Blocked
): Effect.Effect<void, PersonalizeError> => {
  const resource = ctx.byKey.get(step.key) as DesiredResource
  if (blocked?._tag === "Pending") return finish({ ctx, step, resource, begun: waitedFrom }, blocked)
  if (blocked !== undefined) {
    const reason = `not attempted: ${blocked.root} failed (${blocked.rootReason})`
    const outcome: Outcome = { _tag: "Failed", root: blocked.root, reason, rootReason: blocked.rootReason }
    return Effect.andThen(
      ctx.emit({ _tag: "StepSkipped", key: step.key, blockedBy: blocked.root, reason }),
      finish({ ctx, step, resource, begun: waitedFrom }, outcome, { skipped: true })
    )
  }
  return act({ ctx, step, resource, begun: ctx.now() })
}

/** The step, its dependencies awaited from `waitedFrom` (when the step began to wait). */
const stepFrom = (ctx: ApplyContext, step: PlanStep, waitedFrom: number): Effect.Effect<void, PersonalizeError> =>
  Effect.flatMap(awaitDependencies(ctx, step), (blocked) => afterDependencies(ctx, step, waitedFrom, blocked))

/**
 * Runs one plan step: waits for its dependencies; if one failed, skips (naming the failed root),
 * else acts. The step's duration is measured from when its dependencies are ready.
 */
export const runStep =
  (ctx: ApplyContext) =>
  (step: PlanStep): Effect.Effect<void, PersonalizeError> =>
    Effect.suspend(() => stepFrom(ctx, step, ctx.now()))
