import type * as Sqlite from "node:sqlite"

let loaded: Promise<typeof Sqlite> | undefined

/**
 * Node's built-in `node:sqlite`, loaded once. Node 22 prints "SQLite is an experimental feature" when
 * the module loads; that warning (and only that one) is kept out of the command's output.
 */
export const loadSqlite = (): Promise<typeof Sqlite> => {
  loaded ??= (async () => {
    const original = process.emitWarning
    const quiet = (warning: string | Error, ...rest: Array<unknown>) => {
      const text = typeof warning === "string" ? warning : warning.message
      const first = rest[0]
      const type = typeof first === "string" ? first : (first as { type?: string } | undefined)?.type
      if (type === "ExperimentalWarning" && /sqlite/i.test(text)) return
      ;(original as (...args: Array<unknown>) => void).call(process, warning, ...rest)
    }
    process.emitWarning = quiet as typeof process.emitWarning
    try {
      return await import("node:sqlite")
    } finally {
      process.emitWarning = original
    }
  })()
  return loaded
}
