import { type DeploymentScopes, eventStoreStatement, type IamStatement } from "../iam.ts"

// Both handlers record decisions in the event store (load → decide → append).
const eventStore = (tableArn: string) => eventStoreStatement(tableArn)

// DeleteItem: a stats read folds the counts of expired jobs out of the counters (the expiry ledger).
const readModel = (tableArn: string): IamStatement => ({
  Sid: "JobReadModel",
  Effect: "Allow",
  Action: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
  Resource: [tableArn, `${tableArn}/index/*`]
})

/** The jobs in the queues' accounts and regions: `arn:…:batch:<region>:<account>:job-queue/q` → `…:job/*`. */
const jobArnsOf = (jobQueueArns: ReadonlyArray<string>): ReadonlyArray<string> => [
  ...new Set(jobQueueArns.map((arn) => `${arn.slice(0, arn.lastIndexOf(":job-queue/"))}:job/*`))
]

/** The EventBridge handler's role (plus AWSLambdaBasicExecutionRole). */
export const jobsEventsIamStatements = (arns: {
  readonly jobsTableArn: string
  readonly eventStoreTableArn: string
}): ReadonlyArray<IamStatement> => [readModel(arns.jobsTableArn), eventStore(arns.eventStoreTableArn)]

/**
 * The dashboard's role: read the model, record actions, and act only where the operator allows —
 * retry (DescribeJobs + SubmitJob) into `batchJobQueueArns` with `batchJobDefinitionArns`, terminate
 * jobs of those queues' accounts and regions. With no queues listed the dashboard is read-only.
 */
export const jobsHttpIamStatements = (
  arns: { readonly jobsTableArn: string; readonly eventStoreTableArn: string },
  scopes: Pick<DeploymentScopes, "batchJobQueueArns" | "batchJobDefinitionArns">
): ReadonlyArray<IamStatement> => {
  const statements: Array<IamStatement> = [readModel(arns.jobsTableArn), eventStore(arns.eventStoreTableArn)]
  if (scopes.batchJobQueueArns.length === 0) return statements
  // DescribeJobs has no resource-level permissions.
  statements.push({ Sid: "DescribeJobs", Effect: "Allow", Action: ["batch:DescribeJobs"], Resource: ["*"] })
  if (scopes.batchJobDefinitionArns.length > 0)
    statements.push({
      Sid: "SubmitJob",
      Effect: "Allow",
      Action: ["batch:SubmitJob", "batch:TagResource"],
      Resource: [...scopes.batchJobQueueArns, ...scopes.batchJobDefinitionArns]
    })
  statements.push({
    Sid: "TerminateJob",
    Effect: "Allow",
    Action: ["batch:TerminateJob"],
    Resource: jobArnsOf(scopes.batchJobQueueArns)
  })
  return statements
}
