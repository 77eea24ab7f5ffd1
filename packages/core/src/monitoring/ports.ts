import { Context, type Effect } from "effect"
import type { AlarmSpec } from "./alarms.ts"
import type { MonitoringFailure } from "./errors.ts"
import type { MetricDataCall, MetricSeries } from "./metricQueries.ts"

/** One datapoint of a custom metric (PutMetricData). */
export interface MetricDatum {
  readonly metricName: string
  readonly dimensions: ReadonlyArray<{ readonly name: string; readonly value: string }>
  readonly value: number
  readonly unit: "Count" | "Count/Second" | "Percent" | "None"
  /** Epoch ms. */
  readonly timestamp: number
}

/** CloudWatch metrics: reads planned by `planMetricDataCalls`, writes of the monitor's custom metrics. */
export class Metrics extends Context.Service<
  Metrics,
  {
    /** Runs one planned GetMetricData call (all pages). */
    readonly getMetricData: (call: MetricDataCall) => Effect.Effect<ReadonlyArray<MetricSeries>, MonitoringFailure>
    /** Writes custom metrics in `region` (the adapter batches to PutMetricData's limits). */
    readonly putMetricData: (
      region: string,
      namespace: string,
      data: ReadonlyArray<MetricDatum>
    ) => Effect.Effect<void, MonitoringFailure>
  }
>()("@personalize-ops/core/monitoring/Metrics") {}

/** CloudWatch dashboards (global, not regional). */
export class Dashboards extends Context.Service<
  Dashboards,
  {
    /** Creates or fully replaces a dashboard; returns PutDashboard's validation messages (empty = OK). */
    readonly put: (name: string, body: string) => Effect.Effect<ReadonlyArray<string>, MonitoringFailure>
    readonly delete: (names: ReadonlyArray<string>) => Effect.Effect<void, MonitoringFailure>
    /** Names of the dashboards starting with `prefix`. */
    readonly list: (prefix: string) => Effect.Effect<ReadonlyArray<string>, MonitoringFailure>
  }
>()("@personalize-ops/core/monitoring/Dashboards") {}

/** CloudWatch metric alarms, per region. */
export class Alarms extends Context.Service<
  Alarms,
  {
    /** The metric alarms of `region` whose name starts with `prefix`. */
    readonly describe: (region: string, prefix: string) => Effect.Effect<ReadonlyArray<AlarmSpec>, MonitoringFailure>
    /** Creates or overwrites (PutMetricAlarm). */
    readonly put: (alarm: AlarmSpec) => Effect.Effect<void, MonitoringFailure>
    readonly delete: (region: string, names: ReadonlyArray<string>) => Effect.Effect<void, MonitoringFailure>
  }
>()("@personalize-ops/core/monitoring/Alarms") {}

/** An event on the default EventBridge bus. */
export interface BusEvent {
  readonly source: string
  readonly detailType: string
  readonly detail: { readonly [k: string]: unknown }
  readonly resources?: ReadonlyArray<string>
}

/** The EventBridge bus the monitor's commands and notifications travel on. */
export class EventBus extends Context.Service<
  EventBus,
  {
    /** PutEvents in `region` (the adapter batches by 10 and fails on any rejected entry). */
    readonly put: (region: string, events: ReadonlyArray<BusEvent>) => Effect.Effect<void, MonitoringFailure>
  }
>()("@personalize-ops/core/monitoring/EventBus") {}
