import type { CliIo } from "./Io.ts"

/** Exit codes shared by every command: 0 ok, 1 the input is invalid / the job failed, 2 usage or I/O. */
export const ExitCode = { Ok: 0, Invalid: 1, Usage: 2 } as const

/** One `personalize-ops <name …>` command. `run` returns the exit code. */
export interface Command {
  /** The words that select it, e.g. `["validate"]` or `["events", "map"]`. */
  readonly path: ReadonlyArray<string>
  readonly usage: string
  readonly summary: string
  readonly run: (args: ReadonlyArray<string>, io: CliIo) => Promise<number>
}
