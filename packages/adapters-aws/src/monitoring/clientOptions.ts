import { Monitoring } from "@personalize-ops/core"
import { Effect } from "effect"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"

/** Extra SDK client settings (tests point `endpoint` at a local server; Lambda passes nothing). */
export interface AwsClientOptions {
  readonly endpoint?: string
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string }
  readonly maxAttempts?: number
}

/**
 * SDK client config for one region: the region is always the resource's own (the seed's wrong-region
 * bug). The SDK makes one attempt: `retryThrottled` is the client's one retry policy.
 */
export const clientConfig = (region: string, options: AwsClientOptions) => ({
  region,
  ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  ...(options.credentials === undefined ? {} : { credentials: { ...options.credentials } }),
  maxAttempts: options.maxAttempts ?? 1
})

/** One SDK client per region, built on first use and kept for the container's life. */
export const regionalClients = <C>(make: (region: string) => C): ((region: string) => C) => {
  const clients = new Map<string, C>()
  return (region) => {
    let client = clients.get(region)
    if (client === undefined) {
      client = make(region)
      clients.set(region, client)
    }
    return client
  }
}

/** The port's failure for an `AwsCallError`. */
export const toMonitoringFailure = (e: AwsCallError) =>
  new Monitoring.MonitoringFailure({ operation: e.operation, name: e.name, detail: e.detail })

/** An SDK call through the one mapping place, throttling retried, failures as `MonitoringFailure`. */
export const monitoredCall = <A>(operation: string, f: (abortSignal: AbortSignal) => Promise<A>) =>
  awsCall(operation, f).pipe(retryThrottled(), Effect.mapError(toMonitoringFailure))
