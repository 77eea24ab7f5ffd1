import { Deferred, Effect } from "effect"
import { encodeEvent } from "../kernel/EventCodec.ts"
import { EventStore } from "../kernel/EventStore.ts"
import type { NewEvent } from "../kernel/StoredEvent.ts"
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
  /** The outcomes resolved so far (read without suspending by a dependent that starts after them). */
  readonly settled: Map<ResourceKey, Outcome>
  /** ARNs of the steps that are ready, for the dependents' requests. */
  readonly live: Map<ResourceKey, ResourceArn>
  readonly reports: Array<StepReport>
  readonly waitPolicy: (kind: ResourceKind) => WaitPolicy
  /** The apply's clock, read in place (epoch ms): the steps read it on every event and report. */
  readonly now: () => number
  /**
   * Records one event in the provisioning stream: stamped now, appended at once, or with the others
   * emitted while an append is in flight (a lost event does not fail the apply).
   */
  readonly emit: (event: ProvisioningEvent) => Effect.Effect<void>
  /** Records events in order, as `emit` does. */
  readonly emitAll: (events: ReadonlyArray<ProvisioningEvent>) => Effect.Effect<void>
  /** Appends what is still pending; run when no step runs (before the steps, after them). */
  readonly appended: Effect.Effect<void>
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
    const clock = yield* Effect.clockWith(Effect.succeed)
    const now = () => clock.currentTimeMillisUnsafe()
    const sink = new EventSink(yield* EventStore, input, options.actor ?? "personalize-ops", now)
    const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry }
    const emit = (event: ProvisioningEvent) => sink.emit([event])
    const outcomes = new Map<ResourceKey, Deferred.Deferred<Outcome>>()
    for (const step of input.plan.steps) outcomes.set(step.key, Deferred.makeUnsafe<Outcome>())
    return {
      personalize,
      tokens,
      options,
      retry,
      observed: input.observed,
      byKey: new Map(input.desired.map((d) => [d.key, d])),
      outcomes,
      settled: new Map(),
      live: new Map(),
      reports: [],
      waitPolicy: (kind) => ({ ...defaultWaitPolicies[kind], ...options.waitPolicies?.[kind] }),
      now,
      emit,
      emitAll: (events) => sink.emit(events),
      appended: sink.appended,
      call: (key, operation, effect) => callWithRetry({ emit, now }, retry, key, operation, effect),
      eventCount: () => sink.count
    }
  })

/** Events per append: far below any store's size limit (400 KB on DynamoDB). */
const eventsPerAppend = 100

/**
 * The provisioning stream of one apply: each event is stamped with its time, correlation and actor when
 * emitted and appended in emit order (group commit). An event emitted while nothing is being appended is
 * appended at once by the fiber that emitted it; events emitted while an append is in flight (a remote
 * store's round trip) do not wait for it: that fiber appends them next, together, at most
 * `eventsPerAppend` at a time, until nothing is pending. A store that appends synchronously (the memory
 * store) sees one append per emit and no extra work; a remote one, far fewer round trips, none waited on.
 */
class EventSink {
  count = 0
  readonly store: EventStore["Service"]
  readonly input: ContextInput
  readonly actor: string
  readonly now: () => number
  private pending: Array<NewEvent> = []
  /** A fiber is appending (it appends what is pending before it goes on). */
  private appending = false
  constructor(store: EventStore["Service"], input: ContextInput, actor: string, now: () => number) {
    this.store = store
    this.input = input
    this.actor = actor
    this.now = now
  }

  emit(events: ReadonlyArray<ProvisioningEvent>): Effect.Effect<void> {
    return Effect.suspend(() => {
      this.count += events.length
      const metadata = { at: this.now(), correlationId: this.input.correlationId, actor: this.actor }
      for (const event of events) this.pending.push(encodeEvent(provisioningCodec, event, metadata))
      return this.appending ? Effect.void : this.appendPending()
    })
  }

  /** Appends a batch of what is pending; then the next, until nothing is left. */
  private appendPending(): Effect.Effect<void> {
    this.appending = true
    const batch = this.pending.length <= eventsPerAppend ? this.pending : this.pending.slice(0, eventsPerAppend)
    this.pending = this.pending.length <= eventsPerAppend ? [] : this.pending.slice(eventsPerAppend)
    // A lost event must not fail the apply; the resource state is still observable in Personalize.
    return Effect.flatMap(Effect.ignore(this.store.append(this.input.stream, batch, "any")), this.afterAppend)
  }

  private readonly afterAppend = (): Effect.Effect<void> => {
    if (this.pending.length > 0) return this.appendPending()
    this.appending = false
    return Effect.void
  }

  /**
   * Appends what is still pending. Called when no step runs any more (before the steps, after them): an
   * appending fiber then either finished or was interrupted with its append (what it left is appended here).
   */
  readonly appended: Effect.Effect<void> = Effect.suspend(() =>
    this.pending.length === 0 ? Effect.void : this.appendPending()
  )
}

/**
 * Runs one call, retrying retryable errors under the policy and recording each retry. A call that succeeds
 * (nearly all of them) pays for no retry schedule: the backoff starts at the first retryable error and steps
 * exactly as `retrySchedule(retry)` would (each retry recorded first).
 */
const callWithRetry = <A, R>(
  sink: Pick<ApplyContext, "emit" | "now">,
  retry: RetryPolicy,
  key: ResourceKey,
  operation: string,
  effect: Effect.Effect<A, PersonalizeError, R>
): Effect.Effect<A, PersonalizeError, R> =>
  Effect.catch(effect, (e) =>
    retried({ emit: sink.emit, now: sink.now, key, operation, effect, next: retryBackoff(retry) }, e)
  )

