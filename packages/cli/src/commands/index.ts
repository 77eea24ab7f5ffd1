import type { Command } from "../Command.ts"
import { dashboardRender } from "./dashboardRender.ts"
import { eventsMap } from "./eventsMap.ts"
import { jobsReport } from "./jobsReport.ts"
import { jobsServe } from "./jobsServe.ts"
import { validateCommand } from "./validate.ts"

/** Every command of the CLI. Each lives in its own file in this folder. */
export const commands: ReadonlyArray<Command> = [validateCommand, eventsMap, jobsReport, jobsServe, dashboardRender]
