import { Clock, Deferred, Effect, Schedule } from "effect"
import type { Deployment } from "../config/Deployment.ts"
import { decodeEvent, encodeEvent } from "../kernel/EventCodec.ts"
import { EventStore } from "../kernel/EventStore.ts"
import { type StreamId, streamId } from "../kernel/Stream.ts"
import type { PersonalizeError } from "../personalize/errors.ts"
import type { ResourceArn } from "../personalize/Names.ts"
import { Personalize } from "../personalize/Personalize.ts"
import type { CreateInput, ResourceDescription, UpdateInput } from "../personalize/Resource.ts"
import type { ResourceKind } from "../personalize/ResourceKind.ts"
import { isTerminal, type Status } from "../personalize/Status.ts"
import { canonicalJson, subsetEqual } from "./canonical.ts"
import {
  type DesiredDefaults,
  type DesiredResource,
  defaultDesiredDefaults,
  desiredResources,
  observedValue,
  type ResourceKey
} from "./Desired.ts"
import { ledgerOf, type ProvisioningEvent, provisioningCodec } from "./events.ts"
import { listAll, observe } from "./Observed.ts"
import { actions, type Plan, type PlanStep, reconcile, type StepAction } from "./Plan.ts"
import { defaultRetryPolicy, type RetryPolicy, retryableInApply, retrySchedule, seconds } from "./retry.ts"

/** How to wait for one kind: capped exponential polling, with an explicit overall timeout (no hidden ceiling). */
export interface WaitPolicy {
  readonly initialSeconds: number
  readonly factor: number
  /** The longest gap between two polls: completion is noticed within this. */
  readonly maxIntervalSeconds: number
  readonly timeoutSeconds: number
}

const policy = (initialSeconds: number, maxIntervalSeconds: number, timeoutHours: number): WaitPolicy => ({
  initialSeconds,
  factor: 1.5,
  maxIntervalSeconds,
  timeoutSeconds: timeoutHours * 3600
})

/** Defaults per kind; training and imports get days, not the seeds' hidden ~5 h. */
export const defaultWaitPolicies: { readonly [K in ResourceKind]: WaitPolicy } = {
  DatasetGroup: policy(5, 30, 1),
  Schema: policy(1, 5, 1),
  Dataset: policy(5, 30, 1),
  DatasetImportJob: policy(30, 300, 48),
  EventTracker: policy(5, 30, 1),
  Filter: policy(5, 30, 1),
  Solution: policy(5, 30, 1),
  SolutionVersion: policy(60, 600, 96),
  Campaign: policy(30, 120, 6),
  Recommender: policy(60, 600, 96),
  BatchInferenceJob: policy(60, 600, 48),
  BatchSegmentJob: policy(60, 600, 48)
}

export interface ApplyOptions {
  readonly waitPolicies?: { readonly [K in ResourceKind]?: Partial<WaitPolicy> }
  readonly retry?: Partial<RetryPolicy>
  readonly defaults?: DesiredDefaults
  readonly actor?: string
  readonly correlationId?: string
  /** Called when a step finishes (for progress lines). */
  readonly onStep?: (report: StepReport) => Effect.Effect<void>
}

export type StepOutcome = "ready" | "failed" | "skipped"

export interface StepReport {
  readonly key: ResourceKey
  readonly kind: ResourceKind
  readonly name: string
  readonly action: StepAction
  readonly outcome: StepOutcome
  readonly arn?: ResourceArn
  readonly status?: Status
  readonly reason?: string
  /** Epoch ms on the Clock. */
  readonly startedAt: number
  readonly finishedAt: number
}

/** A resource that did not become ACTIVE, why, and what was therefore not attempted. */
export interface ApplyFailure {
  readonly key: ResourceKey
  readonly kind: ResourceKind
  readonly name: string
  readonly arn?: ResourceArn
  readonly cause: string
  readonly dependents: ReadonlyArray<{ readonly kind: ResourceKind; readonly name: string }>
}

