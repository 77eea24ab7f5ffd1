import { execFile } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { lineAndColumn, parseJson, readConfigFile } from "../src/configFile.ts"
import { processIo, recordingIo } from "../src/Io.ts"
import { runCli } from "../src/run.ts"

const repo = join(import.meta.dirname, "..", "..", "..")
const anchors = join(repo, "..", "shared", "fixtures", "anchors")
const mlopsFixture = join(anchors, "mlops-solution", "sample_config.json")
const pipelineFixture = join(anchors, "ml_ops", "params.json")
const example = (name: string) => join(repo, "examples", "configs", name)

const run = async (argv: ReadonlyArray<string>, files: Record<string, string> = {}) => {
  const rec = recordingIo({ files })
  const code = await runCli(argv, rec.io)
  return { code, stdout: rec.stdout(), stderr: rec.stderr() }
}

/** The MLOps sample with a bad cron, no USER_ID in the users schema and a 64-character campaign name. */
const brokenMlops = () => {
  const config = JSON.parse(readFileSync(mlopsFixture, "utf8"))
  config.datasetGroup.workflowConfig.schedules.import = "cron(0 */6 * * * *)"
  const fields = config.datasets.users.schema.serviceConfig.schema.fields as Array<{ name: string }>
  fields.splice(
    fields.findIndex((f) => f.name === "USER_ID"),
    1
  )
  config.solutions[4].campaigns[0].serviceConfig.name = "c".repeat(64)
  return JSON.stringify(config, null, 2)
}
const brokenIssues = [
  'datasetGroup.workflowConfig.schedules.import: cron day-of-month ("*") and day-of-week ("*"): exactly one must be "?"',
  "datasets.users.schema.serviceConfig.schema.fields: missing required field USER_ID (string) for a Users dataset",
  "solutions[4].campaigns[0].serviceConfig.name: a name must be 1–63 characters (got 64)"
]

