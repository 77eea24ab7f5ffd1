// Runs `simulate --json --report out.html` on the example config (shared by the report's tests).
import { join } from "node:path"
import { processIo, recordingIo } from "../src/Io.ts"
import { runCli } from "../src/run.ts"

export const config = join(import.meta.dirname, "..", "..", "..", "examples", "configs", "movielens.json")

/** Runs simulate on the example config with the real file system for reading, recording what it writes. */
export const simulateWithReport = async (...flags: ReadonlyArray<string>) => {
  const out = recordingIo()
  const code = await runCli(["simulate", config, "--json", "--report", "out.html", ...flags], {
    ...out.io,
    readFile: processIo.readFile
  })
  return { code, json: JSON.parse(out.stdout()), html: out.written("out.html") ?? "", stderr: out.stderr() }
}
