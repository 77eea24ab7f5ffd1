// Sums the vitest JSON reports of every package into one closing line: "Tests: N passed, N failed, N skipped".
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
let passed = 0
let failed = 0
let skipped = 0
const packageDirs = ["packages", "examples"].flatMap((group) =>
  readdirSync(join(root, group)).map((pkg) => join(root, group, pkg))
)
for (const dir of packageDirs) {
  const file = join(dir, ".vitest-report.json")
  if (!existsSync(file)) continue
  const report = JSON.parse(readFileSync(file, "utf8"))
  passed += report.numPassedTests ?? 0
  failed += report.numFailedTests ?? 0
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
}
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exitCode = failed === 0 && passed > 0 ? 0 : 1
