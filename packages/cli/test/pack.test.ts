// Every publishable package packed with `npm pack` and installed into a fresh project as a user would
// have it, without the network: each tarball is unpacked into the project's node_modules; the project
// lives under the repository's .tmp, so their third-party dependencies (effect, the AWS SDK) resolve
// from the repository's node_modules. Then it is used only through the published files: core imported,
// a memory simulation and a Lambda handler run, the `personalize-ops` bin run.
import { execFile } from "node:child_process"
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const exec = promisify(execFile)
const repo = join(import.meta.dirname, "..", "..", "..")
const publishable = ["core", "adapters-memory", "adapters-aws", "handlers", "cli"] as const
// Packing and unpacking on a busy machine: no limit it could hit.
const generous = 600_000

let project: string
const packed = new Map<string, ReadonlyArray<string>>()

beforeAll(async () => {
  await mkdir(join(repo, ".tmp"), { recursive: true })
  project = await mkdtemp(join(repo, ".tmp", "pack-"))
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }))
  for (const pkg of publishable) {
    const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", project], {
      cwd: join(repo, "packages", pkg)
    })
    const [info] = JSON.parse(stdout) as ReadonlyArray<{ filename: string; files: ReadonlyArray<{ path: string }> }>
    if (info === undefined) throw new Error(`npm pack ${pkg}: no output`)
    packed.set(
      pkg,
      info.files.map((f) => f.path)
    )
    const dir = join(project, "node_modules", "@personalize-ops", pkg)
    await mkdir(dir, { recursive: true })
    await exec("tar", ["-xzf", join(project, info.filename), "-C", dir, "--strip-components=1"])
  }
}, generous)
afterAll(() => rm(project, { recursive: true, force: true }))

describe("the packages as published", () => {
  it("each is publishable: not private, effect a peer, the license and the build inside, no tests", async () => {
    for (const pkg of publishable) {
      const manifest = JSON.parse(await readFile(join(repo, "packages", pkg, "package.json"), "utf8"))
      expect([pkg, manifest.private, manifest.license, manifest.peerDependencies?.effect]).toEqual([
        pkg,
        undefined,
        "Apache-2.0",
        "^4.1.0"
      ])
      expect(manifest.dependencies?.effect, pkg).toBeUndefined()
      const files = packed.get(pkg) ?? []
      expect(files, pkg).toContain("LICENSE")
      expect(files, pkg).toContain("README.md")
      expect(files, pkg).toContain("dist/index.js")
      expect(
        files.filter((f) => f.startsWith("test/")),
        pkg
      ).toEqual([])
    }
    expect(packed.get("cli")).toContain("bin/personalize-ops.js")
  })

  it(
    "a fresh project imports core, runs a memory simulation and a handler",
    async () => {
      const config = join(repo, "examples", "configs", "movielens.json")
      await writeFile(
        join(project, "consumer.mjs"),
        `
import { readFileSync } from "node:fs"
import { Config } from "@personalize-ops/core"
import { layerMemoryEventStore, layerMemoryJobReadModel, simulateDeployment } from "@personalize-ops/adapters-memory"
import { JobsHandlers } from "@personalize-ops/handlers"
import { ConfigProvider, Effect, Layer } from "effect"

const decoded = Config.decodeConfig(JSON.parse(readFileSync(${JSON.stringify(config)}, "utf8")))
if (!decoded.valid) throw new Error(JSON.stringify(decoded.issues))
const simulation = await Effect.runPromise(simulateDeployment(decoded.deployment, { seed: 7 }))

const settings = JobsHandlers.JobsSettings.layer.pipe(
  Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({ JOBS_TABLE: "t" })))
)
const handler = JobsHandlers.makeJobsEventsHandler(Layer.mergeAll(settings, layerMemoryEventStore, layerMemoryJobReadModel))
const outcome = await handler({
  version: "0", id: "e1", "detail-type": "Batch Job State Change", source: "aws.batch", account: "123456789012",
  time: "2026-11-23T10:00:01Z", region: "eu-west-1",
  detail: { jobName: "train", jobId: "j-1", jobQueue: "arn:aws:batch:eu-west-1:123456789012:job-queue/q", status: "RUNNABLE",
    createdAt: Date.parse("2026-11-23T10:00:00Z"), jobDefinition: "arn:aws:batch:eu-west-1:123456789012:job-definition/d:1" }
})
await handler.runtime.dispose()
console.log(JSON.stringify({ ok: simulation.ok, resources: simulation.resources.length, outcome }))
`
      )
      const { stdout } = await exec(process.execPath, ["consumer.mjs"], { cwd: project, timeout: generous })
      const result = JSON.parse(stdout)
      expect(result.ok).toBe(true)
      expect(result.resources).toBeGreaterThan(5)
      expect(result.outcome).toEqual({ status: "recorded", jobId: "j-1", jobStatus: "RUNNABLE" })
    },
    generous
  )

  it(
    "the testing kits resolve from the published packages, to their builds, and load",
    async () => {
      await writeFile(
        join(project, "kits.mjs"),
        `
const core = await import("@personalize-ops/core/testing")
const handlers = await import("@personalize-ops/handlers/testing")
console.log(JSON.stringify({
  core: import.meta.resolve("@personalize-ops/core/testing"),
  handlers: import.meta.resolve("@personalize-ops/handlers/testing"),
  contract: typeof core.eventStoreContract,
  corpus: core.segmentCorpus().length,
  bundles: typeof handlers.sharedBundles
}))
`
      )
      const { stdout } = await exec(process.execPath, ["kits.mjs"], { cwd: project, timeout: generous })
      const kits = JSON.parse(stdout)
      expect(kits.core).toMatch(/\/node_modules\/@personalize-ops\/core\/dist\/testing\/index\.js$/)
      expect(kits.handlers).toMatch(/\/node_modules\/@personalize-ops\/handlers\/dist\/testing\/index\.js$/)
      expect([kits.contract, kits.bundles]).toEqual(["function", "function"])
      expect(kits.corpus).toBeGreaterThan(0)
    },
    generous
  )

  it(
    "the personalize-ops bin runs from the installed package",
    async () => {
      const bin = join(project, "node_modules", "@personalize-ops", "cli", "bin", "personalize-ops.js")
      const version = await exec(process.execPath, [bin, "--version"], { cwd: project })
      expect(version.stdout).toBe("0.1.0\n")
      const config = join(repo, "examples", "configs", "movielens.json")
      const valid = await exec(process.execPath, [bin, "validate", config, "--json"], { cwd: project })
      expect(JSON.parse(valid.stdout)).toMatchObject({ valid: true })
    },
    generous
  )
})
