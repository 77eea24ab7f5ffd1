import { recordingIo, runCli } from "@personalize-ops/cli"
import { describe, expect, it } from "vitest"

describe("twin serve", () => {
  it("prints `listening on http://HOST:PORT` first, serves awsJson1.1, and stops cleanly on SIGTERM", async () => {
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
})
