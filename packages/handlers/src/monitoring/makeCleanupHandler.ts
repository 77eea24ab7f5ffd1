import { layerCloudWatchAlarms } from "@personalize-ops/adapters-aws/monitoring/CloudWatchAlarms"
import { CloudWatchClients } from "@personalize-ops/adapters-aws/sdk/CloudWatchClients"
import * as Monitoring from "@personalize-ops/core/monitoring"
import { Effect, Layer } from "effect"
import { type LambdaContextLike, makeLambdaHandler } from "../runtime.ts"
import { answerCustomResource, decodeCustomResourceRequest } from "./customResource.ts"
import { layerMonitorConfig, MonitorConfig } from "./MonitorConfig.ts"

/** What the cleanup function needs. */
export type CleanupServices = Monitoring.Alarms | MonitorConfig

/** The cleanup resource's physical id: the alarm prefix it was created with, so a Delete knows it. */
export const cleanupPhysicalId = (alarmNamePrefix: string): string => `${alarmNamePrefix}${cleanupIdSuffix}`
const cleanupIdSuffix = "alarms"

/**
 * The prefix a cleanup resource was created with, from its physical id; undefined for an id this
 * function did not give (a Delete after a failed Create), which then deletes nothing.
 */
export const cleanupPrefixOf = (physicalId: string | undefined): string | undefined =>
  physicalId?.endsWith(cleanupIdSuffix) && physicalId.length > cleanupIdSuffix.length
    ? physicalId.slice(0, -cleanupIdSuffix.length)
    : undefined

/**
 * The cleanup custom resource (the seed's CleanupFunction): nothing on Create/Update; on Delete it
 * removes the alarms of the prefix the resource was created with (its physical id, not the function's
 * current settings: a renamed prefix makes CloudFormation replace the resource and delete the old one),
 * of this monitor's kinds, in every scanned region. A guard answers FAILED before Lambda's timeout.
 */
export const handleCleanupEvent = Effect.fnUntraced(function* (event: unknown, context: LambdaContextLike = {}) {
  const request = yield* decodeCustomResourceRequest(event)
  const config = yield* MonitorConfig
  const created = cleanupPhysicalId(config.settings.alarmNamePrefix)
  const prefix = cleanupPrefixOf(request.PhysicalResourceId)
  if (request.RequestType !== "Delete")
    return yield* answerCustomResource(request, created, Effect.succeed({}), context)
  return yield* answerCustomResource(
    request,
    request.PhysicalResourceId ?? created,
    prefix === undefined
      ? Effect.succeed({ AlarmsDeleted: "0" })
      : Monitoring.deleteOwnedAlarms({ ...config.settings, alarmNamePrefix: prefix }).pipe(
          Effect.map((deleted): Record<string, string> => ({ AlarmsDeleted: String(deleted.length) }))
        ),
    context
  )
})

/** Builds a Lambda handler over any wiring of the alarms port. */
export const makeCleanupHandler = <E>(layer: Layer.Layer<CleanupServices, E>) =>
  makeLambdaHandler(layer, (event: unknown, context: LambdaContextLike) => handleCleanupEvent(event, context))

/** The AWS wiring: CloudWatch alarms only. */
export const layerCleanupAws: Layer.Layer<CleanupServices, unknown> = layerCloudWatchAlarms.pipe(
  Layer.provide(CloudWatchClients.layer),
  Layer.provideMerge(layerMonitorConfig)
)
