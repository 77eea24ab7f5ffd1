import type { DynamoDBClient } from "@aws-sdk/client-dynamodb"
import { Kernel } from "@personalize-ops/core"
import { eventStoreContract, type Fault, SimulatedCrash } from "@personalize-ops/core/testing"
import { Effect, Layer } from "effect"
import { afterAll } from "vitest"
import { dynamoItemLimitBytes, eventStoreTableDefinition, makeDynamoEventStore } from "../../src/index.ts"
import { createActiveTable, localDynamo } from "../support/localDynamo.ts"

const local = localDynamo()
let tables = 0

afterAll(async () => {
  await local.close()
})

const newTable = Effect.promise(async () => {
  const tableName = `${local.tablePrefix}-events-${++tables}`
  await createActiveTable(local.client, eventStoreTableDefinition(tableName))
  return tableName
})

/** A fresh table per store, so readAll sees only one test's events. */
const freshStore = Layer.effect(
  Kernel.EventStore,
  Effect.map(newTable, (tableName) => makeDynamoEventStore(local.client, { tableName }))
)

type Send = (command: unknown, options: unknown) => Promise<unknown>

/** A client that acts out `fault(command name)` around every SDK command, as a flaky network would. */
const faultyClient = (fault: (call: string) => Fault): Pick<DynamoDBClient, "send"> => ({
  send: (async (command: { constructor: { name: string } }, options: unknown) => {
    const send = () => (local.client.send as unknown as Send)(command, options)
    const call = command.constructor.name
    switch (fault(call)) {
      case "throttle":
        throw Object.assign(new Error("Rate of requests exceeds the allowed throughput"), {
          name: "ProvisionedThroughputExceededException"
        })
      case "lose-response":
        // DynamoDB handled the request; its response never arrived; the SDK resends the same request.
        await send().catch(() => undefined)
        return send()
      case "crash-before":
        throw new SimulatedCrash(`${call}: the process died before sending`)
      case "crash-after":
        await send().catch(() => undefined)
        throw new SimulatedCrash(`${call}: the process died after DynamoDB handled the request`)
      case "none":
        return send()
    }
  }) as unknown as DynamoDBClient["send"]
})

eventStoreContract("dynamodb (DynamoDB Local)", () => freshStore, {
  appendLimitBytes: dynamoItemLimitBytes,
  numRuns: 15,
  faultyStores: () =>
    Effect.map(newTable, (tableName) => ({
      clean: makeDynamoEventStore(local.client, { tableName }),
      faulty: (fault: (call: string) => Fault) => makeDynamoEventStore(faultyClient(fault), { tableName })
    }))
})
