import { entry, eventStoreEnv, type LambdaEntry } from "../LambdaEntry.ts"
import { notifyIamStatements, reconcileIamStatements, scheduleIamStatements, triggerIamStatements } from "./iam.ts"
import { provisioningEnvVars } from "./ProvisioningSettings.ts"

const v = provisioningEnvVars

/** The provisioning rows of the entries table: S3 trigger → state machine (Reconcile, Notify). */
export const provisioningEntries: ReadonlyArray<LambdaEntry> = [
  entry({
    name: "provisioning-trigger",
    capability: "provisioning",
    module: "provisioning/triggerHandler.ts",
    export: "triggerHandler",
    description:
      "S3 ObjectCreated on a config: decode, validate, resolve data and roles; invalid → notification, valid → StartExecution (once per key and ETag)",
    env: [v.region, v.stateMachine, v.configPrefix, v.role, v.kmsKey, v.topic],
    triggers: [{ _tag: "Invoke", by: "the config bucket's ObjectCreated notification (s3.amazonaws.com)" }],
    sdkClients: ["client-s3", "client-sfn", "client-sns"],
    resources: ["configBucket", "provisioningStateMachine", "notificationTopic"],
    iam: (a) =>
      triggerIamStatements({
        configBucketArn: a.configBucket,
        stateMachineArn: a.provisioningStateMachine,
        notificationTopicArn: a.notificationTopic
      }),
    timeoutSeconds: 60,
    memoryMb: 256
  }),
  entry({
    name: "provisioning-reconcile",
    capability: "provisioning",
    module: "provisioning/reconcileHandler.ts",
    export: "reconcileHandler",
    description:
      "The state machine's Reconcile task: one pass (observe, plan, start what is ready, record events); the last one reconciles the config's maintenance schedules",
    env: [v.region, eventStoreEnv, v.scheduleInstance, v.maintenanceStateMachine, v.schedulerRole],
    triggers: [{ _tag: "Invoke", by: "the provisioning state machine (states.amazonaws.com)" }],
    sdkClients: ["client-dynamodb", "client-eventbridge", "client-personalize", "client-scheduler"],
    resources: [
      "eventStoreTable",
      "eventBus",
      "personalizeRole",
      "personalizeScope",
      "scheduleGroups",
      "schedulerRole"
    ],
    iam: (a) => [
      ...reconcileIamStatements({
        eventStoreTableArn: a.eventStoreTable,
        eventBusArn: a.eventBus,
        personalizeRoleArn: a.personalizeRole,
        personalizeScope: a.personalizeScope
      }),
      ...scheduleIamStatements({ scheduleGroupsArn: a.scheduleGroups, schedulerRoleArn: a.schedulerRole })
    ],
    timeoutSeconds: 300,
    memoryMb: 512
  }),
  entry({
    name: "provisioning-notify",
    capability: "provisioning",
    module: "provisioning/notifyHandler.ts",
    export: "notifyHandler",
    description: "The state machine's Notify tasks: the outcome per SNS protocol (e-mail text, JSON, SMS)",
    env: [v.region, v.topic],
    triggers: [{ _tag: "Invoke", by: "the provisioning state machine (states.amazonaws.com)" }],
    sdkClients: ["client-sns"],
    resources: ["notificationTopic"],
    iam: (a) => notifyIamStatements({ notificationTopicArn: a.notificationTopic }),
    timeoutSeconds: 30,
    memoryMb: 256
  })
]
