import { Clock, Deferred, Effect } from "effect"
import { encodeEvent } from "../kernel/EventCodec.ts"
import { EventStore } from "../kernel/EventStore.ts"
import type { StreamId } from "../kernel/Stream.ts"
import type { ResourceArn } from "../personalize/Arn.ts"
import type { PersonalizeError } from "../personalize/errors.ts"
import { DescriptionTokens, Personalize } from "../personalize/Personalize.ts"
import type { ResourceDescription } from "../personalize/Resource.ts"
import type { ResourceKind } from "../personalize/ResourceKind.ts"
import { isTerminal, type Status } from "../personalize/Status.ts"
import type { ApplyOptions, Outcome, StepReport } from "./ApplyResult.ts"
import type { DesiredResource, ResourceKey } from "./DesiredResource.ts"
import { type ProvisioningEvent, provisioningCodec } from "./events.ts"
import type { Observed } from "./Observed.ts"
import type { Plan } from "./Plan.ts"
import { defaultRetryPolicy, type RetryPolicy, retryableInApply, retryBackoff } from "./retry.ts"
import { defaultWaitPolicies, pollBackoff, pollDelaySeconds, type WaitPolicy } from "./waitPolicy.ts"

/** Everything the steps of one apply share: the services, the policies, the event sink and the outcomes so far. */
export interface ApplyContext {
  readonly personalize: Personalize["Service"]
  /** Tells a poll whose answer would be unchanged (the twin's), so it is skipped; none on AWS. */
  readonly tokens: (typeof DescriptionTokens)["Service"]
  readonly options: ApplyOptions
  readonly retry: RetryPolicy
  readonly observed: Observed
  readonly byKey: ReadonlyMap<ResourceKey, DesiredResource>
  readonly outcomes: ReadonlyMap<ResourceKey, Deferred.Deferred<Outcome>>
  /** ARNs of the steps that are ready, for the dependents' requests. */
  readonly live: Map<ResourceKey, ResourceArn>
  readonly reports: Array<StepReport>
  readonly waitPolicy: (kind: ResourceKind) => WaitPolicy
  /** Appends one event to the provisioning stream (a lost event does not fail the apply). */
  readonly emit: (event: ProvisioningEvent) => Effect.Effect<void>
  /** Runs one call, retrying retryable errors under the policy and recording each retry. */
  readonly call: <A, R>(
    key: ResourceKey,
    operation: string,
    effect: Effect.Effect<A, PersonalizeError, R>
  ) => Effect.Effect<A, PersonalizeError, R>
  readonly eventCount: () => number
}

export interface ContextInput {
  readonly stream: StreamId
  readonly correlationId: string
  readonly observed: Observed
  readonly desired: ReadonlyArray<DesiredResource>
  readonly plan: Plan
}

export const errorText = (e: PersonalizeError) => `${e._tag}: ${e.message}`

/** Builds the shared context of one apply, with a pending outcome per plan step. */
export const makeApplyContext = (
  input: ContextInput,
  options: ApplyOptions
): Effect.Effect<ApplyContext, never, Personalize | EventStore> =>
  Effect.gen(function* () {
    const personalize = yield* Personalize
    const tokens = yield* DescriptionTokens
    const store = yield* EventStore
    const actor = options.actor ?? "personalize-ops"
    const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry }
    let eventCount = 0
    const emit = (event: ProvisioningEvent) =>
      Effect.flatMap(Clock.currentTimeMillis, (at) => {
        eventCount++
        // A lost event must not fail the apply; the resource state is still observable in Personalize.
        const encoded = encodeEvent(provisioningCodec, event, { at, correlationId: input.correlationId, actor })
        return Effect.ignore(store.append(input.stream, [encoded], "any"))
      })
    // A call that succeeds (nearly all of them) pays for no retry schedule: the backoff starts at the first
    // retryable error and steps exactly as `retrySchedule(retry)` would (each retry recorded first).
    const call = <A, R>(key: ResourceKey, operation: string, effect: Effect.Effect<A, PersonalizeError, R>) => {
      const retried = (
        next: (now: number) => number | undefined,
        e: PersonalizeError
      ): Effect.Effect<A, PersonalizeError, R> =>
        retryableInApply(e)
          ? emit({ _tag: "CallRetried", key, operation, error: errorText(e) }).pipe(
              Effect.andThen(Clock.currentTimeMillis),
              Effect.flatMap((now) => {
                const delay = next(now)
                return delay === undefined
                  ? Effect.fail(e)
                  : Effect.andThen(
                      Effect.sleep(delay),
                      Effect.catch(effect, (again) => retried(next, again))
                    )
              })
            )
          : Effect.fail(e)
      return Effect.catch(effect, (e) => retried(retryBackoff(retry), e))
    }
    const outcomes = new Map<ResourceKey, Deferred.Deferred<Outcome>>()
    for (const step of input.plan.steps) outcomes.set(step.key, yield* Deferred.make<Outcome>())
    return {
      personalize,
      tokens,
      options,
      retry,
      observed: input.observed,
      byKey: new Map(input.desired.map((d) => [d.key, d])),
      outcomes,
      live: new Map(),
      reports: [],
      waitPolicy: (kind) => ({ ...defaultWaitPolicies[kind], ...options.waitPolicies?.[kind] }),
      emit,
      call,
      eventCount: () => eventCount
    }
  })

