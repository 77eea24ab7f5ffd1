import { layerAwsScheduler } from "@personalize-ops/adapters-aws"
import { Maintenance } from "@personalize-ops/core"
import { Effect } from "effect"
import { type Command, ExitCode } from "../Command.ts"
import { parseArgs } from "../flags.ts"
import { awsScheduleRows, desiredScheduleRows, printRows } from "../maintenance/maintenanceEntries.ts"
import { loadDeployment } from "../provisioning/loadDeployment.ts"

const region = () => process.env["AWS_REGION"] ?? process.env["AWS_DEFAULT_REGION"] ?? "us-east-1"

/** `personalize-ops schedules list <config> [--target memory|aws] [--instance PREFIX] [--json]` */
export const schedulesList: Command = {
  path: ["schedules", "list"],
  usage: "schedules list <config> [--target memory|aws] [--instance PREFIX] [--json]",
  summary: "each maintenance schedule of the config: its expression in words and its next three fire times",
  run: async (args, io) => {
    const parsed = parseArgs(args, { values: ["target", "instance", "state"], switches: ["json"] })
    const target = typeof parsed === "string" ? "memory" : (parsed.values.get("target") ?? "memory")
    const problem =
      typeof parsed === "string"
        ? parsed
        : parsed.positionals.length !== 1
          ? "expected exactly one config path"
          : target !== "memory" && target !== "aws"
            ? "--target must be memory or aws"
            : parsed.values.has("state")
              ? "--state is not supported yet: the memory target lists the config's schedules as desired"
              : undefined
    if (problem !== undefined || typeof parsed === "string") {
      io.stderr(`personalize-ops schedules list: ${problem}\nusage: personalize-ops ${schedulesList.usage}\n`)
      return ExitCode.Usage
    }
    const loaded = await loadDeployment("schedules list", parsed.positionals[0] as string, io)
    if ("exit" in loaded) return loaded.exit
    const settings = { instance: parsed.values.get("instance") ?? Maintenance.defaultMaintenanceSettings.instance }
    const now = Date.now()
    if (target === "memory") {
      printRows(desiredScheduleRows(loaded.deployment, settings, now), parsed.switches.has("json"), io)
      return ExitCode.Ok
    }
    const rows = await Effect.runPromise(Effect.result(awsScheduleRows(loaded.deployment, settings, region(), now)))
    if (rows._tag === "Failure") {
      io.stderr(`personalize-ops schedules list: ${rows.failure._tag}: ${rows.failure.detail}\n`)
      return ExitCode.Invalid
    }
    printRows(rows.success, parsed.switches.has("json"), io)
    return ExitCode.Ok
  }
}

/** Finds a schedule by name in this instance's schedule groups on AWS. */
const findSchedule = (name: string, instance: string) =>
  Effect.gen(function* () {
    const scheduler = yield* Maintenance.Scheduler
    for (const group of yield* scheduler.listGroups(`${instance}-`)) {
      const found = (yield* scheduler.listSchedules(group.name)).find((s) => s.name === name)
      if (found !== undefined) return yield* scheduler.describeSchedule(group.name, name)
    }
    return yield* new Maintenance.ScheduleNotFound({
      group: `${instance}-*`,
      name,
      detail: `no schedule ${name} in the schedule groups of instance ${instance}`
    })
  })

const setState = (verb: "activate" | "deactivate"): Command => {
  const command: Command = {
    path: ["schedules", verb],
    usage: `schedules ${verb} <name> --target aws [--instance PREFIX]`,
    summary: `${verb === "activate" ? "enable" : "disable"} one maintenance schedule in EventBridge Scheduler`,
    run: async (args, io) => {
      const parsed = parseArgs(args, { values: ["target", "instance"], switches: [] })
      const target = typeof parsed === "string" ? undefined : (parsed.values.get("target") ?? "memory")
      const problem =
        typeof parsed === "string"
          ? parsed
          : parsed.positionals.length !== 1
            ? "expected exactly one schedule name"
            : target !== "aws"
              ? "the memory target keeps no schedules between runs: use --target aws"
              : undefined
      if (problem !== undefined || typeof parsed === "string") {
        io.stderr(`personalize-ops schedules ${verb}: ${problem}\nusage: personalize-ops ${command.usage}\n`)
        return ExitCode.Usage
      }
      const name = parsed.positionals[0] as string
      const instance = parsed.values.get("instance") ?? Maintenance.defaultMaintenanceSettings.instance
      const state: Maintenance.ScheduleState = verb === "activate" ? "ENABLED" : "DISABLED"
      const result = await Effect.runPromise(
        Effect.result(
          Effect.gen(function* () {
            const scheduler = yield* Maintenance.Scheduler
            const { arn: _arn, createdAt: _c, updatedAt: _u, ...request } = yield* findSchedule(name, instance)
            yield* scheduler.updateSchedule({ ...request, state })
            return request.group
          }).pipe(Effect.provide(layerAwsScheduler(region())))
        )
      )
      if (result._tag === "Failure") {
        io.stderr(`personalize-ops schedules ${verb}: ${result.failure._tag}: ${result.failure.detail}\n`)
        return ExitCode.Invalid
      }
      io.stdout(`${name} (${result.success}): ${state}\n`)
      return ExitCode.Ok
    }
  }
  return command
}

export const schedulesActivate = setState("activate")
export const schedulesDeactivate = setState("deactivate")

/** `schedules run-now`: starting the maintenance state machine by hand needs the deployed workflow, not built yet. */
export const schedulesRunNow: Command = {
  path: ["schedules", "run-now"],
  usage: "schedules run-now <name>",
  summary: "start a schedule's maintenance run at once (not supported yet: the deployed state machine is not built)",
  run: async (_args, io) => {
    io.stderr(
      "personalize-ops schedules run-now: not supported yet — it starts the maintenance state machine, which is not deployed by this version; use `simulate --days` offline\n"
    )
    return ExitCode.Usage
  }
}
