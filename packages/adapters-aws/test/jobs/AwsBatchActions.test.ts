import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { BatchClient } from "@aws-sdk/client-batch"
import { makeAwsBatchActions } from "@personalize-ops/adapters-aws/jobs"
import { batchActionsContract } from "@personalize-ops/core/testing"
import { Effect } from "effect"
import { afterAll, assert, beforeAll, beforeEach, describe, it } from "vitest"
import { startStatefulBatch } from "../support/statefulBatch.ts"

batchActionsContract("Batch through the SDK against a local endpoint", (jobs) =>
  Effect.acquireRelease(
    Effect.promise(() => startStatefulBatch(jobs)),
    (batch) => Effect.promise(batch.close)
  ).pipe(
    Effect.map((batch) => {
      const client = new BatchClient({
        endpoint: batch.endpoint,
        region: "eu-west-1",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
        maxAttempts: 1
      })
      return { port: makeAwsBatchActions(client), submitted: batch.submitted, terminated: batch.terminated }
    })
  )
)

// A local Batch endpoint on 127.0.0.1: the real SDK client signs and sends REST-JSON requests to it.
let server: Server
let client: BatchClient
const requests: Array<{ path: string; body: Record<string, unknown> }> = []
let respond: (path: string, body: Record<string, unknown>) => { status: number; body: unknown }

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = ""
    req.on("data", (c) => (text += c))
    req.on("end", () => {
      const body = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>)
      requests.push({ path: req.url ?? "", body })
      const out = respond(req.url ?? "", body)
      res.writeHead(out.status, {
        "content-type": "application/json",
        ...(out.status >= 400 ? { "x-amzn-errortype": (out.body as { __type: string }).__type } : {})
      })
      res.end(JSON.stringify(out.body))
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  const { port } = server.address() as AddressInfo
  client = new BatchClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "eu-west-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1
  })
})
afterAll(async () => {
  client.destroy()
  await new Promise<void>((r) => server.close(() => r()))
})
beforeEach(() => {
  requests.length = 0
})

const described = {
  jobs: [
    {
      jobId: "old",
      jobName: "ingest-abc",
      jobQueue: "arn:aws:batch:eu-west-1:1:job-queue/ingest",
      jobDefinition: "arn:aws:batch:eu-west-1:1:job-definition/ingest:3",
      status: "FAILED",
      startedAt: 1,
      parameters: { mode: "full" },
      container: {
        command: ["python", "main.py", "--media_id", "m1"],
        environment: [
          { name: "STAGE", value: "prod" },
          { name: "AWS_BATCH_JOB_ID", value: "old" }
        ],
        resourceRequirements: [{ type: "VCPU", value: "2" }]
      },
      retryStrategy: { attempts: 2 },
      timeout: { attemptDurationSeconds: 600 },
      tags: { team: "media", "aws:batch:x": "y" },
      propagateTags: true
    }
  ]
}

describe("AWS Batch actions (real SDK client, local endpoint)", () => {
  it("retry resubmits with the same definition, queue, parameters and container overrides", async () => {
    respond = (path) =>
      path.includes("describejobs")
        ? { status: 200, body: described }
        : { status: 200, body: { jobId: "new-1", jobName: "ingest-abc", jobArn: "arn" } }
    const out = await Effect.runPromise(
      makeAwsBatchActions(client).retry(
        { jobId: "old", jobName: "x", jobQueue: "q", jobDefinition: "d", parameters: {} },
        "flaky"
      )
    )
    assert.deepStrictEqual(out, { newJobId: "new-1" })
    assert.deepStrictEqual(
      requests.map((r) => r.path),
      ["/v1/describejobs", "/v1/submitjob"]
    )
    assert.deepStrictEqual(requests[0]?.body, { jobs: ["old"] })
    assert.deepStrictEqual(requests[1]?.body, {
      jobName: "ingest-abc",
      jobQueue: "arn:aws:batch:eu-west-1:1:job-queue/ingest",
      jobDefinition: "arn:aws:batch:eu-west-1:1:job-definition/ingest:3",
      parameters: { mode: "full" },
      containerOverrides: {
        command: ["python", "main.py", "--media_id", "m1"],
        environment: [{ name: "STAGE", value: "prod" }],
        resourceRequirements: [{ type: "VCPU", value: "2" }]
      },
      retryStrategy: { attempts: 2 },
      timeout: { attemptDurationSeconds: 600 },
      tags: { team: "media" },
      propagateTags: true
    })
  })

  it("retry of a job Batch no longer knows fails with a typed error", async () => {
    respond = () => ({ status: 200, body: { jobs: [] } })
    const error = await Effect.runPromise(
      Effect.flip(
        makeAwsBatchActions(client).retry(
          { jobId: "gone", jobName: "x", jobQueue: "q", jobDefinition: "d", parameters: {} },
          "r"
        )
      )
    )
    assert.strictEqual(error._tag, "BatchActionFailed")
    assert.match(error.reason, /no longer knows/)
  })

  it("terminate sends TerminateJob with the reason; a client error becomes BatchActionFailed", async () => {
    respond = () => ({ status: 200, body: {} })
    await Effect.runPromise(makeAwsBatchActions(client).terminate("j1", "stuck in RUNNABLE"))
    assert.deepStrictEqual(requests[0], {
      path: "/v1/terminatejob",
      body: { jobId: "j1", reason: "stuck in RUNNABLE" }
    })
    respond = () => ({ status: 400, body: { __type: "ClientException", message: "Job j2 not found" } })
    const error = await Effect.runPromise(Effect.flip(makeAwsBatchActions(client).terminate("j2", "x")))
    assert.strictEqual(error._tag, "BatchActionFailed")
    assert.match(error.reason, /ClientException/)
  })
})
