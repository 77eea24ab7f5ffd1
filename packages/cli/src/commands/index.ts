/**
 * Every command of the CLI, on effect's CLI module. To add one: a file in this folder exporting an
 * effect/cli `Command` (see validate.ts: arguments, flags, description, and a `handler` whose body
 * loads its work with `await import(...)`), then one line below (inside its group for `noun verb`).
 */
import * as Command from "effect/cli/Command"
import { apply } from "./apply.ts"
import { dashboardRender } from "./dashboardRender.ts"
import { destroy } from "./destroy.ts"
import { eventsMap } from "./eventsMap.ts"
import { jobsReport } from "./jobsReport.ts"
import { jobsServe } from "./jobsServe.ts"
import { monitorHistory } from "./monitorHistory.ts"
import { monitorReport } from "./monitorReport.ts"
import { monitorSimulate } from "./monitorSimulate.ts"
import { plan } from "./plan.ts"
import { schedulesActivate, schedulesDeactivate, schedulesList, schedulesRunNow } from "./schedules.ts"
import { simulate } from "./simulate.ts"
import { twinServe } from "./twinServe.ts"
import { validate } from "./validate.ts"
import { workflowDefinition, workflowRun } from "./workflow.ts"

/** `personalize-ops <noun> <verb>`: a command with subcommands only. */
const group = <const Subcommands extends ReadonlyArray<Command.Command.Any>>(
  name: string,
  description: string,
  subcommands: Subcommands
) => Command.make(name).pipe(Command.withDescription(description), Command.withSubcommands(subcommands))

export const commands = [
  validate,
  plan,
  apply,
  destroy,
  simulate,
  group("schedules", "scheduled maintenance: imports, retraining, batch runs", [
    schedulesList,
    schedulesActivate,
    schedulesDeactivate,
    schedulesRunNow
  ]),
  group("workflow", "provisioning as a deployed Step Functions workflow", [workflowDefinition, workflowRun]),
  group("events", "real-time ingestion, offline", [eventsMap]),
  group("jobs", "AWS Batch job monitoring", [jobsReport, jobsServe]),
  group("dashboard", "campaign monitoring dashboards", [dashboardRender]),
  group("monitor", "campaign monitoring: rehearse its policies, read its decisions", [
    monitorSimulate,
    monitorHistory,
    monitorReport
  ]),
  group("twin", "the Personalize twin as a local endpoint", [twinServe])
] as const
