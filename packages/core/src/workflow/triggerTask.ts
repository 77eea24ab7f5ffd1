import { Effect, Result } from "effect"
import { decodeConfig } from "../config/decodeConfig.ts"
import { encodeConfig } from "../config/encodeConfig.ts"
import type { InputIssue } from "../input/InputIssues.ts"
import { type NotificationFailure, Notifications } from "../notify/Notifications.ts"
import { executionInput, type ProvisioningMode } from "./ProvisioningExecution.ts"
import { type BucketFailure, ConfigBucket, Executions, type ExecutionsFailure } from "./ports.ts"
import { invalidConfigNotification } from "./provisioningMessages.ts"
import { TaskInputInvalid } from "./reconcileTask.ts"
import { type DeploymentUnresolved, type ResolvedDeployment, resolveDeployment } from "./resolveDeployment.ts"
import { type ConfigFilter, executionNameFor, isConfigUpload, modeOfKey, uploadedObjects } from "./S3Event.ts"

/** The deployment's settings the trigger applies to every config. */
export interface TriggerSettings extends ConfigFilter {
  readonly region: string
  readonly roleArn?: string
  readonly kmsKeyArn?: string
  /** Every upload in this mode (absent: by key, `*.destroy.json` tears down, any other `*.json` builds). */
  readonly mode?: ProvisioningMode
}

/** What the trigger did with one uploaded object. */
export type TriggerOutcome =
  | { readonly _tag: "Started"; readonly key: string; readonly executionName: string; readonly executionArn: string }
  /** The same upload was seen before: its execution exists, nothing was started. */
  | { readonly _tag: "Duplicate"; readonly key: string; readonly executionName: string; readonly executionArn: string }
  | { readonly _tag: "Invalid"; readonly key: string; readonly issues: ReadonlyArray<InputIssue> }
  /** Not a config upload (another key, or not ObjectCreated). */
  | { readonly _tag: "Ignored"; readonly key: string }

const parseJson = (text: string): Result.Result<unknown, InputIssue> => {
  try {
    return Result.succeed(JSON.parse(text) as unknown)
  } catch (error) {
    return Result.fail({ path: "", message: `not JSON: ${error instanceof Error ? error.message : String(error)}` })
  }
}

/** An invalid config: one notification listing every issue with its path, a warning, and its outcome. */
const reportInvalid = Effect.fnUntraced(function* (
  notifications: Notifications["Service"],
  upload: { readonly bucket: string; readonly key: string },
  region: string,
  issues: ReadonlyArray<InputIssue>,
  outcomes: Array<TriggerOutcome>
) {
  yield* notifications.publish(invalidConfigNotification({ bucket: upload.bucket, key: upload.key, issues, region }))
  yield* Effect.logWarning(`invalid config ${upload.key}: ${issues.length} issues`)
  outcomes.push({ _tag: "Invalid", key: upload.key, issues })
})

/**
 * The S3 trigger: for each uploaded config, read it, decode it and resolve it (placeholders, data,
 * roles). Invalid → one notification listing every issue with its path, and nothing else. Valid →
 * StartExecution with a name derived from key and ETag, so a redelivered event starts nothing twice.
 */
export const triggerTask = (
  event: unknown,
  settings: TriggerSettings
): Effect.Effect<
  ReadonlyArray<TriggerOutcome>,
  TaskInputInvalid | BucketFailure | ExecutionsFailure | NotificationFailure,
  ConfigBucket | Executions | Notifications
> =>
  Effect.gen(function* () {
    const objects = uploadedObjects(event)
    if (Result.isFailure(objects)) return yield* new TaskInputInvalid({ issues: objects.failure.issues })
    const bucket = yield* ConfigBucket
    const executions = yield* Executions
    const notifications = yield* Notifications
    const outcomes: Array<TriggerOutcome> = []
    for (const upload of objects.success) {
      if (!isConfigUpload(upload, settings)) {
        outcomes.push({ _tag: "Ignored", key: upload.key })
        continue
      }
      const invalid = (issues: ReadonlyArray<InputIssue>) =>
        reportInvalid(notifications, upload, settings.region, issues, outcomes)
      const stored = yield* bucket.get(upload.bucket, upload.key)
      if (stored === undefined) {
        yield* invalid([
          { path: "", message: `s3://${upload.bucket}/${upload.key} is gone (deleted after the upload)` }
        ])
        continue
      }
      const json = parseJson(stored.text)
      if (Result.isFailure(json)) {
        yield* invalid([json.failure])
        continue
      }
      const decoded = decodeConfig(json.success)
      if (!decoded.valid) {
        yield* invalid(decoded.issues)
        continue
      }
      const mode = settings.mode ?? modeOfKey(upload.key)
      // A teardown finds the resources by kind and name: no data, role or placeholder is needed for it.
      const resolving: Effect.Effect<ResolvedDeployment, DeploymentUnresolved | BucketFailure, ConfigBucket> =
        mode === "destroy"
          ? Effect.succeed({ deployment: decoded.deployment, notProvided: [] })
          : resolveDeployment(decoded.deployment, {
              bucket: upload.bucket,
              configKey: upload.key,
              ...(settings.roleArn === undefined ? {} : { roleArn: settings.roleArn }),
              ...(settings.kmsKeyArn === undefined ? {} : { kmsKeyArn: settings.kmsKeyArn })
            })
      const resolved = yield* Effect.result(resolving)
      if (Result.isFailure(resolved)) {
        const e = resolved.failure
        if (e._tag === "BucketFailure") return yield* e
        yield* invalid([{ path: e.field, message: e.detail }])
        continue
      }
      const eTag = upload.eTag === "" ? stored.eTag : upload.eTag
      const name = executionNameFor(upload.key, eTag)
      const deployment = resolved.success.deployment
      const input = executionInput({
        mode,
        config: encodeConfig(deployment),
        datasetGroup: deployment.datasetGroup.name,
        correlationId: name,
        source: { bucket: upload.bucket, key: upload.key, eTag },
        notImported: resolved.success.notProvided.map((n) => n.dataset)
      })
      const start = yield* executions.start(name, JSON.stringify(input))
      yield* Effect.logInfo(`${start.started ? "started" : "already started"} ${name} for ${upload.key}`).pipe(
        Effect.annotateLogs({ correlationId: name, executionArn: start.executionArn })
      )
      outcomes.push({
        _tag: start.started ? "Started" : "Duplicate",
        key: upload.key,
        executionName: name,
        executionArn: start.executionArn
      })
    }
    return outcomes
  })
