import { layerMemoryEventStore, layerMemoryJobReadModel } from "@personalize-ops/adapters-memory"
import { correlationIdOf, JobsHandlers, layerLambdaLogger, makeLambdaLogger } from "@personalize-ops/handlers"
import { ConfigProvider, Data, Effect, Layer, Logger } from "effect"
import { afterEach, describe, expect, it, vi } from "vitest"

const collect = () => {
  const lines: Array<string> = []
  return { write: (line: string) => void lines.push(line), json: () => lines.map((l) => JSON.parse(l)) }
}

describe("the Lambda JSON logger", () => {
  it("writes one JSON object per log: level, message, request id, correlation id and the fields", async () => {
    const out = collect()
    await Effect.runPromise(
      Effect.logWarning("rejected event", { reason: "no jobId", attempt: 2 }).pipe(
        Effect.annotateLogs({ requestId: "req-1", correlationId: "corr-1", handler: "jobs-events" }),
        Effect.provide(layerLambdaLogger(out.write))
      )
    )
    const [line] = out.json()
    expect(Object.keys(line).slice(0, 5)).toEqual(["timestamp", "level", "message", "requestId", "correlationId"])
    expect(line).toMatchObject({
      level: "WARN",
      message: "rejected event",
      requestId: "req-1",
      correlationId: "corr-1",
      handler: "jobs-events",
      reason: "no jobId",
      attempt: 2
    })
    expect(Number.isNaN(Date.parse(line.timestamp))).toBe(false)
  })

  it("puts a failure's cause in `error` and keeps non-object parts in `details`", async () => {
    class Boom extends Data.TaggedError("Boom")<{ readonly detail: string }> {}
    const out = collect()
    await Effect.runPromise(
      Effect.fail(new Boom({ detail: "table missing" })).pipe(
        Effect.catchCause((cause) => Effect.logError("store failed", 42, cause)),
        Effect.provide(layerLambdaLogger(out.write))
      )
    )
    const [line] = out.json()
    expect(line.level).toBe("ERROR")
    expect(line.message).toBe("store failed")
    expect(line.details).toEqual([42])
    expect(line.error).toContain("Boom")
    expect(line.requestId).toBeUndefined()
  })

  it("is one line each, valid JSON even for messages with quotes and newlines", () => {
    const out = collect()
    Effect.runSync(
      Effect.logInfo('a "quoted"\nmessage').pipe(Effect.provide(Logger.layer([makeLambdaLogger(out.write)])))
    )
    expect(out.json()).toHaveLength(1)
    expect(out.json()[0]).toMatchObject({ level: "INFO", message: 'a "quoted"\nmessage' })
  })
})

describe("correlationIdOf", () => {
  it("reads the id that caused the invocation from each event shape", () => {
    expect(correlationIdOf({ headers: { "x-correlation-id": "h-1" }, requestContext: { requestId: "r-1" } })).toBe(
      "h-1"
    )
    expect(correlationIdOf({ requestContext: { requestId: "r-1" } })).toBe("r-1")
    expect(correlationIdOf({ id: "ev-1", "detail-type": "Batch Job State Change" })).toBe("ev-1")
    expect(correlationIdOf({ Records: [{ eventID: "shardId-0:49" }] })).toBe("shardId-0:49")
    expect(correlationIdOf({ Records: [{ messageId: "m-1" }] })).toBe("m-1")
    expect(correlationIdOf({ executionName: "run-7" })).toBe("run-7")
    expect(correlationIdOf({ id: "not an EventBridge event" })).toBeUndefined()
    expect(correlationIdOf(null)).toBeUndefined()
  })
})

describe("a handler's logs", () => {
  afterEach(() => vi.restoreAllMocks())

  it("carry the invocation's request id and correlation id, as JSON on stdout", async () => {
    const written: Array<string> = []
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      written.push(String(chunk))
      return true
    })
    const settings = JobsHandlers.JobsSettings.layer.pipe(
      Layer.provide(
        ConfigProvider.layer(
          ConfigProvider.fromUnknown({
            JOBS_TABLE: "t",
            JOBS_RULES: JSON.stringify({ taskTypes: [{ taskType: "Ingest", jobQueue: "ingest" }] })
          })
        )
      )
    )
    const handler = JobsHandlers.makeJobsEventsHandler(
      Layer.mergeAll(settings, layerMemoryEventStore, layerMemoryJobReadModel)
    )
    const result = await handler(
      { id: "event-42", "detail-type": "Batch Job State Change", source: "aws.batch", detail: {} },
      { awsRequestId: "request-7" }
    )
    await handler.runtime.dispose()
    vi.restoreAllMocks()
    expect(result.status).toBe("rejected")
    const logs = written
      .join("")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
    expect(logs).toEqual([
      expect.objectContaining({
        level: "WARN",
        message: "rejected event",
        requestId: "request-7",
        correlationId: "event-42",
        reason: expect.any(String)
      })
    ])
  })
})
