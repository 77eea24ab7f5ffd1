import { Monitoring } from "@personalize-ops/core"
import { Effect } from "effect"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"

/** The port's failure for an `AwsCallError`. */
export const toMonitoringFailure = (e: AwsCallError) =>
  new Monitoring.MonitoringFailure({ operation: e.operation, name: e.name, detail: e.detail })

/** An SDK call through the one mapping place, throttling retried, failures as `MonitoringFailure`. */
export const monitoredCall = <A>(operation: string, f: (abortSignal: AbortSignal) => Promise<A>) =>
  awsCall(operation, f).pipe(retryThrottled(), Effect.mapError(toMonitoringFailure))
