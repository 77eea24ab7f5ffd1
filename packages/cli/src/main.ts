#!/usr/bin/env node
import { processIo } from "./Io.ts"
import { runCli } from "./run.ts"

// A reader that stops early (`personalize-ops … | head`) closes the pipe: that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0)
  throw error
})

process.exitCode = await runCli(process.argv.slice(2), processIo)
