import { assert, describe, it } from "@effect/vitest"
import {
  layerMemoryBatchActions,
  layerMemoryEventStore,
  layerMemoryJobReadModel,
  makeMemoryBatch
} from "@personalize-ops/adapters-memory"
import { JobsHandlers } from "@personalize-ops/handlers"
import { ConfigProvider, Effect, Layer } from "effect"

const rules = JSON.stringify({ taskTypes: [{ taskType: "Ingest", jobQueue: "ingest" }] })
const settings = (env: Record<string, string>) =>
  JobsHandlers.JobsSettings.layer.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(env))))

const event = (id: string, status: string, time: string) => ({
  version: "0",
  id,
  "detail-type": "Batch Job State Change",
  source: "aws.batch",
  account: "123456789012",
  time,
  region: "eu-west-1",
  detail: {
    jobName: "ingest-1",
    jobId: "j-1",
    jobQueue: "arn:aws:batch:eu-west-1:123456789012:job-queue/ingest",
    status,
    createdAt: Date.parse("2026-11-23T10:00:00Z"),
    jobDefinition: "arn:aws:batch:eu-west-1:123456789012:job-definition/d:1",
    ...(status === "SUCCEEDED" ? { stoppedAt: Date.parse(time), attempts: [{}] } : {})
  }
})

