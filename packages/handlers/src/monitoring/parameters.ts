/**
 * The monitor's deployment parameters, as the one-click CloudFormation template asks for them: the
 * anchor's names (aws-samples/amazon-personalize-monitor: CampaignARNs, RecommenderARNs, Regions,
 * AutoCreateUtilizationAlarms, UtilizationThresholdAlarmLowerBound, AutoCreateIdleAlarms,
 * IdleThresholdHours, AutoDeleteOrStopIdleResources, AutoAdjustMinTPS, NotificationEndpoint) plus this
 * monitor's AlarmNamePrefix, DashboardName, NotificationTopicName, the new alarms' thresholds and PriceTable. Each parameter is the environment
 * variable of the same name every monitoring function reads (MonitorConfig), and its constraints are
 * CloudFormation's (AllowedValues, AllowedPattern — matched against the whole value —, MinValue,
 * MaxValue), so a typo fails the deploy instead of the first cold start.
 */

/** One CloudFormation parameter of a template (the fields this project sets). */
export interface DeployParameter {
  readonly name: string
  readonly type: "String" | "Number"
  readonly default: string
  readonly description: string
  readonly allowedValues?: ReadonlyArray<string>
  /** Java-style regular expression CloudFormation matches against the whole value (no anchors needed). */
  readonly allowedPattern?: string
  readonly minValue?: number
  readonly maxValue?: number
  readonly constraintDescription?: string
}

const arn = (kind: "campaign" | "recommender") =>
  `arn:aws[a-z-]*:personalize:[a-z0-9-]+:[0-9]{12}:${kind}/[A-Za-z0-9_-]+`
const arnList = (kind: "campaign" | "recommender") => `(all|${arn(kind)}( *, *${arn(kind)})*)`
const region = "[a-z]{2}(-[a-z]+)+-[0-9]+"
const yesNo = ["Yes", "No"] as const
const optionalNumber = "(|[0-9]+(\\.[0-9]+)?)"

/** Bounds shared by the template and MonitorConfig's decoding. */
export const MonitorParameterBounds = {
  UtilizationThresholdAlarmLowerBound: { minimum: 0, maximum: 1000 },
  IdleThresholdHours: { minimum: 1, maximum: 24 * 365 }
} as const

