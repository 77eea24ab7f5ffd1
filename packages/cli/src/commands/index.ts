import type { Command } from "../Command.ts"
import { dashboardRender } from "./dashboardRender.ts"
import { eventsMap } from "./eventsMap.ts"

/** Every command of the CLI. Each lives in its own file in this folder. */
export const commands: ReadonlyArray<Command> = [eventsMap, dashboardRender]
