import { eventStoreStatement, type IamStatement } from "../iam.ts"

// The calls a reconcile pass makes (observe, create, update, delete, tag); no Personalize runtime or events calls.
const personalizeActions = [
  ...["DatasetGroup", "Schema", "Dataset", "DatasetImportJob", "EventTracker", "Filter", "Solution", "SolutionVersion"]
    .concat(["Campaign", "Recommender", "BatchInferenceJob", "BatchSegmentJob"])
    .flatMap((kind) => [`personalize:Create${kind}`, `personalize:Describe${kind}`]),
  ...["DatasetGroups", "Schemas", "Datasets", "DatasetImportJobs", "EventTrackers", "Filters", "Solutions"]
    .concat(["SolutionVersions", "Campaigns", "Recommenders", "BatchInferenceJobs", "BatchSegmentJobs"])
    .map((kinds) => `personalize:List${kinds}`),
  ...["DatasetGroup", "Schema", "Dataset", "EventTracker", "Filter", "Solution", "Campaign", "Recommender"].map(
    (kind) => `personalize:Delete${kind}`
  ),
  "personalize:UpdateCampaign",
  "personalize:UpdateRecommender",
  "personalize:UpdateSolution",
  "personalize:UpdateDataset",
  "personalize:StartRecommender",
  "personalize:StopRecommender",
  "personalize:StopSolutionVersionCreation",
  "personalize:DescribeRecipe",
  "personalize:ListRecipes",
  "personalize:ListTagsForResource",
  "personalize:TagResource",
  "personalize:UntagResource"
].sort()

/** The Reconcile task: Personalize in the deployment's account and region, the role it passes, its ledger, lifecycle events. */
export const reconcileIamStatements = (arns: {
  readonly eventStoreTableArn: string
  readonly eventBusArn: string
  readonly personalizeRoleArn: string
  /** `arn:<partition>:personalize:<region>:<account>:*` of the deployment. */
  readonly personalizeScope: string
}): ReadonlyArray<IamStatement> => [
  {
    Sid: "Provision",
    Effect: "Allow",
    Action: personalizeActions,
    // Recipes are AWS-owned (no region or account in their ARN).
    Resource: [arns.personalizeScope, `${arns.personalizeScope.split(":personalize:")[0]}:personalize:::recipe/*`]
  },
  { Sid: "PassPersonalizeRole", Effect: "Allow", Action: ["iam:PassRole"], Resource: [arns.personalizeRoleArn] },
  eventStoreStatement(arns.eventStoreTableArn),
  { Sid: "LifecycleEvents", Effect: "Allow", Action: ["events:PutEvents"], Resource: [arns.eventBusArn] }
]

/**
 * The Reconcile task's schedule calls: the deployment's schedule groups (`<instance>-*`) and the schedules
 * in them, and passing the scheduler's role (only it) to them. ListSchedules has no resource-level
 * permissions.
 */
export const scheduleIamStatements = (arns: {
  /** `arn:<partition>:scheduler:<region>:<account>:schedule-group/<instance>-*`. */
  readonly scheduleGroupsArn: string
  readonly schedulerRoleArn: string
}): ReadonlyArray<IamStatement> => [
  {
    Sid: "ScheduleGroups",
    Effect: "Allow",
    Action: ["scheduler:CreateScheduleGroup", "scheduler:DeleteScheduleGroup", "scheduler:GetScheduleGroup"],
    Resource: [arns.scheduleGroupsArn]
  },
  {
    Sid: "Schedules",
    Effect: "Allow",
    Action: [
      "scheduler:CreateSchedule",
      "scheduler:DeleteSchedule",
      "scheduler:GetSchedule",
      "scheduler:UpdateSchedule"
    ],
    Resource: [`${arns.scheduleGroupsArn.replace(":schedule-group/", ":schedule/")}/*`]
  },
  { Sid: "ListSchedules", Effect: "Allow", Action: ["scheduler:ListSchedules"], Resource: ["*"] },
  { Sid: "PassSchedulerRole", Effect: "Allow", Action: ["iam:PassRole"], Resource: [arns.schedulerRoleArn] }
]

/** The S3 trigger: read configs and look for data in the bucket, start the state machine, notify invalid configs. */
export const triggerIamStatements = (arns: {
  readonly configBucketArn: string
  readonly stateMachineArn: string
  readonly notificationTopicArn: string
}): ReadonlyArray<IamStatement> => [
  { Sid: "ReadConfigs", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${arns.configBucketArn}/*`] },
  { Sid: "FindData", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [arns.configBucketArn] },
  { Sid: "StartProvisioning", Effect: "Allow", Action: ["states:StartExecution"], Resource: [arns.stateMachineArn] },
  { Sid: "Notify", Effect: "Allow", Action: ["sns:Publish"], Resource: [arns.notificationTopicArn] }
]

/** The Notify task: publish to the deployment's topic. */
export const notifyIamStatements = (arns: { readonly notificationTopicArn: string }): ReadonlyArray<IamStatement> => [
  { Sid: "Notify", Effect: "Allow", Action: ["sns:Publish"], Resource: [arns.notificationTopicArn] }
]
