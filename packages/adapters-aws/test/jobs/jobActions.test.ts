// Operator actions on DynamoDB Local: the claim before Batch is called is a conditional
// TransactWriteItems on the job's stream head, so concurrent confirmations call Batch once.

import { CreateTableCommand } from "@aws-sdk/client-dynamodb"
import { jobsTableDefinition, layerDynamoJobReadModel } from "@personalize-ops/adapters-aws/jobs"
import { DynamoDb } from "@personalize-ops/adapters-aws/sdk/DynamoDb"
import { Kernel } from "@personalize-ops/core"
import { jobActionsContract } from "@personalize-ops/core/testing"
import { Effect, Layer } from "effect"
import { afterAll } from "vitest"
import { eventStoreTableDefinition, makeDynamoEventStore } from "../../src/index.ts"
import { createActiveTable, localDynamo } from "../support/localDynamo.ts"

const dynamo = localDynamo()
afterAll(() => dynamo.close())
let tables = 0

const freshLayer = () => {
  const n = ++tables
  const events = `${dynamo.tablePrefix}-events-${n}`
  const jobs = `${dynamo.tablePrefix}-jobs-${n}`
  const store = Layer.effect(
    Kernel.EventStore,
    Effect.promise(() => createActiveTable(dynamo.client, eventStoreTableDefinition(events))).pipe(
      Effect.as(makeDynamoEventStore(dynamo.client, { tableName: events }))
    )
  )
  const readModel = Layer.unwrap(
    Effect.promise(() => dynamo.client.send(new CreateTableCommand(jobsTableDefinition(jobs)))).pipe(
      Effect.as(
        layerDynamoJobReadModel({ tableName: jobs, retentionDays: 30 }).pipe(
          Layer.provide(DynamoDb.layerClient(dynamo.client))
        )
      )
    )
  )
  return Layer.mergeAll(store, readModel)
}

jobActionsContract("DynamoDB event store and read model (DynamoDB Local)", freshLayer)
