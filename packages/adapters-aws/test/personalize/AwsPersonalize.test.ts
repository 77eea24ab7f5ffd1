import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { PersonalizeClient } from "@aws-sdk/client-personalize"
import { Personalize as P, Provisioning } from "@personalize-ops/core"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeAwsPersonalize } from "../../src/index.ts"
import { type ServedTwin, serveTwin } from "../support/servedTwin.ts"

// Throttling needs a server that throttles on cue: a tiny awsJson1_1 endpoint that answers
// ThrottlingException `throttleNext` times, then an empty ListDatasetGroups. Everything else runs
// against the Personalize twin served over HTTP (`personalize-ops twin serve`).
const calls: Array<string> = []
let throttleNext = 0

const reply = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    ...(errorType === undefined ? {} : { "x-amzn-errortype": errorType })
  })
  res.end(JSON.stringify(body))
}

const handle = async (req: IncomingMessage, res: ServerResponse) => {
  for await (const _ of req) {
    // drain the body
  }
  calls.push(String(req.headers["x-amz-target"] ?? "").replace("AmazonPersonalize.", ""))
  if (throttleNext > 0) {
    throttleNext--
    return reply(res, 400, { __type: "ThrottlingException", message: "Rate exceeded" }, "ThrottlingException")
  }
  return reply(res, 200, { datasetGroups: [] })
}

let server: ReturnType<typeof createServer>
let throttling: P.Personalize["Service"]
let twin: ServedTwin
let personalize: P.Personalize["Service"]

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  const client = new PersonalizeClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    // Our own retryThrottled does the retrying; the SDK's would hide it.
    maxAttempts: 1
  })
  throttling = makeAwsPersonalize(() => client)
  twin = await serveTwin()
  personalize = makeAwsPersonalize(() => twin.client)
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await twin.stop()
})

const run = <A>(effect: Effect.Effect<A, P.PersonalizeError>) => Effect.runPromise(effect)
const fail = <A>(effect: Effect.Effect<A, P.PersonalizeError>) => Effect.runPromise(Effect.flip(effect))

describe("AWS Personalize adapter (real SDK client, served twin)", () => {
  it("create, describe (status spelling normalised), and typed errors", async () => {
    const arn = await run(personalize.create({ kind: "DatasetGroup", name: "shop" }))
    expect(arn).toBe("arn:aws:personalize:us-east-1:000000000000:dataset-group/shop")
    const d = await run(personalize.describe("DatasetGroup", arn))
    expect(d).toMatchObject({ kind: "DatasetGroup", name: "shop" })
    expect(d.creationDateTime).toBeGreaterThan(1_600_000_000_000)
    const again = await fail(personalize.create({ kind: "DatasetGroup", name: "shop" }))
    expect(again._tag).toBe("ResourceAlreadyExists")
    const missing = await fail(personalize.describe("DatasetGroup", `${arn}-nope` as P.ResourceArn))
    expect(missing._tag).toBe("ResourceNotFound")
    const badArn = await fail(personalize.describe("Campaign", "not-an-arn" as P.ResourceArn))
    expect(badArn._tag).toBe("InvalidInput")
  })

  it("lists every page", async () => {
    for (let i = 0; i < 4; i++) await run(personalize.create({ kind: "DatasetGroup", name: `page-${i}` }))
    const first = await run(personalize.list({ kind: "DatasetGroup", maxResults: 2 }))
    expect(first.items.length).toBe(2)
    expect(first.nextToken).toBeDefined()
    const all = await run(Provisioning.listAll("DatasetGroup").pipe(Effect.provideService(P.Personalize, personalize)))
    expect(all.map((g) => g.name).sort()).toEqual(["page-0", "page-1", "page-2", "page-3", "shop"])
  })

  it("a throttle, then success: retried by retryThrottled", async () => {
    throttleNext = 2
    calls.length = 0
    const d = await run(throttling.list({ kind: "DatasetGroup" }))
    expect(d.items.length).toBe(0)
    expect(calls).toEqual(["ListDatasetGroups", "ListDatasetGroups", "ListDatasetGroups"])
  })
})
