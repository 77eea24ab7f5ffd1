// Fuzz: every other entry point (fuzz.test.ts has the Segment destination and the jobs EventBridge
// handler) takes arbitrary and hostile JSON without crashing: a typed answer or a typed failure, and a
// bad record in a batch is set aside while the rest goes on.
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import {
  layerMemoryBatchActions,
  layerMemoryEventStore,
  layerMemoryJobReadModel,
  MemoryMonitoringWorld,
  makeMapConfigBucket,
  makeMemoryBatch,
  makeMemoryExecutions
} from "@personalize-ops/adapters-memory"
import { makeMemoryDeadLetter, makeMemoryPersonalizeEvents } from "@personalize-ops/adapters-memory/ingestion"
import { Notify, type Personalize, Workflow } from "@personalize-ops/core"
import { mlopsConfig } from "@personalize-ops/core/testing"
import { provisioningSettings, s3ObjectCreated } from "@personalize-ops/handlers/testing"
import { ConfigProvider, Effect, Layer } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeKinesisHandler } from "../src/ingestion/index.ts"
import { JobsSettings, makeJobsHttpHandler } from "../src/jobs/index.ts"
import {
  layerMonitorConfig,
  makeCleanupHandler,
  makeCommandHandlers,
  makeDashboardHandler
} from "../src/monitoring/index.ts"
import { makeTriggerHandler, ProvisioningSettings } from "../src/provisioning/index.ts"
import { answersOrTypedFailure, deep, deepObject, hostileRecord, hostileText, hostileValue } from "./hostileInput.ts"
import { kinesisEvent, layerMemoryIngestion, trackEvent } from "./ingestion/support.ts"

const runs = { numRuns: 100 }

