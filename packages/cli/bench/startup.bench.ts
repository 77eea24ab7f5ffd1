// Benchmark: how long `personalize-ops help` and `personalize-ops validate <config>` take to start and
// finish, against `node -e 0` (the floor: Node's own start) run the same way in the same process. Each is
// a fresh process, run alternately; medians of several runs. Target: ≤ 5× the floor (npm run bench prints
// the ratio; nothing asserts it). Runs the command as a user does, bin/personalize-ops.js, which runs the
// bundle (dist-bundle/main.js) with V8's compile cache on: `npm run bench` builds first, and a first
// untimed run of each fills the cache as any earlier use would have.
import { spawnSync } from "node:child_process"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
const main = join(root, "bin", "personalize-ops.js")
const config = join(root, "..", "..", "examples", "configs", "movielens.json")
const RUNS = 15

const timed = (args: ReadonlyArray<string>): number => {
  const start = process.hrtime.bigint()
  const run = spawnSync(process.execPath, args, { stdio: "ignore" })
  if (run.status !== 0 && run.status !== 1) throw new Error(`${args.join(" ")} exited ${run.status}`)
  return Number(process.hrtime.bigint() - start) / 1e6
}
const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

const cases = {
  floor: ["-e", "0"],
  help: [main, "help"],
  validate: [main, "validate", config]
} as const
for (const args of Object.values(cases)) timed(args)
const samples: Record<keyof typeof cases, Array<number>> = { floor: [], help: [], validate: [] }
for (let i = 0; i < RUNS; i++)
  for (const [name, args] of Object.entries(cases)) samples[name as keyof typeof cases].push(timed(args))

const floor = median(samples.floor)
console.log(`node -e 0                         ${floor.toFixed(0).padStart(5)} ms (median of ${RUNS})`)
for (const name of ["help", "validate"] as const) {
  const ms = median(samples[name])
  console.log(
    `personalize-ops ${name.padEnd(17)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / floor).toFixed(2)}× node -e 0 (target ≤ 5×)`
  )
}
