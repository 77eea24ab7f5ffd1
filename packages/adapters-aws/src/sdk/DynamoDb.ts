import { DynamoDBClient } from "@aws-sdk/client-dynamodb"
import { Config, Context, Effect, Layer, Option } from "effect"
import { type AwsClientOptions, clientConfig } from "./clients.ts"

/** A DynamoDB client with the one retry policy's settings (`maxAttempts: 1`; see `clients.ts`). */
export const dynamoDbClient = (options: AwsClientOptions): DynamoDBClient =>
  new DynamoDBClient(clientConfig(undefined, options))

/**
 * The DynamoDB SDK client as a service, so every DynamoDB adapter shares one client (and its
 * connection pool) per runtime, and tests swap in a client for a local server. One client, not one
 * per region: the tables live in the runtime's own region.
 */
export class DynamoDb extends Context.Service<DynamoDb, DynamoDBClient>()(
  "@personalize-ops/adapters-aws/sdk/DynamoDb"
) {
  /**
   * A client configured from the environment: `AWS_REGION` (default us-east-1) and an optional
   * `AWS_ENDPOINT_URL_DYNAMODB` (a local server). Credentials come from the SDK's default chain.
   * The client is destroyed when the layer's scope closes.
   */
  static readonly layer: Layer.Layer<DynamoDb, Config.ConfigError> = Layer.effect(
    DynamoDb,
    Effect.gen(function* () {
      const region = yield* Config.String("AWS_REGION").pipe(Config.withDefault("us-east-1"))
      const endpoint = yield* Config.option(Config.String("AWS_ENDPOINT_URL_DYNAMODB"))
      return yield* Effect.acquireRelease(
        Effect.sync(() => dynamoDbClient({ region, ...(Option.isSome(endpoint) ? { endpoint: endpoint.value } : {}) })),
        (client) => Effect.sync(() => client.destroy())
      )
    })
  )

  /** Provides an existing client (a test server's, or one the caller configured); the caller owns it. */
  static readonly layerClient = (client: DynamoDBClient): Layer.Layer<DynamoDb> => Layer.succeed(DynamoDb, client)
}
