// Runs every benchmark (`packages/*/bench/*.bench.ts`) in its own Node process, one after another.
// Each benchmark measures a baseline in the same process and prints ratios; nothing here asserts timings.
import { spawnSync } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
const only = process.argv.slice(2)
const files = readdirSync(join(root, "packages")).flatMap((pkg) => {
  const dir = join(root, "packages", pkg, "bench")
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".bench.ts"))
        .map((f) => join(dir, f))
    : []
})
let failed = 0
// A filter matches the path inside the repository (a checkout's own folder name must not match every bench).
for (const file of files.filter((f) => only.length === 0 || only.some((o) => f.slice(root.length + 1).includes(o)))) {
  console.log(`\n=== ${file.slice(root.length + 1)}`)
  // Sources run by type stripping alone: tsconfig's erasableSyntaxOnly keeps them strip-only.
  const run = spawnSync(process.execPath, ["--conditions=@personalize-ops/source", file], { stdio: "inherit" })
  if (run.status !== 0) failed++
}
process.exitCode = failed === 0 ? 0 : 1