/**
 * Polls until the status (or the update's status) is terminal or the wait times out; records each change.
 * A poll whose answer `DescriptionTokens` says is unchanged since the last DescribeX is not sent: the
 * wait takes the same turns at the same times, and a simulation makes a call per status change.
 */
export const waitFor = (
  ctx: ApplyContext,
  key: ResourceKey,
  kind: ResourceKind,
  arn: ResourceArn,
  update: boolean
): Effect.Effect<ResourceDescription, PersonalizeError> => {
  let last: string | undefined
  let polls = 0
  const statusOf = (d: ResourceDescription): Status | undefined => (update ? d.latestUpdate?.status : d.status)
  const onWait = ctx.options.onWait
  const policy = ctx.waitPolicy(kind)
  // `pollSchedule`'s delays and timeout, stepped by hand: no schedule built per wait, no repeat machinery.
  const next = pollBackoff(policy)
  const reportWait = (d: ResourceDescription) => {
    const status = statusOf(d)
    if (onWait === undefined || status === undefined) return Effect.void
    const n = polls++
    return Effect.flatMap(Clock.currentTimeMillis, (at) =>
      onWait({
        key,
        kind,
        arn,
        status,
        at,
        ...(isTerminal(status) ? {} : { nextPollAt: at + pollDelaySeconds(policy, n) * 1000 })
      })
    )
  }
  const observe = (d: ResourceDescription) => {
    const status = statusOf(d)
    if (status === undefined || status === last) return Effect.void
    last = status
    const reason = update ? d.latestUpdate?.failureReason : d.failureReason
    return ctx.emit({
      _tag: "StatusObserved",
      key,
      arn,
      status,
      ...(reason === undefined ? {} : { failureReason: reason })
    })
  }
  // After a poll: done when terminal or timed out, else sleep the next delay and poll again, or, when the
  // token is still the one read before the last DescribeX, take the turn with that answer.
  const after = (
    d: ResourceDescription,
    token: number | undefined
  ): Effect.Effect<ResourceDescription, PersonalizeError> => {
    const s = statusOf(d)
    if (s === undefined || isTerminal(s)) return Effect.succeed(d)
    return Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const delay = next(now)
      if (delay === undefined) return Effect.succeed(d)
      const turn = Effect.flatMap(ctx.tokens.token(arn), (t) =>
        t !== undefined && t === token ? Effect.andThen(reportWait(d), after(d, token)) : poll
      )
      return Effect.andThen(Effect.sleep(delay), turn)
    })
  }
  const poll: Effect.Effect<ResourceDescription, PersonalizeError> = Effect.flatMap(ctx.tokens.token(arn), (token) =>
    ctx.call(key, `Describe${kind}`, ctx.personalize.describe(kind, arn)).pipe(
      Effect.tap(reportWait),
      Effect.tap(observe),
      Effect.flatMap((d) => after(d, token))
    )
  )
  return poll
}
