import type { Config } from "@personalize-ops/core"
import { describe, expect, it } from "vitest"
import { recordingIo } from "../src/Io.ts"
import { applyEntry, planEntry, simulateEntry } from "../src/provisioning/index.ts"
import { runCli } from "../src/run.ts"

const tags: ReadonlyArray<Config.Tag> = []
const deployment: Config.Deployment = {
  format: "personalize-ops",
  datasetGroup: { name: "shop", tags },
  datasets: [
    {
      type: "Interactions",
      name: "shop-interactions",
      schema: {
        name: "shop-interactions-schema",
        avro: {
          type: "record",
          name: "Interactions",
          fields: [
            { name: "USER_ID", type: "string" },
            { name: "ITEM_ID", type: "string" },
            { name: "TIMESTAMP", type: "long" }
          ]
        }
      },
      imports: [{ dataLocation: "s3://shop-data/interactions.csv", importMode: "FULL", tags }],
      tags
    }
  ],
  eventTracker: { name: "shop-tracker", tags },
  filters: [],
  solutions: [
    {
      name: "shop-sims",
      recipeArn: "arn:aws:personalize:::recipe/aws-sims",
      trainingMode: "FULL",
      schedules: {},
      campaigns: [{ name: "shop-sims-campaign", minProvisionedTPS: 2, tags }],
      batchInferenceJobs: [],
      batchSegmentJobs: [],
      tags,
      versionTags: tags
    }
  ],
  recommenders: []
}

describe("simulate", () => {
  it("--json prints exactly the contract", async () => {
    const { io, stdout } = recordingIo()
    expect(await simulateEntry(deployment, { seed: 1, faults: "none", json: true }, io)).toBe(0)
    const out = JSON.parse(stdout())
    expect(Object.keys(out)).toEqual(["ok", "simulatedSeconds", "resources", "failures", "replan", "events"])
    expect(out.ok).toBe(true)
    expect(out.failures).toEqual([])
    expect(out.replan).toEqual({ steps: 0 })
    expect(out.simulatedSeconds).toBeGreaterThan(3600)
    expect(out.events).toBeGreaterThan(0)
    expect(out.resources.map((r: { kind: string; name: string }) => `${r.kind} ${r.name}`)).toEqual([
      "DatasetGroup shop",
      "Schema shop-interactions-schema",
      "Dataset shop-interactions",
      "DatasetImportJob shop-interactions-import",
      "EventTracker shop-tracker",
      "Solution shop-sims",
      "SolutionVersion shop-sims-v1",
      "Campaign shop-sims-campaign"
    ])
    for (const r of out.resources) {
      expect(r.status).toBe("ACTIVE")
      expect(Object.keys(r)).toEqual(["kind", "name", "arn", "status"])
    }
  })

  it("prints a timeline with simulated durations and the resource table; the same seed gives the same output", async () => {
    const a = recordingIo()
    const b = recordingIo()
    expect(await simulateEntry(deployment, { seed: 9, faults: "light", json: false }, a.io)).toBeLessThanOrEqual(1)
    await simulateEntry(deployment, { seed: 9, faults: "light", json: false }, b.io)
    expect(a.stdout()).toBe(b.stdout())
    expect(a.stdout()).toContain("Timeline (simulated):")
    expect(a.stdout()).toMatch(/✓ Create\s+SolutionVersion\s+shop-sims\s+ACTIVE \(\d+h\d\dm\d\ds\)/)
    expect(a.stdout()).toContain("KIND")
  })

  it("heavy faults: failures are named with their cause and what they blocked, exit 1", async () => {
    // Find a seed whose run fails, so the failure output is exercised (deterministic under the seed).
    for (let seed = 1; seed < 200; seed++) {
      const { io, stdout } = recordingIo()
      const exit = await simulateEntry(deployment, { seed, faults: "heavy", json: true }, io)
      const out = JSON.parse(stdout())
      if (out.ok) continue
      expect(exit).toBe(1)
      expect(out.failures.length).toBeGreaterThan(0)
      for (const f of out.failures) expect(f.cause.length).toBeGreaterThan(0)
      return
    }
    throw new Error("no failing seed in 1..200 under heavy faults")
  })
})

describe("plan and apply", () => {
  it("plan on the empty memory target creates everything", async () => {
    const { io, stdout } = recordingIo()
    expect(await planEntry(deployment, { json: true }, io)).toBe(0)
    const out = JSON.parse(stdout())
    expect(out.actions).toBe(8)
    expect(out.steps.every((s: { action: string }) => s.action === "Create")).toBe(true)
    const human = recordingIo()
    await planEntry(deployment, { json: false }, human.io)
    expect(human.stdout()).toContain("Plan: 8 to create, 0 to update")
  })

  it("apply prints a progress line per step (memory target; the AWS target is in applyAws.test.ts)", async () => {
    const { io, stdout } = recordingIo()
    expect(await applyEntry(deployment, { target: "memory" }, io)).toBe(0)
    const lines = stdout().trim().split("\n")
    expect(lines.filter((l) => l.includes("✓")).length).toBe(8)
    expect(lines.at(-1)).toBe("Apply complete: 8/8 resources ready on the memory target.")
  })

  it("the commands validate their arguments before reading the config", async () => {
    const { io, stderr } = recordingIo()
    expect(await runCli(["simulate", "c.json", "--faults", "extreme"], io)).toBe(2)
    expect(stderr()).toContain('Invalid value for flag --faults: "extreme". Expected: "none" | "light" | "heavy"')
    expect(await runCli(["apply", "c.json", "--target", "gcp"], io)).toBe(2)
    expect(await runCli(["plan"], io)).toBe(2)
    expect(await runCli(["apply", "c.json", "--event-table", "t"], io)).toBe(2)
    expect(stderr()).toContain("--event-table <table> goes with --target aws")
  })
})
