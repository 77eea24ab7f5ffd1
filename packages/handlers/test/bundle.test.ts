import { execFile } from "node:child_process"
import { pathToFileURL } from "node:url"
import { promisify } from "node:util"
import { beforeAll, describe, expect, it } from "vitest"
import { lambdaEntries } from "../src/entries.ts"
import { type BuiltBundle, dummyEnv, sharedBundles } from "../testing/bundles.ts"

const run = promisify(execFile)

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

// No limit that a busy machine could hit: the bundles are built once per run (turbo's `bundle` task,
// or here when stale) and each cold start is its own process.
const generous = 600_000

let bundles: ReadonlyArray<BuiltBundle>

beforeAll(async () => {
  bundles = await sharedBundles(lambdaEntries)
}, generous)

/** Runs `f` over `items` two at a time (the machine may have only two cores). */
const twoAtATime = async <A, B>(items: ReadonlyArray<A>, f: (a: A) => Promise<B>): Promise<Array<B>> => {
  const out: Array<B> = []
  for (let i = 0; i < items.length; i += 2) out.push(...(await Promise.all(items.slice(i, i + 2).map(f))))
  return out
}

describe("handler bundles", () => {
  it("every entry bundles exactly the SDK clients it declares", () => {
    for (const b of bundles)
      expect({ [b.entry.name]: b.clients }).toEqual({ [b.entry.name]: [...b.entry.sdkClients].sort() })
  })

  it(
    "every bundle initialises in a fresh Node process with its required variables, without the network",
    async () => {
      const outcomes = await twoAtATime(bundles, async (b) => {
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
          { env, timeout: generous }
        )
        return [b.entry.name, stdout.trim()]
      })
      expect(Object.fromEntries(outcomes)).toEqual(
        Object.fromEntries(bundles.map((b) => [b.entry.name, "initialised"]))
      )
    },
    generous
  )

  it(
    "every bundle builds its runtime at init: a missing required variable (or a bad setting) fails the cold start naming it",
    async () => {
      // Entries without a required variable are broken by a setting their capability refuses.
      const badSetting: { readonly [capability: string]: readonly [string, string] } = {
        monitoring: ["IdleThresholdHours", "0"],
        provisioning: ["STATE_MACHINE_ARN", "not-a-state-machine"]
      }
      const outcomes = await twoAtATime(bundles, async (b) => {
        const env: Record<string, string> = { PATH: process.env.PATH ?? "", AWS_REGION: "us-east-1" }
        for (const v of b.entry.env) if (v.required) env[v.name] = dummyEnv[v.name] ?? ""
        const required = b.entry.env.find((v) => v.required)
        const bad = badSetting[b.entry.capability]
        let variable: string
        if (required !== undefined) {
          delete env[required.name]
          variable = required.name
        } else if (bad !== undefined) {
          env[bad[0]] = bad[1]
          variable = bad[0]
        } else throw new Error(`no way to break ${b.entry.name}'s init: add a bad setting for ${b.entry.capability}`)
        const stderr = await run(
          process.execPath,
          ["--input-type=module", "-e", importScript, pathToFileURL(b.file).href, b.entry.export],
          { env, timeout: generous }
        ).then(
          () => "initialised",
          (e: { stderr?: string }) => e.stderr ?? ""
        )
        return [b.entry.name, stderr.includes(variable) && stderr.includes("SettingsError") ? variable : stderr]
      })
      expect(Object.fromEntries(outcomes)).toEqual(
        Object.fromEntries(
          bundles.map((b) => [
            b.entry.name,
            b.entry.env.find((v) => v.required)?.name ?? badSetting[b.entry.capability]?.[0]
          ])
        )
      )
    },
    generous
  )
})
