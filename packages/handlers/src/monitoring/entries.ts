import { DetailType, MonitorInstanceField, MonitorSource } from "@personalize-ops/core/monitoring"
import type { DeploymentScopes, ResourceArns } from "../iam.ts"
import {
  awsRegion,
  type EnvVar,
  entry,
  eventStoreEnv,
  type LambdaEntry,
  resource,
  type SdkClient,
  type Trigger
} from "../LambdaEntry.ts"
import {
  cleanupIamStatements,
  dashboardIamStatements,
  deleteCampaignIamStatements,
  monitorIamStatements,
  stopRecommenderIamStatements,
  updateTpsIamStatements
} from "./iam.ts"

// Every monitoring function decodes the same settings (MonitorConfig), so an IaC sets them alike on all.
const monitorSettingsEnv: ReadonlyArray<EnvVar> = [
  { name: "CampaignARNs", required: false, description: "`all` or a CSV of campaign ARNs" },
  { name: "RecommenderARNs", required: false, description: "`all` or a CSV of recommender ARNs" },
  { name: "Regions", required: false, description: "CSV of regions to scan (default the function's)" },
  { name: "AutoCreateUtilizationAlarms", required: false, description: "Yes/No (default Yes)" },
  { name: "UtilizationThresholdAlarmLowerBound", required: false, description: "percent, 0–1000 (default 100)" },
  { name: "AutoCreateIdleAlarms", required: false, description: "Yes/No (default Yes)" },
  { name: "IdleThresholdHours", required: false, description: "hours without requests that mean idle (default 24)" },
  { name: "AutoDeleteOrStopIdleResources", required: false, description: "Yes/No (default No)" },
  { name: "AutoAdjustMinTPS", required: false, description: "Yes/No (default Yes)" },
  { name: "LatencyP95ThresholdMs", required: false, description: "p95 latency alarm threshold, ms (default none)" },
  { name: "LatencyAnomalyBand", required: false, description: "p95 latency anomaly-band alarm width (default none)" },
  {
    name: "ErrorRateThresholdPercent",
    required: false,
    description: "4xx/5xx error-rate alarms threshold, % (default none)"
  },
  {
    name: "StaleModelDays",
    required: false,
    description: "stale-model alarm: served model age in days (default none)"
  },
  {
    name: "PriceTable",
    required: false,
    description: "JSON price table per region (Monitoring.PriceTable): step-downs record their saving"
  },
  { name: "AlarmNamePrefix", required: false, description: "prefix of owned alarms (default PersonalizeMonitor-)" },
  { name: "DashboardName", required: false, description: "dashboard stem (default Amazon-Personalize-Monitor)" },
  {
    name: "NotificationTopicName",
    required: false,
    description: "per-region topic alarms notify (default PersonalizeMonitorNotifications)"
  },
  { name: "NotificationEndpoint", required: false, description: "e-mail the deployment subscribes to the topic" },
  { name: "AccountId", required: false, description: "12-digit account id (default: from the function ARN)" },
  {
    name: "MonitorInstanceId",
    required: false,
    description: "this deployment's id on its events; its rules and commands take only their own (default none)"
  },
  awsRegion
]

const topicEnv: EnvVar = {
  name: "NotificationTopicArn",
  required: false,
  description: "SNS topic of action notifications (else logged)",
  from: resource("notificationTopic", "arn")
}

const monitorEvents = (detailTypes: ReadonlyArray<string>, description: string): Trigger => ({
  _tag: "EventBridge",
  description,
  pattern: { source: [MonitorSource], "detail-type": detailTypes },
  instance: { field: MonitorInstanceField, setting: "MonitorInstanceId" }
})

const commandClients: ReadonlyArray<SdkClient> = [
  "client-cloudwatch",
  "client-dynamodb",
  "client-eventbridge",
  "client-personalize",
  "client-sns"
]
const commandResources = ["eventStoreTable", "eventBus", "notificationTopic"] as const
const commandArns = (a: ResourceArns<(typeof commandResources)[number]>, scopes: DeploymentScopes) => ({
  eventStoreTableArn: a.eventStoreTable,
  eventBusArn: a.eventBus,
  notificationTopicArn: a.notificationTopic,
  monitoredArns: scopes.monitoredPersonalizeArns
})