/** A stand-in for a custom resource's presigned ResponseURL: counts the answers PUT to it. */
let responses: { url: string; bodies: Array<Record<string, unknown>>; close: () => Promise<void> }
beforeAll(async () => {
  const bodies: Array<Record<string, unknown>> = []
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>)
      res.writeHead(200)
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  responses = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cfn?X-Amz-Signature=s`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
})
afterAll(() => responses.close())

describe("fuzz: Kinesis (Segment ingestion) handler", () => {
  const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64")
  const record = fc.oneof(
    hostileText.map(b64),
    // a Segment event with one field replaced by hostile JSON text (spliced in: JSON.stringify itself
    // overflows on the deepest values)
    fc
      .tuple(fc.constantFrom(...Object.keys(trackEvent())), hostileText)
      .map(([k, text]) => b64(JSON.stringify({ ...trackEvent(), [k]: "\u0001" }).replace('"\\u0001"', text))),
    fc.constantFrom("%%%", "", "=".repeat(10)),
    fc.string({ maxLength: 100 })
  )

  it("sets every bad record aside and sends the good one after them", async () => {
    const events = makeMemoryPersonalizeEvents()
    const dl = makeMemoryDeadLetter()
    const lines: Array<string> = []
    const handler = makeKinesisHandler(layerMemoryIngestion(events, dl), { emit: (l) => lines.push(l) })
    let n = 0
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 8 }), async (data) => {
          const good = `good-${++n}`
          const records = [
            ...data.map((d, i) => ({ id: `${n}-${String(i).padStart(3, "0")}`, data: d })),
            { id: `${n}-999`, data: b64(JSON.stringify(trackEvent({ messageId: good, anonymousId: `s-${n}` }))) }
          ]
          lines.length = 0
          const response = await handler(kinesisEvent(records))
          // nothing to retry: every bad record went to the dead letter, the good one was sent
          expect(response).toEqual({ batchItemFailures: [] })
          const emf = JSON.parse(lines[0] ?? "{}")
          expect(emf.Received).toBe(records.length)
          expect(emf.Sent + emf.Skipped + emf.Invalid + emf.Failed).toBe(records.length)
          expect(events.accepted().flatMap((r) => r.eventList.map((e) => e.eventId))).toContain(good)
        }),
        runs
      )
    } finally {
      await handler.runtime.dispose()
    }
  })

  it("fails an envelope it cannot answer per record with a typed error, never a crash", async () => {
    const handler = makeKinesisHandler(layerMemoryIngestion(makeMemoryPersonalizeEvents(), makeMemoryDeadLetter()), {
      emit: () => {}
    })
    const envelope = fc.oneof(
      hostileValue,
      hostileRecord(["Records"]),
      fc
        .array(hostileRecord(["kinesis", "eventSourceARN", "eventID"]), { maxLength: 3 })
        .map((Records) => ({ Records }))
    )
    try {
      await fc.assert(
        fc.asyncProperty(envelope, async (event) => {
          await answersOrTypedFailure(() => handler(event as never))
        }),
        runs
      )
    } finally {
      await handler.runtime.dispose()
    }
  })
})

describe("fuzz: monitor command and custom resource handlers", () => {
  const acct = "123456789012"
  const arn = (kind: string, name: string) =>
    `arn:aws:personalize:us-east-1:${acct}:${kind}/${name}` as Personalize.ResourceArn
  const env = {
    AWS_REGION: "us-east-1",
    Regions: "us-east-1",
    AccountId: acct,
    AutoDeleteOrStopIdleResources: "Yes",
    IdleThresholdHours: "24",
    DashboardName: "Shop-Monitor",
    MonitorInstanceId: "shop-prod"
  }
  const world = () =>
    new MemoryMonitoringWorld().addResource(
      {
        arn: arn("campaign", "shop"),
        name: "shop",
        kind: "campaign",
        region: "us-east-1",
        datasetGroupArn: arn("dataset-group", "retail"),
        datasetGroupName: "retail",
        minTPS: 10,
        status: "ACTIVE",
        createdAt: 0
      },
      () => 3
    )
  const layer = (w: MemoryMonitoringWorld) =>
    Layer.merge(
      w.layer,
      Layer.fresh(layerMonitorConfig).pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env }))))
    )
  const detailTypes = [
    "DeletePersonalizeCampaign",
    "StopPersonalizeRecommender",
    "UpdatePersonalizeCampaignMinProvisionedTPS",
    "UpdatePersonalizeRecommenderMinRecommendationRPS",
    "BuildPersonalizeMonitorDashboard"
  ]
  // near the real shapes: an EventBridge envelope or a direct invocation, with hostile fields
  const commandDetail = fc.record(
    {
      ARN: fc.oneof(fc.constantFrom(arn("campaign", "shop"), arn("recommender", "x")), hostileValue),
      NewMinTPS: hostileValue,
      Reason: hostileValue,
      PreWarmUntil: hostileValue,
      MonitorInstanceId: fc.oneof(fc.constant("shop-prod"), hostileValue),
      Datapoints: hostileValue
    },
    { requiredKeys: [] }
  )
  const command = fc.oneof(
    hostileValue,
    commandDetail,
    fc.record(
      {
        "detail-type": fc.oneof(fc.constantFrom(...detailTypes), hostileValue),
        source: fc.oneof(fc.constant("personalize.monitor"), hostileValue),
        detail: fc.oneof(commandDetail, hostileValue)
      },
      { requiredKeys: [] }
    ),
    fc.constantFrom<unknown>({ detail: deep(10_000), "detail-type": "DeletePersonalizeCampaign" }, deepObject(5_000))
  )

  it("the three command handlers answer any event with a typed error, and only a watched campaign is touched", async () => {
    const w = world()
    const commands = makeCommandHandlers(layer(w))
    try {
      await fc.assert(
        fc.asyncProperty(command, async (event) => {
          await answersOrTypedFailure(() => commands.updateTps(event))
          await answersOrTypedFailure(() => commands.deleteCampaign(event))
          await answersOrTypedFailure(() => commands.stopRecommender(event))
          // the campaign is not idle (3 TPS used): no event, forged or not, deletes it
          const shop = await Effect.runPromise(w.twin.personalize.describe("Campaign", arn("campaign", "shop")))
          expect(shop.status).not.toMatch(/DELETE/)
        }),
        runs
      )
    } finally {
      for (const h of Object.values(commands)) await h.runtime.dispose()
    }
  })

  const cfnRequest = fc.record(
    {
      RequestType: fc.oneof(fc.constantFrom("Create", "Update", "Delete"), hostileValue),
      ResponseURL: fc.oneof(fc.constant("URL"), hostileValue),
      StackId: hostileValue,
      RequestId: hostileValue,
      LogicalResourceId: hostileValue,
      PhysicalResourceId: fc.oneof(fc.constant("Shop-Monitor"), fc.constant("shop-alarms"), hostileValue),
      ResourceType: hostileValue,
      ResourceProperties: fc.oneof(hostileRecord(["ServiceToken", "DashboardName", "Regions"]), hostileValue)
    },
    { requiredKeys: [] }
  )

  it("the custom resource handlers (dashboard, alarm cleanup) answer every request, a malformed one FAILED", async () => {
    const w = world()
    const handlers = [makeDashboardHandler(layer(w)), makeCleanupHandler(layer(w))]
    try {
      await fc.assert(
        fc.asyncProperty(fc.oneof(cfnRequest, hostileValue), async (generated) => {
          const event =
            typeof generated === "object" &&
            generated !== null &&
            (generated as { ResponseURL?: unknown }).ResponseURL === "URL"
              ? { ...generated, ResponseURL: responses.url }
              : generated
          const toUs = event !== generated
          for (const [i, handler] of handlers.entries()) {
            const before = responses.bodies.length
            const { answer } = await answersOrTypedFailure(() => handler(event))
            // a request that names our ResponseURL is answered there once: SUCCESS, or FAILED when it failed
            // (the dashboard function takes an event without RequestType as a direct invocation)
            if (toUs && (i === 1 || "RequestType" in (event as object))) {
              expect(responses.bodies.length - before).toBe(1)
              expect(responses.bodies.at(-1)?.["Status"]).toBe(answer === undefined ? "FAILED" : "SUCCESS")
            }
          }
        }),
        runs
      )
    } finally {
      for (const h of handlers) await h.runtime.dispose()
    }
  })
})

describe("fuzz: provisioning trigger (S3 event)", () => {
  const bucket = "shop-data"
  const config = mlopsConfig({ group: "shop", users: false })
  const s3Record = (key: string) => s3ObjectCreated(bucket, key, `"${key.length}"`)

  it("decides every record (a bad config is Invalid) and starts the good upload after them", async () => {
    const objects = new Map<string, string>([[`${bucket}/train/good/config.json`, JSON.stringify(config)]])
    const executions = makeMemoryExecutions()
    const layer = Layer.mergeAll(
      Layer.succeed(ProvisioningSettings, provisioningSettings),
      Layer.succeed(Workflow.ConfigBucket, makeMapConfigBucket(objects)),
      Layer.succeed(Workflow.Executions, executions.service),
      Layer.succeed(Notify.Notifications, { publish: () => Effect.void })
    )
    const trigger = makeTriggerHandler(layer, { log: () => {} })
    let n = 0
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(hostileText, fc.string({ maxLength: 40 })), { minLength: 1, maxLength: 5 }),
          async (uploads) => {
            const round = ++n
            const keys = uploads.map(([content, name], i) => {
              const key = i % 2 === 0 ? `train/r${round}-${i}/config.json` : `train/${encodeURIComponent(name)}`
              objects.set(`${bucket}/${key}`, content)
              return key
            })
            const records = [...keys.map((k) => s3Record(k)), s3Record("train/good/config.json")]
            const out = (await trigger({ Records: records })) as {
              readonly outcomes: ReadonlyArray<Workflow.TriggerOutcome>
            }
            expect(out.outcomes.map((o) => o.key)).toEqual(records.map((r) => decodeURIComponent(r.s3.object.key)))
            for (const o of out.outcomes.slice(0, -1)) expect(["Invalid", "Ignored", "Started"]).toContain(o._tag)
            expect(["Started", "Duplicate"]).toContain(out.outcomes.at(-1)?._tag)
          }
        ),
        runs
      )
      // a hostile envelope (no records to decide) fails with a typed error
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostileValue, hostileRecord(["Records"]), fc.array(hostileRecord(["s3", "eventName"]))),
          async (event) => {
            await answersOrTypedFailure(() => trigger(Array.isArray(event) ? { Records: event } : event))
          }
        ),
        runs
      )
    } finally {
      await trigger.runtime.dispose()
    }
  })
})

describe("fuzz: jobs HTTP entry point (API Gateway payload 2.0 → router)", () => {
  it("answers every request with a status below 500 (400 for what is not a request)", async () => {
    const settings = JobsSettings.layer.pipe(
      Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({ JOBS_TABLE: "t", JOBS_ACTION_QUEUES: "q" })))
    )
    const http = makeJobsHttpHandler(
      Layer.mergeAll(
        settings,
        layerMemoryEventStore,
        layerMemoryJobReadModel,
        layerMemoryBatchActions(makeMemoryBatch())
      )
    )
    const path = fc.oneof(
      fc.constantFrom("/", "/api/jobs", "/api/stats", "/jobs/j-1", "/api/jobs/j-1", "/api/jobs/j-1/actions/retry"),
      fc.string({ maxLength: 60 }).map((s) => `/${s}`)
    )
    const request = fc.record(
      {
        version: fc.constant("2.0"),
        rawPath: fc.oneof(path, hostileValue),
        rawQueryString: fc.oneof(
          fc.constantFrom(
            "limit=5",
            "limit=-1",
            "cursor=xyz",
            "status=NOPE",
            "since=1e400",
            `search=${"a".repeat(9000)}`
          ),
          hostileValue
        ),
        headers: fc.oneof(hostileRecord(["content-type", "sec-fetch-site", "x-jobs-action", "host"]), hostileValue),
        body: fc.oneof(hostileText, hostileValue),
        isBase64Encoded: fc.oneof(fc.boolean(), hostileValue),
        requestContext: fc.oneof(
          fc.record({
            http: fc.record({ method: fc.oneof(fc.constantFrom("GET", "POST", "DELETE"), hostileValue) }),
            authorizer: fc.oneof(
              fc.record({ jwt: fc.record({ claims: hostileRecord(["sub", "cognito:groups"]) }) }),
              hostileValue
            )
          }),
          hostileValue
        )
      },
      { requiredKeys: ["rawPath", "requestContext"] }
    )
    try {
      await fc.assert(
        fc.asyncProperty(fc.oneof(request, hostileValue), async (event) => {
          const response = await http(event)
          const status = typeof response === "object" ? response.statusCode : undefined
          expect(status).toBeGreaterThanOrEqual(200)
          expect(status).toBeLessThan(500)
        }),
        runs
      )
    } finally {
      await http.runtime.dispose()
    }
  })
})
