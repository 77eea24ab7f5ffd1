#!/usr/bin/env node
import { processIo } from "./Io.ts"
import { runCli } from "./run.ts"

process.exitCode = await runCli(process.argv.slice(2), processIo)
