import type { Command } from "../Command.ts"
import { apply } from "./apply.ts"
import { dashboardRender } from "./dashboardRender.ts"
import { eventsMap } from "./eventsMap.ts"
import { jobsReport } from "./jobsReport.ts"
import { jobsServe } from "./jobsServe.ts"
import { plan } from "./plan.ts"
import { schedulesActivate, schedulesDeactivate, schedulesList, schedulesRunNow } from "./schedules.ts"
import { simulate } from "./simulate.ts"
import { validateCommand } from "./validate.ts"

/** Every command of the CLI. Each lives in its own file in this folder. */
export const commands: ReadonlyArray<Command> = [
  validateCommand,
  plan,
  apply,
  simulate,
  schedulesList,
  schedulesActivate,
  schedulesDeactivate,
  schedulesRunNow,
  eventsMap,
  jobsReport,
  jobsServe,
  dashboardRender
]
