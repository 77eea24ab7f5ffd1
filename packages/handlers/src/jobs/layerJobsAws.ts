import { layerAwsBatchActions, layerDynamoJobReadModel } from "@personalize-ops/adapters-aws/jobs"
import { BatchClients } from "@personalize-ops/adapters-aws/sdk/BatchClients"
import { DynamoDb } from "@personalize-ops/adapters-aws/sdk/DynamoDb"
import type { Kernel } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { JobsSettings } from "./JobsSettings.ts"

/**
 * The production wiring of the jobs handlers: settings from the environment, the DynamoDB read model
 * and AWS Batch actions. The event store is a parameter: pass the DynamoDB event store layer
 * (`layerDynamoEventStore` of adapters-aws) configured for the event table.
 */
export const layerJobsAws = <E, R>(eventStore: Layer.Layer<Kernel.EventStore, E, R>) => {
  const ports = Layer.unwrap(
    Effect.gen(function* () {
      const settings = yield* JobsSettings
      return Layer.mergeAll(
        layerDynamoJobReadModel({
          tableName: settings.tableName,
          retentionDays: settings.retentionDays
        }),
        layerAwsBatchActions
      )
    })
  ).pipe(Layer.provide(Layer.mergeAll(DynamoDb.layer, BatchClients.layer)))
  return Layer.mergeAll(ports, eventStore).pipe(Layer.provideMerge(JobsSettings.layer))
}
