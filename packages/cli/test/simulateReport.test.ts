// `simulate --json`'s timeline and `simulate --report`: the HTML report's content and contract (the
// page itself is checked in headless Chromium by simulateReport.browser.test.ts).
import { describe, expect, it } from "vitest"
import { processIo, recordingIo } from "../src/Io.ts"
import { runCli } from "../src/run.ts"
import { config, simulateWithReport } from "./simulateWithReport.ts"

interface Step {
  readonly kind: string
  readonly name: string
  readonly outcome: string
  readonly start: number
  readonly end: number
}

describe("simulate --json timeline", () => {
  it("has each step's start, end (seconds of simulated time since the apply began) and outcome, in start order", async () => {
    const { code, json } = await simulateWithReport()
    expect(code).toBe(0)
    const timeline = json.timeline as ReadonlyArray<Step>
    expect(timeline.length).toBe(json.resources.length)
    for (const step of timeline) {
      expect(step.start).toBeGreaterThanOrEqual(0)
      expect(step.end).toBeGreaterThanOrEqual(step.start)
      expect(step.outcome).toBe("ready")
    }
    expect(timeline.map((s) => s.start)).toEqual([...timeline.map((s) => s.start)].sort((a, b) => a - b))
    // training is the long pole: the last step ends at the simulated total
    expect(Math.max(...timeline.map((s) => s.end))).toBeCloseTo(json.simulatedSeconds, -1)
  })

  it("records failed and skipped steps with their outcome when the twin injects faults", async () => {
    const { code, json } = await simulateWithReport("--faults", "heavy", "--seed", "1")
    expect(code).toBe(1)
    const timeline = json.timeline as ReadonlyArray<Step>
    const failed = timeline.filter((s) => s.outcome === "failed").map((s) => `${s.kind} ${s.name}`)
    expect(failed.sort()).toEqual(
      (json.failures as ReadonlyArray<{ kind: string; name: string }>).map((f) => `${f.kind} ${f.name}`).sort()
    )
    expect(timeline.some((s) => s.outcome === "skipped")).toBe(true)
  })
})

describe("simulate --report", () => {
  it("writes one self-contained page: a bar per step, nothing fetched, no script", async () => {
    const { html, json } = await simulateWithReport()
    expect(html.startsWith("<!doctype html>")).toBe(true)
    expect(html.match(/<rect class="bar /g)?.length).toBe(json.timeline.length)
    expect(html).not.toMatch(/<script|<link|src=|href=|@import|url\(/i)
    expect(html).toContain("No step failed.")
    expect(html).not.toContain("Maintenance over")
  })

  it("lists each failure with the resources it left unattempted", async () => {
    const { html, json } = await simulateWithReport("--faults", "heavy", "--seed", "1")
    for (const f of json.failures as ReadonlyArray<{
      kind: string
      name: string
      dependents: ReadonlyArray<unknown>
    }>) {
      expect(html).toContain(`<strong>${f.kind} ${f.name}</strong>`)
      expect(f.dependents.length).toBeGreaterThan(0)
    }
    expect(html).toContain("not attempted: ")
    expect(html.match(/<rect class="bar failed"/g)?.length).toBe(json.failures.length)
  })

  it("with --days adds the maintenance runs and the solutions' metrics over the days", async () => {
    const { code, html, json } = await simulateWithReport("--days", "3")
    expect(code).toBe(0)
    expect(html).toContain("Maintenance over 3 days")
    expect(html.match(/<circle class="run /g)?.length).toBe(json.maintenance.runs.length)
    const measured = (json.maintenance.runs as ReadonlyArray<{ target: string; metrics?: object }>).filter(
      (r) => r.metrics !== undefined
    )
    expect(measured.length).toBeGreaterThan(0)
    for (const target of new Set(measured.map((r) => r.target))) expect(html).toContain(`metrics of ${target}`)
  })

  it("is the same bytes for the same seed", async () => {
    const [a, b] = [await simulateWithReport("--seed", "9"), await simulateWithReport("--seed", "9")]
    expect(a.html).toBe(b.html)
  })

  it("a report that cannot be written is an I/O error (exit 2)", async () => {
    const out = recordingIo()
    const code = await runCli(["simulate", config, "--report", "/nonexistent-dir/out.html"], {
      ...out.io,
      readFile: processIo.readFile,
      writeFile: processIo.writeFile
    })
    expect(code).toBe(2)
    expect(out.stderr()).toContain("personalize-ops simulate: ")
  })
})
