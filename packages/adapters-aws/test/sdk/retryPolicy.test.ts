// One retry policy per client: every SDK client service builds its clients with `maxAttempts: 1`, so
// `retryThrottled` (1 try + 6 retries) is the only policy. Against a local server that always answers
// "throttled", each port call must reach the server exactly 7 times; were the SDK's own 3 attempts still
// on, it would be 21. Each client service is driven through a real adapter of its port.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { assert, describe, it } from "@effect/vitest"
import { Ingestion, Jobs, Maintenance, Monitoring, Notify, Personalize as P, Workflow } from "@personalize-ops/core"
import { Effect, Fiber, Layer, Ref, Schema } from "effect"
import { TestClock } from "effect/testing"
import {
  layerAwsBatchActions,
  layerAwsPersonalize,
  layerAwsScheduler,
  layerAwsSolutionMetrics,
  layerCloudWatchAlarms,
  layerCloudWatchDashboards,
  layerCloudWatchMetrics,
  layerDynamoJobReadModel,
  layerEventBridgeBus,
  layerPersonalizeEvents,
  layerS3ConfigBucket,
  layerSfnExecutions,
  layerSnsNotifications,
  layerSqsDeadLetter
} from "../../src/index.ts"
import { BatchClients } from "../../src/sdk/BatchClients.ts"
import { CloudWatchClients } from "../../src/sdk/CloudWatchClients.ts"
import type { AwsClientOptions } from "../../src/sdk/clients.ts"
import { DynamoDb, dynamoDbClient } from "../../src/sdk/DynamoDb.ts"
import { EventBridgeClients } from "../../src/sdk/EventBridgeClients.ts"
import { PersonalizeClients } from "../../src/sdk/PersonalizeClients.ts"
import { PersonalizeEventsClients } from "../../src/sdk/PersonalizeEventsClients.ts"
import { S3Clients } from "../../src/sdk/S3Clients.ts"
import { SchedulerClients } from "../../src/sdk/SchedulerClients.ts"
import { SfnClients } from "../../src/sdk/SfnClients.ts"
import { SnsClients } from "../../src/sdk/SnsClients.ts"
import { SqsClients } from "../../src/sdk/SqsClients.ts"
import { localCredentials } from "../../src/testing/localAws.ts"

/** 1 try + `backoff()`'s 6 retries. */
const ourAttempts = 7

/**
 * A server that answers every request "slow down", in the protocol the request speaks: a JSON body (JSON
 * and REST-JSON protocols, named by `x-amzn-errortype`), a Query-protocol XML error (form bodies), or S3's
 * `SlowDown` (REST-XML). It counts the requests it received.
 */
const throttlingServer = Effect.acquireRelease(
  Effect.promise(async () => {
    let received = 0
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Array<Buffer> = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => {
        received += 1
        const type = String(req.headers["content-type"] ?? "")
        if (type.includes("x-www-form-urlencoded")) {
          res.writeHead(400, { "content-type": "text/xml" })
          res.end(
            "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>slow down</Message></Error><RequestId>r</RequestId></ErrorResponse>"
          )
        } else if (type.includes("json") || req.headers["x-amz-target"] !== undefined) {
          res.writeHead(400, {
            "content-type": type === "" ? "application/json" : type,
            "x-amzn-errortype": "ThrottlingException",
            "x-amzn-query-error": "ThrottlingException;Sender"
          })
          res.end(JSON.stringify({ __type: "ThrottlingException", message: "slow down" }))
        } else {
          res.writeHead(503, { "content-type": "application/xml" })
          res.end("<Error><Code>SlowDown</Code><Message>slow down</Message><RequestId>r</RequestId></Error>")
        }
      })
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const { port } = server.address() as AddressInfo
    return {
      options: { endpoint: `http://127.0.0.1:${port}`, credentials: localCredentials, region: "us-east-1" },
      received: () => received,
      close: () => new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }),
  (server) => Effect.promise(server.close)
)

/**
 * Runs `call` to its end under the test clock: while it waits on a backoff, time moves on; while a
 * request is in flight, the loop lets the event loop run. Ends whatever the outcome.
 */
const runToEnd = <A, E>(call: Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    const done = yield* Ref.make(false)
    const fiber = yield* Effect.forkChild(Effect.exit(call).pipe(Effect.ensuring(Ref.set(done, true))))
    while (!(yield* Ref.get(done))) {
      yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
      yield* TestClock.adjust("10 seconds")
    }
    return yield* Fiber.join(fiber)
  })

/** Counts the requests one port call makes against the throttling server. */
const attemptsOf = <S, E, R>(
  layer: (options: AwsClientOptions) => Layer.Layer<S, never, never>,
  call: Effect.Effect<unknown, E, S | R>
) =>
  Effect.gen(function* () {
    const server = yield* throttlingServer
    yield* runToEnd(call.pipe(Effect.provide(layer(server.options))) as Effect.Effect<unknown, E>)
    return server.received()
  }).pipe(Effect.scoped)

const campaignArn = "arn:aws:personalize:us-east-1:000000000000:campaign/shop" as P.ResourceArn
const datasetArn = "arn:aws:personalize:us-east-1:000000000000:dataset/shop/USERS"

