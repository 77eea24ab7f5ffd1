import type { PriceTable } from "./cost.ts"

/**
 * The monitor's parameters, named as in the seed's deployment parameters (aws-samples/amazon-personalize-monitor):
 * CampaignARNs, RecommenderARNs, Regions, AutoCreateUtilizationAlarms, UtilizationThresholdAlarmLowerBound,
 * AutoCreateIdleAlarms, IdleThresholdHours, AutoDeleteOrStopIdleResources, AutoAdjustMinTPS, NotificationEndpoint.
 * `alarmNamePrefix` and `dashboardName` are new: they let several instances share an account.
 */
export interface MonitorSettings {
  /** `"all"` or explicit ARNs (CampaignARNs). */
  readonly campaigns: "all" | ReadonlyArray<string>
  /** `"all"` or explicit ARNs (RecommenderARNs). */
  readonly recommenders: "all" | ReadonlyArray<string>
  /** Regions scanned when `all` is used (Regions). */
  readonly regions: ReadonlyArray<string>
  readonly autoCreateUtilizationAlarms: boolean
  /** Percent, 0–1000 (UtilizationThresholdAlarmLowerBound). */
  readonly utilizationThresholdAlarmLowerBound: number
  readonly autoCreateIdleAlarms: boolean
  /** Hours without requests that count as idle, ≥ 1 (IdleThresholdHours). */
  readonly idleThresholdHours: number
  /** Opt-in: stop idle recommenders and delete idle campaigns (AutoDeleteOrStopIdleResources). */
  readonly autoDeleteOrStopIdleResources: boolean
  readonly autoAdjustMinTPS: boolean
  /** Every alarm this instance owns starts with it; default `PersonalizeMonitor-`. */
  readonly alarmNamePrefix: string
  /** Dashboard name (or the stem of several when split); default `Amazon-Personalize-Monitor`. */
  readonly dashboardName: string
  /** SNS topic name per region for alarm actions and notifications; default `PersonalizeMonitorNotifications`. */
  readonly notificationTopicName: string
  /** The account id, to build alarm-action topic ARNs; absent means alarms get no actions. */
  readonly accountId?: string
  /** New alarms, each absent = off. p95 latency above this many ms (LatencyP95ThresholdMs). */
  readonly latencyP95ThresholdMs?: number
  /** p95 latency above its anomaly band of this many standard deviations (LatencyAnomalyBand); wins over the threshold. */
  readonly latencyAnomalyBand?: number
  /** 4xx and 5xx errors above this percent of requests (ErrorRateThresholdPercent). */
  readonly errorRateThresholdPercent?: number
  /** A campaign serving a model older than this many days, or not serving its newest ACTIVE version (StaleModelDays). */
  readonly staleModelDays?: number
  /** The operator's price table: step-downs record their saving, reports show cost. Absent: no money figures. */
  readonly prices?: PriceTable
  /**
   * This deployment's id (`MonitorInstanceId`), written on every event it puts (`detail.MonitorInstanceId`):
   * its rules match only its own events and its command handlers refuse others'. Absent: events carry none.
   */
  readonly instanceId?: string
}

/** The seed's defaults. */
export const defaultSettings: MonitorSettings = {
  campaigns: "all",
  recommenders: "all",
  regions: [],
  autoCreateUtilizationAlarms: true,
  utilizationThresholdAlarmLowerBound: 100,
  autoCreateIdleAlarms: true,
  idleThresholdHours: 24,
  autoDeleteOrStopIdleResources: false,
  autoAdjustMinTPS: true,
  alarmNamePrefix: "PersonalizeMonitor-",
  dashboardName: "Amazon-Personalize-Monitor",
  notificationTopicName: "PersonalizeMonitorNotifications"
}

/** Parses the seed's CSV-or-`all` parameter. */
export const parseArnList = (value: string): "all" | ReadonlyArray<string> => {
  const trimmed = value.trim()
  if (trimmed.toLowerCase() === "all") return "all"
  return trimmed
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}
