// Benchmark: each handler bundle's size and cold-import time against a floor bundle that holds only the
// same AWS SDK clients and a trivial handler (bundled with the same options). The floor constructs one
// instance of each client at module scope, as AWS advises any handler to do and as ours do at init: the
// SDK resolves its configuration (credential chain, HTTP handler, region providers) in the constructor,
// and that is the SDK's cost, not ours. What is above the floor is ours and effect's. Each import is a fresh Node process measuring `await import(bundle)` inside itself,
// bundle and floor alternately. What is measured is the CPU time the import takes (user + system, every
// thread of the process): on an idle machine that is its wall time, and on a busy one it does not grow
// with the time spent waiting for a core, so the ratio holds there too. Each pair of runs gives a
// ratio; the median of those is printed. Target: import time ≤ 1.5× the floor's (printed as ratios;
// nothing asserts it).
import { spawnSync } from "node:child_process"
import { mkdir, rm, stat, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { build } from "esbuild"
import { bundleOptions, handlersRoot } from "../src/bundling.ts"
import { lambdaEntries } from "../src/entries.ts"
import type { SdkClient } from "../src/LambdaEntry.ts"
import { dummyEnv, sharedBundles } from "../testing/bundles.ts"

const RUNS = 11
const clientClass: { readonly [C in SdkClient]: string } = {
  "client-batch": "BatchClient",
  "client-cloudwatch": "CloudWatchClient",
  "client-dynamodb": "DynamoDBClient",
  "client-eventbridge": "EventBridgeClient",
  "client-personalize": "PersonalizeClient",
  "client-personalize-events": "PersonalizeEventsClient",
  "client-s3": "S3Client",
  "client-scheduler": "SchedulerClient",
  "client-sfn": "SFNClient",
  "client-sns": "SNSClient",
  "client-sqs": "SQSClient"
}

const floorDir = join(handlersRoot, ".tmp-floor-bundles")
await rm(floorDir, { recursive: true, force: true })
await mkdir(floorDir, { recursive: true })

/** The floor of an entry: one instance of each of its SDK clients, built at module scope, and nothing else. */
const floorBundle = async (name: string, clients: ReadonlyArray<SdkClient>): Promise<string> => {
  const source = join(floorDir, `${name}.mjs`)
  await writeFile(
    source,
    `${clients.map((c) => `import { ${clientClass[c]} } from "@aws-sdk/${c}"`).join("\n")}
const clients = [${clients.map((c) => `new ${clientClass[c]}({})`).join(", ")}]
export const handler = async () => ({ clients: clients.length })
`
  )
  const outdir = join(floorDir, name)
  const options = bundleOptions({ module: "" } as never, outdir)
  await build({ ...options, entryPoints: { index: source }, nodePaths: [join(handlersRoot, "node_modules")] })
  return join(outdir, "index.mjs")
}

// Measures the import inside the process: Node's own start is the same for both and left out. The count
// runs until the process has nothing left to do, so it holds everything the import set in motion: the
// SDK's constructors start reading the shared config files (~/.aws/config) asynchronously, which a handler
// pays before its first call whether that happens during our init (which spans event-loop turns) or
// after the floor's import resolved.
const importScript = `
const start = process.cpuUsage()
await import(process.argv[1])
process.on("exit", () => {
  const spent = process.cpuUsage(start)
  console.log((spent.user + spent.system) / 1000)
})
`
const importMs = (file: string, env: Record<string, string>): number => {
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", importScript, pathToFileURL(file).href], {
    env,
    encoding: "utf8",
    // The count waits for the process to end: a bundle that leaves a timer or socket open must not hang the bench.
    timeout: 120_000
  })
  if (run.status !== 0) throw new Error(`import ${file}: ${run.error?.message ?? run.stderr}`)
  return Number(run.stdout.trim())
}
const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0).padStart(5)} KiB`

const bundles = await sharedBundles(lambdaEntries)
console.log(
  `${"bundle".padEnd(26)} ${"size".padStart(9)} ${"floor".padStart(9)}  size×  ${"import".padStart(8)} ${"floor".padStart(8)}  import× (CPU ms, medians; target ≤ 1.5×)`
)
const ratios: Array<number> = []
for (const b of bundles) {
  const floor = await floorBundle(b.entry.name, b.entry.sdkClients)
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", AWS_REGION: "us-east-1", ...dummyEnv }
  const ours: Array<number> = []
  const base: Array<number> = []
  importMs(b.file, env) // the first run of a file pays the disk cache; not counted
  importMs(floor, env)
  for (let i = 0; i < RUNS; i++) {
    ours.push(importMs(b.file, env))
    base.push(importMs(floor, env))
  }
  const ratio = median(ours.map((ms, i) => ms / (base[i] as number)))
  const floorBytes = (await stat(floor)).size
  ratios.push(ratio)
  console.log(
    `${b.entry.name.padEnd(26)} ${kib(b.bytes)} ${kib(floorBytes)}  ${(b.bytes / floorBytes).toFixed(2)}×  ${median(ours).toFixed(0).padStart(5)} ms ${median(base).toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}×`
  )
}
console.log(`worst import ratio ${Math.max(...ratios).toFixed(2)}× (target ≤ 1.5×)`)
await rm(floorDir, { recursive: true, force: true })
