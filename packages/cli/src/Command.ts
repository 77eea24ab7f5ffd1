/**
 * What every command shares: exit codes, the Io it writes to, and `handler`, which turns an async body
 * into an effect/cli handler. A command is one file in `src/commands/` (an effect/cli `Command`: its
 * arguments, flags and description) plus one line in `src/commands/index.ts`.
 *
 * Startup stays fast because a command file imports statically only effect's CLI modules and this
 * file: the body loads what its work needs (`await import(...)`: core, the adapters, the AWS SDK), so
 * `help` and every other command do not pay for it. A test walks the static imports from `main.ts`.
 */

import * as Context from "effect/Context"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { CliIo } from "./Io.ts"

/** Exit codes shared by every command: 0 ok, 1 findings (invalid input, a failed job), 2 usage or I/O. */
export const ExitCode = { Ok: 0, Invalid: 1, Usage: 2 } as const

/** The Io a run writes to and where its exit code goes (provided by `runCli`). */
export class CommandIo extends Context.Service<
  CommandIo,
  { readonly io: CliIo; readonly exit: (code: number) => void }
>()("@personalize-ops/cli/CommandIo") {}

/**
 * An effect/cli handler from an async body that gets the parsed input and the Io and returns the exit
 * code. A body that throws prints `personalize-ops <command>: <message>` and exits 2.
 */
export const handler =
  <I>(command: string, body: (input: I, io: CliIo) => Promise<number>) =>
  (input: I): Effect.Effect<void, never, CommandIo> =>
    CommandIo.use(({ io, exit }) => runBody(command, body, input, io, exit))

/** Runs a command's body and exits with its code; a body that throws exits 2 after printing why. */
const runBody = <I>(
  command: string,
  body: (input: I, io: CliIo) => Promise<number>,
  input: I,
  io: CliIo,
  exit: (code: number) => void
) =>
  Effect.promise(async () => {
    try {
      exit(await body(input, io))
    } catch (error) {
      io.stderr(`personalize-ops ${command}: ${error instanceof Error ? error.message : String(error)}\n`)
      exit(ExitCode.Usage)
    }
  })

/** Prints a usage problem the flags could not express (`--a goes with --b`) and returns exit 2. */
export const usageError = (io: CliIo, command: string, problem: string): number => {
  io.stderr(`personalize-ops ${command}: ${problem}\n(personalize-ops ${command} --help shows the usage)\n`)
  return ExitCode.Usage
}

/**
 * A flag that may be left out, read as its value or `undefined`: the one way the commands take an
 * optional flag (`Flag.String("rules").pipe(optionalFlag, Flag.withMetavar(…), Flag.withDescription(…))`).
 */
export const optionalFlag = <A>(flag: Flag.Flag<A>): Flag.Flag<A | undefined> =>
  flag.pipe(Flag.optional, Flag.map(Option.getOrUndefined))

/** An optional `--name VALUE` text flag (a file, an ARN, a name), read as its value or `undefined`. */
export const optionalText = (name: string, metavar: string, description: string): Flag.Flag<string | undefined> =>
  Flag.String(name).pipe(optionalFlag, Flag.withMetavar(metavar), Flag.withDescription(description))

/** A `--name` switch: false unless given. */
export const switchFlag = (name: string, description: string): Flag.Flag<boolean> =>
  Flag.Boolean(name).pipe(Flag.withDefault(false), Flag.withDescription(description))