export interface ApplyResult {
  readonly ok: boolean
  readonly plan: Plan
  readonly steps: ReadonlyArray<StepReport>
  readonly failures: ReadonlyArray<ApplyFailure>
  readonly drift: ReadonlyArray<PlanStep>
  readonly startedAt: number
  readonly finishedAt: number
  readonly events: number
}

type Outcome =
  | { readonly _tag: "Ready"; readonly arn: ResourceArn }
  /** `reason` is this step's own text; `rootReason` the failed root's, so chains do not nest messages. */
  | { readonly _tag: "Failed"; readonly root: ResourceKey; readonly reason: string; readonly rootReason: string }

/** The provisioning stream of a dataset group. */
export const provisioningStream = (datasetGroupName: string): StreamId => streamId("provisioning", datasetGroupName)

/** Reads the provisioning stream back into events (undecodable events are skipped: they carry no ledger). */
export const readProvisioningEvents = (
  stream: StreamId
): Effect.Effect<ReadonlyArray<ProvisioningEvent>, never, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const stored = yield* store.read(stream).pipe(Effect.orElseSucceed(() => []))
    const out: Array<ProvisioningEvent> = []
    for (const s of stored) {
      const decoded = decodeEvent(provisioningCodec, s)
      if (decoded._tag === "Success") out.push(decoded.success)
    }
    return out
  })

/** The plan for a deployment against what exists now (and what the tool applied before). */
export const planDeployment = (
  deployment: Deployment,
  defaults: DesiredDefaults = defaultDesiredDefaults,
  retry: RetryPolicy = defaultRetryPolicy
): Effect.Effect<Plan, PersonalizeError, Personalize | EventStore> =>
  Effect.gen(function* () {
    const ledger = ledgerOf(yield* readProvisioningEvents(provisioningStream(deployment.datasetGroup.name)))
    const observed = yield* observe(deployment, ledger, retry)
    return reconcile(desiredResources(deployment, defaults), observed)
  })

/** Capped exponential polling bounded by the timeout. */
export const pollSchedule = (p: WaitPolicy) =>
  Schedule.min([
    Schedule.exponential(seconds(p.initialSeconds), p.factor),
    Schedule.spaced(seconds(p.maxIntervalSeconds))
  ]).pipe(Schedule.upTo({ duration: seconds(p.timeoutSeconds) }))

const errorText = (e: PersonalizeError) => `${e._tag}: ${e.message}`

const parentForLookup = (input: CreateInput): ResourceArn | undefined => {
  switch (input.kind) {
    case "DatasetGroup":
    case "Schema":
      return undefined
    case "Dataset":
    case "EventTracker":
    case "Filter":
    case "Solution":
    case "Recommender":
      return input.datasetGroupArn
    case "DatasetImportJob":
      return input.datasetArn
    case "SolutionVersion":
      return input.solutionArn
    case "Campaign":
      return input.solutionVersionArn.slice(0, input.solutionVersionArn.lastIndexOf("/")) as ResourceArn
    case "BatchInferenceJob":
    case "BatchSegmentJob":
      return input.solutionVersionArn
  }
}

