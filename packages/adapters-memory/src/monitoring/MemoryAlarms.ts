import { Monitoring } from "@personalize-ops/core"
import { Context, Effect, type Layer } from "effect"
import { layerMemoryAdapter, type MemoryAdapter } from "../kernel/memoryAdapter.ts"
import { type RecordedCall, recordCall } from "./RecordedCall.ts"

/** What tests read of the memory CloudWatch alarms. */
export interface AlarmsInspector {
  /** The alarms of each region, by name. */
  readonly alarms: Map<string, Map<string, Monitoring.AlarmSpec>>
  /** PutMetricAlarm and DeleteAlarms calls, in order (with the alarm name or names as `detail`). */
  readonly calls: ReadonlyArray<RecordedCall>
}

/** The in-memory CloudWatch alarms and what was done to them. */
export type MemoryAlarms = MemoryAdapter<Monitoring.Alarms["Service"], AlarmsInspector>

export interface MemoryAlarmsOptions {
  /** Where to record the calls (a world shares one log across its adapters); a fresh log when absent. */
  readonly calls?: Array<RecordedCall>
}

/** CloudWatch's PutMetricAlarm check: an alarm evaluates at most one day of data. */
const refusal = (alarm: Monitoring.AlarmSpec) =>
  alarm.period * alarm.evaluationPeriods > Monitoring.AlarmLimits.maxEvaluationSeconds
    ? new Monitoring.MonitoringFailure({
        operation: "PutMetricAlarm",
        name: "InvalidParameterCombination",
        detail: "Period * EvaluationPeriods must be <= 86400"
      })
    : undefined

const described = (alarms: AlarmsInspector["alarms"], region: string, prefix: string) =>
  [...(alarms.get(region)?.values() ?? [])].filter((a) => a.name.startsWith(prefix))

const stored = (alarms: AlarmsInspector["alarms"], alarm: Monitoring.AlarmSpec) => {
  const regional = alarms.get(alarm.region) ?? new Map<string, Monitoring.AlarmSpec>()
  regional.set(alarm.name, alarm)
  alarms.set(alarm.region, regional)
}

const removed = (alarms: AlarmsInspector["alarms"], region: string, names: ReadonlyArray<string>) => {
  for (const n of names) alarms.get(region)?.delete(n)
}

/** CloudWatch alarms per region: put (create or replace by name), describe by name prefix, delete by names. */
export const makeMemoryAlarms = (options: MemoryAlarmsOptions = {}): MemoryAlarms => {
  const alarms = new Map<string, Map<string, Monitoring.AlarmSpec>>()
  const calls = options.calls ?? []
  return {
    service: Monitoring.Alarms.of({
      describe: (region, prefix) => Effect.sync(() => described(alarms, region, prefix)),
      put: (alarm) => {
        const refused = refusal(alarm)
        if (refused !== undefined) return Effect.fail(refused)
        return recordCall(calls, "PutMetricAlarm", alarm.name).pipe(Effect.map(() => stored(alarms, alarm)))
      },
      delete: (region, names) =>
        recordCall(calls, "DeleteAlarms", names).pipe(Effect.map(() => removed(alarms, region, names)))
    }),
    alarms,
    calls
  }
}

/** The memory alarms' inspection handle, provided next to `Alarms` by `layerMemoryAlarms`. */
export class MemoryAlarmsInspector extends Context.Service<MemoryAlarmsInspector, AlarmsInspector>()(
  "@personalize-ops/adapters-memory/monitoring/MemoryAlarmsInspector"
) {}

/** `Alarms` and its inspector: over one made by `makeMemoryAlarms`, or a fresh one per build. */
export const layerMemoryAlarms = (
  from: MemoryAlarms | MemoryAlarmsOptions = {}
): Layer.Layer<Monitoring.Alarms | MemoryAlarmsInspector> =>
  layerMemoryAdapter(Monitoring.Alarms, MemoryAlarmsInspector, makeMemoryAlarms, from)
