import { DetailType, MonitorInstanceField, MonitorSource } from "@personalize-ops/core/monitoring"
import type { DeploymentScopes, ResourceArns } from "../iam.ts"
import { entry, eventStoreEnv, type LambdaEntry, type SdkClient, type Trigger } from "../LambdaEntry.ts"
import {
  cleanupIamStatements,
  dashboardIamStatements,
  deleteCampaignIamStatements,
  monitorIamStatements,
  stopRecommenderIamStatements,
  updateTpsIamStatements
} from "./iam.ts"
import { monitorSettingsEnv, notificationTopicArnEnv } from "./MonitorConfig.ts"

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
    env: [...monitorSettingsEnv, eventStoreEnv, notificationTopicArnEnv],
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
    env: [...monitorSettingsEnv, eventStoreEnv, notificationTopicArnEnv],
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
    env: [...monitorSettingsEnv, eventStoreEnv, notificationTopicArnEnv],
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