const updateInput = (
  kind: ResourceKind,
  arn: ResourceArn,
  fields: { readonly [f: string]: { readonly value: unknown } }
): UpdateInput | undefined => {
  const v = (f: string) => fields[f]?.value
  switch (kind) {
    case "Dataset":
      return { kind, arn, schemaArn: v("schemaArn") as ResourceArn }
    case "Solution":
      return { kind, arn, performAutoTraining: v("performAutoTraining") as boolean }
    case "Campaign": {
      const config = v("campaignConfig")
      return {
        kind,
        arn,
        solutionVersionArn: v("solutionVersionArn") as ResourceArn,
        minProvisionedTPS: v("minProvisionedTPS") as number,
        ...(config === undefined ? {} : { campaignConfig: config as Record<string, unknown> })
      }
    }
    case "Recommender":
      return { kind, arn, recommenderConfig: (v("recommenderConfig") ?? {}) as Record<string, unknown> }
    default:
      return undefined
  }
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
    const personalize = yield* Personalize
    const store = yield* EventStore
    const startedAt = yield* Clock.currentTimeMillis
    const stream = provisioningStream(deployment.datasetGroup.name)
    const correlationId = options.correlationId ?? `apply-${startedAt}`
    const actor = options.actor ?? "personalize-ops"
    const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry }
    const waitPolicy = (kind: ResourceKind): WaitPolicy => ({
      ...defaultWaitPolicies[kind],
      ...options.waitPolicies?.[kind]
    })
    let eventCount = 0

    const emit = (event: ProvisioningEvent) =>
      Effect.gen(function* () {
        const at = yield* Clock.currentTimeMillis
        eventCount++
        // A lost event must not fail the apply; the resource state is still observable in Personalize.
        yield* store
          .append(stream, [encodeEvent(provisioningCodec, event, { at, correlationId, actor })], "any")
          .pipe(Effect.ignore)
      })

    const callSchedule = retrySchedule(retry)

    const call = <A, R>(key: ResourceKey, operation: string, effect: Effect.Effect<A, PersonalizeError, R>) =>
      effect.pipe(
        Effect.tapError((e) =>
          retryableInApply(e) ? emit({ _tag: "CallRetried", key, operation, error: errorText(e) }) : Effect.void
        ),
        Effect.retry({ schedule: callSchedule, while: retryableInApply })
      )

    const ledger = ledgerOf(yield* readProvisioningEvents(stream))
    const observed = yield* observe(deployment, ledger, retry)
    const desired = desiredResources(deployment, options.defaults)
    const plan = reconcile(desired, observed)
    const byKey = new Map<ResourceKey, DesiredResource>(desired.map((d) => [d.key, d]))
    yield* emit({
      _tag: "PlanComputed",
      datasetGroup: deployment.datasetGroup.name,
      steps: plan.steps.length,
      actions: actions(plan).length
    })
    for (const step of plan.steps)
      yield* emit({
        _tag: "StepDecided",
        key: step.key,
        action: step.action,
        ...(step.reason === undefined ? {} : { reason: step.reason })
      })

    const outcomes = new Map<ResourceKey, Deferred.Deferred<Outcome>>()
    for (const step of plan.steps) outcomes.set(step.key, yield* Deferred.make<Outcome>())
    const live = new Map<ResourceKey, ResourceArn>()
    const arnOf = (key: ResourceKey) => live.get(key)
    const reports: Array<StepReport> = []

    /** Polls until the status (or the update's status) is terminal; records each change. */
    const waitFor = (key: ResourceKey, kind: ResourceKind, arn: ResourceArn, update: boolean) =>
      Effect.gen(function* () {
        let last: string | undefined
        const statusOf = (d: ResourceDescription): Status | undefined => (update ? d.latestUpdate?.status : d.status)
        const final = yield* call(key, `Describe${kind}`, personalize.describe(kind, arn)).pipe(
          Effect.tap((d) => {
            const status = statusOf(d)
            if (status === undefined || status === last) return Effect.void
            last = status
            const reason = update ? d.latestUpdate?.failureReason : d.failureReason
            return emit({
              _tag: "StatusObserved",
              key,
              arn,
              status,
              ...(reason === undefined ? {} : { failureReason: reason })
            })
          }),
          Effect.repeat({
            schedule: pollSchedule(waitPolicy(kind)),
            until: (d) => {
              const s = statusOf(d)
              return s === undefined || isTerminal(s)
            }
          })
        )
        return final
      })

    const fieldsFor = (resource: DesiredResource, d: ResourceDescription) => {
      const out: Record<string, unknown> = {}
      for (const f of Object.keys(resource.fields(arnOf))) out[f] = observedValue(f, d.attributes)
      return out
    }

    const findExisting = (input: CreateInput) =>
      Effect.gen(function* () {
        const parent = parentForLookup(input)
        const all = yield* listAll(input.kind, parent, retry)
        return all.find((d) => d.name === input.name)
      })

    const runStep = (step: PlanStep) =>
      Effect.gen(function* () {
        const resource = byKey.get(step.key) as DesiredResource
        const mine = outcomes.get(step.key) as Deferred.Deferred<Outcome>
        // Measured from when the dependencies are ready, so a step's duration is its own work.
        let begun = yield* Clock.currentTimeMillis
        const finish = (outcome: Outcome, extra: { readonly status?: Status; readonly skipped?: boolean } = {}) =>
          Effect.gen(function* () {
            if (outcome._tag === "Ready") live.set(step.key, outcome.arn)
            const report: StepReport = {
              key: step.key,
              kind: step.kind,
              name: step.name,
              action: step.action,
              outcome: outcome._tag === "Ready" ? "ready" : extra.skipped === true ? "skipped" : "failed",
              ...(outcome._tag === "Ready" ? { arn: outcome.arn } : step.arn === undefined ? {} : { arn: step.arn }),
              ...(extra.status === undefined ? {} : { status: extra.status }),
              ...(outcome._tag === "Failed" ? { reason: outcome.reason } : {}),
              startedAt: begun,
              finishedAt: yield* Clock.currentTimeMillis
            }
            reports.push(report)
            if (options.onStep !== undefined) yield* options.onStep(report)
            yield* Deferred.succeed(mine, outcome)
          })

        for (const dep of step.dependsOn) {
          const d = outcomes.get(dep)
          if (d === undefined) continue
          const o = yield* Deferred.await(d)
          if (o._tag === "Failed") {
            const reason = `not attempted: ${o.root} failed (${o.rootReason})`
            yield* emit({ _tag: "StepSkipped", key: step.key, blockedBy: o.root, reason })
            return yield* finish({ _tag: "Failed", root: o.root, reason, rootReason: o.rootReason }, { skipped: true })
          }
        }
        begun = yield* Clock.currentTimeMillis

        const ready = (arn: ResourceArn, d: ResourceDescription, adopted: boolean) =>
          Effect.gen(function* () {
            yield* emit({ _tag: "ResourceReady", key: step.key, arn, fields: fieldsFor(resource, d), adopted })
            return yield* finish({ _tag: "Ready", arn }, d.status === undefined ? {} : { status: d.status })
          })
        const failed = (reason: string, arn?: ResourceArn, status?: Status) =>
          Effect.gen(function* () {
            yield* emit({ _tag: "ResourceFailed", key: step.key, reason, ...(arn === undefined ? {} : { arn }) })
            return yield* finish(
              { _tag: "Failed", root: step.key, reason, rootReason: reason },
              status === undefined ? {} : { status }
            )
          })
        /** Waits for a created/updated resource, then reports it ready or failed. */
        const settle = (arn: ResourceArn, update: boolean, adopted: boolean) =>
          Effect.gen(function* () {
            const d = yield* waitFor(step.key, step.kind, arn, update)
            const status = update ? d.latestUpdate?.status : d.status
            if (status === undefined || status === "ACTIVE") return yield* ready(arn, d, adopted)
            if (!isTerminal(status)) {
              const p = waitPolicy(step.kind)
              return yield* failed(
                `still ${status} after ${p.timeoutSeconds} s; raise waitPolicies.${step.kind}.timeoutSeconds to wait longer`,
                arn,
                status
              )
            }
            const reason = (update ? d.latestUpdate?.failureReason : d.failureReason) ?? status
            return yield* failed(update ? `update ${status}: ${reason}` : reason, arn, status)
          })

        switch (step.action) {
          case "NoOp":
          case "Drift":
            return yield* finish({ _tag: "Ready", arn: step.arn as ResourceArn })
          case "Failed":
            return yield* failed(step.reason ?? "CREATE FAILED", step.arn)
          case "Adopt":
          case "Wait":
            return yield* settle(step.arn as ResourceArn, false, step.action === "Adopt")
          case "Update": {
            const arn = step.arn as ResourceArn
            const current = yield* call(step.key, `Describe${step.kind}`, personalize.describe(step.kind, arn))
            const fields = resource.fields(arnOf)
            const differs = Object.entries(fields).some(([f, want]) =>
              want.subset === true
                ? !subsetEqual(want.value, observedValue(f, current.attributes))
                : canonicalJson(want.value ?? null) !== canonicalJson(observedValue(f, current.attributes))
            )
            if (!differs) return yield* ready(arn, current, false)
            const input = updateInput(step.kind, arn, fields)
            if (input === undefined) return yield* failed(`${step.kind} cannot be updated`, arn)
            const result = yield* Effect.result(call(step.key, `Update${step.kind}`, personalize.update(input)))
            if (result._tag === "Failure") return yield* failed(errorText(result.failure), arn)
            yield* emit({ _tag: "UpdateRequested", key: step.key, arn, fields: fieldsFor(resource, current) })
            return yield* settle(arn, true, false)
          }
          case "Create": {
            const base = resource.createInput(arnOf)
            const input: CreateInput =
              base.kind === "SolutionVersion"
                ? { ...base, name: `${step.name}-v${(observed.versionCounts.get(step.name) ?? 0) + 1}`.slice(0, 63) }
                : base
            const created = yield* Effect.result(call(step.key, `Create${step.kind}`, personalize.create(input)))
            if (created._tag === "Success") {
              yield* emit({ _tag: "CreateRequested", key: step.key, arn: created.success })
              return yield* settle(created.success, false, false)
            }
            // Created meanwhile (a concurrent run, or someone else): wait on that one instead of failing.
            if (created.failure._tag === "ResourceAlreadyExists") {
              const existing = yield* Effect.result(call(step.key, `List${step.kind}`, findExisting(input)))
              if (existing._tag === "Success" && existing.success !== undefined)
                return yield* settle(existing.success.arn, false, true)
            }
            return yield* failed(errorText(created.failure))
          }
        }
      })

    yield* Effect.forEach(plan.steps, runStep, { concurrency: "unbounded", discard: true })

    const failures: Array<ApplyFailure> = []
    const dependents = new Map<ResourceKey, Array<{ kind: ResourceKind; name: string }>>()
    for (const r of reports)
      if (r.outcome === "skipped") {
        const root = (yield* Deferred.await(outcomes.get(r.key) as Deferred.Deferred<Outcome>)) as Extract<
          Outcome,
          { _tag: "Failed" }
        >
        if (!dependents.has(root.root)) dependents.set(root.root, [])
        dependents.get(root.root)?.push({ kind: r.kind, name: r.name })
      }
    const reportByKey = new Map(reports.map((r) => [r.key, r]))
    for (const step of plan.steps) {
      const r = reportByKey.get(step.key)
      if (r?.outcome === "failed")
        failures.push({
          key: r.key,
          kind: r.kind,
          name: r.name,
          ...(r.arn === undefined ? {} : { arn: r.arn }),
          cause: r.reason ?? "failed",
          dependents: dependents.get(r.key) ?? []
        })
    }
    const finishedAt = yield* Clock.currentTimeMillis
    yield* emit({
      _tag: "ApplyFinished",
      ok: failures.length === 0,
      failures: failures.length,
      simulatedSeconds: Math.round((finishedAt - startedAt) / 1000)
    })
    const order = new Map(plan.steps.map((s, i) => [s.key, i]))
    return {
      ok: failures.length === 0,
      plan,
      steps: [...reports].sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0)),
      failures,
      drift: plan.steps.filter((s) => s.action === "Drift"),
      startedAt,
      finishedAt,
      events: eventCount
    }
  })
