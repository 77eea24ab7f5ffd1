// The DynamoDB Local server started by test/support/dynamoLocal.globalSetup.ts, for one test file.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb"
import { inject } from "vitest"
import { dynamoLocalClient } from "../../src/testing/dynamoLocal.ts"

declare module "vitest" {
  export interface ProvidedContext {
    dynamoLocalEndpoint: string
  }
}

export interface LocalDynamo {
  readonly endpoint: string
  readonly client: DynamoDBClient
  readonly close: () => Promise<void>
}

let files = 0

/** A client on the run's server; tables named with `tablePrefix` are this file's alone. */
export const localDynamo = (): LocalDynamo & { readonly tablePrefix: string } => {
  const endpoint = inject("dynamoLocalEndpoint")
  const client = dynamoLocalClient(endpoint)
  return {
    endpoint,
    client,
    // Test files run in parallel against one server: every table name starts with a per-file prefix.
    tablePrefix: `t${process.pid}-${++files}-${Date.now().toString(36)}`,
    close: async () => client.destroy()
  }
}

export { createActiveTable } from "../../src/testing/dynamoLocal.ts"
