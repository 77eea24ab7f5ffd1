import type { Command } from "../Command.ts"
import { validateCommand } from "./validate.ts"

/** Every command of the CLI. Each lives in its own file in this folder. */
export const commands: ReadonlyArray<Command> = [validateCommand]
