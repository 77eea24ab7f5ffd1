// Test support: a local S3 (GetObject, ListObjectsV2; restXml, path-style) and a local Step Functions
// (StartExecution; awsJson1.0) on 127.0.0.1, so the workflow adapters run on the real SDK stacks. They
// keep the rules the adapters rely on: NoSuchKey, prefix listing, and an execution name started once
// (the same name and input while it runs answers the original execution; otherwise ExecutionAlreadyExists).
import { createHash } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { closeServer } from "./closeServer.ts"

export interface LocalWorkflowAws {
  readonly endpoint: string
  /** Objects by `bucket/key`. */
  readonly objects: Map<string, string>
  /** When each object was last written, by `bucket/key` (absent: when the server started). */
  readonly modified: Map<string, Date>
  /** Started executions by name. */
  readonly executions: Map<string, { readonly arn: string; readonly input: string }>
  readonly close: () => Promise<void>
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
}

const xml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
const md5 = (text: string) => createHash("md5").update(text).digest("hex")

const s3Error = (res: ServerResponse, status: number, code: string, message: string) => {
  res.writeHead(status, { "content-type": "application/xml" })
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xml(message)}</Message></Error>`)
}

/** Starts both services on one port (told apart by the X-Amz-Target header). */
export const startLocalWorkflowAws = async (
  stateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:personalize-ops-provisioning"
): Promise<LocalWorkflowAws> => {
  const objects = new Map<string, string>()
  const modified = new Map<string, Date>()
  const started = new Date()
  const executions = new Map<string, { arn: string; input: string }>()
  const s3 = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://local")
    const [bucket = "", ...rest] = url.pathname.slice(1).split("/")
    const key = decodeURIComponent(rest.join("/"))
    if (req.method === "GET" && url.searchParams.get("list-type") === "2") {
      const prefix = url.searchParams.get("prefix") ?? ""
      const max = Number(url.searchParams.get("max-keys") ?? "1000")
      const keys = [...objects.keys()]
        .filter((k) => k.startsWith(`${bucket}/${prefix}`))
        .map((k) => k.slice(bucket.length + 1))
        .sort()
        .slice(0, max)
      const contents = keys
        .map(
          (k) =>
            `<Contents><Key>${xml(k)}</Key><LastModified>${(modified.get(`${bucket}/${k}`) ?? started).toISOString()}</LastModified><ETag>&quot;${md5(objects.get(`${bucket}/${k}`) ?? "")}&quot;</ETag><Size>1</Size></Contents>`
        )
        .join("")
      res.writeHead(200, { "content-type": "application/xml" })
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`
      )
      return
    }
    if (req.method === "GET" && key !== "") {
      const text = objects.get(`${bucket}/${key}`)
      if (text === undefined) return s3Error(res, 404, "NoSuchKey", "The specified key does not exist.")
      res.writeHead(200, {
        "content-type": "application/json",
        etag: `"${md5(text)}"`,
        "content-length": Buffer.byteLength(text)
      })
      res.end(text)
      return
    }
    s3Error(res, 400, "NotImplemented", `${req.method} ${url.pathname} is not served here`)
  }
  const sfn = async (req: IncomingMessage, res: ServerResponse, target: string) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.0" })
      res.end(JSON.stringify(body))
    }
    if (target !== "AWSStepFunctions.StartExecution")
      return reply(400, { __type: "UnknownOperationException", message: target })
    const body = JSON.parse(await readBody(req)) as { stateMachineArn?: string; name?: string; input?: string }
    if (body.stateMachineArn !== stateMachineArn)
      return reply(400, {
        __type: "StateMachineDoesNotExist",
        message: `State Machine Does Not Exist: '${body.stateMachineArn}'`
      })
    const name = body.name ?? ""
    if (!/^[0-9A-Za-z_-]{1,80}$/.test(name))
      return reply(400, { __type: "InvalidName", message: `Invalid Name: '${name}'` })
    const arn = `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`
    const existing = executions.get(name)
    // Every execution here is still running: the same name and input answer the original one.
    if (existing !== undefined && existing.input === (body.input ?? "{}"))
      return reply(200, { executionArn: arn, startDate: Date.now() / 1000 })
    if (existing !== undefined)
      return reply(400, { __type: "ExecutionAlreadyExists", message: `Execution Already Exists: '${arn}'` })
    executions.set(name, { arn, input: body.input ?? "{}" })
    return reply(200, { executionArn: arn, startDate: Date.now() / 1000 })
  }
  const server = createServer((req, res) => {
    const target = req.headers["x-amz-target"]
    if (typeof target === "string") void sfn(req, res, target)
    else s3(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    modified,
    executions,
    close: () => closeServer(server)
  }
}
