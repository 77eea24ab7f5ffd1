import type { DatabaseSync } from "node:sqlite"
import { Kernel, Maintenance, Personalize as P } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { type MemorySchedulerSnapshot, makeMemoryScheduler } from "../maintenance/MemoryScheduler.ts"
import type { FaultProfileName } from "../personalize/faults.ts"
import { makePersonalizeTwin, PersonalizeTwin } from "../personalize/PersonalizeTwin.ts"
import type { TwinSnapshot } from "../personalize/twinSnapshot.ts"
import { runInVirtualTime } from "../provisioning/simulate.ts"
import { closeStateDatabase, openStateDatabase } from "./openStateDatabase.ts"
import { makeSqliteEventStore } from "./SqliteEventStore.ts"
import { reasonOf, StateFileError } from "./StateFileError.ts"

/** The default state file of the memory target, relative to the working directory. */
export const defaultStatePath = ".personalize-ops/state.db"

const twinSnapshotName = "personalize-twin"
const schedulerSnapshotName = "scheduler"

export interface LocalStateOptions {
  readonly seed?: number
  readonly faults?: FaultProfileName
  /** Reads local import files (omit: every data location is treated as remote). */
  readonly dataSource?: Layer.Layer<P.DataSource>
}

const readSnapshot = <S>(db: DatabaseSync, path: string, name: string): Effect.Effect<S | undefined, StateFileError> =>
  Effect.try({
    try: () => {
      const row = db.prepare("SELECT body FROM snapshots WHERE name = ?").get(name) as { body: string } | undefined
      return row === undefined ? undefined : (JSON.parse(row.body) as S)
    },
    catch: (cause) => new StateFileError({ path, operation: `read the ${name} snapshot`, reason: reasonOf(cause) })
  })

const writeSnapshot = (db: DatabaseSync, path: string, name: string, snapshot: unknown) =>
  Effect.try({
    try: () => {
      db.prepare(
        "INSERT INTO snapshots (name, body) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET body = excluded.body"
      ).run(name, JSON.stringify(snapshot))
    },
    catch: (cause) => new StateFileError({ path, operation: `save the ${name} snapshot`, reason: reasonOf(cause) })
  })

/**
 * Runs a program on the memory target with state kept in a SQLite file: the event store (the
 * provisioning ledger) lives in it, the Scheduler's groups and schedules too, and the Personalize twin is restored from its snapshot, run under
 * virtual time starting where the last run stopped, and saved back — also when the program fails, since
 * what it created exists either way. Two processes in a row thus see one account.
 */
export const runWithLocalState = <A, E>(
  path: string,
  program: Effect.Effect<A, E, P.Personalize | Kernel.EventStore | PersonalizeTwin | Maintenance.Scheduler>,
  options: LocalStateOptions = {}
): Effect.Effect<A, E | StateFileError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const db = yield* Effect.acquireRelease(openStateDatabase(path), closeStateDatabase)
      const snapshot = yield* readSnapshot<TwinSnapshot>(db, path, twinSnapshotName)
      const schedulerSnapshot = yield* readSnapshot<MemorySchedulerSnapshot>(db, path, schedulerSnapshotName)
      const scheduler = makeMemoryScheduler(schedulerSnapshot === undefined ? {} : { restore: schedulerSnapshot })
      const twinOptions = {
        seed: options.seed ?? 1,
        faults: options.faults ?? "none",
        ...(snapshot === undefined ? {} : { restore: snapshot })
      }
      const twinEffect =
        options.dataSource === undefined
          ? makePersonalizeTwin(twinOptions)
          : makePersonalizeTwin(twinOptions).pipe(Effect.provide(options.dataSource))
      const twin = yield* twinEffect
      const services = Layer.mergeAll(
        Layer.succeed(PersonalizeTwin, twin.inspector),
        Layer.succeed(P.Personalize, twin.personalize),
        Layer.succeed(P.DescriptionTokens, twin.tokens),
        Layer.succeed(Kernel.EventStore, makeSqliteEventStore(db)),
        Layer.succeed(Maintenance.Scheduler, scheduler.scheduler)
      )
      const save = Effect.flatMap(twin.inspector.snapshot, (s) => writeSnapshot(db, path, twinSnapshotName, s)).pipe(
        Effect.andThen(Effect.suspend(() => writeSnapshot(db, path, schedulerSnapshotName, scheduler.snapshot())))
      )
      const run = Effect.gen(function* () {
        const exit = yield* Effect.exit(program.pipe(Effect.provide(services)))
        yield* save
        return yield* exit
      })
      return yield* runInVirtualTime(run, 60, snapshot?.at ?? 0)
    })
  )
