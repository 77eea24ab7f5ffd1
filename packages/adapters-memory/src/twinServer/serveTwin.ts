import { randomUUID } from "node:crypto"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import type { Personalize as P } from "@personalize-ops/core"
import { Clock, Effect } from "effect"
import { layerNodeDataSource } from "../personalize/dataSources.ts"
import type { FaultProfileName } from "../personalize/faults.ts"
import { makePersonalizeTwin, type TwinInspector } from "../personalize/PersonalizeTwin.ts"
import { toWireError, unsupported, type WireError } from "./errors.ts"
import { operations } from "./operations.ts"

export interface TwinServerOptions {
  readonly host?: string
  /** 0 (the default) picks a free port. */
  readonly port?: number
  /** Simulated seconds per wall second (default 1000: an hour of training takes under 4 s). */
  readonly speed?: number
  readonly seed?: number
  readonly faults?: FaultProfileName
  readonly scope?: P.ArnScope
}

export interface TwinServer {
  /** `http://HOST:PORT`, for `endpoint` / `--endpoint-url` / `endpoint_url`. */
  readonly url: string
  /** The served twin's inspector (creates and calls per kind, inventory), for tests. */
  readonly inspector: TwinInspector
  readonly close: () => Promise<void>
}

/** Wall time scaled by `speed` from the moment the server starts: statuses move that much faster. */
export const scaledClock = (speed: number, start = Date.now()): Clock.Clock => {
  const now = () => Math.round(start + (Date.now() - start) * speed)
  return {
    currentTimeMillisUnsafe: now,
    currentTimeMillis: Effect.sync(now),
    currentTimeNanosUnsafe: () => BigInt(now()) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now()) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => BigInt(now()) * 1_000_000n,
    monotonicTimeNanos: Effect.sync(() => BigInt(now()) * 1_000_000n),
    sleep: (duration) => Effect.sleep(duration)
  }
}

const targetPrefix = "AmazonPersonalize."

const send = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    "x-amzn-requestid": randomUUID(),
    ...(errorType === undefined ? {} : { "x-amzn-errortype": errorType })
  })
  res.end(JSON.stringify(body))
}

const sendError = (res: ServerResponse, error: WireError) =>
  send(res, 400, { __type: error.type, message: error.message }, error.type)

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
}

const parseBody = (text: string): Record<string, unknown> | undefined => {
  try {
    const value = text.trim() === "" ? {} : (JSON.parse(text) as unknown)
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** Drops open connections and waits until the server has closed. */
const stop = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })

const listen = (server: Server, port: number, host: string) =>
  new Promise<AddressInfo>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => resolve(server.address() as AddressInfo))
  })

/**
 * Serves the twin over HTTP in Personalize's own protocol (awsJson1.1, `X-Amz-Target:
 * AmazonPersonalize.<Operation>`), so the AWS SDKs and CLI work against it unchanged. Signatures are
 * not checked. Every request runs on one twin whose clock is the wall clock scaled by `speed`.
 */
export const startTwinServer = async (options: TwinServerOptions = {}): Promise<TwinServer> => {
  const host = options.host ?? "127.0.0.1"
  const twin = await Effect.runPromise(
    makePersonalizeTwin({
      seed: options.seed ?? 1,
      faults: options.faults ?? "none",
      ...(options.scope === undefined ? {} : { scope: options.scope })
    }).pipe(Effect.provide(layerNodeDataSource))
  )
  const table = operations(twin)
  const clock = scaledClock(options.speed ?? 1000)

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const target = String(req.headers["x-amz-target"] ?? "")
    const text = await readBody(req)
    if (req.method !== "POST" || !target.startsWith(targetPrefix))
      return sendError(res, { type: "UnknownOperationException", message: `Unknown operation ${target}` })
    const name = target.slice(targetPrefix.length)
    const operation = table[name]
    if (operation === undefined) return sendError(res, unsupported(name))
    const body = parseBody(text)
    if (body === undefined)
      return sendError(res, { type: "SerializationException", message: "Body is not a JSON object" })
    const result = await Effect.runPromise(
      operation(body).pipe(Effect.result, Effect.provideService(Clock.Clock, clock))
    )
    return result._tag === "Success" ? send(res, 200, result.success) : sendError(res, toWireError(result.failure))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) =>
      sendError(res, { type: "InternalFailure", message: e instanceof Error ? e.message : String(e) })
    )
  })
  const address = await listen(server, options.port ?? 0, host)
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    inspector: twin.inspector,
    close: () => stop(server)
  }
}
