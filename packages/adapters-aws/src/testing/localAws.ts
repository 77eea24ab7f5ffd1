// Test support: a local AWS endpoint on 127.0.0.1 speaking the JSON protocols (X-Amz-Target: awsJson1_0 /
// awsJson1_1) and the Query protocol (form-encoded Action=…, XML replies), so adapters run on the real SDK stack.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { gunzipSync } from "node:zlib"

/** A request the server received. `region` and `service` come from the SigV4 credential scope. */
export interface LocalAwsRequest {
  readonly operation: string
  readonly body: Record<string, unknown>
  readonly region: string
  readonly service: string
}

/** A reply: a JSON body, an XML body (Query protocol), or an AWS error. */
export type LocalAwsReply =
  | { readonly json: unknown }
  | { readonly xml: string }
  | { readonly error: string; readonly message?: string; readonly status?: number }

export type LocalAwsHandler = (
  operation: string,
  body: Record<string, unknown>,
  received: ReadonlyArray<LocalAwsRequest>
) => LocalAwsReply

export interface LocalAws {
  readonly endpoint: string
  readonly received: Array<LocalAwsRequest>
  readonly close: () => Promise<void>
}

export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" }

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const raw = Buffer.concat(chunks)
      // The SDK gzips large bodies of operations with request compression (PutMetricData).
      resolve((req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8"))
    })
    req.on("error", reject)
  })

/** Starts the endpoint; `handler` answers each request (the requests so far are in `received`). */
export async function startLocalAws(handler: LocalAwsHandler): Promise<LocalAws> {
  const received: Array<LocalAwsRequest> = []
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req)
    const scope = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ""))
    const target = req.headers["x-amz-target"]
    const contentType = String(req.headers["content-type"] ?? "")
    let operation: string
    let body: Record<string, unknown>
    if (typeof target === "string") {
      operation = target.slice(target.indexOf(".") + 1)
      body = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>)
    } else {
      const form = new URLSearchParams(text)
      operation = form.get("Action") ?? ""
      body = Object.fromEntries(form.entries())
    }
    received.push({ operation, body, region: scope?.[1] ?? "", service: scope?.[2] ?? "" })
    const reply = handler(operation, body, received)
    const json = contentType.includes("json") ? contentType : "application/x-amz-json-1.1"
    if ("json" in reply) {
      res.writeHead(200, { "content-type": json })
      res.end(JSON.stringify(reply.json))
    } else if ("xml" in reply) {
      res.writeHead(200, { "content-type": "text/xml" })
      res.end(reply.xml)
    } else if (typeof target === "string") {
      res.writeHead(reply.status ?? 400, { "content-type": json, "x-amzn-query-error": `${reply.error};Sender` })
      res.end(JSON.stringify({ __type: reply.error, message: reply.message ?? reply.error }))
    } else {
      res.writeHead(reply.status ?? 400, { "content-type": "text/xml" })
      res.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>${reply.error}</Code><Message>${reply.message ?? ""}</Message></Error><RequestId>r</RequestId></ErrorResponse>`
      )
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
