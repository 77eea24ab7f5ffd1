import { readdir, readFile, stat } from "node:fs/promises"
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
 */
export const layerNodeDataSource: Layer.Layer<P.DataSource> = Layer.succeed(
  P.DataSource,
  P.DataSource.of({
    read: (location) =>
      remote.test(location)
        ? Effect.succeed({ _tag: "Remote" } as const)
        : Effect.promise(async (): Promise<P.DataObject> => {
            const path = location.replace(/^file:\/\//, "")
            const info = await stat(path).catch(() => undefined)
            if (info === undefined) return { _tag: "Missing" }
            // An unreadable file is what Personalize reports as an inaccessible location: Missing, not a crash.
            const names = info.isDirectory()
              ? (await readdir(path)).filter((n) => n.toLowerCase().endsWith(".csv")).sort()
              : [""]
            const files = await Promise.all(
              names.map(async (n) => ({
                name: n === "" ? path : join(path, n),
                text: await readFile(n === "" ? path : join(path, n), "utf8")
              }))
            )
            return files.length === 0 ? { _tag: "Missing" } : { _tag: "Files", files }
          }).pipe(Effect.catchDefect(() => Effect.succeed({ _tag: "Missing" } as const)))
  })
)
