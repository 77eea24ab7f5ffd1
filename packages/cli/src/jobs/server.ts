import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb"
import { layerDynamoJobReadModel } from "@personalize-ops/adapters-aws/jobs"
import { DynamoDb } from "@personalize-ops/adapters-aws/sdk/DynamoDb"
import {
  demoRules,
  generateDemoEvents,
  layerMemoryBatchActions,
  layerMemoryEventStore,
  layerMemoryJobReadModel,
  makeMemoryBatch
} from "@personalize-ops/adapters-memory"
import { Jobs } from "@personalize-ops/core"
import { JobsHandlers } from "@personalize-ops/handlers"
import { Effect, Layer, ManagedRuntime } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { untilStopSignal } from "../stopSignal.ts"
import { readRulesFile } from "./rules.ts"

/** A running local dashboard. */
export interface JobsServer {
  readonly url: string
  /** Ingests one EventBridge event (parsed JSON) into the server's memory store. */
  readonly ingest: (event: unknown) => Promise<Jobs.IngestOutcome>
  readonly batch: ReturnType<typeof makeMemoryBatch>
  readonly close: () => Promise<void>
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()))

const readBody = (req: IncomingMessage, limit = 64 * 1024) =>
  new Promise<string>((resolve, reject) => {
    let size = 0
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => {
      size += c.length
      if (size > limit) reject(new Error("request body too large"))
      else chunks.push(c)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

/**
 * Batch actions for a dashboard over a deployed read model: this local server has neither the jobs'
 * event streams nor the deployment's role, so it refuses, saying where actions are made.
 */
const readOnlyActions = Jobs.BatchActions.of({
  retry: (job) =>
    Effect.fail(
      new Jobs.BatchActionFailed({
        action: "retry",
        jobId: job.jobId,
        reason: "jobs serve --table is read-only: retry from the deployed dashboard"
      })
    ),
  terminate: (jobId) =>
    Effect.fail(
      new Jobs.BatchActionFailed({
        action: "terminate",
        jobId,
        reason: "jobs serve --table is read-only: terminate from the deployed dashboard"
      })
    )
})

/**
 * Serves the jobs dashboard with node:http (on 127.0.0.1 unless told otherwise): on the memory
 * adapters (filled by `demo` or by `ingest`), or, with `table`, on the deployed DynamoDB read model
 * (read-only: actions are refused).
 */
export const startJobsServer = async (options: {
  readonly port?: number
  readonly host?: string
  readonly rules?: Jobs.ClassificationRules
  readonly demo?: { readonly jobs: number; readonly seed: number; readonly now: number }
  /** The jobs read model table (`jobsTableDefinition`); the client defaults to the environment's. */
  readonly table?: { readonly name: string; readonly client?: DynamoDBClient }
}): Promise<JobsServer> => {
  const rules = options.rules ?? Jobs.emptyRules
  const batch = makeMemoryBatch()
  const table = options.table
  const runtime = ManagedRuntime.make(
    table === undefined
      ? Layer.mergeAll(layerMemoryEventStore, layerMemoryJobReadModel, layerMemoryBatchActions(batch))
      : Layer.mergeAll(
          layerMemoryEventStore,
          layerDynamoJobReadModel({ tableName: table.name }).pipe(
            Layer.provide(table.client === undefined ? DynamoDb.layer : DynamoDb.layerClient(table.client))
          ),
          Layer.succeed(Jobs.BatchActions, readOnlyActions)
        )
  )
  // The memory Batch holds the jobs whose events it is shown, so operator actions find them.
  const ingest = (event: unknown) => {
    batch.observe(event)
    return runtime.runPromise(Jobs.ingestBatchEvent(event, rules))
  }
  if (options.demo !== undefined) {
    for (const e of generateDemoEvents(options.demo)) await ingest(e)
  }
  const route = JobsHandlers.makeJobsRouter({ rules })
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost")
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v
    const query = JobsHandlers.queryOf(url.searchParams)
    const body = req.method === "POST" ? await readBody(req) : ""
    const response = await runtime.runPromise(
      route({ method: req.method ?? "GET", path: url.pathname, query, headers, body, actor: "local-operator" })
    )
    res.writeHead(response.status, response.headers)
    res.end(response.body)
  }
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(400, { "content-type": "text/plain" })
      res.end(e instanceof Error ? e.message : String(e))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    ingest,
    batch,
    close: async () => {
      server.closeAllConnections()
      await closeServer(server)
      await runtime.dispose()
    }
  }
}

/**
 * Loads an NDJSON file of EventBridge events into a server's memory store, in file order. Returns the
 * lines that could not be used (bad JSON, or an event the jobs pipeline rejects), with why.
 */
export const loadEventsFile = async (
  server: JobsServer,
  text: string
): Promise<{ readonly loaded: number; readonly rejected: ReadonlyArray<{ line: number; reason: string }> }> => {
  const rejected: Array<{ line: number; reason: string }> = []
  let loaded = 0
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === "") continue
    let event: unknown
    try {
      event = JSON.parse(line)
    } catch (error) {
      rejected.push({ line: i + 1, reason: `bad JSON: ${error instanceof Error ? error.message : String(error)}` })
      continue
    }
    try {
      const outcome = await server.ingest(event)
      if (outcome.recorded) loaded++
      else rejected.push({ line: i + 1, reason: "a repeat of an event already loaded" })
    } catch (error) {
      rejected.push({ line: i + 1, reason: error instanceof Error ? error.message : String(error) })
    }
  }
  return { loaded, rejected }
}

