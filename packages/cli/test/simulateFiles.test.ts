// The provisioning commands end to end from config files on disk: the example config and both anchor
// fixtures, decoded by their own format detection, provisioned on the twin under virtual time.
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { processIo, recordingIo } from "../src/Io.ts"
import { runCli } from "../src/run.ts"

const repo = join(import.meta.dirname, "..", "..", "..")
const anchors = join(repo, "..", "shared", "fixtures", "anchors")
const configs = join(repo, "examples", "configs")
const example = join(configs, "local-movielens.json")

/** Runs `simulate --json` on a file and returns its exact stdout bytes. */
const simulateBytes = async (path: string, ...flags: ReadonlyArray<string>) => {
  const out = recordingIo()
  await runCli(["simulate", path, "--json", ...flags], { ...out.io, readFile: processIo.readFile })
  return out.stdout()
}

/** Runs `simulate --json` on a file through the real file system and returns the parsed report. */
const simulateFile = async (path: string, ...flags: ReadonlyArray<string>) => {
  const out = recordingIo()
  const io = { ...out.io, readFile: processIo.readFile }
  const code = await runCli(["simulate", path, "--json", ...flags], io)
  return { code, report: JSON.parse(out.stdout()) as Record<string, unknown>, stderr: out.stderr() }
}

describe("simulate from config files", () => {
  it("the README's main job: examples/configs/local-movielens.json simulates to ok, then re-plans empty", async () => {
    const { code, report } = await simulateFile(example)
    expect(report.ok).toBe(true)
    expect(report.failures).toEqual([])
    expect(report.replan).toEqual({ steps: 0 })
    expect((report.resources as ReadonlyArray<{ status: string }>).every((r) => r.status === "ACTIVE")).toBe(true)
    expect(report.simulatedSeconds).toBeGreaterThan(3600)
    expect(code).toBe(0)
  })

  if (!existsSync(anchors)) it.skip(`anchor fixtures absent (${anchors}): skipped`, () => {})
  for (const fixture of ["mlops-solution/sample_config.json", "ml_ops/params.json"]) {
    it.skipIf(!existsSync(anchors))(`anchor ${fixture} simulates to ok with no faults`, async () => {
      const { code, report } = await simulateFile(join(anchors, fixture), "--faults", "none")
      expect(report.failures).toEqual([])
      expect(report.ok).toBe(true)
      expect(report.replan).toEqual({ steps: 0 })
      expect(code).toBe(0)
    })
  }

  it("heavy faults on the example end with named failures, and a non-zero exit", async () => {
    const { code, report } = await simulateFile(example, "--faults", "heavy", "--seed", "7")
    const failures = report.failures as ReadonlyArray<unknown>
    expect(report.ok).toBe(failures.length === 0)
    expect(code).toBe(report.ok ? 0 : 1)
  })

  // Same config, same flags, same seed: the same bytes. Local CSV reads happen inside the simulated
  // step (they once raced the virtual clock, so runs reading files differed).
  for (const file of readdirSync(configs).filter((f) => f.endsWith(".json"))) {
    it(`two simulate --json runs of examples/configs/${file} print identical bytes`, async () => {
      for (const flags of [[], ["--faults", "light", "--seed", "3"]]) {
        const first = await simulateBytes(join(configs, file), ...flags)
        expect(first.length).toBeGreaterThan(0)
        expect(await simulateBytes(join(configs, file), ...flags)).toBe(first)
      }
    })
  }
})
