import { createHash } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { closeServer } from "./closeServer.ts"

/** A PutEvents call as the fake service received it (the JSON body). */
export interface ReceivedPutEvents {
  readonly trackingId: string
  readonly sessionId: string
  readonly userId?: string
  readonly eventList: ReadonlyArray<Record<string, unknown>>
}

/** A PutUsers or PutItems call as the fake service received it (the JSON body). */
export interface ReceivedPutRecords {
  readonly datasetArn: string
  readonly users?: ReadonlyArray<{ readonly userId: string; readonly properties?: string }>
  readonly items?: ReadonlyArray<{ readonly itemId: string; readonly properties?: string }>
}

/** What the fake answers: throttle the first N calls, reject some with an exception name. */
export interface FakeIngestionAwsOptions {
  /** Throttle the first N calls of PutEvents, PutUsers and PutItems together. */
  readonly throttleFirst?: number
  readonly rejectPutRecords?: (
    operation: "PutUsers" | "PutItems",
    body: ReceivedPutRecords
  ) => "InvalidInputException" | "ResourceNotFoundException" | "ServiceUnavailableException" | undefined
  readonly rejectPutEvents?: (
    body: ReceivedPutEvents
  ) => "InvalidInputException" | "ServiceUnavailableException" | undefined
  readonly failSqsEntry?: (body: string) => boolean
}

const error = (res: ServerResponse, status: number, type: string, message: string) => {
  res.writeHead(status, { "content-type": "application/json", "x-amzn-errortype": type })
  res.end(JSON.stringify({ __type: type, message }))
}

/**
 * A local stand-in for Personalize Events (REST-JSON `POST /events`, `/users`, `/items`) and SQS (JSON 1.0
 * `AmazonSQS.SendMessageBatch`, with the MD5 the SDK verifies) on 127.0.0.1. It records requests.
 */
export const startFakeIngestionAws = async (options: FakeIngestionAwsOptions = {}) => {
  const putEvents: Array<ReceivedPutEvents> = []
  const putUsers: Array<ReceivedPutRecords> = []
  const putItems: Array<ReceivedPutRecords> = []
  const sqsMessages: Array<{ readonly queueUrl: string; readonly body: string; readonly deduplicationId?: string }> = []
  let putEventsAttempts = 0
  let throttlesLeft = options.throttleFirst ?? 0
  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    if (req.method === "POST" && req.url === "/events") {
      putEventsAttempts++
      if (throttlesLeft > 0) {
        throttlesLeft--
        return error(res, 400, "ThrottlingException", "Rate exceeded")
      }
      const body = JSON.parse(raw) as ReceivedPutEvents
      const rejection = options.rejectPutEvents?.(body)
      if (rejection === "InvalidInputException") return error(res, 400, rejection, "bad event")
      if (rejection !== undefined) return error(res, 503, rejection, "try later")
      putEvents.push(body)
      res.writeHead(200, { "content-type": "application/json" })
      return res.end("{}")
    }
    if (req.method === "POST" && (req.url === "/users" || req.url === "/items")) {
      if (throttlesLeft > 0) {
        throttlesLeft--
        return error(res, 400, "ThrottlingException", "Rate exceeded")
      }
      const operation = req.url === "/users" ? "PutUsers" : "PutItems"
      const body = JSON.parse(raw) as ReceivedPutRecords
      const rejection = options.rejectPutRecords?.(operation, body)
      if (rejection === "InvalidInputException") return error(res, 400, rejection, "bad record")
      if (rejection === "ResourceNotFoundException") return error(res, 404, rejection, "no such dataset")
      if (rejection !== undefined) return error(res, 503, rejection, "try later")
      ;(operation === "PutUsers" ? putUsers : putItems).push(body)
      res.writeHead(200, { "content-type": "application/json" })
      return res.end("{}")
    }
    if (req.headers["x-amz-target"] === "AmazonSQS.SendMessageBatch") {
      const body = JSON.parse(raw) as {
        QueueUrl: string
        Entries: Array<{ Id: string; MessageBody: string; MessageDeduplicationId?: string }>
      }
      const successful: Array<unknown> = []
      const failed: Array<unknown> = []
      for (const e of body.Entries) {
        if (options.failSqsEntry?.(e.MessageBody) === true) {
          failed.push({ Id: e.Id, SenderFault: false, Code: "InternalError", Message: "injected" })
          continue
        }
        sqsMessages.push({
          queueUrl: body.QueueUrl,
          body: e.MessageBody,
          ...(e.MessageDeduplicationId === undefined ? {} : { deduplicationId: e.MessageDeduplicationId })
        })
        const md5 = createHash("md5").update(e.MessageBody).digest("hex")
        successful.push({ Id: e.Id, MessageId: `m-${sqsMessages.length}`, MD5OfMessageBody: md5 })
      }
      res.writeHead(200, { "content-type": "application/x-amz-json-1.0" })
      return res.end(JSON.stringify({ Successful: successful, Failed: failed }))
    }
    error(res, 404, "UnknownOperationException", `${req.method} ${req.url}`)
  }
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    putEvents,
    putUsers,
    putItems,
    sqsMessages,
    putEventsAttempts: () => putEventsAttempts,
    close: () => closeServer(server)
  }
}

/** Static credentials so the SDK signs requests without looking for real ones. */
export const fakeCredentials = { accessKeyId: "AKIDTEST", secretAccessKey: "secret" }
