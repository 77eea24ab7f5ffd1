import { type ChildProcess, spawn } from "node:child_process"
import { once } from "node:events"
import { createServer } from "node:net"
import { join } from "node:path"
import { recordingIo, runCli } from "@personalize-ops/cli"
import { afterEach, describe, expect, it } from "vitest"

// The `personalize-ops` command as a user runs it (the bin runs the build, or the sources when newer).
const bin = join(import.meta.dirname, "..", "bin", "personalize-ops.js")
const started: Array<ChildProcess> = []
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
})

/** Starts `personalize-ops twin serve` on 127.0.0.1, port 0; resolves with its first stdout line. */
const spawnServe = (): {
  readonly child: ChildProcess
  readonly firstLine: Promise<string>
  readonly stderr: () => string
} => {
  const child = spawn(process.execPath, [bin, "twin", "serve", "--host", "127.0.0.1", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"]
  })
  started.push(child)
  let out = ""
  let err = ""
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8")
  })
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8")
      if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")))
    })
    child.once("exit", (code, signal) =>
      reject(new Error(`twin serve ended (${code ?? signal}) before listening: ${err}`))
    )
  })
  return { child, firstLine, stderr: () => err }
}

/** Whether a new server can listen on host:port (the port was released). */
const canListen = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer()
    probe.once("error", () => resolve(false))
    probe.listen(port, host, () => probe.close(() => resolve(true)))
  })

describe("twin serve", () => {
  it("prints `listening on http://HOST:PORT` first, serves awsJson1.1, and stops cleanly on SIGTERM", async () => {
    const listeners = { SIGINT: process.listenerCount("SIGINT"), SIGTERM: process.listenerCount("SIGTERM") }
    const out = recordingIo()
    const exit = runCli(["twin", "serve", "--port", "0", "--speed", "1000000", "--seed", "7"], out.io)
    while (!out.stdout().includes("\n")) await new Promise((resolve) => setTimeout(resolve, 10))
    const line = out.stdout().split("\n")[0] as string
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/)
    const url = line.slice("listening on ".length)
    const res = await fetch(url, {
      method: "POST",
      headers: { "x-amz-target": "AmazonPersonalize.ListDatasetGroups" },
      body: "{}"
    })
    expect(await res.json()).toEqual({ datasetGroups: [] })
    // The command waits for SIGINT/SIGTERM; emitting the event runs its handler without ending vitest.
    process.emit("SIGTERM")
    expect(await exit).toBe(0)
    // Stopped, it leaves no signal listener behind (neither the SIGTERM one nor the unused SIGINT one).
    expect({ SIGINT: process.listenerCount("SIGINT"), SIGTERM: process.listenerCount("SIGTERM") }).toEqual(listeners)
  })

  it.each([
    [["--speed", "0"], "--speed must be a number > 0"],
    [["--port", "70000"], "--port must be a port number"],
    [["--faults", "some"], "faults"],
    [["--seed", "x"], "seed"]
  ])("usage error %j", async (args, message) => {
    const out = recordingIo()
    expect(await runCli(["twin", "serve", ...args], out.io)).toBe(2)
    expect(out.stderr()).toContain(message)
  })

  it.each(["SIGINT", "SIGTERM"] as const)(
    "a running `personalize-ops twin serve` process stops on %s: exit code 0, nothing on stderr, its port free again",
    async (signal) => {
      const serve = spawnServe()
      const exited = once(serve.child, "exit")
      const line = await serve.firstLine
      const match = /^listening on http:\/\/(127\.0\.0\.1):(\d+)$/.exec(line)
      expect(match).not.toBeNull()
      const [, host, port] = match as unknown as [string, string, string]
      // It serves, and the client keeps its connection open (fetch keeps connections alive) while it stops.
      const res = await fetch(`http://${host}:${port}`, {
        method: "POST",
        headers: { "x-amz-target": "AmazonPersonalize.ListDatasetGroups" },
        body: "{}"
      })
      expect(await res.json()).toEqual({ datasetGroups: [] })
      expect(await canListen(host, Number(port))).toBe(false)
      serve.child.kill(signal)
      // Bounded only by the test timeout: a server that does not stop fails here, however slow the machine.
      const [code, killedBy] = await exited
      expect({ code, killedBy, stderr: serve.stderr() }).toEqual({ code: 0, killedBy: null, stderr: "" })
      expect(await canListen(host, Number(port))).toBe(true)
    }
  )
})
