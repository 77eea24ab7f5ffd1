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

/** The IAM statements each monitoring function needs (CloudWatch metrics and dashboards have no resource-level scoping). */
export const monitoringPolicies: { readonly [fn: string]: ReadonlyArray<PolicyStatement> } = {
  MonitorFunction: [
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
    {
      Effect: "Allow",
      Action: ["personalize:UpdateCampaign", "personalize:UpdateRecommender", "personalize:DescribeRecommender"],
      Resource: "*"
    },
    { Effect: "Allow", Action: ["events:PutEvents"], Resource: "arn:aws:events:*:*:event-bus/default" },
    { Effect: "Allow", Action: ["sns:Publish"], Resource: "arn:aws:sns:*:*:PersonalizeMonitorNotifications" }
  ],
  DeleteCampaignFunction: [
    { Effect: "Allow", Action: ["personalize:DeleteCampaign"], Resource: "*" },
    { Effect: "Allow", Action: ["cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"], Resource: "*" },
    { Effect: "Allow", Action: ["events:PutEvents"], Resource: "arn:aws:events:*:*:event-bus/default" },
    { Effect: "Allow", Action: ["sns:Publish"], Resource: "arn:aws:sns:*:*:PersonalizeMonitorNotifications" }
  ],
  StopRecommenderFunction: [
    { Effect: "Allow", Action: ["personalize:StopRecommender"], Resource: "*" },
    { Effect: "Allow", Action: ["cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"], Resource: "*" },
    { Effect: "Allow", Action: ["events:PutEvents"], Resource: "arn:aws:events:*:*:event-bus/default" },
    { Effect: "Allow", Action: ["sns:Publish"], Resource: "arn:aws:sns:*:*:PersonalizeMonitorNotifications" }
  ],
  CleanupFunction: [
    { Effect: "Allow", Action: ["cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"], Resource: "*" }
  ]
}
