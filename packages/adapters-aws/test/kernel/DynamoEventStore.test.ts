import { Kernel } from "@personalize-ops/core"
import { eventStoreContract } from "@personalize-ops/core/testing"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll } from "vitest"
import { dynamoItemLimitBytes, eventStoreTableDefinition, makeDynamoEventStore } from "../../src/index.ts"
import { createActiveTable, type LocalDynamo, startDynalite } from "../support/dynalite.ts"

let local: LocalDynamo
let tables = 0

beforeAll(async () => {
  local = await startDynalite()
})
afterAll(async () => {
  await local.close()
})

/** A fresh table per store, so readAll sees only one test's events. */
const freshStore = Layer.effect(
  Kernel.EventStore,
  Effect.gen(function* () {
    const tableName = `events-${++tables}`
    yield* Effect.promise(() => createActiveTable(local.client, eventStoreTableDefinition(tableName)))
    return makeDynamoEventStore(local.client, { tableName })
  })
)

eventStoreContract("dynamodb (dynalite)", () => freshStore, {
  appendLimitBytes: dynamoItemLimitBytes,
  numRuns: 30
})