describe("personalize-ops validate", () => {
  it("exit 0 on a valid config, printing the format and counts per resource kind", async () => {
    const { code, stdout } = await run(["validate", example("local-movielens.json")], {
      [example("local-movielens.json")]: readFileSync(example("local-movielens.json"), "utf8")
    })
    expect(code).toBe(0)
    expect(stdout).toContain("valid (personalize-ops format)")
    expect(stdout).toMatch(/campaigns\s+2\n/)
  })

  it("--json on a valid config", async () => {
    const path = example("movielens.json")
    const { code, stdout } = await run(["validate", path, "--json"], { [path]: readFileSync(path, "utf8") })
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toEqual({
      valid: true,
      format: "personalize-ops",
      counts: {
        datasetGroups: 1,
        schemas: 3,
        datasets: 3,
        importJobs: 4,
        eventTrackers: 1,
        filters: 2,
        solutions: 2,
        campaigns: 1,
        batchInferenceJobs: 1,
        batchSegmentJobs: 1,
        recommenders: 0,
        schedules: 7
      }
    })
  })

  it("every example config validates (through the real file system)", async () => {
    for (const name of ["local-movielens.json", "movielens.json", "retail-domain.json"]) {
      const rec = recordingIo()
      const code = await runCli(["validate", example(name)], { ...rec.io, readFile: processIo.readFile })
      expect([name, code, rec.stdout()]).toEqual([name, 0, expect.stringContaining("valid")])
    }
  })

  it("exit 1 with one line per issue, and --json with every issue", async () => {
    const files = { "bad.json": '{"format":"personalize-ops/v1","datasetGroup":{"nmae":"x","domain":"RETAIL"}}' }
    const text = await run(["validate", "bad.json"], files)
    expect(text.code).toBe(1)
    expect(text.stdout).toBe(
      [
        'datasetGroup.nmae: unknown key "nmae" (did you mean "name"?)',
        'datasetGroup.domain: Expected "ECOMMERCE" | "VIDEO_ON_DEMAND"',
        ""
      ].join("\n")
    )
    const json = await run(["validate", "--json", "bad.json"], files)
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toEqual({
      valid: false,
      format: "personalize-ops",
      issues: [
        { path: "datasetGroup.nmae", message: 'unknown key "nmae" (did you mean "name"?)' },
        { path: "datasetGroup.domain", message: 'Expected "ECOMMERCE" | "VIDEO_ON_DEMAND"' }
      ]
    })
  })

  it("exit 2 on usage and I/O problems: no file, a missing file, JSON syntax with line and column", async () => {
    expect((await run(["validate"])).code).toBe(2)
    expect((await run(["validate", "a.json", "--yaml"])).stderr).toContain("Unrecognized flag: --yaml")
    const missing = await run(["validate", "missing.json"])
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining("missing.json: no such file") })
    const syntax = await run(["validate", "broken.json"], {
      "broken.json": '{\n  "format": "personalize-ops/v1",\n  "datasetGroup": {"name": "x",}\n}\n'
    })
    expect(syntax.code).toBe(2)
    expect(syntax.stderr).toContain("broken.json: not valid JSON: line 3, column 32:")
    const truncated = await run(["validate", "t.json"], { "t.json": '{\n  "a": [1,' })
    expect(truncated.stderr).toContain("line 2, column 11:")
  })

  it.skipIf(!existsSync(anchors))("both anchor fixtures validate with exit 0", async () => {
    for (const [path, format] of [
      [mlopsFixture, "mlops-solution"],
      [pipelineFixture, "personalize-pipeline"]
    ] as const) {
      const { code, stdout } = await run(["validate", path, "--json"], { [path]: readFileSync(path, "utf8") })
      expect([code, JSON.parse(stdout).format]).toEqual([0, format])
    }
  })

  it.skipIf(!existsSync(anchors))(
    "the broken MLOps copy reports all three issues with their paths and exit 1",
    async () => {
      const { code, stdout } = await run(["validate", "broken.json"], { "broken.json": brokenMlops() })
      expect(code).toBe(1)
      expect(stdout.trimEnd().split("\n")).toEqual(brokenIssues)
    }
  )

  it.skipIf(!existsSync(anchors))("the CLI process itself reports them and exits 1", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs")
    const { tmpdir } = await import("node:os")
    const dir = mkdtempSync(join(tmpdir(), "validate-"))
    writeFileSync(join(dir, "broken.json"), brokenMlops())
    const main = join(repo, "packages", "cli", "src", "main.ts")
    const failure = await promisify(execFile)(
      process.execPath,
      ["--conditions=@personalize-ops/source", main, "validate", join(dir, "broken.json"), "--json"],
      { cwd: repo }
    ).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error
    )
    expect(failure?.code).toBe(1)
    expect(JSON.parse(failure?.stdout ?? "{}").issues.map((i: { path: string }) => i.path)).toEqual(
      brokenIssues.map((l) => l.split(":")[0])
    )
  })
})

describe("readConfigFile", () => {
  it("resolves local data locations against the config's folder", async () => {
    const path = example("local-movielens.json")
    const result = await readConfigFile(path, processIo)
    if (result._tag !== "Valid") throw new Error(JSON.stringify(result))
    expect(result.configDir).toBe(join(repo, "examples", "configs"))
    const location = result.deployment.datasets[0]!.imports[0]!.dataLocation
    expect(location).toBe(join(repo, "examples", "data", "interactions.csv"))
    expect(existsSync(location)).toBe(true)
  })

  it("reports a directory as unreadable", async () => {
    expect(await readConfigFile(repo, processIo)).toMatchObject({
      _tag: "Unreadable",
      message: expect.stringContaining("is a directory")
    })
  })

  it("computes line and column from a parse position", () => {
    expect(lineAndColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 })
    expect(parseJson("[1,]")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 1, column 4: /) })
  })
})

describe("jsonErrorOffset", () => {
  it("finds the first offending character, as JSON.parse would reject it", async () => {
    const { jsonErrorOffset } = await import("../src/jsonErrorOffset.ts")
    expect(jsonErrorOffset("[1,]")).toBe(3)
    expect(jsonErrorOffset('{"a" 1}')).toBe(5)
    expect(jsonErrorOffset('{"a": tru}')).toBe(9)
    expect(jsonErrorOffset('{"a": "x\ny"}')).toBe(8)
    expect(jsonErrorOffset("[1, 2")).toBe(5)
    expect(jsonErrorOffset("{} x")).toBe(3)
    expect(jsonErrorOffset("-")).toBe(0)
  })
})
