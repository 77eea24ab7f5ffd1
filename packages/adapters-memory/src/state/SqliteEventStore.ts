import type { DatabaseSync } from "node:sqlite"
import { Kernel } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { memoryAppendLimitBytes } from "../kernel/MemoryEventStore.ts"
import { closeStateDatabase, openStateDatabase } from "./openStateDatabase.ts"
import type { StateFileError } from "./StateFileError.ts"

export interface SqliteEventStoreOptions {
  /** The largest append, in UTF-8 bytes of its JSON (default: the DynamoDB item limit, as the memory store). */
  readonly appendLimitBytes?: number
}

interface Row {
  readonly position: number
  readonly stream: string
  readonly version: number
  readonly type: string
  readonly schema_version: number
  readonly data: string
  readonly metadata: string
}

const utf8 = new TextEncoder()

const toStored = (row: Row): Kernel.StoredEvent => ({
  stream: row.stream as Kernel.StreamId,
  version: row.version,
  position: row.position,
  type: row.type,
  schemaVersion: row.schema_version,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata)
})

const failure = (operation: string) => (cause: unknown) => new Kernel.EventStoreFailure({ operation, cause })

/**
 * The event store in a SQLite state file (`node:sqlite`). An append is one `BEGIN IMMEDIATE`
 * transaction that checks the stream's version and inserts its events, so it is atomic and two
 * processes sharing the file serialise; positions come from the rowid, so the log order survives reopening.
 */
export const makeSqliteEventStore = (
  db: DatabaseSync,
  options: SqliteEventStoreOptions = {}
): Kernel.EventStore["Service"] => {
  const limit = options.appendLimitBytes ?? memoryAppendLimitBytes
  const readStream = db.prepare("SELECT * FROM events WHERE stream = ? AND version > ? ORDER BY version")
  const versionOf = db.prepare("SELECT COALESCE(MAX(version), 0) AS v FROM events WHERE stream = ?")
  const insert = db.prepare(
    "INSERT INTO events (stream, version, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?)"
  )
  const readFrom = db.prepare("SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?")

  const read: Kernel.EventStore["Service"]["read"] = (stream, options) =>
    Effect.try({
      try: () => (readStream.all(stream, Math.max(0, options?.from ?? 0)) as unknown as Array<Row>).map(toStored),
      catch: failure("read")
    })

  const write = (stream: Kernel.StreamId, events: ReadonlyArray<Kernel.NewEvent>, expected: Kernel.ExpectedVersion) =>
    Effect.suspend((): Effect.Effect<Kernel.AppendResult, Kernel.AppendError> => {
      db.exec("BEGIN IMMEDIATE")
      try {
        const current = (versionOf.get(stream) as { v: number }).v
        if (expected !== "any" && expected !== current) {
          db.exec("ROLLBACK")
          return Effect.fail(new Kernel.VersionConflict({ stream, expected, actual: current }))
        }
        for (const [i, e] of events.entries()) {
          insert.run(
            stream,
            current + i + 1,
            e.type,
            e.schemaVersion,
            JSON.stringify(e.data ?? null),
            JSON.stringify(e.metadata)
          )
        }
        db.exec("COMMIT")
        return Effect.succeed({ nextVersion: current + events.length })
      } catch (cause) {
        if (db.isTransaction) db.exec("ROLLBACK")
        return Effect.fail(new Kernel.EventStoreFailure({ operation: "append", cause }))
      }
    })

  const append: Kernel.EventStore["Service"]["append"] = (stream, events, expected) =>
    Effect.suspend(() => {
      let json: string
      try {
        json = JSON.stringify(events)
      } catch (cause) {
        return Effect.fail(new Kernel.EventStoreFailure({ operation: "append", cause }))
      }
      const bytes = utf8.encode(json).length
      if (bytes > limit) return Effect.fail(new Kernel.AppendTooLarge({ stream, bytes, limit }))
      return write(stream, JSON.parse(json) as ReadonlyArray<Kernel.NewEvent>, expected)
    })

  const readAll: Kernel.EventStore["Service"]["readAll"] = ({ after, limit = 100 }) =>
    Effect.try({
      try: () => {
        const rows = readFrom.all(Math.max(0, after), Math.max(1, limit)) as unknown as Array<Row>
        const events = rows.map(toStored)
        return { events, next: events.at(-1)?.position ?? after }
      },
      catch: failure("readAll")
    })

  return Kernel.EventStore.of({ read, append, readAll })
}

/** The event store of the state file at `path` (created if absent), closed when the layer's scope ends. */
export const layerSqliteEventStore = (
  path: string,
  options: SqliteEventStoreOptions = {}
): Layer.Layer<Kernel.EventStore, StateFileError> =>
  Layer.effect(
    Kernel.EventStore,
    Effect.map(Effect.acquireRelease(openStateDatabase(path), closeStateDatabase), (db) =>
      makeSqliteEventStore(db, options)
    )
  )