/** The monitoring rows of the entries table. */
export const monitoringEntries: ReadonlyArray<LambdaEntry> = [
  entry({
    name: "monitor",
    capability: "monitoring",
    module: "monitoring/monitorHandler.ts",
    export: "monitorHandler",
    description: "Every 5 minutes: TPS/RPS utilization metrics, alarms, min-TPS step-down, idle stop/delete",
    env: [...monitorSettingsEnv, eventStoreEnv],
    triggers: [{ _tag: "Schedule", expression: "cron(0/5 * * * ? *)", description: "every five minutes" }],
    sdkClients: ["client-cloudwatch", "client-dynamodb", "client-eventbridge", "client-personalize"],
    resources: ["eventStoreTable", "eventBus"],
    iam: (a) => monitorIamStatements({ eventStoreTableArn: a.eventStoreTable, eventBusArn: a.eventBus }),
    timeoutSeconds: 120,
    memoryMb: 512
  }),
  entry({
    name: "monitor-dashboard",
    capability: "monitoring",
    module: "monitoring/dashboardHandler.ts",
    export: "dashboardHandler",
    description: "Builds the CloudWatch dashboards (hourly, on request, on deploy) and deletes them with the stack",
    env: monitorSettingsEnv,
    triggers: [
      { _tag: "Schedule", expression: "cron(3 * * * ? *)", description: "hourly rebuild" },
      monitorEvents([DetailType.BuildDashboard], "rebuild on request"),
      {
        _tag: "CustomResource",
        description: "built on create/update, deleted on stack delete",
        properties: { DashboardName: "DashboardName" }
      }
    ],
    sdkClients: ["client-cloudwatch", "client-personalize"],
    resources: [],
    iam: () => dashboardIamStatements(),
    timeoutSeconds: 60,
    memoryMb: 256
  }),
  entry({
    name: "monitor-update-tps",
    capability: "monitoring",
    module: "monitoring/commandHandlers.ts",
    export: "updateTpsHandler",
    description: "Sets a campaign's min TPS or a recommender's min RPS (step-down, pre-warm); notifies",
    env: [...monitorSettingsEnv, eventStoreEnv, topicEnv],
    triggers: [
      monitorEvents([DetailType.UpdateCampaignMinTps, DetailType.UpdateRecommenderMinRps], "min TPS/RPS updates")
    ],
    sdkClients: commandClients,
    resources: commandResources,
    iam: (a, scopes) => updateTpsIamStatements(commandArns(a, scopes)),
    timeoutSeconds: 30,
    memoryMb: 256
  }),
  entry({
    name: "monitor-delete-campaign",
    capability: "monitoring",
    module: "monitoring/commandHandlers.ts",
    export: "deleteCampaignHandler",
    description: "Deletes an idle campaign and its alarms; notifies",
    env: [...monitorSettingsEnv, eventStoreEnv, topicEnv],
    triggers: [monitorEvents([DetailType.DeleteCampaign], "idle campaign deletion")],
    sdkClients: commandClients,
    resources: commandResources,
    iam: (a, scopes) => deleteCampaignIamStatements(commandArns(a, scopes)),
    timeoutSeconds: 30,
    memoryMb: 256
  }),
  entry({
    name: "monitor-stop-recommender",
    capability: "monitoring",
    module: "monitoring/commandHandlers.ts",
    export: "stopRecommenderHandler",
    description: "Stops an idle recommender and deletes its alarms; notifies",
    env: [...monitorSettingsEnv, eventStoreEnv, topicEnv],
    triggers: [monitorEvents([DetailType.StopRecommender], "idle recommender stop")],
    sdkClients: commandClients,
    resources: commandResources,
    iam: (a, scopes) => stopRecommenderIamStatements(commandArns(a, scopes)),
    timeoutSeconds: 30,
    memoryMb: 256
  }),
  entry({
    name: "monitor-cleanup",
    capability: "monitoring",
    module: "monitoring/cleanupHandler.ts",
    export: "cleanupHandler",
    description: "Custom resource: deletes this instance's alarms in every scanned region on stack delete",
    env: monitorSettingsEnv,
    triggers: [{ _tag: "CustomResource", description: "alarms deleted on stack delete", properties: {} }],
    sdkClients: ["client-cloudwatch"],
    resources: [],
    iam: () => cleanupIamStatements(),
    timeoutSeconds: 60,
    memoryMb: 256
  })
]
