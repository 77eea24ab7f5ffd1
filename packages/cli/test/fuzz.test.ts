import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { recordingIo, runCli } from "../src/index.ts"

// The CLI's decoders take any input without crashing: NDJSON lines are each accepted or rejected
// (exit 0), a config file is valid, its issues listed, or named not JSON (exit 0, 1, 2); never a crash.
const deep = (n: number) => "[".repeat(n) + "]".repeat(n)
const line = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
  fc.constantFrom(deep(10_000), `{"detail":${deep(5_000)}}`, `{"properties":${deep(5_000)}}`)
)

describe("fuzz: the CLI decoders take any input", () => {
  it("jobs report and events map: every line accepted or rejected, exit 0", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 5 }), async (lines) => {
        for (const args of [
          ["jobs", "report", "--json"],
          ["events", "map", "--json"]
        ]) {
          const io = recordingIo({ stdin: lines.join("\n") })
          expect(await runCli(args, io.io), `${args.join(" ")}: ${io.stderr()}`).toBe(0)
        }
      }),
      { numRuns: 60 }
    )
  })

  it("validate: any file is a config, a list of issues, or not JSON (exit 0, 1 or 2 with the reason)", async () => {
    await fc.assert(
      fc.asyncProperty(line, async (text) => {
        const io = recordingIo({ files: { "c.json": text } })
        expect([0, 1, 2]).toContain(await runCli(["validate", "c.json"], io.io))
        expect(io.stderr()).not.toMatch(/Maximum call stack|RangeError|TypeError/)
      }),
      { numRuns: 60 }
    )
  })
})
