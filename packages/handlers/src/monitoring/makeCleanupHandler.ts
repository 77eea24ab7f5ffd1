import { layerCloudWatchAlarms } from "@personalize-ops/adapters-aws/monitoring/CloudWatchAlarms"
import * as Monitoring from "@personalize-ops/core/monitoring"
import { Effect, Layer } from "effect"
import { type LambdaContextLike, makeLambdaHandler } from "../runtime.ts"
import { answerCustomResource, CustomResourceRequest } from "./customResource.ts"
import { layerMonitorConfig, MonitorConfig } from "./MonitorConfig.ts"

/** What the cleanup function needs. */
export type CleanupServices = Monitoring.Alarms | MonitorConfig

/**
 * The cleanup custom resource (the seed's CleanupFunction): nothing on Create/Update; on Delete it
 * removes every alarm this instance created (its prefix and kinds), in every scanned region.
 */
export const handleCleanupEvent = Effect.fnUntraced(function* (event: unknown, _context: LambdaContextLike = {}) {
  const request = yield* Monitoring.decodeInput(CustomResourceRequest, event)
  const config = yield* MonitorConfig
  const physicalId = `${config.settings.alarmNamePrefix}alarms`
  return yield* answerCustomResource(
    request,
    physicalId,
    request.RequestType === "Delete"
      ? Monitoring.deleteOwnedAlarms(config.settings).pipe(
          Effect.map((deleted): Record<string, string> => ({ AlarmsDeleted: String(deleted.length) }))
        )
      : Effect.succeed({})
  )
})

/** Builds a Lambda handler over any wiring of the alarms port. */
export const makeCleanupHandler = <E>(layer: Layer.Layer<CleanupServices, E>) =>
  makeLambdaHandler(layer, (event: unknown, context: LambdaContextLike) => handleCleanupEvent(event, context))

/** The AWS wiring: CloudWatch alarms only. */
export const layerCleanupAws: Layer.Layer<CleanupServices, unknown> = layerCloudWatchAlarms().pipe(
  Layer.provideMerge(layerMonitorConfig)
)
