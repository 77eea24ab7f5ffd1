import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import type { DatabaseSync } from "node:sqlite"
import { Effect } from "effect"
import { loadSqlite } from "./loadSqlite.ts"
import { reasonOf, StateFileError } from "./StateFileError.ts"

/**
 * The tables of a state file: the event store's log (one row per event; `position` is the store-wide
 * order, `(stream, version)` unique) and named JSON snapshots (the twin's state between runs).
 */
const schema = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  stream TEXT NOT NULL,
  version INTEGER NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  UNIQUE (stream, version)
);
CREATE TABLE IF NOT EXISTS snapshots (
  name TEXT PRIMARY KEY,
  body TEXT NOT NULL
);
`

/** Opens (creating it and its folder if needed) a state database; `:memory:` opens a private in-memory one. */
export const openStateDatabase = (path: string): Effect.Effect<DatabaseSync, StateFileError> =>
  Effect.tryPromise({
    try: async () => {
      const { DatabaseSync } = await loadSqlite()
      if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true })
      const db = new DatabaseSync(path)
      try {
        db.exec("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;")
        db.exec(schema)
      } catch (cause) {
        db.close()
        throw cause
      }
      return db
    },
    catch: (cause) => new StateFileError({ path, operation: "open", reason: reasonOf(cause) })
  })

/** Closes a state database (idempotent). */
export const closeStateDatabase = (db: DatabaseSync): Effect.Effect<void> =>
  Effect.sync(() => {
    if (db.isOpen) db.close()
  })