/** `personalize-ops jobs serve`: serves until SIGINT / SIGTERM. */
export const serveJobs = async (
  options: {
    readonly port: number
    readonly host: string | undefined
    readonly rules: string | undefined
    readonly demo: boolean
    readonly events: string | undefined
    readonly table: string | undefined
  },
  io: CliIo
): Promise<number> => {
  const sources = [options.demo, options.events !== undefined, options.table !== undefined].filter(Boolean).length
  if (sources > 1) {
    io.stderr("personalize-ops jobs serve: choose one of --demo, --events FILE and --table NAME\n")
    return ExitCode.Usage
  }
  const rules = await readRulesFile(options.rules, io)
  if (rules._tag !== "Rules") {
    io.stderr(`personalize-ops jobs serve: ${rules.message}\n`)
    return rules._tag === "Invalid" ? ExitCode.Invalid : ExitCode.Usage
  }
  let eventsText: string | undefined
  if (options.events !== undefined) {
    try {
      eventsText = await io.readFile(options.events)
    } catch (error) {
      io.stderr(
        `personalize-ops jobs serve: cannot read ${options.events}: ${error instanceof Error ? error.message : String(error)}\n`
      )
      return ExitCode.Usage
    }
  }
  const server = await startJobsServer({
    port: options.port,
    ...(options.host === undefined ? {} : { host: options.host }),
    rules: options.rules === undefined && options.demo ? demoRules : rules.rules,
    ...(options.demo ? { demo: { jobs: 250, seed: 42, now: Date.now() } } : {}),
    ...(options.table === undefined ? {} : { table: { name: options.table } })
  })
  if (eventsText !== undefined) {
    const { loaded, rejected } = await loadEventsFile(server, eventsText)
    io.stdout(`loaded ${loaded} event(s) from ${options.events}; ${rejected.length} line(s) not used\n`)
    for (const r of rejected) io.stderr(`  line ${r.line}: ${r.reason}\n`)
  }
  io.stdout(
    `jobs dashboard on ${server.url}/ (JSON API under /api${options.table === undefined ? "" : `; read model ${options.table}, read-only`}; Ctrl-C stops)\n`
  )
  await untilStopSignal()
  await server.close()
  return ExitCode.Ok
}