describe("jobs Lambda handlers", () => {
  it("EventBridge: records, ignores redeliveries, marks late events, rejects bad input", async () => {
    const handler = JobsHandlers.makeJobsEventsHandler(
      Layer.mergeAll(settings({ JOBS_TABLE: "t", JOBS_RULES: rules }), layerMemoryEventStore, layerMemoryJobReadModel)
    )
    const runnable = event("e1", "RUNNABLE", "2026-11-23T10:00:01Z")
    assert.deepStrictEqual(await handler(runnable), { status: "recorded", jobId: "j-1", jobStatus: "RUNNABLE" })
    assert.deepStrictEqual(await handler(runnable), { status: "duplicate", jobId: "j-1", jobStatus: "RUNNABLE" })
    await handler(event("e3", "SUCCEEDED", "2026-11-23T10:05:00Z"))
    assert.deepStrictEqual(await handler(event("e2", "STARTING", "2026-11-23T10:01:00Z")), {
      status: "late",
      jobId: "j-1",
      jobStatus: "SUCCEEDED"
    })
    const rejected = await handler({ ...runnable, detail: { ...runnable.detail, jobId: "" } })
    assert.strictEqual(rejected.status, "rejected")
    // One bad event is rejected (not retried, not a crash) and the next goes on.
    const deep = JSON.parse("[".repeat(10_000) + "]".repeat(10_000))
    for (const bad of [
      { ...runnable, detail: { ...runnable.detail, createdAt: 9e15 } },
      { ...runnable, detail: { ...runnable.detail, jobId: "j 1" } },
      { ...runnable, detail: { ...runnable.detail, jobName: "n".repeat(500_000) } },
      { ...runnable, detail: { ...runnable.detail, container: deep } }
    ])
      assert.strictEqual((await handler(bad)).status, "rejected")
    const next = event("e4", "RUNNABLE", "2026-11-23T11:00:00Z")
    assert.deepStrictEqual(await handler({ ...next, detail: { ...next.detail, jobId: "j-2" } }), {
      status: "recorded",
      jobId: "j-2",
      jobStatus: "RUNNABLE"
    })
    await handler.runtime.dispose()
  })

  it("HTTP: maps a function URL payload, with the IAM caller as the actor", async () => {
    const batch = makeMemoryBatch()
    const layer = Layer.mergeAll(
      settings({ JOBS_TABLE: "t", JOBS_RULES: rules, JOBS_BASE_PATH: "/prod" }),
      layerMemoryEventStore,
      layerMemoryJobReadModel,
      layerMemoryBatchActions(batch)
    )
    const http = JobsHandlers.makeJobsHttpHandler(layer)
    const request = (method: string, rawPath: string, body?: string, headers: Record<string, string> = {}) => ({
      version: "2.0",
      rawPath,
      rawQueryString: "limit=20",
      headers: { host: "x.lambda-url.eu-west-1.on.aws", ...headers },
      requestContext: { http: { method }, authorizer: { iam: { userArn: "arn:aws:iam::1:role/ops" } } },
      ...(body === undefined ? {} : { body: Buffer.from(body).toString("base64"), isBase64Encoded: true })
    })
    const page = await http(request("GET", "/prod/"))
    assert.strictEqual(typeof page === "object" && page.statusCode, 200)
    assert.include(typeof page === "object" ? page.body : "", 'action="/prod/"')
    const api = await http(request("GET", "/prod/api/jobs"))
    assert.deepStrictEqual(JSON.parse(typeof api === "object" ? (api.body ?? "") : ""), { jobs: [] })
    const post = await http(
      request("POST", "/prod/api/jobs/j-9/actions/retry", JSON.stringify({ reason: "r" }), {
        "content-type": "application/json",
        "x-jobs-action": "1"
      })
    )
    assert.strictEqual(typeof post === "object" && post.statusCode, 404)
    const bad = await http({ nope: true })
    assert.strictEqual(typeof bad === "object" && bad.statusCode, 400)
    await http.runtime.dispose()
  })

  const readSettings = Effect.gen(function* () {
    return yield* JobsHandlers.JobsSettings
  })

  it("HTTP behind a JWT authorizer: the groups claim (as API Gateway flattens it) gates actions", async () => {
    const layer = Layer.mergeAll(
      settings({
        JOBS_TABLE: "t",
        JOBS_OPERATOR_GROUP: "operators",
        JOBS_ACTION_QUEUES: "arn:aws:batch:eu-west-1:123456789012:job-queue/q, "
      }),
      layerMemoryEventStore,
      layerMemoryJobReadModel,
      layerMemoryBatchActions()
    )
    const http = JobsHandlers.makeJobsHttpHandler(layer)
    const retry = (claims: Record<string, unknown>) =>
      http({
        version: "2.0",
        rawPath: "/api/jobs/j-9/actions/retry",
        headers: {
          host: "abc.execute-api.eu-west-1.amazonaws.com",
          "content-type": "application/json",
          "x-jobs-action": "1"
        },
        requestContext: { http: { method: "POST" }, authorizer: { jwt: { claims: { sub: "u-1", ...claims } } } },
        body: JSON.stringify({ reason: "r" })
      })
    const status = (r: Awaited<ReturnType<typeof http>>) => (typeof r === "object" ? r.statusCode : undefined)
    assert.strictEqual(status(await retry({})), 403)
    assert.strictEqual(status(await retry({ "cognito:groups": "[viewers]" })), 403)
    // Past the group check: the job is unknown.
    assert.strictEqual(status(await retry({ "cognito:groups": "[viewers operators]" })), 404)
    await http.runtime.dispose()
    assert.deepStrictEqual(JobsHandlers.claimGroups("[a b]"), ["a", "b"])
    assert.deepStrictEqual(JobsHandlers.claimGroups(["a", 1, "b"]), ["a", "b"])
    assert.deepStrictEqual(JobsHandlers.claimGroups("a,b"), ["a", "b"])
    assert.deepStrictEqual(JobsHandlers.claimGroups(undefined), [])
    const read = await Effect.runPromise(
      Effect.provide(
        readSettings,
        settings({ JOBS_TABLE: "t", JOBS_ACTION_QUEUES: "arn:q1, arn:q2,", JOBS_GROUPS_CLAIM: "groups" })
      )
    )
    assert.deepStrictEqual(
      [read.actionQueues, read.operatorGroup, read.groupsClaim],
      [["arn:q1", "arn:q2"], undefined, "groups"]
    )
    const unset = await Effect.runPromise(Effect.provide(readSettings, settings({ JOBS_TABLE: "t" })))
    assert.strictEqual(unset.actionQueues, undefined)
  })

  it("settings: a bad variable fails the cold start naming it", async () => {
    const exit = await Effect.runPromiseExit(
      Effect.provide(
        Effect.gen(function* () {
          return yield* JobsHandlers.JobsSettings
        }),
        settings({ JOBS_TABLE: "t", JOBS_RULES: '{"taskTypes":[{"taskType":"A","jobQueue":"("}]}' })
      )
    )
    assert.isTrue(exit._tag === "Failure")
    assert.include(String(exit._tag === "Failure" ? exit.cause : ""), "JOBS_RULES")
    const missing = await Effect.runPromiseExit(
      Effect.provide(
        Effect.gen(function* () {
          return yield* JobsHandlers.JobsSettings
        }),
        settings({})
      )
    )
    assert.include(String(missing._tag === "Failure" ? missing.cause : ""), "JOBS_TABLE")
  })
})
