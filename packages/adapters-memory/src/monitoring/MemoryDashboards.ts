import { Monitoring } from "@personalize-ops/core"
import { Context, Effect, type Layer } from "effect"
import { layerMemoryAdapter, type MemoryAdapter } from "../kernel/memoryAdapter.ts"
import { type RecordedCall, recordCall } from "./RecordedCall.ts"

/** What tests read of the memory CloudWatch dashboards. */
export interface DashboardsInspector {
  /** Each dashboard's body (JSON), by name. */
  readonly dashboards: Map<string, string>
  /** PutDashboard and DeleteDashboards calls, in order (with the name or names as `detail`). */
  readonly calls: ReadonlyArray<RecordedCall>
}

/** The in-memory CloudWatch dashboards and what was done to them. */
export type MemoryDashboards = MemoryAdapter<Monitoring.Dashboards["Service"], DashboardsInspector>

export interface MemoryDashboardsOptions {
  /** Where to record the calls (a world shares one log across its adapters); a fresh log when absent. */
  readonly calls?: Array<RecordedCall>
}

const invalid = (detail: string) =>
  new Monitoring.MonitoringFailure({ operation: "PutDashboard", name: "InvalidParameterInput", detail })

/** PutDashboard's checks: the body is JSON and within CloudWatch's dashboard limits. */
const checkedBody = (name: string, body: string): Effect.Effect<void, Monitoring.MonitoringFailure> =>
  Effect.try({
    try: () => JSON.parse(body) as Monitoring.DashboardBody,
    catch: () => invalid("body is not JSON")
  }).pipe(
    Effect.flatMap((parsed) => {
      const violations = Monitoring.dashboardViolations({ name, body: parsed })
      return violations.length > 0 ? Effect.fail(invalid(violations.join("; "))) : Effect.void
    })
  )

const listed = (dashboards: Map<string, string>, prefix: string) =>
  [...dashboards.keys()].filter((n) => n.startsWith(prefix)).sort()

const removed = (dashboards: Map<string, string>, names: ReadonlyArray<string>) => {
  for (const n of names) dashboards.delete(n)
}

/** CloudWatch dashboards: put (checked as CloudWatch checks it), delete by names, list by name prefix. */
export const makeMemoryDashboards = (options: MemoryDashboardsOptions = {}): MemoryDashboards => {
  const dashboards = new Map<string, string>()
  const calls = options.calls ?? []
  return {
    service: Monitoring.Dashboards.of({
      put: (name, body) =>
        checkedBody(name, body).pipe(
          Effect.andThen(recordCall(calls, "PutDashboard", name)),
          Effect.map(() => {
            dashboards.set(name, body)
            return []
          })
        ),
      delete: (names) =>
        recordCall(calls, "DeleteDashboards", names).pipe(Effect.map(() => removed(dashboards, names))),
      list: (prefix) => Effect.sync(() => listed(dashboards, prefix))
    }),
    dashboards,
    calls
  }
}

/** The memory dashboards' inspection handle, provided next to `Dashboards` by `layerMemoryDashboards`. */
export class MemoryDashboardsInspector extends Context.Service<MemoryDashboardsInspector, DashboardsInspector>()(
  "@personalize-ops/adapters-memory/monitoring/MemoryDashboardsInspector"
) {}

/** `Dashboards` and its inspector: over one made by `makeMemoryDashboards`, or a fresh one per build. */
export const layerMemoryDashboards = (
  from: MemoryDashboards | MemoryDashboardsOptions = {}
): Layer.Layer<Monitoring.Dashboards | MemoryDashboardsInspector> =>
  layerMemoryAdapter(Monitoring.Dashboards, MemoryDashboardsInspector, makeMemoryDashboards, from)
