import { type EnvVar, entry, eventStoreEnv, type LambdaEntry, resource } from "../LambdaEntry.ts"
import { jobsEventsIamStatements, jobsHttpIamStatements } from "./iam.ts"

const jobsEnv: ReadonlyArray<EnvVar> = [
  {
    name: "JOBS_TABLE",
    required: true,
    description: "DynamoDB read model of Batch jobs",
    from: resource("jobsTable", "name")
  },
  eventStoreEnv,
  { name: "JOBS_RULES", required: false, description: "failure classification rules JSON (default none)" },
  { name: "JOBS_RETENTION_DAYS", required: false, description: "days finished jobs are kept (TTL, default 90)" },
  { name: "JOBS_STUCK_MINUTES", required: false, description: "minutes in one status that mean stuck (default 60)" }
]

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
    description: "Jobs dashboard and JSON API (list, detail, retry, terminate); no authentication of its own",
    env: [
      ...jobsEnv,
      { name: "JOBS_BASE_PATH", required: false, description: "link prefix behind a proxy, e.g. /prod (default none)" }
    ],
    triggers: [{ _tag: "FunctionUrl", authType: "AWS_IAM", description: "jobs dashboard (SigV4-signed requests)" }],
    sdkClients: ["client-batch", "client-dynamodb"],
    resources: ["jobsTable", "eventStoreTable"],
    iam: (a, scopes) =>
      jobsHttpIamStatements({ jobsTableArn: a.jobsTable, eventStoreTableArn: a.eventStoreTable }, scopes),
    timeoutSeconds: 30,
    memoryMb: 512
  })
]
