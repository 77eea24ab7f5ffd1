/**
 * The handler bundles built once per run and shared by every test, script and bench that needs them
 * (esbuild is a build-time tool, so this lives beside the package's sources, not in them).
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises"
import { join, resolve } from "node:path"
import { bundleOptions, handlersRoot, sdkClientsOf } from "@personalize-ops/handlers/bundling"
import type { LambdaEntry } from "@personalize-ops/handlers/entries"
import { build, version } from "esbuild"

/** One entry bundled: its `index.mjs`, its size and the SDK clients it contains. */
export interface BuiltBundle {
  readonly entry: LambdaEntry
  readonly file: string
  readonly bytes: number
  readonly clients: ReadonlyArray<string>
}

interface Manifest {
  readonly fingerprint: string
  readonly builtAt: number
  readonly bundles: ReadonlyArray<{
    readonly name: string
    readonly bytes: number
    readonly clients: ReadonlyArray<string>
  }>
  /** Every source file the bundles were built from (absolute paths). */
  readonly inputs: ReadonlyArray<string>
}

/** Dummy values for every variable an entry requires (a required one left out would fail the cold start). */
export const dummyEnv: { readonly [name: string]: string } = {
  PERSONALIZE_TRACKING_ID: "00000000-0000-0000-0000-000000000000",
  DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/dlq",
  EVENT_STORE_TABLE: "PersonalizeOpsEvents",
  JOBS_TABLE: "PersonalizeOpsJobs",
  STATE_MACHINE_ARN: "arn:aws:states:us-east-1:123456789012:stateMachine:personalize-ops-provisioning",
  CONFIG_BUCKET: "personalize-ops-configs"
}

/** The folder `npm run bundle` writes and the tests share: `packages/handlers/dist-bundle`. */
export const bundlesDir = join(handlersRoot, "dist-bundle")

// What, besides the sources, decides the bundles' bytes: the entries, their options, the esbuild version.
const fingerprintOf = (entries: ReadonlyArray<LambdaEntry>, esbuildVersion: string) =>
  JSON.stringify({ esbuildVersion, options: entries.map((e) => ({ name: e.name, ...bundleOptions(e, e.name) })) })

/**
 * Bundles every entry into `<outdir>/<name>/index.mjs` (esbuild, two at a time: a busy machine
 * has few cores) and writes `<outdir>/manifest.json`, which `sharedBundles` checks for staleness.
 */
export const buildBundles = async (
  entries: ReadonlyArray<LambdaEntry>,
  outdir: string
): Promise<ReadonlyArray<BuiltBundle>> => {
  const builtAt = Date.now()
  const inputs = new Set<string>()
  const built: Array<BuiltBundle> = []
  const queue = [...entries]
  const worker = async () => {
    for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) {
      const dir = join(outdir, entry.name)
      const result = await build({ ...bundleOptions(entry, dir), logLevel: "silent" })
      for (const input of Object.keys(result.metafile.inputs)) inputs.add(resolve(input))
      const file = join(dir, "index.mjs")
      built.push({ entry, file, bytes: (await stat(file)).size, clients: sdkClientsOf(result.metafile.inputs) })
    }
  }
  await mkdir(outdir, { recursive: true })
  await Promise.all([worker(), worker()])
  const ordered = entries.map((e) => built.find((b) => b.entry === e) as BuiltBundle)
  const manifest: Manifest = {
    fingerprint: fingerprintOf(entries, version),
    builtAt,
    bundles: ordered.map((b) => ({ name: b.entry.name, bytes: b.bytes, clients: b.clients })),
    inputs: [...inputs].sort()
  }
  await writeFile(join(outdir, "manifest.json"), `${JSON.stringify(manifest, null, 1)}\n`)
  return ordered
}

/**
 * The bundles of every entry in `dist-bundle`, built once and shared by every test and script of a
 * run: rebuilt only when missing or stale (an input file changed since, another entry table, other
 * options or another esbuild). A rebuild goes to a temporary folder that then replaces `dist-bundle`.
 */
export const sharedBundles = async (entries: ReadonlyArray<LambdaEntry>): Promise<ReadonlyArray<BuiltBundle>> => {
  const fresh = async (): Promise<Manifest | undefined> => {
    try {
      const manifest = JSON.parse(await readFile(join(bundlesDir, "manifest.json"), "utf8")) as Manifest
      if (manifest.fingerprint !== fingerprintOf(entries, version)) return undefined
      for (const input of manifest.inputs) if ((await stat(input)).mtimeMs > manifest.builtAt) return undefined
      for (const b of manifest.bundles) await stat(join(bundlesDir, b.name, "index.mjs"))
      return manifest
    } catch {
      return undefined
    }
  }
  const manifest = await fresh()
  if (manifest !== undefined)
    return entries.map((entry) => {
      const b = manifest.bundles.find((m) => m.name === entry.name) as Manifest["bundles"][number]
      return { entry, file: join(bundlesDir, entry.name, "index.mjs"), bytes: b.bytes, clients: b.clients }
    })
  const tmp = `${bundlesDir}.${process.pid}.tmp`
  await rm(tmp, { recursive: true, force: true })
  const built = await buildBundles(entries, tmp)
  const old = `${bundlesDir}.${process.pid}.old`
  await rename(bundlesDir, old).catch(() => undefined)
  await rename(tmp, bundlesDir).catch(() => rm(tmp, { recursive: true, force: true }))
  await rm(old, { recursive: true, force: true })
  return built.map((b) => ({ ...b, file: join(bundlesDir, b.entry.name, "index.mjs") }))
}
