import type { Config } from "@personalize-ops/core"
import { ExitCode, usageError } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { loadDeployment } from "./loadDeployment.ts"
import { localDataLocations, type Target, targetOf } from "./target.ts"

/** What plan, apply and destroy get from their flags (see commands/targetFlags.ts). */
export interface TargetInput {
  readonly config: string
  readonly target: "memory" | "aws"
  readonly state: { readonly _tag: "Some"; readonly value: string } | { readonly _tag: "None" }
  readonly eventTable: { readonly _tag: "Some"; readonly value: string } | { readonly _tag: "None" }
  readonly json: boolean
}

/** What a target-taking command runs on once its flags are checked and its config read. */
export interface TargetRequest {
  readonly deployment: Config.Deployment
  readonly target: Target
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
    ...(input.state._tag === "Some" ? { state: input.state.value } : {}),
    ...(input.eventTable._tag === "Some" ? { eventTable: input.eventTable.value } : {})
  })
  if (typeof target === "string") return { exit: usageError(io, command, target) }
  const loaded = await loadDeployment(command, input.config, io)
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
  return { deployment: loaded.deployment, target, json: input.json }
}
