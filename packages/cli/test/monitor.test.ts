import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { recordingIo, runCli } from "../src/index.ts"

const examples = join(import.meta.dirname, "..", "..", "..", "examples", "monitoring")
let campaigns: string
let prices: string
let dir: string
beforeAll(async () => {
  campaigns = await readFile(join(examples, "campaigns.json"), "utf8")
  prices = await readFile(join(examples, "prices.json"), "utf8")
  dir = await mkdtemp(join(tmpdir(), "personalize-ops-monitor-"))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const shop = "arn:aws:personalize:us-east-1:123456789012:campaign/movies-personalization"
const files = () => ({ "campaigns.json": campaigns, "prices.json": prices })

describe("personalize-ops monitor simulate", () => {
  it("a traffic drop prints the step-downs with their savings and the cost saved", async () => {
    const rec = recordingIo({ files: files() })
    const args = ["monitor", "simulate", "--campaigns", "campaigns.json", "--traffic", "step:8:1:1d", "--days", "2"]
    expect(await runCli([...args, "--prices", "prices.json"], rec.io)).toBe(0)
    const out = rec.stdout()
    expect(out).toContain("movies-personalization: step-down decided: min TPS 5 → 3 (−2 TPS, saves 0.4 USD/h)")
    expect(out).toContain("movies-personalization: step-down decided: min TPS 3 → 2")
    expect(out).toMatch(/^saved: \d+\.\d\d unit-hours, \d+\.\d\d USD of \d+\.\d\d USD$/m)
    // The recommender's traffic (8/s after… 1/s) never falls below its minimum of 1: no decision.
    expect(out).not.toContain("shop-recommended-for-you: step-down")

    const json = recordingIo({ files: files() })
    expect(await runCli([...args, "--prices", "prices.json", "--json"], json.io)).toBe(0)
    const result = JSON.parse(json.stdout()) as {
      decisions: Array<{ arn: string; savingPerHour?: { amount: number } }>
      totals: { savedUnitHours: number; cost: { saved: number; currency: string } }
    }
    expect(result.decisions.filter((d) => d.arn === shop).map((d) => d.savingPerHour?.amount)).toEqual([0.4, 0.2, 0.2])
    expect(result.totals.cost.currency).toBe("USD")
    expect(result.totals.cost.saved).toBeGreaterThan(0)

    // Steady traffic above every minimum: nothing to decide, nothing saved.
    const steady = recordingIo({ files: files() })
    expect(
      await runCli(
        ["monitor", "simulate", "--campaigns", "campaigns.json", "--traffic", "constant:9", "--days", "1"],
        steady.io
      )
    ).toBe(0)
    expect(steady.stdout()).toContain("0 decisions")
    expect(steady.stdout()).toContain("saved: 0.00 unit-hours (give --prices for money)")
  }, 120_000)

  it("bad input exits 2 naming what is wrong", async () => {
    const run = async (args: ReadonlyArray<string>, extra: Record<string, string> = {}) => {
      const rec = recordingIo({ files: { ...files(), ...extra } })
      const code = await runCli(["monitor", "simulate", "--campaigns", "campaigns.json", ...args], rec.io)
      return { code, err: rec.stderr() }
    }
    expect(await run(["--traffic", "stepp:1", "--days", "1"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("--traffic")
    })
    expect(await run(["--traffic", "constant:1", "--days", "0"])).toMatchObject({ code: 2 })
    expect(
      await run(["--traffic", "constant:1", "--days", "1", "--settings", "s.json"], {
        "s.json": '{"AutoAdjustMinTPS":"Yse"}'
      })
    ).toMatchObject({ code: 2, err: expect.stringContaining("AutoAdjustMinTPS") })
    expect(
      await run(["--traffic", "constant:1", "--days", "1", "--prices", "p.json"], {
        "p.json":
          '{"currency":"USD","source":"x","asOf":"2026-11-27","regions":{"us-east-1":{"campaignTpsHour":[{"price":-1}]}}}'
      })
    ).toMatchObject({ code: 2, err: expect.stringContaining("regions.us-east-1.campaignTpsHour[0].price") })
    expect(
      await run(["--traffic", "t.json", "--days", "1"], { "t.json": '{"movies-rerank":"constant:1"}' })
    ).toMatchObject({ code: 2, err: expect.stringContaining("no traffic for movies-personalization") })
  }, 60_000)
})

describe("personalize-ops monitor history", () => {
  it("prints a campaign's decisions with their reasons from the state file a simulation recorded", async () => {
    const state = join(dir, "state.db")
    const sim = recordingIo({
      files: { "campaigns.json": campaigns, "t.json": '{"*":"constant:9","movies-personalization":"step:8:1:1d"}' }
    })
    expect(
      await runCli(
        [
          "monitor",
          "simulate",
          "--campaigns",
          "campaigns.json",
          "--traffic",
          "t.json",
          "--days",
          "2",
          "--state",
          state
        ],
        sim.io
      )
    ).toBe(0)
    const rec = recordingIo()
    expect(await runCli(["monitor", "history", shop, "--state", state], rec.io)).toBe(0)
    const lines = rec.stdout().split("\n")
    expect(lines[0]).toBe(`${shop}: 6 events`)
    expect(lines.filter((l) => l.includes("step-down decided"))).toHaveLength(3)
    expect(lines.filter((l) => l.includes("min TPS set to"))).toHaveLength(3)
    expect(rec.stdout()).toContain("14-day hourly low watermark")

    const json = recordingIo()
    expect(await runCli(["monitor", "history", shop, "--state", state, "--json"], json.io)).toBe(0)
    const parsed = JSON.parse(json.stdout()) as { entries: Array<{ type: string; reason: string; time: string }> }
    expect(parsed.entries.map((e) => e.type)).toEqual([
      "MinTpsStepDownDecided",
      "MinTpsUpdated",
      "MinTpsStepDownDecided",
      "MinTpsUpdated",
      "MinTpsStepDownDecided",
      "MinTpsUpdated"
    ])
    const other = recordingIo()
    const rerank = shop.replace("movies-personalization", "movies-rerank")
    expect(await runCli(["monitor", "history", rerank, "--state", state], other.io)).toBe(0)
    expect(other.stdout()).toBe(`${rerank}: no decisions recorded\n`)
    const bad = recordingIo()
    expect(await runCli(["monitor", "history", "arn:aws:personalize:us-east-1:123456789012:solution/x"], bad.io)).toBe(
      2
    )
    expect(bad.stderr()).toContain("not a campaign or recommender ARN")
  }, 120_000)
})

describe("personalize-ops monitor report", () => {
  it("bad input exits 2 naming the flag or the field, before any AWS call", async () => {
    const run = async (args: ReadonlyArray<string>, extra: Record<string, string> = {}) => {
      const rec = recordingIo({ files: { ...files(), ...extra } })
      const code = await runCli(["monitor", "report", ...args], rec.io)
      return { code, err: rec.stderr() }
    }
    expect(await run(["--prices", "missing.json", "--regions", "us-east-1"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("missing.json")
    })
    expect(
      await run(["--prices", "p.json", "--regions", "us-east-1"], {
        "p.json": '{"currency":"USD","source":"x","asOf":"2026-11-27","regions":{"us-east-1":{"campaignTpsHour":[]}}}'
      })
    ).toMatchObject({ code: 2, err: expect.stringContaining("regions.us-east-1.campaignTpsHour: at least one tier") })
    expect(await run(["--prices", "prices.json", "--regions", "us-east-1", "--hours", "0"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("--hours")
    })
    expect(
      await run([
        "--prices",
        "prices.json",
        "--regions",
        "us-east-1",
        "--campaigns",
        "arn:aws:personalize:us-east-1:1:recommender/x"
      ])
    ).toMatchObject({ code: 2, err: expect.stringContaining("--campaigns") })
  })
})
