// `personalize-ops workflow run --local`: the deployed provisioning path offline (S3 event → the trigger
// handler → the generated ASL on aws-local-stepfunctions, its tasks the real handlers → the twin on a
// virtual clock), on every example config and both anchor fixtures, and under heavy faults.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { mlopsConfig } from "@personalize-ops/core/testing"
import { describe, expect, it } from "vitest"
import { processIo, recordingIo } from "../src/Io.ts"
import { runCli } from "../src/run.ts"

const repo = join(import.meta.dirname, "..", "..", "..")
const anchors = join(repo, "..", "shared", "fixtures", "anchors")
const configs = join(repo, "examples", "configs")

interface RunJson {
  readonly status: "SUCCEEDED" | "FAILED"
  readonly execution?: string
  readonly iterations: number
  readonly simulatedSeconds: number
  readonly resources: ReadonlyArray<{ kind: string; name: string; arn?: string; status: string }>
  readonly failures: ReadonlyArray<{ kind: string; name: string; cause: string; dependents: ReadonlyArray<unknown> }>
  readonly notImported: ReadonlyArray<string>
  readonly notifications: ReadonlyArray<{ subject: string; protocol: string; message: unknown }>
  readonly events: number
}

const runLocal = async (path: string, ...flags: ReadonlyArray<string>) => {
  const out = recordingIo()
  const code = await runCli(["workflow", "run", path, "--local", "--json", ...flags], {
    ...out.io,
    readFile: processIo.readFile
  })
  const text = out.stdout()
  return { code, stderr: out.stderr(), report: (text === "" ? undefined : JSON.parse(text)) as RunJson }
}

/** Every resource the execution left is ACTIVE (statusless kinds report their state, ready). */
const allActive = (r: RunJson) => r.resources.filter((x) => x.status !== "ACTIVE" && x.status !== "ready")

describe("workflow run --local", () => {
  for (const file of readdirSync(configs).filter((f) => f.endsWith(".json")))
    it(`examples/configs/${file}: SUCCEEDED, every resource ACTIVE, one success notification`, async () => {
      const { code, report, stderr } = await runLocal(join(configs, file))
      expect(stderr).toBe("")
      expect(report.failures).toEqual([])
      expect(report.status).toBe("SUCCEEDED")
      expect(report.resources.length).toBeGreaterThan(3)
      expect(allActive(report)).toEqual([])
      expect(report.iterations).toBeGreaterThan(1)
      expect(report.simulatedSeconds).toBeGreaterThan(600)
      expect(report.events).toBeGreaterThan(0)
      expect(report.notifications.filter((n) => n.protocol === "email").map((n) => n.subject)).toEqual([
        expect.stringMatching(/ provisioning succeeded$/)
      ])
      expect(code).toBe(0)
    })

  if (!existsSync(anchors)) it.skip(`anchor fixtures absent (${anchors}): skipped`, () => {})
  for (const fixture of ["ml_ops/params.json", "mlops-solution/sample_config.json"])
    it.skipIf(!existsSync(anchors))(`anchor ${fixture}: SUCCEEDED`, async () => {
      const { code, report } = await runLocal(join(anchors, fixture))
      expect(report.failures).toEqual([])
      expect(report.status).toBe("SUCCEEDED")
      expect(allActive(report)).toEqual([])
      expect(code).toBe(0)
    })

  it("--faults heavy: FAILED with named causes, the failure notification lists them, and it ends", async () => {
    const { code, report } = await runLocal(join(configs, "movielens.json"), "--faults", "heavy", "--seed", "3")
    expect(report.status).toBe("FAILED")
    expect(report.failures.length).toBeGreaterThan(0)
    for (const f of report.failures) {
      expect(f.kind).not.toBe("")
      expect(f.cause.length).toBeGreaterThan(5)
    }
    const json = report.notifications.find((n) => n.protocol === "json")?.message as {
      status: string
      causes: string[]
    }
    expect(json.status).toBe("UPDATE FAILED")
    expect(json.causes.length).toBeGreaterThan(0)
    expect(code).toBe(1)
  })

  it("the bounds end the loop: --max-iterations 2 fails with the bound as its cause", async () => {
    const { code, report } = await runLocal(join(configs, "local-movielens.json"), "--max-iterations", "2")
    expect(report.status).toBe("FAILED")
    expect(report.iterations).toBe(2)
    expect(report.failures.map((f) => f.cause)).toEqual(["still waiting after 2 passes or 1209600 s"])
    expect(code).toBe(1)
  })

  it("--max-seconds bounds the virtual time", async () => {
    const { report } = await runLocal(join(configs, "local-movielens.json"), "--max-seconds", "3600")
    expect(report.status).toBe("FAILED")
    expect(report.failures[0]?.cause).toMatch(/^still waiting after \d+ passes or 3600 s$/)
  })

  it("the same seed, the same run", async () => {
    const a = await runLocal(join(configs, "movielens.json"), "--seed", "5", "--faults", "light")
    const b = await runLocal(join(configs, "movielens.json"), "--seed", "5", "--faults", "light")
    expect(a.report).toEqual(b.report)
  })

  it("--data DIR is the bucket: an MLOps config finds its data in its folder; absent data is created, not imported", async () => {
    const dir = mkdtempSync(join(tmpdir(), "workflow-run-"))
    const folder = join(dir, "train", "shop")
    mkdirSync(folder, { recursive: true })
    const header = "USER_ID,ITEM_ID,TIMESTAMP\n"
    const rows = Array.from({ length: 1200 }, (_, i) => `u${i % 40},i${i % 97},${1_700_000_000 + i}`).join("\n")
    writeFileSync(join(folder, "interactions.csv"), `${header}${rows}\n`)
    const config = mlopsConfig({
      group: "shop",
      solutions: [{ name: "shop-sims", recipe: "aws-similar-items", campaign: "shop-sims-campaign" }]
    })
    writeFileSync(join(folder, "config.json"), JSON.stringify(config))
    const { code, report } = await runLocal(join(folder, "config.json"), "--data", dir, "--bucket", "shop-data")
    expect(report.failures).toEqual([])
    expect(report.status).toBe("SUCCEEDED")
    expect(report.execution).toMatch(/^train-shop-config-[0-9a-f]{16}$/)
    expect(report.notImported).toEqual(["shop-users"])
    expect(report.resources.filter((r) => r.kind === "DatasetImportJob")).toHaveLength(1)
    expect(code).toBe(0)
  })

  it("an invalid config: FAILED, nothing started, the notification lists every issue with its path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "workflow-run-"))
    const path = join(dir, "bad.json")
    writeFileSync(
      path,
      JSON.stringify({
        datasetGroup: { serviceConfig: { name: "shop" } },
        solutions: [{ serviceConfig: { name: "bad name!", recipeArn: "not-an-arn" } }]
      })
    )
    const { code, report } = await runLocal(path)
    expect(report.status).toBe("FAILED")
    expect(report.execution).toBeUndefined()
    expect(report.failures.map((f) => f.name)).toEqual(
      expect.arrayContaining(["solutions[0].serviceConfig.name", "solutions[0].serviceConfig.recipeArn"])
    )
    expect(report.notifications.find((n) => n.protocol === "email")?.subject).toBe(
      "personalize-ops: invalid config bad.json"
    )
    expect(code).toBe(1)
  })

  it("without --local it says what is built (exit 2)", async () => {
    const out = recordingIo()
    expect(await runCli(["workflow", "run", join(configs, "movielens.json")], out.io)).toBe(2)
    expect(out.stderr()).toContain("only --local is built")
  })
})
