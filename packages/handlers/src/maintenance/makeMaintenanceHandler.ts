import { layerAwsSolutionMetrics } from "@personalize-ops/adapters-aws/maintenance/AwsSolutionMetrics"
import { layerS3DataFreshness } from "@personalize-ops/adapters-aws/maintenance/S3DataFreshness"
import { layerCloudWatchMetrics } from "@personalize-ops/adapters-aws/monitoring/CloudWatchMetrics"
import { layerSnsNotifications } from "@personalize-ops/adapters-aws/monitoring/SnsNotifications"
import { layerAwsPersonalize } from "@personalize-ops/adapters-aws/personalize"
import { CloudWatchClients } from "@personalize-ops/adapters-aws/sdk/CloudWatchClients"
import { PersonalizeClients } from "@personalize-ops/adapters-aws/sdk/PersonalizeClients"
import { S3Clients } from "@personalize-ops/adapters-aws/sdk/S3Clients"
import { SnsClients } from "@personalize-ops/adapters-aws/sdk/SnsClients"
import { layerS3ConfigBucket } from "@personalize-ops/adapters-aws/workflow/S3ConfigBucket"
import type * as Kernel from "@personalize-ops/core/kernel"
import type * as Maintenance from "@personalize-ops/core/maintenance"
import type * as Monitoring from "@personalize-ops/core/monitoring"
import type * as Notify from "@personalize-ops/core/notify"
import type * as Personalize from "@personalize-ops/core/personalize"
import { Effect, Layer } from "effect"
import { layerEventStoreAws } from "../eventStore.ts"
import { layerLogNotifications } from "../provisioning/notifications.ts"
import { makeLambdaHandler } from "../runtime.ts"
import { layerBucketMaintenanceConfig } from "./bucketConfig.ts"
import { MaintenanceSettings } from "./MaintenanceSettings.ts"
import { type MaintenanceConfig, maintenanceStepHandler } from "./stepHandler.ts"

/** What the maintenance step runs on. */
export type MaintenanceStepServices =
  | MaintenanceConfig
  | Personalize.Personalize
  | Kernel.EventStore
  | Notify.Notifications
  | Monitoring.Metrics
  | Maintenance.SolutionMetricsSource
  | Maintenance.DataFreshness

/** Builds the maintenance state machine's Reconcile task on any wiring of its ports (runtime built once per container). */
export const makeMaintenanceHandler = <E>(layer: Layer.Layer<MaintenanceStepServices, E>) =>
  makeLambdaHandler(layer, (event: unknown) => maintenanceStepHandler(event))

/**
 * The step on AWS: the run's config from the deployment's bucket (S3, through provisioning's ConfigBucket),
 * Personalize, the DynamoDB event store, SNS (or the log), CloudWatch for the offline metrics,
 * GetSolutionMetrics, and S3 LastModified for the import skip rule.
 */
export const layerMaintenanceAws: Layer.Layer<MaintenanceStepServices, unknown> = Layer.unwrap(
  Effect.map(Effect.service(MaintenanceSettings), (s) =>
    Layer.mergeAll(
      layerBucketMaintenanceConfig.pipe(Layer.provide(layerS3ConfigBucket(s.region))),
      layerAwsPersonalize({ region: s.region }),
      layerEventStoreAws,
      s.notificationTopicArn === undefined
        ? layerLogNotifications
        : layerSnsNotifications(() => s.notificationTopicArn ?? ""),
      layerCloudWatchMetrics,
      layerAwsSolutionMetrics(s.region),
      layerS3DataFreshness(s.region)
    )
  )
).pipe(
  Layer.provide(Layer.mergeAll(S3Clients.layer, PersonalizeClients.layer, SnsClients.layer, CloudWatchClients.layer)),
  Layer.provide(MaintenanceSettings.layer)
)
