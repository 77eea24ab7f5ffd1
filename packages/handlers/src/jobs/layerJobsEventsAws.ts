// The module path (not the `jobs` barrel) keeps the Batch client out of the events bundle.
import { layerDynamoJobReadModel } from "@personalize-ops/adapters-aws/jobs/DynamoJobReadModel"
import { DynamoDb } from "@personalize-ops/adapters-aws/sdk/DynamoDb"
import type { Kernel } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { JobsSettings } from "./JobsSettings.ts"

/**
 * The production wiring of the EventBridge handler: settings from the environment, the DynamoDB read
 * model and the given event store (`layerEventStoreAws`). It never acts on Batch, so unlike
 * `layerJobsAws` it holds no Batch client.
 */
export const layerJobsEventsAws = <E, R>(eventStore: Layer.Layer<Kernel.EventStore, E, R>) => {
  const readModel = Layer.unwrap(
    Effect.gen(function* () {
      const settings = yield* JobsSettings
      return layerDynamoJobReadModel({ tableName: settings.tableName, retentionDays: settings.retentionDays })
    })
  ).pipe(Layer.provide(DynamoDb.layer))
  return Layer.mergeAll(readModel, eventStore).pipe(Layer.provideMerge(JobsSettings.layer))
}
