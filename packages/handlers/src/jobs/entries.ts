import { entry, type LambdaEntry } from "../LambdaEntry.ts"
import { jobsEventsIamStatements, jobsHttpIamStatements } from "./iam.ts"
import { jobsActionEnvVars, jobsBasePathEnv, jobsEnv } from "./JobsSettings.ts"

/** The jobs rows of the entries table. */
export const jobsEntries: ReadonlyArray<LambdaEntry> = [
  entry({
    name: "jobs-events",
    capability: "jobs",
    module: "jobs/eventsHandler.ts",
    export: "handler",
    description:
      "AWS Batch job state changes → job event streams and the jobs read model (status, stuck, failure class)",
    env: jobsEnv,
    triggers: [
      {
        _tag: "EventBridge",
        description: "AWS Batch job state changes",
        pattern: { source: ["aws.batch"], "detail-type": ["Batch Job State Change"] },
        scopedBy: { field: "jobQueue", scope: "monitoredJobQueueArns" }
      }
    ],
    sdkClients: ["client-dynamodb"],
    resources: ["jobsTable", "eventStoreTable"],
    iam: (a) => jobsEventsIamStatements({ jobsTableArn: a.jobsTable, eventStoreTableArn: a.eventStoreTable }),
    timeoutSeconds: 30,
    memoryMb: 256
  }),
  entry({
    name: "jobs-dashboard",
    capability: "jobs",
    module: "jobs/httpHandler.ts",
    export: "handler",
    description:
      "Jobs dashboard and JSON API (list, detail, retry, terminate); behind a JWT authorizer, actions need the operator group",
    env: [...jobsEnv, jobsBasePathEnv, ...Object.values(jobsActionEnvVars)],
    triggers: [{ _tag: "HttpApi", authorizer: "JWT", description: "jobs dashboard (signed-in users; JWT bearer)" }],
    sdkClients: ["client-batch", "client-dynamodb"],
    resources: ["jobsTable", "eventStoreTable"],
    iam: (a, scopes) =>
      jobsHttpIamStatements({ jobsTableArn: a.jobsTable, eventStoreTableArn: a.eventStoreTable }, scopes),
    timeoutSeconds: 30,
    memoryMb: 512
  })
]
