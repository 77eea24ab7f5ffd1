import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import {
  contentEventId,
  type IngestionReport,
  ingestionMetrics,
  ingestionMetricsNamespace,
  PutEventsFailed,
  PutEventsRequest,
  PutItemsRequest,
  PutRecordsFailed,
  PutUsersRequest,
  propertiesProblem,
  putEventsPermanentErrors,
  putRecordsPermanentErrors,
  stableHash
} from "../../src/ingestion/index.ts"

// The request schemas of PutEvents / PutUsers / PutItems at each limit (the last value allowed and the
// first refused), the refusal messages, the ingestion metrics document, and the content event id.

const valid = <S extends Schema.ConstraintDecoder<unknown>>(schema: S) => {
  const decode = Schema.decodeUnknownResult(schema)
  return (input: unknown) => Result.isSuccess(decode(input))
}
const events = valid(PutEventsRequest)
const users = valid(PutUsersRequest)
const items = valid(PutItemsRequest)
const event = (over: Record<string, unknown> = {}) => ({ eventType: "click", sentAt: 1, ...over })
const request = (over: Record<string, unknown> = {}, eventList: ReadonlyArray<unknown> = [event()]) => ({
  trackingId: "t",
  sessionId: "s",
  eventList,
  ...over
})

describe("PutEvents request at its limits", () => {
  it.each<[string, unknown, boolean]>([
    ["a minimal request", request(), true],
    ["with a user id", request({ userId: "u" }), true],
    ["an empty tracking id", request({ trackingId: "" }), false],
    ["a 256-character session id", request({ sessionId: "s".repeat(256) }), true],
    ["a 257-character session id", request({ sessionId: "s".repeat(257) }), false],
    ["a 257-character user id", request({ userId: "u".repeat(257) }), false],
    ["no events", request({}, []), false],
    ["10 events", request({}, Array(10).fill(event())), true],
    ["11 events", request({}, Array(11).fill(event())), false],
    ["sentAt 0", request({}, [event({ sentAt: 0 })]), true],
    ["a negative sentAt", request({}, [event({ sentAt: -0.001 })]), false],
    ["an infinite sentAt", request({}, [event({ sentAt: Number.POSITIVE_INFINITY })]), false],
    ["an empty event type", request({}, [event({ eventType: "" })]), false],
    ["a 256-character item id", request({}, [event({ itemId: "i".repeat(256) })]), true],
    ["a 257-character event id", request({}, [event({ eventId: "e".repeat(257) })]), false],
    ["a NaN event value", request({}, [event({ eventValue: Number.NaN })]), false],
    ["a 40-character recommendation id", request({}, [event({ recommendationId: "r".repeat(40) })]), true],
    ["a 41-character recommendation id", request({}, [event({ recommendationId: "r".repeat(41) })]), false],
    ["an empty recommendation id", request({}, [event({ recommendationId: "" })]), false],
    ["25 impression ids", request({}, [event({ impression: Array(25).fill("i") })]), true],
    ["26 impression ids", request({}, [event({ impression: Array(26).fill("i") })]), false],
    ["no impression ids", request({}, [event({ impression: [] })]), false],
    ["an empty impression id", request({}, [event({ impression: [""] })]), false],
    ["properties as a JSON object", request({}, [event({ properties: '{"a":1}' })]), true],
    ["empty properties", request({}, [event({ properties: "" })]), false],
    ["properties with a reserved key", request({}, [event({ properties: '{"UserId":"u"}' })]), false]
  ])("%s: %s", (_, input, ok) => {
    expect(events(input)).toBe(ok)
  })

  it.each<[string, string | undefined]>([
    ['{"a":1}', undefined],
    [`{"a":"${"x".repeat(1016)}"}`, undefined],
    [`{"a":"${"x".repeat(1017)}"}`, "properties JSON is 1025 characters; PutEvents allows at most 1024"],
    ["{", "properties is not valid JSON"],
    ["[1]", "properties is not a JSON object"],
    ["null", "properties is not a JSON object"],
    ['"s"', "properties is not a JSON object"],
    ['{"eventType":"x","SESSIONID":"y","ok":1}', "properties holds reserved key(s) eventType, SESSIONID"],
    ['{"timestamp":1}', "properties holds reserved key(s) timestamp"],
    ['{"recommendationId":"r"}', "properties holds reserved key(s) recommendationId"]
  ])("properties %s: %s", (json, problem) => {
    expect(propertiesProblem(json)).toBe(problem)
  })
})

