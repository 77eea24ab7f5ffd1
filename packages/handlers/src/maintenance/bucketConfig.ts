import * as Config from "@personalize-ops/core/config"
import * as Workflow from "@personalize-ops/core/workflow"
import { Effect, Layer, Result } from "effect"
import { MaintenanceSettings } from "./MaintenanceSettings.ts"
import { MaintenanceConfig, MaintenanceConfigUnavailable, type MaintenanceWork } from "./stepHandler.ts"

/** The key of a dataset group's config in the deployment's bucket: `<prefix><dataset group>/config.json`. */
export const maintenanceConfigKey = (prefix: string, datasetGroup: string) => `${prefix}${datasetGroup}/config.json`

const parse = (text: string): Result.Result<unknown, string> => {
  try {
    return Result.succeed(JSON.parse(text) as unknown)
  } catch (error) {
    return Result.fail(`not JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/**
 * A run's work from the deployment's bucket, through provisioning's ConfigBucket port: the config at
 * `<CONFIG_PREFIX><dataset group>/config.json` (the MLOps solution's layout), decoded and resolved as the
 * provisioning trigger resolves it (`{bucket}`, data locations, the deployment's role), for the dataset
 * group the schedule names. Anything else fails the run with `MaintenanceConfigUnavailable` naming the
 * object and the field.
 */
export const layerBucketMaintenanceConfig: Layer.Layer<
  MaintenanceConfig,
  never,
  MaintenanceSettings | Workflow.ConfigBucket
> = Layer.effect(
  MaintenanceConfig,
  Effect.gen(function* () {
    const settings = yield* MaintenanceSettings
    const bucket = yield* Workflow.ConfigBucket
    return MaintenanceConfig.of({ load: (input) => loadConfig(settings, bucket, input.datasetGroup) })
  })
)

/** One dataset group's work from the bucket: its config read, decoded, checked to be that group's and resolved. */
const loadConfig = (
  settings: MaintenanceSettings["Service"],
  bucket: Workflow.ConfigBucket["Service"],
  datasetGroup: string
): Effect.Effect<MaintenanceWork, MaintenanceConfigUnavailable> => {
  const key = maintenanceConfigKey(settings.configPrefix, datasetGroup)
  const location = `s3://${settings.configBucket}/${key}`
  const unavailable = (detail: string) => new MaintenanceConfigUnavailable({ location, detail })
  return Effect.gen(function* () {
    const stored = yield* bucket.get(settings.configBucket, key).pipe(Effect.mapError((e) => unavailable(e.message)))
    if (stored === undefined)
      return yield* unavailable(
        `no config for dataset group ${datasetGroup} (a maintenance run reads <prefix><dataset group>/config.json)`
      )
    const json = parse(stored.text)
    if (Result.isFailure(json)) return yield* unavailable(json.failure)
    const decoded = Config.decodeConfig(json.success)
    if (!decoded.valid)
      return yield* unavailable(
        `invalid config: ${decoded.issues.map((i) => `${i.path === "" ? "(root)" : i.path}: ${i.message}`).join("; ")}`
      )
    if (decoded.deployment.datasetGroup.name !== datasetGroup)
      return yield* unavailable(
        `it configures dataset group ${decoded.deployment.datasetGroup.name}; the schedule maintains ${datasetGroup}`
      )
    const resolved = yield* Workflow.resolveDeployment(decoded.deployment, {
      bucket: settings.configBucket,
      configKey: key,
      ...(settings.roleArn === undefined ? {} : { roleArn: settings.roleArn })
    }).pipe(
      Effect.provideService(Workflow.ConfigBucket, bucket),
      Effect.mapError((e) => unavailable(e._tag === "DeploymentUnresolved" ? `${e.field}: ${e.detail}` : e.message))
    )
    return { deployment: resolved.deployment, settings: settings.workflow }
  })
}
