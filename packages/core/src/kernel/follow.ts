import { type Duration, Effect, Option, Stream } from "effect"
import { EventStore } from "./EventStore.ts"
import type { EventStoreFailure } from "./errors.ts"
import type { StoredEvent } from "./StoredEvent.ts"

/**
 * Applies every event after `after` (store-wide position) to `handle`, page by page, until the log is
 * exhausted. Returns the new cursor. Projections call this on a schedule or after each append.
 * A page may hold no events yet move the cursor (it skipped positions that hold no event), so the loop
 * ends when the cursor stops moving, not on the first empty page.
 */
export const catchUp = <E, R>(
  after: number,
  handle: (event: StoredEvent) => Effect.Effect<void, E, R>,
  options: { readonly pageSize?: number } = {}
): Effect.Effect<number, E | EventStoreFailure, EventStore | R> =>
  Effect.gen(function* () {
    const store = yield* EventStore
    let cursor = after
    while (true) {
      const page = yield* store.readAll({ after: cursor, limit: options.pageSize ?? 100 })
      for (const event of page.events) yield* handle(event)
      if (page.next === cursor) return cursor
      cursor = page.next
    }
  })

/** An endless stream of the store-wide log after `after`, polling every `interval` once caught up. */
export const follow = (
  after: number,
  options: { readonly interval?: Duration.Input; readonly pageSize?: number } = {}
): Stream.Stream<StoredEvent, EventStoreFailure, EventStore> =>
  Stream.paginate(after, (cursor: number) =>
    Effect.gen(function* () {
      const store = yield* EventStore
      const page = yield* store.readAll({ after: cursor, limit: options.pageSize ?? 100 })
      if (page.next === cursor) yield* Effect.sleep(options.interval ?? "1 second")
      return [page.events, Option.some(page.next)] as const
    })
  )