describe("PutUsers and PutItems requests at their limits", () => {
  const user = (over: Record<string, unknown> = {}) => ({ userId: "u", ...over })
  const item = (over: Record<string, unknown> = {}) => ({ itemId: "i", ...over })
  it.each<[string, unknown, boolean]>([
    ["one user", { datasetArn: "arn", users: [user()] }, true],
    ["no users", { datasetArn: "arn", users: [] }, false],
    ["10 users", { datasetArn: "arn", users: Array(10).fill(user()) }, true],
    ["11 users", { datasetArn: "arn", users: Array(11).fill(user()) }, false],
    ["an empty dataset ARN", { datasetArn: "", users: [user()] }, false],
    ["a 256-character dataset ARN", { datasetArn: "a".repeat(256), users: [user()] }, true],
    ["a 257-character dataset ARN", { datasetArn: "a".repeat(257), users: [user()] }, false],
    ["an empty user id", { datasetArn: "arn", users: [user({ userId: "" })] }, false],
    ["a 257-character user id", { datasetArn: "arn", users: [user({ userId: "u".repeat(257) })] }, false],
    ["user properties", { datasetArn: "arn", users: [user({ properties: '{"plan":"pro"}' })] }, true],
    ["empty user properties", { datasetArn: "arn", users: [user({ properties: "" })] }, false],
    ["user properties not JSON", { datasetArn: "arn", users: [user({ properties: "{" })] }, false],
    ["user properties a list", { datasetArn: "arn", users: [user({ properties: "[]" })] }, false],
    ["user properties null", { datasetArn: "arn", users: [user({ properties: "null" })] }, false],
    [
      "24,000 characters of user properties",
      { datasetArn: "arn", users: [user({ properties: `{"a":"${"x".repeat(23_992)}"}` })] },
      true
    ],
    [
      "24,001 characters of user properties",
      { datasetArn: "arn", users: [user({ properties: `{"a":"${"x".repeat(23_993)}"}` })] },
      false
    ]
  ])("PutUsers %s: %s", (_, input, ok) => {
    expect(users(input)).toBe(ok)
  })

  it.each<[string, unknown, boolean]>([
    ["one item", { datasetArn: "arn", items: [item()] }, true],
    ["11 items", { datasetArn: "arn", items: Array(11).fill(item()) }, false],
    ["a 256-character item id", { datasetArn: "arn", items: [item({ itemId: "i".repeat(256) })] }, true],
    ["a 257-character item id", { datasetArn: "arn", items: [item({ itemId: "i".repeat(257) })] }, false],
    [
      "32,000 characters of item properties",
      { datasetArn: "arn", items: [item({ properties: `{"a":"${"x".repeat(31_992)}"}` })] },
      true
    ],
    [
      "32,001 characters of item properties",
      { datasetArn: "arn", items: [item({ properties: `{"a":"${"x".repeat(31_993)}"}` })] },
      false
    ]
  ])("PutItems %s: %s", (_, input, ok) => {
    expect(items(input)).toBe(ok)
  })

  it("refusals say which call, why and whether a retry can help", () => {
    expect(new PutRecordsFailed({ operation: "PutItems", reason: "R", detail: "d", retryable: true }).message).toBe(
      "PutItems refused: R: d"
    )
    expect(new PutEventsFailed({ reason: "ThrottlingException", detail: "slow", retryable: true }).message).toBe(
      "PutEvents refused: ThrottlingException: slow"
    )
    expect([...putEventsPermanentErrors]).toEqual(["InvalidInputException"])
    expect([...putRecordsPermanentErrors]).toEqual(["InvalidInputException", "ResourceNotFoundException"])
  })
})