/** One port call per SDK client service (and each adapter of a shared client service). */
const cases: ReadonlyArray<readonly [string, Effect.Effect<number, unknown, never>]> = [
  [
    "PersonalizeClients (Personalize port, JSON 1.1)",
    attemptsOf(
      (o) => layerAwsPersonalize().pipe(Layer.provide(PersonalizeClients.layerOptions(o))),
      Effect.flatMap(P.Personalize, (p) => p.describe("Campaign", campaignArn))
    )
  ],
  [
    "PersonalizeClients (SolutionMetricsSource port)",
    attemptsOf(
      (o) => layerAwsSolutionMetrics().pipe(Layer.provide(PersonalizeClients.layerOptions(o))),
      Effect.flatMap(Maintenance.SolutionMetricsSource, (s) => s.get(campaignArn))
    )
  ],
  [
    "PersonalizeEventsClients (PersonalizeEvents port, REST-JSON)",
    attemptsOf(
      (o) => layerPersonalizeEvents.pipe(Layer.provide(PersonalizeEventsClients.layerOptions(o))),
      Effect.flatMap(Ingestion.PersonalizeEvents, (p) =>
        p.putUsers(Schema.decodeUnknownSync(Ingestion.PutUsersRequest)({ datasetArn, users: [{ userId: "u1" }] }))
      )
    )
  ],
  [
    "SqsClients (DeadLetter port, JSON 1.0)",
    attemptsOf(
      (o) => layerSqsDeadLetter("http://127.0.0.1/000000000000/dlq").pipe(Layer.provide(SqsClients.layerOptions(o))),
      Effect.flatMap(Ingestion.DeadLetter, (d) =>
        d.send([
          {
            id: "1",
            source: "segment",
            bucket: "invalid",
            reason: "bad",
            encoding: "utf8",
            payload: "{}",
            at: 0,
            dedupeKey: "segment|1"
          }
        ])
      )
    )
  ],
  [
    "BatchClients (BatchActions port, REST-JSON)",
    attemptsOf(
      (o) => layerAwsBatchActions.pipe(Layer.provide(BatchClients.layerOptions(o))),
      Effect.flatMap(Jobs.BatchActions, (b) => b.terminate("job-1", "stuck"))
    )
  ],
  [
    "CloudWatchClients (Alarms port, JSON 1.0)",
    attemptsOf(
      (o) => layerCloudWatchAlarms.pipe(Layer.provide(CloudWatchClients.layerOptions(o))),
      Effect.flatMap(Monitoring.Alarms, (a) => a.delete("us-east-1", ["a"]))
    )
  ],
  [
    "CloudWatchClients (Dashboards port)",
    attemptsOf(
      (o) => layerCloudWatchDashboards("us-east-1").pipe(Layer.provide(CloudWatchClients.layerOptions(o))),
      Effect.flatMap(Monitoring.Dashboards, (d) => d.delete(["d"]))
    )
  ],
  [
    "CloudWatchClients (Metrics port)",
    attemptsOf(
      (o) => layerCloudWatchMetrics.pipe(Layer.provide(CloudWatchClients.layerOptions(o))),
      Effect.flatMap(Monitoring.Metrics, (m) =>
        m.putMetricData("us-east-1", "PersonalizeOps", [
          { metricName: "x", dimensions: [], value: 1, unit: "Count", timestamp: 0 }
        ])
      )
    )
  ],
  [
    "EventBridgeClients (EventBus port, JSON 1.1)",
    attemptsOf(
      (o) => layerEventBridgeBus.pipe(Layer.provide(EventBridgeClients.layerOptions(o))),
      Effect.flatMap(Monitoring.EventBus, (b) =>
        b.put("us-east-1", [{ source: "personalize-ops", detailType: "x", detail: {} }])
      )
    )
  ],
  [
    "SnsClients (Notifications port, Query)",
    attemptsOf(
      (o) =>
        layerSnsNotifications(() => "arn:aws:sns:us-east-1:000000000000:t").pipe(
          Layer.provide(SnsClients.layerOptions(o))
        ),
      Effect.flatMap(Notify.Notifications, (n) => n.publish({ region: "us-east-1", subject: "s", message: "m" }))
    )
  ],
  [
    "S3Clients (ConfigBucket port, REST-XML)",
    attemptsOf(
      (o) => layerS3ConfigBucket("us-east-1").pipe(Layer.provide(S3Clients.layerOptions(o))),
      Effect.flatMap(Workflow.ConfigBucket, (b) => b.get("bucket", "key"))
    )
  ],
  [
    "SchedulerClients (Scheduler port, REST-JSON)",
    attemptsOf(
      (o) => layerAwsScheduler("us-east-1").pipe(Layer.provide(SchedulerClients.layerOptions(o))),
      Effect.flatMap(Maintenance.Scheduler, (s) => s.createGroup("g"))
    )
  ],
  [
    "SfnClients (Executions port, JSON 1.0)",
    attemptsOf(
      (o) =>
        layerSfnExecutions("arn:aws:states:us-east-1:000000000000:stateMachine:m").pipe(
          Layer.provide(SfnClients.layerOptions(o))
        ),
      Effect.flatMap(Workflow.Executions, (e) => e.start("run-1", "{}"))
    )
  ],
  [
    "DynamoDb (JobReadModel port, JSON 1.0)",
    attemptsOf(
      (o) =>
        layerDynamoJobReadModel({ tableName: "jobs" }).pipe(Layer.provide(DynamoDb.layerClient(dynamoDbClient(o)))),
      Effect.flatMap(Jobs.JobReadModel, (r) => r.get("job-1"))
    )
  ]
]

describe("one retry policy per client", () => {
  for (const [name, attempts] of cases)
    it.effect(
      `${name}: a call always throttled reaches the server ${ourAttempts} times (ours; the SDK's are off)`,
      () => Effect.map(attempts, (n) => assert.strictEqual(n, ourAttempts))
    )
})
