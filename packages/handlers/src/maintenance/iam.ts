import { eventStoreStatement, type IamStatement } from "../iam.ts"

const kinds = ["DatasetGroup", "Schema", "Dataset", "DatasetImportJob", "EventTracker", "Filter", "Solution"].concat([
  "SolutionVersion",
  "Campaign",
  "Recommender",
  "BatchInferenceJob",
  "BatchSegmentJob"
])

// A run observes the deployment (every List and Describe), then starts an import, a training or a batch job,
// reads the new version's offline metrics and, past the gate, moves campaigns. Nothing is deleted or tagged.
const maintenanceActions = [
  ...kinds.map((kind) => `personalize:Describe${kind}`),
  ...kinds.map((kind) => `personalize:List${kind === "Schema" ? "Schemas" : `${kind}s`}`),
  "personalize:CreateDatasetImportJob",
  "personalize:CreateSolutionVersion",
  "personalize:CreateBatchInferenceJob",
  "personalize:CreateBatchSegmentJob",
  "personalize:GetSolutionMetrics",
  "personalize:UpdateCampaign",
  "personalize:DescribeRecipe"
].sort()

/**
 * The maintenance step: Personalize in the deployment's account and region, the role it passes, its
 * ledger, the configs (and data ages) in the deployment's bucket, its topic, and the offline metrics.
 */
export const maintenanceStepIamStatements = (arns: {
  readonly eventStoreTableArn: string
  readonly configBucketArn: string
  readonly notificationTopicArn: string
  readonly personalizeRoleArn: string
  /** `arn:<partition>:personalize:<region>:<account>:*` of the deployment. */
  readonly personalizeScope: string
}): ReadonlyArray<IamStatement> => [
  {
    Sid: "Maintain",
    Effect: "Allow",
    Action: maintenanceActions,
    // Recipes are AWS-owned (no region or account in their ARN).
    Resource: [arns.personalizeScope, `${arns.personalizeScope.split(":personalize:")[0]}:personalize:::recipe/*`]
  },
  { Sid: "PassPersonalizeRole", Effect: "Allow", Action: ["iam:PassRole"], Resource: [arns.personalizeRoleArn] },
  eventStoreStatement(arns.eventStoreTableArn),
  { Sid: "ReadConfigs", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${arns.configBucketArn}/*`] },
  // Whether data is there (the provisioning trigger's rule) and when it last changed (the import skip rule).
  { Sid: "DataAge", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [arns.configBucketArn] },
  { Sid: "Notify", Effect: "Allow", Action: ["sns:Publish"], Resource: [arns.notificationTopicArn] },
  // PutMetricData has no resource-level permissions.
  { Sid: "SolutionMetrics", Effect: "Allow", Action: ["cloudwatch:PutMetricData"], Resource: ["*"] }
]

/** The maintenance state machine's role: it invokes the step function, nothing else. */
export const maintenanceStateMachineIamStatements = (arns: {
  readonly stepFunctionArn: string
}): ReadonlyArray<IamStatement> => [
  { Sid: "InvokeStep", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [arns.stepFunctionArn] }
]

/** The principal EventBridge Scheduler assumes roles as. */
export const schedulerPrincipal = "scheduler.amazonaws.com"

/** The role the deployment's schedules run as: it may only start the maintenance state machine. */
export const schedulerIamStatements = (arns: {
  readonly maintenanceStateMachineArn: string
}): ReadonlyArray<IamStatement> => [
  {
    Sid: "StartMaintenance",
    Effect: "Allow",
    Action: ["states:StartExecution"],
    Resource: [arns.maintenanceStateMachineArn]
  }
]
