// Sums the vitest JSON reports of every package into one closing line: "Tests: N passed, N failed, N skipped".
// What failed to run counts as failed too, so the line cannot look green when tests never ran:
//   - a test file that failed without a failing test (an import error, a failing beforeAll hook);
//   - a package with a `test` script but no report (its tests were cancelled or crashed before reporting).
import { existsSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"

const root = join(import.meta.dirname, "..")
const workspaces = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).workspaces
let passed = 0
let failed = 0
let skipped = 0
const notes = []
for (const workspace of workspaces) {
  const dir = join(root, workspace)
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
  if (manifest.scripts?.test === undefined) continue
  const file = join(dir, ".vitest-report.json")
  if (!existsSync(file)) {
    failed++
    notes.push(`${workspace}: no test report (its tests did not run to the end)`)
    continue
  }
  const report = JSON.parse(readFileSync(file, "utf8"))
  passed += report.numPassedTests ?? 0
  failed += report.numFailedTests ?? 0
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
  for (const suite of report.testResults ?? []) {
    if (suite.status !== "failed" || (suite.assertionResults ?? []).some((a) => a.status === "failed")) continue
    failed++
    const why = String(suite.message ?? "").split("\n")[0] || "failed to run"
    notes.push(`${relative(root, suite.name)}: ${why}`)
  }
}
for (const note of notes) console.log(`  not run: ${note}`)
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exitCode = failed === 0 && passed > 0 ? 0 : 1
