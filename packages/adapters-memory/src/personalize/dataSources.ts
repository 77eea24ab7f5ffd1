import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { Personalize as P } from "@personalize-ops/core"
import { Effect, Layer } from "effect"

const remote = /^(s3|http|https):\/\//

/** A DataSource over a map (location → CSV text); remote locations and unknown keys behave as in node. */
export const layerMemoryDataSource = (files: ReadonlyMap<string, string>): Layer.Layer<P.DataSource> =>
  Layer.succeed(
    P.DataSource,
    P.DataSource.of({
      read: (location) =>
        Effect.sync((): P.DataObject => {
          const text = files.get(location)
          if (text !== undefined) return { _tag: "Files", files: [{ name: location, text }] }
          return remote.test(location) ? { _tag: "Remote" } : { _tag: "Missing" }
        })
    })
  )

/**
 * A DataSource on node:fs: a local file is one CSV; a folder is every `.csv` in it (as Personalize
 * imports an S3 prefix); s3:// and http(s):// locations are Remote (the twin cannot read them).
 * Reads are synchronous on purpose: they happen inside the simulated step that asks for them, so no
 * virtual time passes while a file is read and two runs of one config are identical (an async read
 * raced the virtual clock: the simulation advanced hours while the file was still loading).
 */
export const layerNodeDataSource: Layer.Layer<P.DataSource> = Layer.succeed(
  P.DataSource,
  P.DataSource.of({
    read: (location) =>
      remote.test(location)
        ? Effect.succeed({ _tag: "Remote" } as const)
        : Effect.sync((): P.DataObject => {
            const path = location.replace(/^file:\/\//, "")
            const info = statSync(path, { throwIfNoEntry: false })
            if (info === undefined) return { _tag: "Missing" }
            const names = info.isDirectory()
              ? readdirSync(path)
                  .filter((n) => n.toLowerCase().endsWith(".csv"))
                  .sort()
                  .map((n) => join(path, n))
              : [path]
            const files = names.map((name) => ({ name, text: readFileSync(name, "utf8") }))
            return files.length === 0 ? { _tag: "Missing" } : { _tag: "Files", files }
            // An unreadable file is what Personalize reports as an inaccessible location: Missing, not a crash.
          }).pipe(Effect.catchDefect(() => Effect.succeed({ _tag: "Missing" } as const)))
  })
)
