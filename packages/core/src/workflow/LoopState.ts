import { Schema } from "effect"

/** Where a reconcile loop stands; the state machine's Choice reads `status`, its Wait reads `waitSeconds`. */
export const LoopStatus = Schema.Literals(["start", "waiting", "done", "failed"])
export type LoopStatus = typeof LoopStatus.Type

/**
 * The loop's bookkeeping, carried in the execution's state between Reconcile, Choice and Wait. The task
 * handler receives it with the caller's own fields (the config, the mode…) and returns it advanced.
 */
export const LoopState = Schema.Struct({
  status: LoopStatus,
  /** Reconcile passes so far. */
  iteration: Schema.Number,
  /** Seconds the next Wait lasts (what the last pass asked for). */
  waitSeconds: Schema.Number,
  /** Epoch ms of the first pass (the loop's own clock, so the bound on total time needs no Context object). */
  startedAt: Schema.optionalKey(Schema.Number),
  /** Seconds since the first pass. */
  elapsedSeconds: Schema.Number,
  /** Why the loop failed, when it did. */
  cause: Schema.optionalKey(Schema.String)
})
export type LoopState = typeof LoopState.Type

/** The state a new execution starts from. */
export const initialLoopState: LoopState = { status: "start", iteration: 0, waitSeconds: 0, elapsedSeconds: 0 }

/** What one reconcile pass concluded. */
export interface PassOutcome {
  readonly status: "done" | "failed" | "waiting"
  /** How long to wait before the next pass (when waiting). */
  readonly waitSeconds: number
  readonly cause?: string
}

/** The loop state after a pass at `now` (epoch ms): counted, timed, with the wait the pass asked for (at least 1 s). */
export const advanceLoop = (state: LoopState, outcome: PassOutcome, now: number): LoopState => {
  const startedAt = state.startedAt ?? now
  return {
    status: outcome.status,
    iteration: state.iteration + 1,
    waitSeconds: outcome.status === "waiting" ? Math.max(1, Math.round(outcome.waitSeconds)) : 0,
    startedAt,
    elapsedSeconds: Math.round((now - startedAt) / 1000),
    ...(outcome.cause === undefined ? {} : { cause: outcome.cause })
  }
}