/** The monitor's parameters, in the order the template lists them. */
export const monitorParameters: ReadonlyArray<DeployParameter> = [
  {
    name: "CampaignARNs",
    type: "String",
    default: "all",
    description: "Campaigns to monitor: `all` (every ACTIVE campaign of Regions) or a comma-separated list of ARNs",
    allowedPattern: arnList("campaign"),
    constraintDescription: "`all` or campaign ARNs separated by commas"
  },
  {
    name: "RecommenderARNs",
    type: "String",
    default: "all",
    description: "Recommenders to monitor: `all` or a comma-separated list of ARNs",
    allowedPattern: arnList("recommender"),
    constraintDescription: "`all` or recommender ARNs separated by commas"
  },
  {
    name: "Regions",
    type: "String",
    default: "",
    description: "Regions scanned for `all` (comma-separated); empty means the stack's region",
    allowedPattern: `(|${region}( *, *${region})*)`,
    constraintDescription: "region names such as us-east-1, separated by commas"
  },
  {
    name: "AutoCreateUtilizationAlarms",
    type: "String",
    default: "Yes",
    description: "Create a low-utilization alarm per monitored resource",
    allowedValues: yesNo
  },
  {
    name: "UtilizationThresholdAlarmLowerBound",
    type: "Number",
    default: "100",
    description: "Percent: the low-utilization alarm fires below it (45 of the last 60 minutes)",
    minValue: MonitorParameterBounds.UtilizationThresholdAlarmLowerBound.minimum,
    maxValue: MonitorParameterBounds.UtilizationThresholdAlarmLowerBound.maximum,
    constraintDescription: "a percentage from 0 to 1000"
  },
  {
    name: "AutoCreateIdleAlarms",
    type: "String",
    default: "Yes",
    description: "Create an idle alarm per monitored resource",
    allowedValues: yesNo
  },
  {
    name: "IdleThresholdHours",
    type: "Number",
    default: "24",
    description: "Hours without requests that make a resource idle",
    minValue: MonitorParameterBounds.IdleThresholdHours.minimum,
    maxValue: MonitorParameterBounds.IdleThresholdHours.maximum,
    constraintDescription: "hours, from 1 to 8760"
  },
  {
    name: "AutoDeleteOrStopIdleResources",
    type: "String",
    default: "No",
    description: "Delete idle campaigns and stop idle recommenders (opt-in)",
    allowedValues: yesNo
  },
  {
    name: "AutoAdjustMinTPS",
    type: "String",
    default: "Yes",
    description: "Step min TPS/RPS down 25% an hour towards the 14-day low watermark (never up)",
    allowedValues: yesNo
  },
  {
    name: "NotificationEndpoint",
    type: "String",
    default: "",
    description: "E-mail address subscribed to the notifications topic; empty for none",
    allowedPattern: "(|[^@ ,]+@[^@ ,]+\\.[^@ ,]+)",
    constraintDescription: "an e-mail address, or empty"
  },
  {
    name: "LatencyP95ThresholdMs",
    type: "String",
    default: "",
    description: "New alarm: p95 latency above this many milliseconds for 15 minutes; empty for none",
    allowedPattern: optionalNumber,
    constraintDescription: "a number of milliseconds, or empty"
  },
  {
    name: "LatencyAnomalyBand",
    type: "String",
    default: "",
    description:
      "New alarm: p95 latency above its anomaly band of this many standard deviations (wins over the threshold); empty for none",
    allowedPattern: optionalNumber,
    constraintDescription: "a number of standard deviations such as 2, or empty"
  },
  {
    name: "ErrorRateThresholdPercent",
    type: "String",
    default: "",
    description: "New alarms: 4xx and 5xx errors above this percent of requests for 15 minutes; empty for none",
    allowedPattern: optionalNumber,
    constraintDescription: "a percentage, or empty"
  },
  {
    name: "StaleModelDays",
    type: "String",
    default: "",
    description:
      "New alarm: a campaign serving a model older than this many days, or not its newest ACTIVE version; empty for none",
    allowedPattern: optionalNumber,
    constraintDescription: "a number of days, or empty"
  },
  {
    name: "PriceTable",
    type: "String",
    default: "",
    description:
      "Price table as one-line JSON (Monitoring.PriceTable: currency, source, asOf, regions with monthly tiers): step-downs record their saving and the dashboard charts cost; empty for none",
    allowedPattern: "(|\\{.*\\})",
    constraintDescription: "a JSON object on one line, or empty"
  },
  {
    name: "AlarmNamePrefix",
    type: "String",
    default: "PersonalizeMonitor-",
    description: "Prefix of every alarm this instance owns (lets several instances share an account)",
    allowedPattern: "[A-Za-z0-9_.-]{1,64}",
    constraintDescription: "1 to 64 of A-Z a-z 0-9 _ . -"
  },
  {
    name: "DashboardName",
    type: "String",
    default: "Amazon-Personalize-Monitor",
    description: "Name (stem) of the CloudWatch dashboards",
    allowedPattern: "[A-Za-z0-9_-]{1,200}",
    constraintDescription: "1 to 200 of A-Z a-z 0-9 _ -"
  },
  {
    name: "NotificationTopicName",
    type: "String",
    default: "PersonalizeMonitorNotifications",
    description: "Name of the SNS topic (per region) alarms and actions notify",
    allowedPattern: "[A-Za-z0-9_-]{1,256}",
    constraintDescription: "1 to 256 of A-Z a-z 0-9 _ -"
  }
]

/** True when CloudFormation would accept `value` for `p` (its constraints, as the service checks them). */
export const parameterAccepts = (p: DeployParameter, value: string): boolean => {
  if (p.allowedValues !== undefined && !p.allowedValues.includes(value)) return false
  if (p.allowedPattern !== undefined && !new RegExp(`^(?:${p.allowedPattern})$`).test(value)) return false
  if (p.type === "Number") {
    if (value.trim() === "" || !Number.isFinite(Number(value))) return false
    const n = Number(value)
    if (p.minValue !== undefined && n < p.minValue) return false
    if (p.maxValue !== undefined && n > p.maxValue) return false
  }
  return true
}
