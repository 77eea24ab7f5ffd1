import { execFile } from "node:child_process"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { promisify } from "node:util"
import { build } from "esbuild"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bundleOptions, sdkClientsOf } from "../src/bundling.ts"
import { type LambdaEntry, lambdaEntries } from "../src/entries.ts"

const run = promisify(execFile)

// Dummy values for every variable an entry requires; a required one left out would fail the cold start.
const dummyEnv: { readonly [name: string]: string } = {
  PERSONALIZE_TRACKING_ID: "00000000-0000-0000-0000-000000000000",
  DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/dlq",
  EVENT_STORE_TABLE: "PersonalizeOpsEvents",
  JOBS_TABLE: "PersonalizeOpsJobs"
}

// Imports a bundle with every socket connect and DNS lookup turned into a crash: initialising a
// handler must not touch the network (clients are built, never called, before the first event).
const importScript = `
import net from "node:net"
import dns from "node:dns"
const deny = (what) => () => { console.error("network at init: " + what); process.exit(3) }
net.Socket.prototype.connect = deny("connect")
dns.lookup = deny("dns.lookup")
dns.promises.lookup = deny("dns.promises.lookup")
const mod = await import(process.argv[1])
const handler = mod[process.argv[2]]
if (typeof handler !== "function") { console.error("no handler export " + process.argv[2]); process.exit(4) }
console.log("initialised")
`

interface Bundled {
  readonly entry: LambdaEntry
  readonly file: string
  readonly clients: ReadonlyArray<string>
}

let dir: string
let bundles: ReadonlyArray<Bundled>

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "personalize-ops-bundles-"))
  bundles = await Promise.all(
    lambdaEntries.map(async (entry) => {
      const outdir = join(dir, entry.name)
      const result = await build({ ...bundleOptions(entry, outdir), logLevel: "silent" })
      return { entry, file: join(outdir, "index.mjs"), clients: sdkClientsOf(result.metafile.inputs) }
    })
  )
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe("handler bundles", () => {
  it("every entry bundles exactly the SDK clients it declares", () => {
    for (const b of bundles)
      expect({ [b.entry.name]: b.clients }).toEqual({ [b.entry.name]: [...b.entry.sdkClients].sort() })
  })

  it("every bundle initialises in a fresh Node process with its required variables, without the network", async () => {
    const outcomes = await Promise.all(
      bundles.map(async (b) => {
        const env: Record<string, string> = { PATH: process.env.PATH ?? "", AWS_REGION: "us-east-1" }
        for (const v of b.entry.env) {
          if (!v.required) continue
          const value = dummyEnv[v.name]
          if (value === undefined) throw new Error(`no dummy value for ${v.name} (${b.entry.name})`)
          env[v.name] = value
        }
        const { stdout } = await run(
          process.execPath,
          ["--input-type=module", "-e", importScript, pathToFileURL(b.file).href, b.entry.export],
          { env, timeout: 20_000 }
        )
        return [b.entry.name, stdout.trim()]
      })
    )
    expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(bundles.map((b) => [b.entry.name, "initialised"])))
  })

  it("a bundle missing a required variable fails its cold start naming it", async () => {
    const kinesis = bundles.find((b) => b.entry.name === "ingestion-kinesis")
    if (kinesis === undefined) throw new Error("ingestion-kinesis is not in the table")
    const failure = await run(
      process.execPath,
      ["--input-type=module", "-e", importScript, pathToFileURL(kinesis.file).href, "handler"],
      {
        env: { PATH: process.env.PATH ?? "", DEAD_LETTER_QUEUE_URL: dummyEnv.DEAD_LETTER_QUEUE_URL ?? "" },
        timeout: 20_000
      }
    ).then(
      () => "",
      (e: { stderr?: string }) => e.stderr ?? ""
    )
    expect(failure).toContain("PERSONALIZE_TRACKING_ID")
  })
})
