// A seeded sample of core's mutation score (README "Mutation testing (core)"):
//   node tools/mutation-sample.mjs [lines=250] [seed=13]
// Picks `lines` source lines of packages/core/src at random (seeded; blank, comment, import and type-only lines
// left out), runs Stryker with core's own tests (stryker.coreonly.config.mjs: static mutants ignored) on the
// mutants inside those lines (`--mutate file:L-L`), and prints the score per src/ folder and overall with its 95 %
// interval. A mutant spanning several lines is in no sample (Stryker's line ranges take whole mutants).
import { spawnSync } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"

const core = join(import.meta.dirname, "..", "packages", "core")
const count = Number(process.argv[2] ?? 250)
const seed0 = Number(process.argv[3] ?? 13)

let seed = seed0
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}

const sourceFiles = (dir) =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : []
    })

const skipped = /^(\/\/|\/\*|\*|import |export type |export interface |readonly )/
const candidates = sourceFiles(join(core, "src")).flatMap((file) =>
  readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, i) => {
      const text = line.trim()
      return text === "" || skipped.test(text) ? [] : [`${relative(core, file)}:${i + 1}-${i + 1}`]
    })
)
const picked = new Set()
while (picked.size < Math.min(count, candidates.length)) picked.add(Math.floor(random() * candidates.length))
const mutate = [...picked].sort((a, b) => a - b).map((i) => candidates[i])
console.log(`${candidates.length} candidate lines, ${mutate.length} picked (seed ${seed0})`)

const report = `reports/mutation/sample-${seed0}.json`
mkdirSync(join(core, "reports", "mutation"), { recursive: true })
const config = join(core, "reports", "mutation", "sample.config.mjs")
writeFileSync(
  config,
  `import base from "../../stryker.coreonly.config.mjs"\nexport default { ...base, incremental: false, reporters: ["json", "progress"], jsonReporter: { fileName: ${JSON.stringify(report)} } }\n`
)
const run = spawnSync("npx", ["stryker", "run", config, "--mutate", mutate.join(",")], { cwd: core, stdio: "inherit" })
if (run.status !== 0) process.exit(run.status ?? 1)

const folders = new Map()
for (const [file, { mutants }] of Object.entries(JSON.parse(readFileSync(join(core, report), "utf8")).files)) {
  const folder = file.split("/")[1]
  const tally = folders.get(folder) ?? { detected: 0, survived: 0, noCoverage: 0, ignored: 0 }
  for (const m of mutants) {
    if (m.status === "Killed" || m.status === "Timeout") tally.detected++
    else if (m.status === "Survived") tally.survived++
    else if (m.status === "NoCoverage") tally.noCoverage++
    else tally.ignored++
  }
  folders.set(folder, tally)
}
const total = { detected: 0, survived: 0, noCoverage: 0, ignored: 0 }
const line = (name, t) => {
  const tested = t.detected + t.survived + t.noCoverage
  const score = tested === 0 ? "-" : `${((100 * t.detected) / tested).toFixed(1)} %`
  console.log(
    `${name.padEnd(14)} tested ${String(tested).padStart(4)}  killed ${String(t.detected).padStart(4)}  survived ${String(t.survived).padStart(3)}  no coverage ${String(t.noCoverage).padStart(3)}  static/ignored ${String(t.ignored).padStart(3)}  ${score}`
  )
}
for (const [folder, t] of [...folders].sort()) {
  for (const key of Object.keys(total)) total[key] += t[key]
  line(folder, t)
}
line("all", total)
const tested = total.detected + total.survived + total.noCoverage
const p = total.detected / tested
console.log(
  `score ${(100 * p).toFixed(1)} % ± ${(196 * Math.sqrt((p * (1 - p)) / tested)).toFixed(1)} (95 %, ${tested} mutants)`
)
