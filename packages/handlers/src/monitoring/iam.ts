/** One IAM policy statement. */
export interface PolicyStatement {
  readonly Effect: "Allow"
  readonly Action: ReadonlyArray<string>
  readonly Resource: string
}

const personalizeRead = [
  "personalize:ListCampaigns",
  "personalize:ListRecommenders",
  "personalize:DescribeCampaign",
  "personalize:DescribeRecommender",
  "personalize:DescribeSolution"
]

// The decision log: the DynamoDB event store table (EVENT_STORE_TABLE, named PersonalizeOpsEvents by
// default) and its position index; narrow the ARN in your IaC if you name the table otherwise.
const eventStore: PolicyStatement = {
  Effect: "Allow",
  Action: ["dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"],
  Resource: "arn:aws:dynamodb:*:*:table/PersonalizeOpsEvents*"
}

/** The IAM statements each monitoring function needs (CloudWatch metrics and dashboards have no resource-level scoping). */
export const monitoringPolicies: { readonly [fn: string]: ReadonlyArray<PolicyStatement> } = {
  MonitorFunction: [
    eventStore,
    { Effect: "Allow", Action: personalizeRead, Resource: "*" },
    {
      Effect: "Allow",
      Action: [
        "cloudwatch:GetMetricData",
        "cloudwatch:PutMetricData",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:TagResource"
      ],
      Resource: "*"
    },
    { Effect: "Allow", Action: ["events:PutEvents"], Resource: "arn:aws:events:*:*:event-bus/default" }
  ],
  DashboardManagementFunction: [
    { Effect: "Allow", Action: [...personalizeRead, "personalize:ListSolutions"], Resource: "*" },
    {
      Effect: "Allow",
      Action: ["cloudwatch:PutDashboard", "cloudwatch:DeleteDashboards", "cloudwatch:ListDashboards"],
      Resource: "*"
    }
  ],
  UpdateTPSFunction: [
    eventStore,
    {
      Effect: "Allow",
      Action: ["personalize:UpdateCampaign", "personalize:UpdateRecommender", "personalize:DescribeRecommender"],
      Resource: "*"
    },
    { Effect: "Allow", Action: ["events:PutEvents"], Resource: "arn:aws:events:*:*:event-bus/default" },
    { Effect: "Allow", Action: ["sns:Publish"], Resource: "arn:aws:sns:*:*:PersonalizeMonitorNotifications" }
  ],
  DeleteCampaignFunction: [
    eventStore,
    { Effect: "Allow", Action: ["personalize:DeleteCampaign"], Resource: "*" },
    { Effect: "Allow", Action: ["cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"], Resource: "*" },
    { Effect: "Allow", Action: ["events:PutEvents"], Resource: "arn:aws:events:*:*:event-bus/default" },
    { Effect: "Allow", Action: ["sns:Publish"], Resource: "arn:aws:sns:*:*:PersonalizeMonitorNotifications" }
  ],
  StopRecommenderFunction: [
    eventStore,
    { Effect: "Allow", Action: ["personalize:StopRecommender"], Resource: "*" },
    { Effect: "Allow", Action: ["cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"], Resource: "*" },
    { Effect: "Allow", Action: ["events:PutEvents"], Resource: "arn:aws:events:*:*:event-bus/default" },
    { Effect: "Allow", Action: ["sns:Publish"], Resource: "arn:aws:sns:*:*:PersonalizeMonitorNotifications" }
  ],
  CleanupFunction: [
    { Effect: "Allow", Action: ["cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"], Resource: "*" }
  ]
}
