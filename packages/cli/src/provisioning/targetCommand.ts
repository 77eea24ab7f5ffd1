import { withStandInRole } from "@personalize-ops/adapters-memory"
import { type Config, Maintenance } from "@personalize-ops/core"
import { ExitCode, usageError } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { loadDeployment } from "./loadDeployment.ts"
import { resolveForTarget } from "./resolveForTarget.ts"
import { localDataLocations, type MaintenanceTarget, memoryScheduleTargets, type Target, targetOf } from "./target.ts"

/** What plan, apply and destroy get from their flags (see commands/targetFlags.ts). */
export interface TargetInput {
  readonly config: string
  readonly target: "memory" | "aws"
  readonly state: string | undefined
  readonly eventTable: string | undefined
  readonly instance: string | undefined
  readonly maintenanceStateMachine: string | undefined
  readonly schedulerRole: string | undefined
  readonly bucket: string | undefined
  readonly configKey: string | undefined
  readonly roleArn: string | undefined
  readonly kmsKeyArn: string | undefined
  readonly json: boolean
}

/** What a target-taking command runs on once its flags are checked and its config read. */
export interface TargetRequest {
  readonly deployment: Config.Deployment
  readonly target: Target
  readonly maintenance: MaintenanceTarget
  readonly json: boolean
}

/**
 * Checks the flag combination (before reading anything), reads the config, and refuses local data
 * files on AWS before any call.
 */
export const targetRequest = async (
  command: string,
  input: TargetInput,
  io: CliIo
): Promise<TargetRequest | { readonly exit: number }> => {
  const target = targetOf({
    target: input.target,
    ...(input.state === undefined ? {} : { state: input.state }),
    ...(input.eventTable === undefined ? {} : { eventTable: input.eventTable })
  })
  if (typeof target === "string") return { exit: usageError(io, command, target) }
  const read = await loadDeployment(command, input.config, io)
  if ("exit" in read) return read
  // destroy finds resources by kind and name: no data, role or placeholder is needed to delete them.
  const loaded =
    command === "destroy"
      ? read
      : await resolveForTarget(
          command,
          read.deployment,
          target,
          {
            bucket: input.bucket,
            configKey: input.configKey,
            roleArn: input.roleArn,
            kmsKeyArn: input.kmsKeyArn
          },
          io
        )
  if ("exit" in loaded) return loaded
  if (target._tag === "aws" && command !== "destroy") {
    const local = localDataLocations(loaded.deployment)
    if (local.length > 0) {
      io.stderr(
        `personalize-ops ${command}: --target aws needs s3:// data locations; these are local files (for the twin):\n${local.map((l) => `  ${l}\n`).join("")}`
      )
      return { exit: ExitCode.Invalid }
    }
  }
  const settings = {
    instance: input.instance ?? Maintenance.defaultMaintenanceSettings.instance
  }
  const machine = input.maintenanceStateMachine
  const role = input.schedulerRole
  if ((machine === undefined) !== (role === undefined))
    return { exit: usageError(io, command, "--maintenance-state-machine and --scheduler-role go together") }
  const targets =
    machine !== undefined && role !== undefined
      ? { stateMachineArn: machine, roleArn: role }
      : target._tag === "memory"
        ? memoryScheduleTargets(settings)
        : undefined
  // The config's schedules must point somewhere: on AWS, at the deployed state machine (destroy only deletes them).
  if (
    targets === undefined &&
    command !== "destroy" &&
    Maintenance.desiredSchedules(loaded.deployment, settings).schedules.length > 0
  )
    return {
      exit: usageError(
        io,
        command,
        "the config has schedules: with --target aws pass --maintenance-state-machine ARN and --scheduler-role ARN (the CDK example's outputs) so they start the maintenance state machine"
      )
    }
  return {
    // The twin refuses an empty role as AWS does: on the memory target a config without one uses the stand-in.
    deployment: target._tag === "memory" ? withStandInRole(loaded.deployment) : loaded.deployment,
    target,
    maintenance: { settings, ...(targets === undefined ? {} : { targets }) },
    json: input.json
  }
}
