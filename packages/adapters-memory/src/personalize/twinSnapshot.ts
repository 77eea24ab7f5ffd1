import type { Personalize as P } from "@personalize-ops/core"
import { type Entry, TwinStore } from "./twinStore.ts"

/**
 * The twin's state as plain JSON: every resource (with its timeline, pending update and deletion time),
 * the id and create counters, and the virtual time it was taken at, so a later process can carry on
 * where this one stopped (`personalize-ops apply` then `plan` across two runs).
 */
export interface TwinSnapshot {
  readonly version: 1
  /** Virtual epoch ms when taken: the next run's clock starts here, so timelines keep their meaning. */
  readonly at: number
  readonly ids: number
  readonly creates: ReadonlyArray<readonly [P.ResourceKind, number]>
  readonly entries: ReadonlyArray<Entry>
}

/** A deep copy of the store's contents at `at` (JSON round trip: the snapshot shares nothing with the twin). */
export const snapshotStore = (store: TwinStore, at: number): TwinSnapshot => {
  const { entries, ids, creates } = store.contents()
  return JSON.parse(JSON.stringify({ version: 1, at, ids, creates: [...creates], entries })) as TwinSnapshot
}

/** A store holding a snapshot's resources (a copy: restoring twice gives two independent twins). */
export const restoreStore = (snapshot: TwinSnapshot): TwinStore => {
  const store = new TwinStore()
  const copy = JSON.parse(JSON.stringify(snapshot.entries)) as ReadonlyArray<Entry>
  for (const e of copy) {
    const entry = store.insert(e)
    store.markGone(entry, e.goneAt ?? undefined)
    entry.update = e.update ?? undefined
    Object.assign(entry.tags, e.tags)
  }
  store.restoreCounters(snapshot.ids, snapshot.creates)
  return store
}
