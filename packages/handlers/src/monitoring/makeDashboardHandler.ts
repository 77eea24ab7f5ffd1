import { layerCloudWatchDashboards } from "@personalize-ops/adapters-aws/monitoring/CloudWatchDashboards"
import { layerAwsPersonalize } from "@personalize-ops/adapters-aws/personalize"
import { CloudWatchClients } from "@personalize-ops/adapters-aws/sdk/CloudWatchClients"
import { PersonalizeClients } from "@personalize-ops/adapters-aws/sdk/PersonalizeClients"
import * as Monitoring from "@personalize-ops/core/monitoring"
import type * as Personalize from "@personalize-ops/core/personalize"
import { Effect, Layer, Result, Schema } from "effect"
import { type LambdaContextLike, makeLambdaHandler } from "../runtime.ts"
import { answerCustomResource, decodeCustomResourceRequest } from "./customResource.ts"
import { applyOverrides, layerMonitorConfig, MonitorConfig, withAccountFrom } from "./MonitorConfig.ts"

/** What the dashboard function needs. */
export type DashboardServices = Personalize.Personalize | Monitoring.Dashboards | MonitorConfig

const isCustomResource = (event: unknown) => typeof event === "object" && event !== null && "RequestType" in event
const isEventBridge = (event: unknown) => typeof event === "object" && event !== null && "detail-type" in event

const ResourceProperties = Schema.Struct({ DashboardName: Schema.optionalKey(Schema.String) })

/** Why a build was asked for: the event's Reason, the schedule, or the caller's. */
const reasonOf = (event: unknown): Effect.Effect<string, Monitoring.MonitorInputInvalid> => {
  if (isEventBridge(event))
    return Monitoring.decodeInput(Monitoring.EventBridgeEnvelope, event).pipe(
      Effect.flatMap((e) =>
        e["detail-type"] === "Scheduled Event"
          ? Effect.succeed("Scheduled hourly rebuild")
          : e["detail-type"] === Monitoring.DetailType.BuildDashboard
            ? Monitoring.decodeInput(Monitoring.BuildDashboardDetail, e.detail, "detail").pipe(
                Effect.map((d) => d.Reason ?? "BuildPersonalizeMonitorDashboard event")
              )
            : Effect.fail(
                new Monitoring.MonitorInputInvalid({ path: "detail-type", detail: `unexpected ${e["detail-type"]}` })
              )
      )
    )
  return Monitoring.decodeInput(Monitoring.BuildDashboardDetail, event ?? {}).pipe(
    Effect.map((d) => d.Reason ?? "Direct invocation")
  )
}

/** The CloudFormation custom resource: Create/Update build, Delete removes; the answer always reaches CloudFormation. */
const customResource = Effect.fnUntraced(function* (event: unknown, context: LambdaContextLike) {
  const request = yield* decodeCustomResourceRequest(event)
  const config = yield* MonitorConfig
  // A bad property must still be answered (as FAILED), or CloudFormation waits for its timeout.
  const props = Monitoring.decodeInputResult(ResourceProperties, request.ResourceProperties ?? {}, "ResourceProperties")
  const dashboardName =
    (Result.isSuccess(props) ? props.success.DashboardName : undefined) ?? config.settings.dashboardName
  const settings = { ...withAccountFrom(config.settings, context.invokedFunctionArn), dashboardName }
  // The dashboard stem is the physical id: stable across updates, and a renamed stem makes CloudFormation
  // replace the resource and send Delete for the old stem, which removes exactly the old dashboards.
  const physicalId = request.RequestType === "Create" ? dashboardName : (request.PhysicalResourceId ?? dashboardName)
  return yield* answerCustomResource(
    request,
    request.RequestType === "Delete" ? physicalId : dashboardName,
    Result.isFailure(props)
      ? Effect.fail<Monitoring.MonitorInputInvalid | Monitoring.MonitoringFailure | Personalize.PersonalizeError>(
          props.failure
        )
      : request.RequestType === "Delete"
        ? Monitoring.deleteDashboards({ ...settings, dashboardName: physicalId }).pipe(
            Effect.map((deleted): Record<string, string> => ({ Deleted: deleted.join(",") }))
          )
        : Monitoring.buildDashboards(settings, { homeRegion: config.homeRegion }).pipe(
            Effect.map(
              (b): Record<string, string> => ({
                Dashboards: b.dashboards.map((d) => d.name).join(","),
                Resources: String(b.resources)
              })
            )
          ),
    context
  )
})

/**
 * The dashboard function: a CloudFormation custom resource, the `BuildPersonalizeMonitorDashboard`
 * event (source `personalize.monitor`), the hourly schedule, or a direct invocation `{ "Reason": "…" }`.
 */
export const handleDashboardEvent = Effect.fnUntraced(function* (event: unknown, context: LambdaContextLike = {}) {
  if (isCustomResource(event)) return yield* customResource(event, context)
  const reason = yield* reasonOf(event)
  const config = yield* MonitorConfig
  const base = withAccountFrom(config.settings, context.invokedFunctionArn)
  // A direct invocation may override the parameters by name (CampaignARNs, Regions, …), as the seed allowed.
  const settings = isEventBridge(event) ? base : yield* applyOverrides(base, event ?? {})
  const build = yield* Monitoring.buildDashboards(settings, { homeRegion: config.homeRegion })
  yield* Effect.logInfo("dashboards built").pipe(
    Effect.annotateLogs({ reason, dashboards: build.dashboards.map((d) => d.name), deleted: build.deleted })
  )
  return { reason, dashboards: build.dashboards.map((d) => d.name), deleted: build.deleted, warnings: build.warnings }
})

/** Builds a Lambda handler over any wiring of the dashboard's ports (tests pass memory ones). */
export const makeDashboardHandler = <E>(layer: Layer.Layer<DashboardServices, E>) =>
  makeLambdaHandler(layer, (event: unknown, context: LambdaContextLike) => handleDashboardEvent(event, context))

/** The AWS wiring: Personalize and CloudWatch only. */
export const layerDashboardAws: Layer.Layer<DashboardServices, unknown> = Layer.unwrap(
  Effect.gen(function* () {
    const config = yield* MonitorConfig
    return Layer.mergeAll(layerCloudWatchDashboards(config.homeRegion), layerAwsPersonalize())
  })
).pipe(
  Layer.provide(Layer.mergeAll(CloudWatchClients.layer, PersonalizeClients.layer)),
  Layer.provideMerge(layerMonitorConfig)
)
