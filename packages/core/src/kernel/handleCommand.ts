import { Clock, Effect, Result } from "effect"
import { type Decider, fold } from "./Decider.ts"
import { decodeEvent, type EventCodec, encodeEvent } from "./EventCodec.ts"
import { EventStore } from "./EventStore.ts"
import type { AppendTooLarge, EventDecodeFailure, EventStoreFailure, VersionConflict } from "./errors.ts"
import type { StreamId } from "./Stream.ts"

/** Who asked, and in reply to what: copied into the metadata of every event a command produces. */
export interface CommandContext {
  readonly correlationId: string
  readonly causationId?: string
  readonly actor: string
}

/** A stream's current state and version, rebuilt from its events. */
export interface Loaded<S> {
  readonly state: S
  readonly version: number
}

/** Reads a stream and folds it through the decider's `evolve`. */
export const load = Effect.fnUntraced(function* <C, E extends { readonly _tag: string }, S, Err>(
  decider: Decider<C, E, S, Err>,
  codec: EventCodec<E>,
  stream: StreamId
) {
  const store = yield* EventStore
  const stored = yield* store.read(stream)
  const events: Array<E> = []
  for (const s of stored) {
    const decoded = decodeEvent(codec, s)
    if (Result.isFailure(decoded)) return yield* decoded.failure
    events.push(decoded.success)
  }
  return { state: fold(decider, events), version: stored.length } satisfies Loaded<S>
})

/** The outcome of a handled command: the new events, the resulting state and the stream version. */
export interface Handled<E, S> {
  readonly events: ReadonlyArray<E>
  readonly state: S
  readonly version: number
}

/**
 * Load → decide → append, retried when another writer appended first (`VersionConflict`): the
 * command is decided again against the fresh state, so no write is lost and none is duplicated.
 */
export const handleCommand = <C, E extends { readonly _tag: string }, S, Err>(options: {
  readonly decider: Decider<C, E, S, Err>
  readonly codec: EventCodec<E>
  readonly stream: StreamId
  readonly command: C
  readonly context: CommandContext
  /** How many times a conflicting append is retried (default 10). */
  readonly maxRetries?: number
}): Effect.Effect<
  Handled<E, S>,
  Err | VersionConflict | AppendTooLarge | EventStoreFailure | EventDecodeFailure,
  EventStore
> => {
  const { decider, codec, stream, command, context } = options
  const attempt = Effect.gen(function* () {
    const store = yield* EventStore
    const loaded = yield* load(decider, codec, stream)
    const decided = decider.decide(command, loaded.state)
    if (Result.isFailure(decided)) return yield* Effect.fail(decided.failure)
    const events = decided.success
    if (events.length === 0) return { events, state: loaded.state, version: loaded.version }
    const at = yield* Clock.currentTimeMillis
    const metadata = {
      at,
      correlationId: context.correlationId,
      actor: context.actor,
      ...(context.causationId === undefined ? {} : { causationId: context.causationId })
    }
    const result = yield* store.append(
      stream,
      events.map((e) => encodeEvent(codec, e, metadata)),
      loaded.version
    )
    return { events, state: events.reduce(decider.evolve, loaded.state), version: result.nextVersion }
  })
  return attempt.pipe(
    Effect.retry({
      times: options.maxRetries ?? 10,
      while: (e) => typeof e === "object" && e !== null && "_tag" in e && e._tag === "VersionConflict"
    })
  )
}
