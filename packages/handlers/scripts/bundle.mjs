// Bundles every Lambda entry of src/entries.ts into dist-bundle/<name>/index.mjs (plus its source map).
// Run: npm run bundle -w @personalize-ops/handlers   (node --conditions=@personalize-ops/source, so the
// TypeScript sources are imported directly; not part of `build`).
import { rm, stat } from "node:fs/promises"
import { join, relative } from "node:path"
import { build } from "esbuild"
import { bundleOptions, handlersRoot, sdkClientsOf } from "../src/bundling.ts"
import { lambdaEntries } from "../src/entries.ts"

const out = join(handlersRoot, "dist-bundle")
await rm(out, { recursive: true, force: true })

const kib = (bytes) => `${(bytes / 1024).toFixed(0).padStart(6)} KiB`
const results = await Promise.all(
  lambdaEntries.map(async (entry) => {
    const outdir = join(out, entry.name)
    const result = await build(bundleOptions(entry, outdir))
    const size = (await stat(join(outdir, "index.mjs"))).size
    return { entry, size, clients: sdkClientsOf(result.metafile.inputs) }
  })
)
for (const { entry, size, clients } of results)
  console.log(`${entry.name.padEnd(26)} ${kib(size)}  index.${entry.export}  ${clients.join(", ")}`)
console.log(`${results.length} bundle(s) in ${relative(join(handlersRoot, "..", ".."), out)}`)
