import { layerDynamoEventStore } from "@personalize-ops/adapters-aws/kernel"
import { DynamoDb } from "@personalize-ops/adapters-aws/sdk"
import { Config, Effect, Layer } from "effect"
import { eventStoreEnv } from "./LambdaEntry.ts"
import { readEnv } from "./settings.ts"

/**
 * The handlers' event store: the DynamoDB table named by `EVENT_STORE_TABLE` (its entries row), read like
 * every other setting, so a missing one fails the cold start with a `SettingsError` naming it.
 */
export const layerEventStoreAws = Layer.unwrap(
  Effect.map(readEnv(eventStoreEnv, Config.NonEmptyString), (tableName) => layerDynamoEventStore({ tableName }))
).pipe(Layer.provide(DynamoDb.layer))
