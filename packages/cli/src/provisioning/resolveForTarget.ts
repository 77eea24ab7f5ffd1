import { S3Clients } from "@personalize-ops/adapters-aws/sdk/S3Clients"
import { layerS3ConfigBucket } from "@personalize-ops/adapters-aws/workflow"
import { type Config, Workflow } from "@personalize-ops/core"
import { Effect, Layer, Result } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { localBucket, localPersonalizeRole } from "./localDefaults.ts"
import { awsRegion, type Target } from "./target.ts"

/** What the deployment's settings supply: the flags, else the environment the deployed trigger reads. */
export interface ResolveFlags {
  readonly bucket?: string | undefined
  readonly configKey?: string | undefined
  readonly roleArn?: string | undefined
  readonly kmsKeyArn?: string | undefined
}

const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value)

/** A bucket nobody can list offline: data is assumed present where the config says. */
const remoteBucket = Workflow.ConfigBucket.of({
  get: () => Effect.succeed(undefined),
  holds: () => Effect.succeed("unknown" as const)
})

/**
 * Resolves a deployment for plan / apply as the deployed trigger does (core's `resolveDeployment`):
 * `{bucket}` becomes `--bucket`; for the MLOps and pipeline formats each dataset's data is looked for in
 * the bucket (on AWS, S3 ListObjectsV2) at `<config folder>/<type>/`, then `<type>.csv`, and a dataset
 * with none is created, not imported; the role and KMS key come from the config, else `--role-arn` /
 * `--kms-key-arn`, else `PERSONALIZE_ROLE_ARN` / `PERSONALIZE_KMS_KEY_ARN` (the memory target's twin gets a
 * local role). Nothing is sent with an empty role or a leftover placeholder: the field is named, exit 1.
 */
export const resolveForTarget = async (
  command: string,
  deployment: Config.Deployment,
  target: Target,
  flags: ResolveFlags,
  io: CliIo
): Promise<{ readonly deployment: Config.Deployment } | { readonly exit: number }> => {
  const memory = target._tag === "memory"
  const bucket = nonEmpty(flags.bucket) ?? (memory ? localBucket : undefined)
  const roleArn =
    nonEmpty(flags.roleArn) ??
    nonEmpty(process.env["PERSONALIZE_ROLE_ARN"]) ??
    (memory ? localPersonalizeRole : undefined)
  const kmsKeyArn = nonEmpty(flags.kmsKeyArn) ?? nonEmpty(process.env["PERSONALIZE_KMS_KEY_ARN"])
  const configKey = nonEmpty(flags.configKey)
  const bucketLayer =
    memory || bucket === undefined
      ? Layer.succeed(Workflow.ConfigBucket, remoteBucket)
      : layerS3ConfigBucket(awsRegion()).pipe(Layer.provide(S3Clients.layer))
  const resolved = await Effect.runPromise(
    Effect.result(
      Workflow.resolveDeployment(deployment, {
        ...(bucket === undefined ? {} : { bucket }),
        ...(configKey === undefined ? {} : { configKey }),
        ...(roleArn === undefined ? {} : { roleArn }),
        ...(kmsKeyArn === undefined ? {} : { kmsKeyArn })
      }).pipe(Effect.provide(bucketLayer))
    )
  )
  if (Result.isFailure(resolved)) {
    const e = resolved.failure
    const hint =
      e._tag === "BucketFailure"
        ? ""
        : e.detail.includes("placeholder")
          ? " (pass --bucket NAME)"
          : e.field.endsWith("roleArn")
            ? " (or pass --role-arn ARN)"
            : ""
    io.stderr(`personalize-ops ${command}: ${e._tag}: ${e.message}${hint}\n`)
    return { exit: e._tag === "BucketFailure" ? ExitCode.Usage : ExitCode.Invalid }
  }
  for (const missing of resolved.success.notProvided)
    io.stderr(
      `personalize-ops ${command}: ${missing.dataset}: no data at ${missing.looked.join(" or ")}: the dataset is created, not imported\n`
    )
  return { deployment: resolved.success.deployment }
}
