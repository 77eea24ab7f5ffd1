// Bundles every Lambda entry of src/entries.ts into dist-bundle/<name>/index.mjs (plus its source map
// and a manifest.json). Run: npm run bundle -w @personalize-ops/handlers (node --conditions=@personalize-ops/source,
// so the TypeScript sources are imported directly). turbo runs it once before the tests that use the
// bundles; it rebuilds only what is stale (see sharedBundles).
import { join, relative } from "node:path"
import { handlersRoot } from "../src/bundling.ts"
import { lambdaEntries } from "../src/entries.ts"
import { bundlesDir, sharedBundles } from "../testing/bundles.ts"

const kib = (bytes) => `${(bytes / 1024).toFixed(0).padStart(6)} KiB`
const results = await sharedBundles(lambdaEntries)
for (const { entry, bytes, clients } of results)
  console.log(`${entry.name.padEnd(26)} ${kib(bytes)}  index.${entry.export}  ${clients.join(", ")}`)
console.log(`${results.length} bundle(s) in ${relative(join(handlersRoot, "..", ".."), bundlesDir)}`)
