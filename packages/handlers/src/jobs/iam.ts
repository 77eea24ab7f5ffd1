/** One IAM policy statement, as data for an IaC app to attach to a handler's role. */
export interface JobsIamStatement {
  readonly Sid: string
  readonly Effect: "Allow"
  readonly Action: ReadonlyArray<string>
  readonly Resource: ReadonlyArray<string>
}

const readModel = (tableArn: string, write: boolean): JobsIamStatement => ({
  Sid: "JobReadModel",
  Effect: "Allow",
  Action: ["dynamodb:GetItem", "dynamodb:Query", ...(write ? ["dynamodb:PutItem", "dynamodb:UpdateItem"] : [])],
  Resource: [tableArn, `${tableArn}/index/*`]
})

/** The EventBridge handler's role (plus the event store's own statements and AWSLambdaBasicExecutionRole). */
export const jobsEventsIamStatements = (arns: {
  readonly readModelTableArn: string
}): ReadonlyArray<JobsIamStatement> => [readModel(arns.readModelTableArn, true)]

/**
 * The dashboard's role: read the model, run actions (retry = DescribeJobs + SubmitJob, terminate =
 * TerminateJob) and record them. Narrow `jobQueueArns` / `jobDefinitionArns` to what operators may touch.
 */
export const jobsHttpIamStatements = (arns: {
  readonly readModelTableArn: string
  readonly jobQueueArns: ReadonlyArray<string>
  readonly jobDefinitionArns: ReadonlyArray<string>
}): ReadonlyArray<JobsIamStatement> => [
  readModel(arns.readModelTableArn, true),
  // DescribeJobs has no resource-level permissions.
  { Sid: "DescribeJobs", Effect: "Allow", Action: ["batch:DescribeJobs"], Resource: ["*"] },
  {
    Sid: "SubmitJob",
    Effect: "Allow",
    Action: ["batch:SubmitJob", "batch:TagResource"],
    Resource: [...arns.jobQueueArns, ...arns.jobDefinitionArns]
  },
  { Sid: "TerminateJob", Effect: "Allow", Action: ["batch:TerminateJob"], Resource: ["*"] }
]
