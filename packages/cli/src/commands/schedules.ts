import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { ExitCode, handler, switchFlag, usageError } from "../Command.ts"

const instance = Flag.String("instance").pipe(
  Flag.optional,
  Flag.withMetavar("PREFIX"),
  Flag.withDescription("the deployment's name prefix (default: Maintenance.defaultMaintenanceSettings.instance)")
)
const target = Flag.Literals("target", ["memory", "aws"]).pipe(
  Flag.withDefault("memory"),
  Flag.withDescription("the config's schedules as desired, or what exists in EventBridge Scheduler")
)

/** `personalize-ops schedules list <config> [--target memory|aws] [--instance PREFIX] [--json]` */
export const schedulesList = Command.make("list", {
  config: Argument.String("config").pipe(Argument.withDescription("the config file (any of the three formats)")),
  target,
  instance,
  state: Flag.String("state").pipe(Flag.optional, Flag.withDescription("a state file (not supported yet)")),
  json: switchFlag("json", "print { schedules } as JSON")
}).pipe(
  Command.withDescription(
    "each maintenance schedule of the config: its expression in words and its next three fire times"
  ),
  Command.withHandler(
    handler("schedules list", async (input, io) => {
      if (input.state._tag === "Some")
        return usageError(
          io,
          "schedules list",
          "--state is not supported yet: the memory target lists the config's schedules as desired"
        )
      const [Maintenance, Effect, { awsScheduleRows, desiredScheduleRows, printRows }, { loadDeployment }] =
        await Promise.all([
          import("@personalize-ops/core/maintenance"),
          import("effect/Effect"),
          import("../maintenance/maintenanceEntries.ts"),
          import("../provisioning/loadDeployment.ts")
        ])
      const loaded = await loadDeployment("schedules list", input.config, io)
      if ("exit" in loaded) return loaded.exit
      const settings = {
        instance:
          input.instance._tag === "Some" ? input.instance.value : Maintenance.defaultMaintenanceSettings.instance
      }
      const now = Date.now()
      if (input.target === "memory") {
        printRows(desiredScheduleRows(loaded.deployment, settings, now), input.json, io)
        return ExitCode.Ok
      }
      const rows = await Effect.runPromise(Effect.result(awsScheduleRows(loaded.deployment, settings, region(), now)))
      if (rows._tag === "Failure") {
        io.stderr(`personalize-ops schedules list: ${rows.failure._tag}: ${rows.failure.detail}\n`)
        return ExitCode.Invalid
      }
      printRows(rows.success, input.json, io)
      return ExitCode.Ok
    })
  )
)

const region = () => process.env["AWS_REGION"] ?? process.env["AWS_DEFAULT_REGION"] ?? "us-east-1"

const setState = (verb: "activate" | "deactivate") =>
  Command.make(verb, {
    name: Argument.String("name").pipe(Argument.withDescription("the schedule's name")),
    target,
    instance
  }).pipe(
    Command.withDescription(
      `${verb === "activate" ? "enable" : "disable"} one maintenance schedule in EventBridge Scheduler`
    ),
    Command.withHandler(
      handler(`schedules ${verb}`, async (input, io) => {
        if (input.target !== "aws")
          return usageError(
            io,
            `schedules ${verb}`,
            "the memory target keeps no schedules between runs: use --target aws"
          )
        const [Maintenance, Effect, { layerAwsScheduler }] = await Promise.all([
          import("@personalize-ops/core/maintenance"),
          import("effect/Effect"),
          import("@personalize-ops/adapters-aws")
        ])
        const prefix =
          input.instance._tag === "Some" ? input.instance.value : Maintenance.defaultMaintenanceSettings.instance
        const state = verb === "activate" ? ("ENABLED" as const) : ("DISABLED" as const)
        // Finds the schedule by name in this instance's schedule groups.
        const findSchedule = Effect.gen(function* () {
          const scheduler = yield* Maintenance.Scheduler
          for (const group of yield* scheduler.listGroups(`${prefix}-`)) {
            const found = (yield* scheduler.listSchedules(group.name)).find((s) => s.name === input.name)
            if (found !== undefined) return yield* scheduler.describeSchedule(group.name, input.name)
          }
          return yield* new Maintenance.ScheduleNotFound({
            group: `${prefix}-*`,
            name: input.name,
            detail: `no schedule ${input.name} in the schedule groups of instance ${prefix}`
          })
        })
        const result = await Effect.runPromise(
          Effect.result(
            Effect.gen(function* () {
              const scheduler = yield* Maintenance.Scheduler
              const { arn: _arn, createdAt: _c, updatedAt: _u, ...request } = yield* findSchedule
              yield* scheduler.updateSchedule({ ...request, state })
              return request.group
            }).pipe(Effect.provide(layerAwsScheduler(region())))
          )
        )
        if (result._tag === "Failure") {
          io.stderr(`personalize-ops schedules ${verb}: ${result.failure._tag}: ${result.failure.detail}\n`)
          return ExitCode.Invalid
        }
        io.stdout(`${input.name} (${result.success}): ${state}\n`)
        return ExitCode.Ok
      })
    )
  )

export const schedulesActivate = setState("activate")
export const schedulesDeactivate = setState("deactivate")

/** `schedules run-now`: starting the maintenance state machine by hand needs the deployed workflow, not built yet. */
export const schedulesRunNow = Command.make("run-now", {
  name: Argument.String("name").pipe(Argument.withDescription("the schedule's name"))
}).pipe(
  Command.withDescription(
    "start a schedule's maintenance run at once (not supported yet: the deployed state machine is not built)"
  ),
  Command.withHandler(
    handler("schedules run-now", async (_input, io) => {
      io.stderr(
        "personalize-ops schedules run-now: not supported yet — it starts the maintenance state machine, which is not deployed by this version; use `simulate --days` offline\n"
      )
      return ExitCode.Usage
    })
  )
)
