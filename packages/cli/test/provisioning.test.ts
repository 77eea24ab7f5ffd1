import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Config } from "@personalize-ops/core"
import { Result } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { processIo, recordingIo } from "../src/Io.ts"
import { applyEntry, destroyEntry, planEntry, simulateEntry } from "../src/provisioning/index.ts"
import { memoryScheduleTargets } from "../src/provisioning/target.ts"
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
    expect(Object.keys(out)).toEqual([
      "ok",
      "simulatedSeconds",
      "timeline",
      "resources",
      "failures",
      "replan",
      "events"
    ])
    expect(out.ok).toBe(true)
    expect(out.failures).toEqual([])
    expect(out.replan).toEqual({ steps: 0 })
    expect(out.simulatedSeconds).toBeGreaterThan(3600)
    expect(out.events).toBeGreaterThan(0)
    expect(out.timeline).toHaveLength(out.resources.length)
    for (const step of out.timeline)
      expect(Object.keys(step).filter((k) => k !== "status" && k !== "reason")).toEqual([
        "kind",
        "name",
        "action",
        "outcome",
        "start",
        "end"
      ])
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

const dir = mkdtempSync(join(tmpdir(), "cli-state-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let states = 0
const freshState = () => ({ _tag: "memory" as const, state: join(dir, `s${++states}`, "state.db") })
const maintenance = {
  settings: { instance: "acme" },
  targets: memoryScheduleTargets({ instance: "acme" })
}

describe("plan and apply", () => {
  it("plan on the empty memory target creates everything", async () => {
    const { io, stdout } = recordingIo()
    expect(await planEntry(deployment, { target: freshState(), maintenance, json: true }, io)).toBe(0)
    const out = JSON.parse(stdout())
    expect(out.actions).toBe(8)
    expect(out.steps.every((s: { action: string }) => s.action === "Create")).toBe(true)
    const human = recordingIo()
    await planEntry(deployment, { target: freshState(), maintenance, json: false }, human.io)
    expect(human.stdout()).toContain("Plan: 8 to create, 0 to update")
  })

  it("apply prints a progress line per step (memory target; the AWS target is in applyAws.test.ts)", async () => {
    const { io, stdout } = recordingIo()
    const target = freshState()
    expect(await applyEntry(deployment, { target, maintenance }, io)).toBe(0)
    const lines = stdout().trim().split("\n")
    expect(lines.filter((l) => l.includes("✓")).length).toBe(8)
    expect(lines.at(-1)).toBe(`Apply complete: 8/8 resources ready on the memory target (state ${target.state}).`)
  })

  it("a resource that fails after its create is named with its ARN, in the text and in --json; exit 1", async () => {
    const [dataset] = deployment.datasets
    const [first] = dataset?.imports ?? []
    if (dataset === undefined || first === undefined) throw new Error("the fixture's dataset has an import")
    // The memory target reads a local data location: one that is not there fails the import job it created.
    const failing: Config.Deployment = {
      ...deployment,
      datasets: [{ ...dataset, imports: [{ ...first, dataLocation: join(dir, "absent", "interactions.csv") }] }]
    }
    const json = recordingIo()
    expect(await applyEntry(failing, { target: freshState(), maintenance, json: true }, json.io)).toBe(1)
    const failures = JSON.parse(json.stdout()).failures
    expect(failures).toHaveLength(1)
    expect(Object.keys(failures[0])).toEqual(["kind", "name", "arn", "cause", "dependents"])
    expect(failures[0]).toMatchObject({ kind: "DatasetImportJob", name: "shop-interactions-import" })
    const arn = failures[0].arn as string
    expect(arn).toMatch(/^arn:aws:personalize:[a-z0-9-]+:\d{12}:dataset-import-job\/shop-interactions-import$/)
    const text = recordingIo()
    expect(await applyEntry(failing, { target: freshState(), maintenance }, text.io)).toBe(1)
    expect(text.stdout()).toContain(`✗ DatasetImportJob shop-interactions-import (${arn}): ${failures[0].cause}`)
  })

  it("plan and apply reconcile the config's schedules like any resource: created, updated, deleted", async () => {
    const schedule = (text: string) => Result.getOrThrow(Config.parseSchedule(text))
    const [solution] = deployment.solutions
    const [dataset] = deployment.datasets
    if (solution === undefined || dataset === undefined) throw new Error("the fixture has a solution and a dataset")
    const [first] = dataset.imports
    if (first === undefined) throw new Error("the fixture's dataset has an import")
    const withSchedules = (full: string, importSchedule?: string, importDeleted?: boolean): Config.Deployment => ({
      ...deployment,
      datasets: [
        {
          ...dataset,
          imports: [
            {
              ...first,
              ...(importSchedule === undefined ? {} : { schedule: schedule(importSchedule) }),
              ...(importDeleted === true ? { scheduleDeleted: true } : {})
            }
          ]
        }
      ],
      solutions: [{ ...solution, schedules: { full: schedule(full) } }]
    })
    const target = freshState()
    const json = async (run: typeof planEntry | typeof applyEntry, d: Config.Deployment) => {
      const { io, stdout, stderr } = recordingIo()
      const code = await run(d, { target, maintenance, json: true }, io)
      return { code, stderr: stderr(), out: JSON.parse(stdout()) as { steps: Array<Record<string, unknown>> } }
    }
    const scheduleSteps = (out: { steps: Array<Record<string, unknown>> }) =>
      out.steps.filter((s) => s["kind"] === "Schedule" || s["kind"] === "ScheduleGroup")

    const v1 = withSchedules("cron(0 3 ? * SUN *)", "rate(6 hours)")
    const planned = await json(planEntry, v1)
    expect(scheduleSteps(planned.out)).toEqual([
      { action: "Create", kind: "ScheduleGroup", name: "acme-shop" },
      { action: "Create", kind: "Schedule", name: "acme-full-shop-sims", expression: "cron(0 3 ? * SUN *)" },
      { action: "Create", kind: "Schedule", name: "acme-import-shop-interactions", expression: "rate(6 hours)" }
    ])
    const applied = await json(applyEntry, v1)
    expect(applied.code).toBe(0)
    expect(applied.stderr).not.toContain("schedule")
    expect(scheduleSteps(applied.out).length).toBe(3)
    // The schedules live in the state file: the next plan finds them as wanted.
    expect(scheduleSteps((await json(planEntry, v1)).out)).toEqual([])

    const human = recordingIo()
    expect(
      await applyEntry(withSchedules("cron(0 4 ? * SUN *)", "rate(6 hours)"), { target, maintenance }, human.io)
    ).toBe(0)
    expect(human.stdout()).toContain("~ update   Schedule           acme-full-shop-sims")
    expect(human.stdout()).toContain("Schedules (group acme-shop): 0 created, 1 updated, 0 deleted, 1 unchanged.")

    // "delete" on the import's schedule, and the FULL schedule removed from the config.
    const v3: Config.Deployment = {
      ...withSchedules("cron(0 4 ? * SUN *)", undefined, true),
      solutions: [{ ...solution, schedules: {} }]
    }
    const removed = await json(applyEntry, v3)
    expect(scheduleSteps(removed.out)).toEqual([
      { action: "Delete", kind: "Schedule", name: "acme-full-shop-sims", reason: "no longer in the config" },
      {
        action: "Delete",
        kind: "Schedule",
        name: "acme-import-shop-interactions",
        reason: 'set to "delete" in the config'
      }
    ])
    expect(scheduleSteps((await json(planEntry, v3)).out)).toEqual([])

    // destroy takes the schedule group with it
    await json(applyEntry, v1)
    const destroyed = recordingIo()
    expect(await destroyEntry(v1, { target, maintenance, json: true }, destroyed.io)).toBe(0)
    expect(JSON.parse(destroyed.stdout()).schedules).toEqual({ group: "acme-shop", removed: true })
    expect(scheduleSteps((await json(planEntry, v1)).out).map((s) => s["action"])).toEqual([
      "Create",
      "Create",
      "Create"
    ])
  })

  it("the commands validate their arguments before reading the config", async () => {
    const { io, stderr } = recordingIo()
    expect(await runCli(["simulate", "c.json", "--faults", "extreme"], io)).toBe(2)
    expect(stderr()).toContain('Invalid value for flag --faults: "extreme". Expected: "none" | "light" | "heavy"')
    expect(await runCli(["apply", "c.json", "--target", "gcp"], io)).toBe(2)
    expect(await runCli(["plan"], io)).toBe(2)
    expect(await runCli(["apply", "c.json", "--event-table", "t"], io)).toBe(2)
    expect(stderr()).toContain("--event-table <table> goes with --target aws")
    expect(await runCli(["plan", "c.json", "--state", "s.db", "--target", "aws"], io)).toBe(2)
    expect(stderr()).toContain("--state <file> is the memory target's")
    expect(await runCli(["destroy", "c.json", "--event-table", "t"], io)).toBe(2)
  })
})

describe("the memory target keeps state between runs (.personalize-ops/state.db, or --state)", () => {
  const cli = async (...args: ReadonlyArray<string>) => {
    const out = recordingIo()
    const code = await runCli(args, { ...out.io, readFile: processIo.readFile })
    return { code, stdout: out.stdout(), stderr: out.stderr() }
  }

  it("apply then plan in a second run shows no steps; an edit shows just the change; destroy leaves nothing", async () => {
    const config = join(dir, "shop.json")
    const state = join(dir, "runs", "state.db")
    const { encodeConfig } = Config
    writeFileSync(config, JSON.stringify(encodeConfig(deployment)))
    const first = await cli("plan", config, "--state", state, "--json")
    expect(first.code).toBe(0)
    expect(JSON.parse(first.stdout).steps.length).toBe(8)

    const applied = await cli("apply", config, "--state", state)
    expect(applied.code).toBe(0)
    expect(applied.stderr).toBe("")
    const again = await cli("plan", config, "--state", state, "--json")
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toEqual({ steps: [], actions: 0, unchanged: 8 })

    const edited = JSON.parse(
      JSON.stringify(encodeConfig(deployment)).replace('"minProvisionedTPS":2', '"minProvisionedTPS":3')
    )
    writeFileSync(config, JSON.stringify(edited))
    const change = JSON.parse((await cli("plan", config, "--state", state, "--json")).stdout)
    expect(change.steps.map((s: { action: string; kind: string }) => `${s.action} ${s.kind}`)).toEqual([
      "Update Campaign"
    ])

    const destroyed = await cli("destroy", config, "--state", state, "--json")
    expect(destroyed.code).toBe(0)
    const teardown = JSON.parse(destroyed.stdout)
    expect(teardown.ok).toBe(true)
    expect(teardown.resources.every((r: { state: string }) => r.state === "gone")).toBe(true)
    const after = JSON.parse((await cli("plan", config, "--state", state, "--json")).stdout)
    expect(after.steps.every((s: { action: string }) => s.action === "Create")).toBe(true)
    expect((await cli("destroy", config, "--state", state)).stdout).toContain("Destroy complete")
  })
})
