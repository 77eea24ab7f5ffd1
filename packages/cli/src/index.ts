/** @personalize-ops/cli — the `personalize-ops` command, usable as a library for tests and scripts. */
export * from "./Command.ts"
export * from "./configFile.ts"
export * from "./Io.ts"
export * from "./run.ts"
