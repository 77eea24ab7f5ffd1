// Starts dynalite (a DynamoDB API server) on 127.0.0.1 on a free port for one test file.
// dynalite implements no TransactWriteItems: stores built on it use single-item atomic writes.
import type { AddressInfo } from "node:net"
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient
} from "@aws-sdk/client-dynamodb"
// @ts-expect-error dynalite ships no types
import dynalite from "dynalite"

export interface LocalDynamo {
  readonly endpoint: string
  readonly client: DynamoDBClient
  readonly close: () => Promise<void>
}

export const startDynalite = async (): Promise<LocalDynamo> => {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  const endpoint = `http://127.0.0.1:${port}`
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" }
  })
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/** Creates a table and waits until it is ACTIVE (dynalite answers ResourceNotFound while CREATING). */
export const createActiveTable = async (client: DynamoDBClient, input: CreateTableCommandInput): Promise<void> => {
  await client.send(new CreateTableCommand(input))
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: input.TableName }))
    if (Table?.TableStatus === "ACTIVE") return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
