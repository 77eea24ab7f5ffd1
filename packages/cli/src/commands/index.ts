import type { Command } from "../Command.ts"
import { apply } from "./apply.ts"
import { plan } from "./plan.ts"
import { simulate } from "./simulate.ts"

/** Every command of the CLI. Each lives in its own file in this folder. */
export const commands: ReadonlyArray<Command> = [plan, apply, simulate]