describe("ingestion metrics", () => {
  const report = (latencies: ReadonlyArray<number>): IngestionReport => ({
    outcomes: [],
    retryIds: [],
    putEventsLatencyMillis: latencies,
    counters: {
      received: 11,
      sent: 1,
      skipped: 2,
      invalid: 3,
      failed: 4,
      deadLettered: 5,
      putEventsCalls: 6,
      putUsersCalls: 7,
      putItemsCalls: 8,
      propertiesDropped: 9
    }
  })

  it("one counter metric per counter, the latency only when there is one, downsampled", () => {
    const options = { namespace: ingestionMetricsNamespace, handler: "kinesis", timestamp: 77 }
    const counters = [
      { name: "Received", unit: "Count", value: 11 },
      { name: "Sent", unit: "Count", value: 1 },
      { name: "Skipped", unit: "Count", value: 2 },
      { name: "Invalid", unit: "Count", value: 3 },
      { name: "Failed", unit: "Count", value: 4 },
      { name: "DeadLettered", unit: "Count", value: 5 },
      { name: "PutEventsCalls", unit: "Count", value: 6 },
      { name: "PutUsersCalls", unit: "Count", value: 7 },
      { name: "PutItemsCalls", unit: "Count", value: 8 },
      { name: "PropertiesDropped", unit: "Count", value: 9 }
    ]
    expect(ingestionMetrics(report([]), options)).toEqual({
      namespace: "PersonalizeOps/Ingestion",
      timestamp: 77,
      dimensions: { Handler: "kinesis" },
      metrics: counters
    })
    const latencies = Array.from({ length: 150 }, (_, i) => i)
    const doc = ingestionMetrics(report(latencies), options)
    expect(doc.metrics.slice(0, 10)).toEqual(counters)
    expect(doc.metrics[10]).toMatchObject({ name: "PutEventsLatency", unit: "Milliseconds" })
    const values = doc.metrics[10]!.value as ReadonlyArray<number>
    expect([values.length, values[0], values[99]]).toEqual([100, 0, 149])
    expect(ingestionMetrics(report([5, 3]), options).metrics[10]).toEqual({
      name: "PutEventsLatency",
      unit: "Milliseconds",
      value: [5, 3]
    })
  })
})

describe("content event id", () => {
  it("is FNV-1a 64 of the text, 16 hex digits", () => {
    // The FNV-1a 64 test vectors.
    expect(stableHash("")).toBe("cbf29ce484222325")
    expect(stableHash("a")).toBe("af63dc4c8601ec8c")
    expect(stableHash("foobar")).toBe("85944171f73967e8")
  })

  it("ignores key order and delivery-time fields, and sees every other field", () => {
    const id = contentEventId({ event: "e", properties: { a: 1, b: [1, { c: null }] } })
    expect(id).toMatch(/^content-[0-9a-f]{16}$/)
    expect(contentEventId({ properties: { b: [1, { c: null }], a: 1 }, event: "e" })).toBe(id)
    expect(
      contentEventId({
        event: "e",
        properties: { a: 1, b: [1, { c: null }] },
        sentAt: "x",
        receivedAt: "y",
        _metadata: {},
        writeKey: "k"
      })
    ).toBe(id)
    expect(contentEventId({ event: "e", properties: { a: 1, b: [1, { c: 0 }] } })).not.toBe(id)
    expect(contentEventId({ event: "e", properties: { a: 1, b: [{ c: null }, 1] } })).not.toBe(id)
    expect(contentEventId({ event: "e", timestamp: "t", properties: { a: 1, b: [1, { c: null }] } })).not.toBe(id)
    // The canonical text is what is hashed: an object, its keys sorted, undefined written as null.
    expect(contentEventId({ b: 1, a: [undefined] })).toBe(`content-${stableHash('{"a":[null],"b":1}')}`)
  })
})
