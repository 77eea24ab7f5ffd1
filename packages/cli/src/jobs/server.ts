import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import {
  demoRules,
  generateDemoEvents,
  layerMemoryEventStore,
  layerMemoryJobReadModel,
  makeMemoryBatch
} from "@personalize-ops/adapters-memory"
import { Jobs } from "@personalize-ops/core"
import { JobsHandlers } from "@personalize-ops/handlers"
import { Layer, ManagedRuntime } from "effect"
import { ExitCode } from "../Command.ts"
import type { CliIo } from "../Io.ts"
import { readRulesFile } from "./rules.ts"

/** A running local dashboard. */
export interface JobsServer {
  readonly url: string
  /** Ingests one EventBridge event (parsed JSON) into the server's memory store. */
  readonly ingest: (event: unknown) => Promise<Jobs.IngestOutcome>
  readonly batch: ReturnType<typeof makeMemoryBatch>
  readonly close: () => Promise<void>
}

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

/** Serves the jobs dashboard on the memory adapters with node:http (on 127.0.0.1 unless told otherwise). */
export const startJobsServer = async (options: {
  readonly port?: number
  readonly host?: string
  readonly rules?: Jobs.ClassificationRules
  readonly demo?: { readonly jobs: number; readonly seed: number; readonly now: number }
}): Promise<JobsServer> => {
  const rules = options.rules ?? Jobs.emptyRules
  const batch = makeMemoryBatch()
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(layerMemoryEventStore, layerMemoryJobReadModel, Layer.succeed(Jobs.BatchActions, batch.actions))
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
    const query: Record<string, string> = {}
    for (const [k, v] of url.searchParams) query[k] = v
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
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await runtime.dispose()
    }
  }
}

/** `personalize-ops jobs serve`: serves until SIGINT / SIGTERM. */
export const serveJobs = async (
  options: {
    readonly port: number
    readonly host: string | undefined
    readonly rules: string | undefined
    readonly demo: boolean
  },
  io: CliIo
): Promise<number> => {
  const rules = await readRulesFile(options.rules, io)
  if (rules._tag !== "Rules") {
    io.stderr(`personalize-ops jobs serve: ${rules.message}\n`)
    return rules._tag === "Invalid" ? ExitCode.Invalid : ExitCode.Usage
  }
  const server = await startJobsServer({
    port: options.port,
    ...(options.host === undefined ? {} : { host: options.host }),
    rules: options.rules === undefined && options.demo ? demoRules : rules.rules,
    ...(options.demo ? { demo: { jobs: 250, seed: 42, now: Date.now() } } : {})
  })
  io.stdout(`jobs dashboard on ${server.url}/ (JSON API under /api; Ctrl-C stops)\n`)
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve)
    process.once("SIGTERM", resolve)
  })
  await server.close()
  return ExitCode.Ok
}