/** One call being retried: what it records a retry with, the call itself and its backoff. */
interface Retrying<A, R> {
  readonly emit: ApplyContext["emit"]
  readonly now: ApplyContext["now"]
  readonly key: ResourceKey
  readonly operation: string
  readonly effect: Effect.Effect<A, PersonalizeError, R>
  /** The delay before the next attempt at `now`, or none when the policy gives up. */
  readonly next: (now: number) => number | undefined
}

/** After error `e`: records the retry and runs the call again after the backoff's delay, or fails with `e`. */
const retried = <A, R>(call: Retrying<A, R>, e: PersonalizeError): Effect.Effect<A, PersonalizeError, R> =>
  retryableInApply(e)
    ? Effect.andThen(
        call.emit({ _tag: "CallRetried", key: call.key, operation: call.operation, error: errorText(e) }),
        Effect.suspend(() => {
          const delay = call.next(call.now())
          return delay === undefined
            ? Effect.fail(e)
            : Effect.andThen(
                Effect.sleep(delay),
                Effect.catch(call.effect, (again) => retried(call, again))
              )
        })
      )
    : Effect.fail(e)

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
): Effect.Effect<ResourceDescription, PersonalizeError> => new Wait(ctx, key, kind, arn, update).poll

/** One wait for a resource: the last status recorded, the polls reported so far and the poll itself. */
class Wait {
  readonly ctx: ApplyContext
  readonly key: ResourceKey
  readonly kind: ResourceKind
  readonly arn: ResourceArn
  readonly update: boolean
  readonly policy: WaitPolicy
  /** `pollSchedule`'s delays and timeout, stepped by hand: no schedule built per wait, no repeat machinery. */
  readonly next: (now: number) => number | undefined
  readonly poll: Effect.Effect<ResourceDescription, PersonalizeError>
  last: string | undefined
  polls = 0

  constructor(ctx: ApplyContext, key: ResourceKey, kind: ResourceKind, arn: ResourceArn, update: boolean) {
    this.ctx = ctx
    this.key = key
    this.kind = kind
    this.arn = arn
    this.update = update
    this.policy = ctx.waitPolicy(kind)
    this.next = pollBackoff(this.policy)
    this.poll = Effect.flatMap(ctx.tokens.token(arn), (token) =>
      Effect.flatMap(ctx.call(key, `Describe${kind}`, ctx.personalize.describe(kind, arn)), (d) => this.seen(d, token))
    )
  }

  /** One answer: reported to the watcher, its status change recorded, then done or on to the next poll. */
  seen(d: ResourceDescription, token: number | undefined): Effect.Effect<ResourceDescription, PersonalizeError> {
    const reported = this.reportWait(d)
    const observed = this.observe(d)
    const after = this.after(d, token)
    const then = observed === Effect.void ? after : Effect.andThen(observed, after)
    return reported === Effect.void ? then : Effect.andThen(reported, then)
  }

  statusOf(d: ResourceDescription): Status | undefined {
    return this.update ? d.latestUpdate?.status : d.status
  }

  reportWait(d: ResourceDescription): Effect.Effect<void> {
    const status = this.statusOf(d)
    const onWait = this.ctx.options.onWait
    if (onWait === undefined || status === undefined) return Effect.void
    const n = this.polls++
    return Effect.suspend(() => {
      const at = this.ctx.now()
      return onWait({
        key: this.key,
        kind: this.kind,
        arn: this.arn,
        status,
        at,
        ...(isTerminal(status) ? {} : { nextPollAt: at + pollDelaySeconds(this.policy, n) * 1000 })
      })
    })
  }

  observe(d: ResourceDescription): Effect.Effect<void> {
    const status = this.statusOf(d)
    if (status === undefined || status === this.last) return Effect.void
    this.last = status
    const reason = this.update ? d.latestUpdate?.failureReason : d.failureReason
    return this.ctx.emit({
      _tag: "StatusObserved",
      key: this.key,
      arn: this.arn,
      status,
      ...(reason === undefined ? {} : { failureReason: reason })
    })
  }

  /**
   * After a poll: done when terminal or timed out, else sleep the next delay and poll again, or, when the
   * token is still the one read before the last DescribeX, take the turn with that answer.
   */
  after(d: ResourceDescription, token: number | undefined): Effect.Effect<ResourceDescription, PersonalizeError> {
    const s = this.statusOf(d)
    if (s === undefined || isTerminal(s)) return Effect.succeed(d)
    return Effect.suspend(() => {
      const delay = this.next(this.ctx.now())
      if (delay === undefined) return Effect.succeed(d)
      const skipTurns = this.ctx.tokens.skipTurns
      // Turns nobody watches (no onWait) are taken without waking this fiber, up to the answer's next change.
      if (skipTurns !== undefined && token !== undefined && this.ctx.options.onWait === undefined)
        return Effect.flatMap(skipTurns(this.arn, token, delay, this.next), (moved) =>
          moved ? this.poll : Effect.succeed(d)
        )
      const turn = Effect.flatMap(this.ctx.tokens.token(this.arn), (t) =>
        t !== undefined && t === token ? Effect.andThen(this.reportWait(d), this.after(d, token)) : this.poll
      )
      return Effect.andThen(Effect.sleep(delay), turn)
    })
  }
}
