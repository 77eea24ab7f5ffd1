// 30 days of maintenance on the MLOps solution's sample config: provision, then every schedule fires
// on the twin in virtual time. Prints simulated seconds per wall-clock second (the provisioning
// benchmark's yardstick: ≥ 10⁶). Nothing is asserted.
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Config } from "@personalize-ops/core"
import { Effect } from "effect"
import { simulateMaintenance } from "../src/index.ts"

const path = join(import.meta.dirname, "..", "..", "..", "examples", "configs", "mlops-maintenance.json")
const decoded = Config.decodeConfig(JSON.parse(readFileSync(path, "utf8")))
if (!decoded.valid) throw new Error(`${path} does not validate`)

for (const days of [7, 30]) {
  const started = performance.now()
  const result = await Effect.runPromise(simulateMaintenance(decoded.deployment, { days, seed: 1 }))
  const wall = (performance.now() - started) / 1000
  console.log(
    `maintenance ${days} days (MLOps sample): ${result.runs.length} runs, ${wall.toFixed(2)} s wall, ` +
      `${Math.round(result.simulatedSeconds / wall).toLocaleString("en-US")} simulated s per wall s`
  )
}
