// `personalize-ops twin serve` as a child process, for tests that run the real SDK client against the
// twin. adapters-aws may not import adapters-memory (the architecture test checks test/ too), so the
// test does what a user does: it starts the built CLI, reads its first stdout line
// (`listening on http://HOST:PORT`) and stops it with SIGTERM. The CLI path is resolved at run time
// from this file; turbo builds @personalize-ops/cli before this package's tests (turbo.json).
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { PersonalizeClient } from "@aws-sdk/client-personalize"

const cli = fileURLToPath(new URL("../../../cli/dist/main.js", import.meta.url))

export interface ServedTwin {
  readonly endpoint: string
  /** A real SDK client on the twin (SDK retries off: the adapter's own retry policy is under test). */
  readonly client: PersonalizeClient
  readonly stop: () => Promise<void>
}

export interface ServeOptions {
  readonly speed?: number
  readonly seed?: number
  readonly faults?: "none" | "light" | "heavy"
}

const firstLine = (child: ChildProcess): Promise<string> =>
  new Promise((resolve, reject) => {
    let out = ""
    let err = ""
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8")
    })
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8")
      const newline = out.indexOf("\n")
      if (newline >= 0) resolve(out.slice(0, newline))
    })
    child.once("exit", (code) => reject(new Error(`twin serve exited (${code}) before listening: ${err}`)))
  })

/** Starts `twin serve` on 127.0.0.1 with a free port. */
export const serveTwin = async (options: ServeOptions = {}): Promise<ServedTwin> => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build @personalize-ops/cli first (turbo does)`)
  const child = spawn(
    process.execPath,
    [
      cli,
      "twin",
      "serve",
      "--port",
      "0",
      "--speed",
      String(options.speed ?? 100_000),
      "--seed",
      String(options.seed ?? 1),
      "--faults",
      options.faults ?? "none"
    ],
    { stdio: ["ignore", "pipe", "pipe"] }
  )
  const line = await firstLine(child)
  const match = /^listening on (http:\/\/\S+)$/.exec(line)
  if (match === null) {
    child.kill("SIGTERM")
    throw new Error(`unexpected first line from twin serve: ${line}`)
  }
  const endpoint = match[1] as string
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const client = new PersonalizeClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1
  })
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy()
      if (child.exitCode === null) child.kill("SIGTERM")
      await exited
    }
  }
}
