import { eventStoreStatement, type IamStatement } from "../iam.ts"

const personalizeRead = [
  "personalize:ListCampaigns",
  "personalize:ListRecommenders",
  "personalize:DescribeCampaign",
  "personalize:DescribeRecommender",
  "personalize:DescribeSolution"
]

// The decision log: the store's own calls (appends are transactions of PutItem and UpdateItem).
const eventStore = (tableArn: string) => eventStoreStatement(tableArn)

const putEvents = (eventBusArn: string): IamStatement => ({
  Sid: "PutMonitorEvents",
  Effect: "Allow",
  Action: ["events:PutEvents"],
  Resource: [eventBusArn]
})

const notify = (topicArn: string): IamStatement => ({
  Sid: "Notify",
  Effect: "Allow",
  Action: ["sns:Publish"],
  Resource: [topicArn]
})

// CloudWatch alarms, metrics and dashboards and Personalize's List/Describe calls have no useful
// resource-level scoping for a monitor of "all" resources in several regions: Resource "*".
const ownAlarms: IamStatement = {
  Sid: "OwnAlarms",
  Effect: "Allow",
  Action: ["cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"],
  Resource: ["*"]
}

/** The five-minute monitor: metrics, alarms, its decision log and the `personalize.monitor` events. */
export const monitorIamStatements = (arns: {
  readonly eventStoreTableArn: string
  readonly eventBusArn: string
}): ReadonlyArray<IamStatement> => [
  eventStore(arns.eventStoreTableArn),
  { Sid: "ReadPersonalize", Effect: "Allow", Action: personalizeRead, Resource: ["*"] },
  {
    Sid: "MetricsAndAlarms",
    Effect: "Allow",
    Action: [
      "cloudwatch:GetMetricData",
      "cloudwatch:PutMetricData",
      "cloudwatch:DescribeAlarms",
      "cloudwatch:PutMetricAlarm",
      "cloudwatch:DeleteAlarms",
      "cloudwatch:TagResource"
    ],
    Resource: ["*"]
  },
  putEvents(arns.eventBusArn)
]

/** The dashboard function: reads Personalize, writes CloudWatch dashboards. */
export const dashboardIamStatements = (): ReadonlyArray<IamStatement> => [
  {
    Sid: "ReadPersonalize",
    Effect: "Allow",
    Action: [...personalizeRead, "personalize:ListSolutions", "personalize:ListSolutionVersions"],
    Resource: ["*"]
  },
  {
    Sid: "Dashboards",
    Effect: "Allow",
    Action: ["cloudwatch:PutDashboard", "cloudwatch:DeleteDashboards", "cloudwatch:ListDashboards"],
    Resource: ["*"]
  }
]

/** The arguments every command function's statements need. */
export interface CommandArns {
  readonly eventStoreTableArn: string
  readonly eventBusArn: string
  readonly notificationTopicArn: string
  /** The campaigns and recommenders (ARNs or patterns) the monitor watches: what its commands may change. */
  readonly monitoredArns: ReadonlyArray<string>
}

/**
 * The Personalize ARNs a monitor's settings cover, for its command functions' role: the listed ARNs
 * (CampaignARNs, RecommenderARNs), or for `all` every campaign / recommender of the account in each
 * scanned region (Regions). Anything else (another account or region, another kind) is denied.
 */
export const monitoredPersonalizeArns = (settings: {
  readonly campaigns: "all" | ReadonlyArray<string>
  readonly recommenders: "all" | ReadonlyArray<string>
  readonly regions: ReadonlyArray<string>
  readonly account: string
  readonly partition?: string
}): ReadonlyArray<string> => {
  const partition = settings.partition ?? "aws"
  const pattern = (kind: string) =>
    settings.regions.map((r) => `arn:${partition}:personalize:${r}:${settings.account}:${kind}/*`)
  return [
    ...(settings.campaigns === "all" ? pattern("campaign") : settings.campaigns),
    ...(settings.recommenders === "all" ? pattern("recommender") : settings.recommenders)
  ]
}

/** Reads a command function re-checks the policy with: the resource itself, and its request metrics. */
const recheckReads = (arns: CommandArns): ReadonlyArray<IamStatement> => [
  {
    Sid: "DescribeMonitored",
    Effect: "Allow",
    Action: ["personalize:DescribeCampaign", "personalize:DescribeRecommender"],
    Resource: [...arns.monitoredArns]
  },
  // DescribeCampaign's solution version and solution (the recipe picks the request metric), same account and regions.
  {
    Sid: "DescribeSolutions",
    Effect: "Allow",
    Action: ["personalize:DescribeSolution", "personalize:DescribeSolutionVersion"],
    Resource: [...new Set(arns.monitoredArns.map((a) => `${a.split(":").slice(0, 5).join(":")}:solution/*`))]
  },
  // GetMetricData has no resource-level permissions.
  { Sid: "ReadRequestMetrics", Effect: "Allow", Action: ["cloudwatch:GetMetricData"], Resource: ["*"] }
]

/** `UpdateTPSFunction`: updates a campaign's or recommender's minimum. */
export const updateTpsIamStatements = (arns: CommandArns): ReadonlyArray<IamStatement> => [
  eventStore(arns.eventStoreTableArn),
  ...recheckReads(arns),
  {
    Sid: "UpdateMinTps",
    Effect: "Allow",
    Action: ["personalize:UpdateCampaign", "personalize:UpdateRecommender"],
    Resource: [...arns.monitoredArns]
  },
  putEvents(arns.eventBusArn),
  notify(arns.notificationTopicArn)
]

/** `DeleteCampaignFunction`: deletes an idle campaign and its alarms. */
export const deleteCampaignIamStatements = (arns: CommandArns): ReadonlyArray<IamStatement> => [
  eventStore(arns.eventStoreTableArn),
  ...recheckReads(arns),
  { Sid: "DeleteCampaign", Effect: "Allow", Action: ["personalize:DeleteCampaign"], Resource: [...arns.monitoredArns] },
  ownAlarms,
  putEvents(arns.eventBusArn),
  notify(arns.notificationTopicArn)
]

/** `StopRecommenderFunction`: stops an idle recommender and deletes its alarms. */
export const stopRecommenderIamStatements = (arns: CommandArns): ReadonlyArray<IamStatement> => [
  eventStore(arns.eventStoreTableArn),
  ...recheckReads(arns),
  {
    Sid: "StopRecommender",
    Effect: "Allow",
    Action: ["personalize:StopRecommender"],
    Resource: [...arns.monitoredArns]
  },
  ownAlarms,
  putEvents(arns.eventBusArn),
  notify(arns.notificationTopicArn)
]

/** `CleanupFunction`: deletes this instance's alarms on stack delete. */
export const cleanupIamStatements = (): ReadonlyArray<IamStatement> => [ownAlarms]
