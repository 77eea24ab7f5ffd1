// 7 and 30 days of maintenance on the MLOps solution's sample config: provision, then every schedule fires
// on the twin in virtual time. Prints simulated seconds per wall-clock second as ratios: to the issue's
// yardstick (10⁶, the provisioning benchmark's), to provisioning the same config alone (measured here, the
// baseline), and the growth from 7 to 30 days (linear ≈ 4.3×). Nothing is asserted.
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Config } from "@personalize-ops/core"
import { Effect } from "effect"
import { simulateDeployment, simulateMaintenance } from "../src/index.ts"

const path = join(import.meta.dirname, "..", "..", "..", "examples", "configs", "mlops-maintenance.json")
const decoded = Config.decodeConfig(JSON.parse(readFileSync(path, "utf8")))
if (!decoded.valid) throw new Error(`${path} does not validate`)
const deployment = decoded.deployment
const yardstick = 1e6

const timed = async <A>(run: () => Promise<A>) => {
  const started = performance.now()
  const cpuStart = process.cpuUsage()
  const result = await run()
  const used = process.cpuUsage(cpuStart)
  return { result, wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 }
}

const provision = () => timed(() => Effect.runPromise(simulateDeployment(deployment, { seed: 1 })))
const maintain = (days: number) => timed(() => Effect.runPromise(simulateMaintenance(deployment, { days, seed: 1 })))

// Warm the JIT on both paths first, so the ratios compare steady states.
await provision()
await maintain(2)

const base = await provision()
const baseRate = base.result.simulatedSeconds / base.wall
console.log(
  `baseline: provisioning the MLOps sample alone: ${base.wall.toFixed(2)} s wall, ${Math.round(baseRate).toLocaleString("en-US")} simulated s per wall s`
)
const walls: Array<number> = []
for (const days of [7, 30]) {
  const { result, wall, cpu } = await maintain(days)
  walls.push(wall)
  const rate = result.simulatedSeconds / wall
  const cpuRate = result.simulatedSeconds / cpu
  // On a shared machine the wall clock also counts other processes' turns: the CPU rate is the run's cost.
  console.log(
    `maintenance ${days} days (MLOps sample): ${result.runs.length} runs, ${wall.toFixed(2)} s wall, ` +
      `${Math.round(rate).toLocaleString("en-US")} simulated s per wall s = ${(rate / yardstick).toFixed(2)}× the 10⁶ yardstick, ` +
      `${(rate / baseRate).toFixed(2)}× provisioning's rate; ${cpu.toFixed(2)} CPU s = ` +
      `${Math.round(cpuRate).toLocaleString("en-US")} per CPU s (${(cpuRate / yardstick).toFixed(2)}×)`
  )
}
console.log(`growth from 7 to 30 days: ${((walls[1] ?? 0) / (walls[0] ?? 1)).toFixed(1)}× wall (linear ≈ 4.3×)`)
