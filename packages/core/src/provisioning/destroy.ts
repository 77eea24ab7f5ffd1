import { Clock, Effect } from "effect"
import type { Deployment } from "../config/Deployment.ts"
import { encodeEvent } from "../kernel/EventCodec.ts"
import { EventStore } from "../kernel/EventStore.ts"
import type { PersonalizeError } from "../personalize/errors.ts"
import type { Personalize } from "../personalize/Personalize.ts"
import { destroyPass, type TeardownNode } from "./destroyPass.ts"
import { type ProvisioningEvent, provisioningCodec } from "./events.ts"
import { provisioningStream, readLedger } from "./ledger.ts"
import { observe } from "./Observed.ts"
import { type RetryPolicy, seconds } from "./retry.ts"

export interface DestroyOptions {
  /**
   * Retries of one call (throttling, rate limits). A delete answered ResourceInUse is not retried within the
   * pass: the resource is left waiting and the next pass asks again.
   */
  readonly retry?: Partial<RetryPolicy>
  /** Bounds: passes and total seconds (default 500 passes, 48 h). */
  readonly maxPasses?: number
  readonly timeoutSeconds?: number
  readonly actor?: string
  readonly correlationId?: string
}

export interface DestroyResult {
  readonly ok: boolean
  /** Every resource of the config, as the last pass left it. */
  readonly nodes: ReadonlyArray<TeardownNode>
  readonly passes: number
  readonly startedAt: number
  readonly finishedAt: number
  /** Set when the bounds ran out before teardown finished. */
  readonly timedOut?: string
}

/** Short call retries: a destroy pass does not sit on one resource (the next pass comes back to it). */
const destroyRetry: RetryPolicy = { initialSeconds: 1, maxIntervalSeconds: 30, timeoutSeconds: 300 }

/** Appends provisioning events for one destroy (a lost event does not fail the teardown). */
export const provisioningEmitter =
  (deployment: Deployment, meta: { readonly correlationId: string; readonly actor: string }) =>
  (event: ProvisioningEvent): Effect.Effect<void, never, EventStore> =>
    Effect.gen(function* () {
      const store = yield* EventStore
      const at = yield* Clock.currentTimeMillis
      const encoded = encodeEvent(provisioningCodec, event, { at, ...meta })
      yield* store.append(provisioningStream(deployment.datasetGroup.name), [encoded], "any").pipe(Effect.ignore)
    })

/** Observes the config's resources with the ledger, then runs one teardown pass. */
export const observeAndDestroy = (
  deployment: Deployment,
  retry: RetryPolicy,
  emit: (event: ProvisioningEvent) => Effect.Effect<void, never, EventStore>
) =>
  Effect.gen(function* () {
    const ledger = yield* readLedger(provisioningStream(deployment.datasetGroup.name))
    const observed = yield* observe(deployment, ledger, retry)
    const store = yield* EventStore
    return yield* destroyPass(deployment, {
      observed,
      retry,
      emit: (e) => emit(e).pipe(Effect.provideService(EventStore, store))
    })
  })

/**
 * Deletes a config's resources in dependency order (children first), waiting between passes as the
 * last pass asks, until everything is gone, a delete fails, or the bounds run out. Idempotent: a
 * second destroy finds nothing and succeeds.
 */
export const destroyDeployment = (
  deployment: Deployment,
  options: DestroyOptions = {}
): Effect.Effect<DestroyResult, PersonalizeError, Personalize | EventStore> =>
  Effect.gen(function* () {
    const startedAt = yield* Clock.currentTimeMillis
    const retry = { ...destroyRetry, ...options.retry }
    const emit = provisioningEmitter(deployment, {
      correlationId: options.correlationId ?? `destroy-${startedAt}`,
      actor: options.actor ?? "personalize-ops"
    })
    const maxPasses = options.maxPasses ?? 500
    const deadline = startedAt + (options.timeoutSeconds ?? 48 * 3600) * 1000
    let passes = 0
    let gone = 0
    let idle = 0
    while (true) {
      const pass = yield* observeAndDestroy(deployment, retry, emit)
      passes++
      // Poll soon after progress (the next layer of deletes may be ready), backing off while nothing moves.
      const goneNow = pass.nodes.filter((n) => n.state === "gone").length
      idle = goneNow > gone ? 0 : idle + 1
      gone = goneNow
      const now = yield* Clock.currentTimeMillis
      const outOfBounds =
        passes >= maxPasses
          ? `${maxPasses} passes`
          : now >= deadline
            ? `${options.timeoutSeconds ?? 172800} s`
            : undefined
      if (pass.status !== "waiting" || outOfBounds !== undefined) {
        const ok = pass.status === "done"
        const failures = pass.nodes.filter((n) => n.state !== "gone").length
        yield* emit({ _tag: "DestroyFinished", ok, failures, simulatedSeconds: Math.round((now - startedAt) / 1000) })
        return {
          ok,
          nodes: pass.nodes,
          passes,
          startedAt,
          finishedAt: now,
          ...(pass.status === "waiting" ? { timedOut: `still waiting after ${outOfBounds}` } : {})
        }
      }
      yield* Effect.sleep(seconds(Math.min(pass.waitSeconds, 2 ** idle)))
    }
  })
