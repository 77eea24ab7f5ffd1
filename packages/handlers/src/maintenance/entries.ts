import { entry, eventStoreEnv, type LambdaEntry } from "../LambdaEntry.ts"
import { maintenanceStepIamStatements } from "./iam.ts"
import { maintenanceEnvVars } from "./MaintenanceSettings.ts"

const v = maintenanceEnvVars

/** The maintenance rows of the entries table: the state machine's one task (schedules start the machine). */
export const maintenanceEntries: ReadonlyArray<LambdaEntry> = [
  entry({
    name: "maintenance-step",
    capability: "maintenance",
    module: "maintenance/maintenanceHandler.ts",
    export: "maintenanceHandler",
    description:
      "The maintenance state machine's Reconcile task: one step of a scheduled run (import, FULL/UPDATE retraining behind the promotion gate, batch job), its config read from the bucket",
    env: [v.region, eventStoreEnv, v.configBucket, v.configPrefix, v.role, v.topic, v.gateMetric, v.gateTolerance],
    triggers: [
      { _tag: "Invoke", by: "the maintenance state machine (states.amazonaws.com), started by EventBridge Scheduler" }
    ],
    sdkClients: ["client-cloudwatch", "client-dynamodb", "client-personalize", "client-s3", "client-sns"],
    resources: ["eventStoreTable", "configBucket", "notificationTopic", "personalizeRole", "personalizeScope"],
    iam: (a) =>
      maintenanceStepIamStatements({
        eventStoreTableArn: a.eventStoreTable,
        configBucketArn: a.configBucket,
        notificationTopicArn: a.notificationTopic,
        personalizeRoleArn: a.personalizeRole,
        personalizeScope: a.personalizeScope
      }),
    timeoutSeconds: 300,
    memoryMb: 512
  })
]
