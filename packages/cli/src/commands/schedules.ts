import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import { ExitCode, handler, optionalText, switchFlag, usageError } from "../Command.ts"
import type { CliIo } from "../Io.ts"

const instance = optionalText("instance", "PREFIX", "the deployment's name prefix (default personalize-ops)")
const target = Flag.Literals("target", ["memory", "aws"]).pipe(
  Flag.withDefault("memory"),
  Flag.withDescription(
    "the memory target's state file, or EventBridge Scheduler (credentials and region from the environment)"
  )
)
const state = optionalText(
  "state",
  "FILE",
  "the memory target's state file (default .personalize-ops/state.db), as apply left it"
)

/** The target the flags name (a state file goes with the memory target only), and the instance prefix. */
const resolve = async (
  command: string,
  input: {
    readonly target: "memory" | "aws"
    readonly state: string | undefined
    readonly instance: string | undefined
  },
  io: CliIo
) => {
  if (input.target === "aws" && input.state !== undefined)
    return {
      exit: usageError(
        io,
        command,
        "--state <file> is the memory target's; on AWS the schedules are in EventBridge Scheduler"
      )
    }
  const [Maintenance, { defaultStatePath }] = await Promise.all([
    import("@personalize-ops/core/maintenance"),
    import("@personalize-ops/adapters-memory/state")
  ])
  return {
    target:
      input.target === "aws"
        ? ({ _tag: "aws" } as const)
        : ({ _tag: "memory", state: input.state ?? defaultStatePath } as const),
    instance: input.instance ?? Maintenance.defaultMaintenanceSettings.instance
  }
}

const fail = (command: string, io: CliIo, failure: { readonly _tag: string; readonly message: string }) => {
  io.stderr(`personalize-ops ${command}: ${failure._tag}: ${failure.message}\n`)
  return ExitCode.Invalid
}

/** `personalize-ops schedules list <config> [--target memory|aws] [--state FILE] [--instance PREFIX] [--json]` */
export const schedulesList = Command.make("list", {
  config: Argument.String("config").pipe(Argument.withDescription("the config file (any of the three formats)")),
  target,
  state,
  instance,
  json: switchFlag("json", "print { schedules } as JSON")
}).pipe(
  Command.withDescription(
    "each maintenance schedule of the config as it exists (apply creates them): its state, its expression in words and its next three fire times"
  ),
  Command.withHandler(
    handler("schedules list", async (input, io) => {
      const resolved = await resolve("schedules list", input, io)
      if ("exit" in resolved) return resolved.exit
      const [{ onScheduleTarget, printRows, scheduleRows }, { loadDeployment }] = await Promise.all([
        import("../maintenance/maintenanceEntries.ts"),
        import("../provisioning/loadDeployment.ts")
      ])
      const loaded = await loadDeployment("schedules list", input.config, io)
      if ("exit" in loaded) return loaded.exit
      const rows = await onScheduleTarget(
        resolved.target,
        scheduleRows(loaded.deployment, { instance: resolved.instance }, Date.now())
      )
      if (rows._tag === "Failure") return fail("schedules list", io, rows.failure)
      printRows(rows.success, input.json, io)
      return ExitCode.Ok
    })
  )
)

const setState = (verb: "activate" | "deactivate") =>
  Command.make(verb, {
    name: Argument.String("name").pipe(Argument.withDescription("the schedule's name")),
    target,
    state,
    instance
  }).pipe(
    Command.withDescription(`${verb === "activate" ? "enable" : "disable"} one maintenance schedule`),
    Command.withHandler(
      handler(`schedules ${verb}`, async (input, io) => {
        const resolved = await resolve(`schedules ${verb}`, input, io)
        if ("exit" in resolved) return resolved.exit
        const { onScheduleTarget, setScheduleState } = await import("../maintenance/maintenanceEntries.ts")
        const scheduleState = verb === "activate" ? ("ENABLED" as const) : ("DISABLED" as const)
        const result = await onScheduleTarget(
          resolved.target,
          setScheduleState(resolved.instance, input.name, scheduleState)
        )
        if (result._tag === "Failure") return fail(`schedules ${verb}`, io, result.failure)
        io.stdout(`${input.name} (${result.success}): ${scheduleState}\n`)
        return ExitCode.Ok
      })
    )
  )

export const schedulesActivate = setState("activate")
export const schedulesDeactivate = setState("deactivate")

/** `personalize-ops schedules run-now <name> [--config FILE] [--target memory|aws] [--state FILE] [--instance PREFIX] [--json]` */
export const schedulesRunNow = Command.make("run-now", {
  name: Argument.String("name").pipe(Argument.withDescription("the schedule's name")),
  config: optionalText(
    "config",
    "FILE",
    "the memory target: the config the run works on (on AWS the deployed step reads it from the bucket)"
  ),
  target,
  state,
  instance,
  json: switchFlag("json", "print the run's outcome as JSON")
}).pipe(
  Command.withDescription(
    "start a schedule's maintenance run at once, with the schedule's input: on the memory target run to its end on the state file's twin; on AWS StartExecution on the state machine the schedule starts"
  ),
  Command.withHandler(
    handler("schedules run-now", async (input, io) => {
      const resolved = await resolve("schedules run-now", input, io)
      if ("exit" in resolved) return resolved.exit
      if (resolved.target._tag === "aws") {
        const { onScheduleTarget, runNowOnAws } = await import("../maintenance/maintenanceEntries.ts")
        const started = await onScheduleTarget(resolved.target, runNowOnAws(resolved.instance, input.name, Date.now()))
        if (started._tag === "Failure") return fail("schedules run-now", io, started.failure)
        const r = started.success
        io.stdout(
          input.json
            ? `${JSON.stringify({ schedule: input.name, ...r.input, stateMachineArn: r.stateMachineArn, executionArn: r.executionArn, started: r.started })}\n`
            : `${input.name}: ${r.input.task} ${r.input.target} ${r.started ? "started" : "already started"} as ${r.executionArn}\n  the deployed maintenance state machine runs it and notifies its outcome\n`
        )
        return ExitCode.Ok
      }
      if (input.config === undefined)
        return usageError(io, "schedules run-now", "the memory target needs --config FILE: the config the run works on")
      const [{ onMemoryState, renderRunNow, runNowOnMemory }, { loadDeployment }, { withStandInRole }] =
        await Promise.all([
          import("../maintenance/maintenanceEntries.ts"),
          import("../provisioning/loadDeployment.ts"),
          import("@personalize-ops/adapters-memory")
        ])
      const loaded = await loadDeployment("schedules run-now", input.config, io)
      if ("exit" in loaded) return loaded.exit
      const result = await onMemoryState(
        resolved.target.state,
        runNowOnMemory(withStandInRole(loaded.deployment), resolved.instance, input.name)
      )
      if (result._tag === "Failure") return fail("schedules run-now", io, result.failure)
      const { final } = result.success
      io.stdout(
        input.json
          ? `${JSON.stringify({
              schedule: input.name,
              task: final.input.task,
              target: final.input.target,
              at: new Date(final.at).toISOString(),
              outcome: final.outcome ?? final.phase,
              ...(final.reason === undefined ? {} : { reason: final.reason }),
              ...(final.metrics === undefined ? {} : { metrics: final.metrics })
            })}\n`
          : renderRunNow(input.name, result.success)
      )
      return final.outcome === "failed" || final.phase !== "done" ? ExitCode.Invalid : ExitCode.Ok
    })
  )
)
