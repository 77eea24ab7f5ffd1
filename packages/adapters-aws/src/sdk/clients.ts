// The one way an SDK client is built: a `Context.Service` per AWS service in `sdk/<Service>.ts` (one file per
// client package, so a handler bundle holds only the clients it uses), built here with the one retry policy.
import { Config, type Context, Effect, Layer, Option } from "effect"

/** Client settings a caller may choose (tests point `endpoint` at a local server; Lambda passes nothing). */
export interface AwsClientOptions {
  /** The region of calls that name none; else the SDK's own resolution (`AWS_REGION`, the profile). */
  readonly region?: string
  readonly endpoint?: string
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string }
}

/** The settings every SDK client is built with. */
export interface SdkClientConfig {
  readonly region?: string
  readonly endpoint?: string
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string }
  /**
   * Always 1: the SDK makes one attempt and `retryThrottled` (our `Schedule`) is the client's one retry
   * policy, so the SDK's 3 attempts never multiply ours (test/sdk/retryPolicy.test.ts counts them).
   */
  readonly maxAttempts: 1
}

/**
 * SDK client config for one region (`undefined`: the options' region, else the SDK's resolution). The region
 * of a call is always the resource's own (the seed's wrong-region bug).
 */
export const clientConfig = (region: string | undefined, options: AwsClientOptions = {}): SdkClientConfig => {
  const named = region ?? options.region
  return {
    ...(named === undefined ? {} : { region: named }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: { ...options.credentials } }),
    maxAttempts: 1
  }
}

/**
 * The clients of one AWS service: the client for a region (`undefined`: the default region), built on
 * first use and kept for the layer's life (one connection pool per region per runtime).
 */
export type ClientsByRegion<C> = (region?: string) => C

interface Destroyable {
  readonly destroy: () => void
}

/** A service's clients built by `make` with `options`; nothing is built until a call needs it; all destroyed with the scope. */
export const clientsLayer = <I, C extends Destroyable>(
  service: Context.Key<I, ClientsByRegion<C>>,
  make: (config: SdkClientConfig) => C,
  options: AwsClientOptions = {}
): Layer.Layer<I> =>
  Layer.effect(
    service,
    Effect.acquireRelease(
      Effect.sync(() => new Map<string, C>()),
      (built) =>
        Effect.sync(() => {
          for (const client of built.values()) client.destroy()
        })
    ).pipe(
      Effect.map((built): ClientsByRegion<C> => {
        return (region) => {
          const key = region ?? options.region ?? ""
          let client = built.get(key)
          if (client === undefined) {
            client = make(clientConfig(region, options))
            built.set(key, client)
          }
          return client
        }
      })
    )
  )

/**
 * A service's clients configured from the environment: `AWS_REGION` and an optional endpoint variable (a
 * local server in tests), read with effect `Config` when the layer is built.
 */
export const clientsLayerConfig = <I, C extends Destroyable>(
  service: Context.Key<I, ClientsByRegion<C>>,
  make: (config: SdkClientConfig) => C,
  endpointVariable: string
): Layer.Layer<I, Config.ConfigError> =>
  Layer.unwrap(
    Effect.gen(function* () {
      const region = yield* Config.String("AWS_REGION").pipe(Config.withDefault("us-east-1"))
      const endpoint = yield* Config.option(Config.String(endpointVariable))
      return clientsLayer(service, make, { region, ...(Option.isSome(endpoint) ? { endpoint: endpoint.value } : {}) })
    })
  )
