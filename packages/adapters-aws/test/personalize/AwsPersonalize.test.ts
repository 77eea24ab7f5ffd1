import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { PersonalizeClient } from "@aws-sdk/client-personalize"
import { Personalize as P, Provisioning } from "@personalize-ops/core"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeAwsPersonalize } from "../../src/index.ts"

// A tiny Personalize on 127.0.0.1 speaking awsJson1_1 (POST /, X-Amz-Target: AmazonPersonalize.<Op>),
// enough to drive the real SDK client stack through create/describe/list, errors and throttling.
const groups = new Map<
  string,
  { name: string; datasetGroupArn: string; status: string; creationDateTime: number; lastUpdatedDateTime: number }
>()
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
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}")
  const op = String(req.headers["x-amz-target"] ?? "").replace("AmazonPersonalize.", "")
  calls.push(op)
  if (throttleNext > 0) {
    throttleNext--
    return reply(res, 400, { __type: "ThrottlingException", message: "Rate exceeded" }, "ThrottlingException")
  }
  switch (op) {
    case "CreateDatasetGroup": {
      if (groups.has(body.name))
        return reply(
          res,
          400,
          { __type: "ResourceAlreadyExistsException", message: `${body.name} exists` },
          "ResourceAlreadyExistsException"
        )
      const arn = `arn:aws:personalize:us-east-1:123456789012:dataset-group/${body.name}`
      groups.set(body.name, {
        name: body.name,
        datasetGroupArn: arn,
        status: "CREATE PENDING",
        creationDateTime: 1700000000 + groups.size,
        lastUpdatedDateTime: 1700000000
      })
      return reply(res, 200, { datasetGroupArn: arn })
    }
    case "DescribeDatasetGroup": {
      const group = [...groups.values()].find((g) => g.datasetGroupArn === body.datasetGroupArn)
      if (group === undefined)
        return reply(
          res,
          400,
          { __type: "ResourceNotFoundException", message: "Could not find the specified resource." },
          "ResourceNotFoundException"
        )
      return reply(res, 200, { datasetGroup: { ...group, status: "CREATE IN_PROGRESS" } })
    }
    case "ListDatasetGroups": {
      const all = [...groups.values()]
      const from = body.nextToken === undefined ? 0 : Number(body.nextToken)
      const max = body.maxResults ?? 100
      const page = all.slice(from, from + max)
      return reply(res, 200, {
        datasetGroups: page,
        ...(from + max < all.length ? { nextToken: String(from + max) } : {})
      })
    }
    default:
      return reply(res, 400, { __type: "InvalidInputException", message: `unsupported ${op}` }, "InvalidInputException")
  }
}

let server: ReturnType<typeof createServer>
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
  personalize = makeAwsPersonalize(() => client)
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const run = <A>(effect: Effect.Effect<A, P.PersonalizeError>) => Effect.runPromise(effect)
const fail = <A>(effect: Effect.Effect<A, P.PersonalizeError>) => Effect.runPromise(Effect.flip(effect))

describe("AWS Personalize adapter (real SDK client, local awsJson1_1 endpoint)", () => {
  it("create, describe (status spelling normalised), and typed errors", async () => {
    const arn = await run(personalize.create({ kind: "DatasetGroup", name: "shop" }))
    expect(arn).toBe("arn:aws:personalize:us-east-1:123456789012:dataset-group/shop")
    const d = await run(personalize.describe("DatasetGroup", arn))
    expect(d).toMatchObject({ kind: "DatasetGroup", name: "shop", status: "CREATE_IN_PROGRESS" })
    expect(d.creationDateTime).toBeGreaterThan(1_600_000_000_000)
    const again = await fail(personalize.create({ kind: "DatasetGroup", name: "shop" }))
    expect(again._tag).toBe("ResourceAlreadyExists")
    const missing = await fail(personalize.describe("DatasetGroup", `${arn}-nope` as P.ResourceArn))
    expect(missing._tag).toBe("ResourceNotFound")
    const unsupported = await fail(
      personalize.describe("Campaign", "arn:aws:personalize:us-east-1:1:campaign/x" as P.ResourceArn)
    )
    expect(unsupported._tag).toBe("InvalidInput")
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
    const d = await run(personalize.list({ kind: "DatasetGroup" }))
    expect(d.items.length).toBe(5)
    expect(calls).toEqual(["ListDatasetGroups", "ListDatasetGroups", "ListDatasetGroups"])
  })
})
