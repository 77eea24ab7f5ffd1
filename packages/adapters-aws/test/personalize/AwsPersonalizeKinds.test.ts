// Every resource kind through the real SDK client stack, against a local awsJson1_1 Personalize on
// 127.0.0.1 driven by the adapter's own kind table (the response members each kind really uses):
// create → describe → list under its parent → update / stop / start / delete where the API has them.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { PersonalizeClient } from "@aws-sdk/client-personalize"
import { Personalize as P } from "@personalize-ops/core"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { kindSpecs, makeAwsPersonalize } from "../../src/personalize/AwsPersonalize.ts"

type Item = Record<string, unknown>
const items = new Map<string, { kind: P.ResourceKind; item: Item }>()
const calls: Array<{ op: string; body: Item }> = []
const account = "arn:aws:personalize:us-east-1:123456789012"
const kindOfApi = new Map(P.ResourceKinds.map((k) => [k, k] as const))

const reply = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    ...(errorType === undefined ? {} : { "x-amzn-errortype": errorType })
  })
  res.end(JSON.stringify(body))
}
const notFound = (res: ServerResponse) =>
  reply(res, 400, { __type: "ResourceNotFoundException", message: "Could not find it." }, "ResourceNotFoundException")

const arnOf = (kind: P.ResourceKind, body: Item): string => {
  const name = String(body[kindSpecs[kind].nameKey])
  if (kind === "SolutionVersion") return `${String(body.solutionArn)}/${(calls.length + 1000).toString(16)}`
  if (kind === "Dataset") {
    const group = String(body.datasetGroupArn).split("/")[1]
    return `${account}:dataset/${group}/${String(body.datasetType).toUpperCase()}`
  }
  return `${account}:${P.kindTraits[kind].arnSegment}/${name}`
}

// ListCampaigns takes a solution ARN, but a campaign records its solution version: its parent's parent.
const parentOf = (kind: P.ResourceKind, item: Item, key: string | undefined) =>
  kind === "Campaign"
    ? String(item.solutionVersionArn).slice(0, String(item.solutionVersionArn).lastIndexOf("/"))
    : item[key as string]

const handle = async (req: IncomingMessage, res: ServerResponse) => {
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Item
  const op = String(req.headers["x-amz-target"] ?? "").replace("AmazonPersonalize.", "")
  calls.push({ op, body })
  const verb = /^(Create|Describe|List|Update|Delete|Stop|Start)(.*?)(Creation)?$/.exec(op)
  if (verb === null) return reply(res, 400, { __type: "InvalidInputException", message: op }, "InvalidInputException")
  const [, action, rest] = verb as unknown as [string, string, string]
  const kind = kindOfApi.get((action === "List" ? rest.replace(/s$/, "") : rest) as P.ResourceKind)
  if (kind === undefined)
    return reply(res, 400, { __type: "InvalidInputException", message: op }, "InvalidInputException")
  const spec = kindSpecs[kind]
  const find = () => items.get(String(body[spec.arnKey]))
  const now = 1_700_000_000 + calls.length
  switch (action) {
    case "Create": {
      const arn = arnOf(kind, body)
      // Batch jobs report the bare "PENDING" spelling; the adapter normalises it.
      const status = P.kindTraits[kind].job && kind !== "DatasetImportJob" ? "PENDING" : "CREATE PENDING"
      const item: Item = { ...body, [spec.arnKey]: arn, creationDateTime: now, lastUpdatedDateTime: now }
      if (P.kindTraits[kind].hasStatus) item.status = status
      if (kind === "EventTracker") item.trackingId = "tracking-1"
      if (kind === "BatchInferenceJob" || kind === "BatchSegmentJob") item.jobInput = body.jobInput
      items.set(arn, { kind, item })
      return reply(res, 200, { [spec.arnKey]: arn })
    }
    case "Describe": {
      const found = find()
      if (found === undefined) return notFound(res)
      const item = { ...found.item }
      // The service moves on: a described in-progress job uses the other spelling, "IN PROGRESS".
      if (item.status === "PENDING") item.status = "IN PROGRESS"
      return reply(res, 200, { [spec.describeKey]: item })
    }
    case "List": {
      const parent = spec.listParentKey === undefined ? undefined : body[spec.listParentKey]
      const all = [...items.values()]
        .filter(
          (e) => e.kind === kind && (parent === undefined || parentOf(e.kind, e.item, spec.listParentKey) === parent)
        )
        .map((e) => e.item)
      const from = body.nextToken === undefined ? 0 : Number(body.nextToken)
      const max = Number(body.maxResults ?? 100)
      return reply(res, 200, {
        [spec.listKey]: all.slice(from, from + max),
        ...(from + max < all.length ? { nextToken: String(from + max) } : {})
      })
    }
    case "Update": {
      const found = find()
      if (found === undefined) return notFound(res)
      const { [spec.arnKey]: _arn, ...fields } = body
      if (spec.latestUpdateKey !== undefined)
        found.item[spec.latestUpdateKey] = { ...fields, status: "CREATE_IN_PROGRESS", creationDateTime: now }
      return reply(res, 200, { [spec.arnKey]: body[spec.arnKey] })
    }
    case "Delete": {
      const found = find()
      if (found === undefined) return notFound(res)
      found.item.status = "DELETE PENDING"
      return reply(res, 200, {})
    }
    default: {
      const found = find()
      if (found === undefined) return notFound(res)
      found.item.status =
        action === "Start" ? "START PENDING" : kind === "Recommender" ? "STOP PENDING" : "CREATE_STOPPING"
      return reply(res, 200, { [spec.arnKey]: body[spec.arnKey] })
    }
  }
}

let server: ReturnType<typeof createServer>
let personalize: P.Personalize["Service"]

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  personalize = makeAwsPersonalize(
    new PersonalizeClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1
    })
  )
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

const run = <A>(effect: Effect.Effect<A, P.PersonalizeError>) => Effect.runPromise(effect)
const fail = <A>(effect: Effect.Effect<A, P.PersonalizeError>) => Effect.runPromise(Effect.flip(effect))
const lastCall = () => calls[calls.length - 1] as { op: string; body: Item }

describe("AWS Personalize adapter: every kind (real SDK client, local awsJson1_1 endpoint)", () => {
  it("creates, describes and lists every kind under its parent, with the status spellings normalised", async () => {
    const group = await run(personalize.create({ kind: "DatasetGroup", name: "shop", domain: "ECOMMERCE" }))
    const schema = await run(
      personalize.create({
        kind: "Schema",
        name: "shop-interactions",
        schema: {
          type: "record",
          name: "Interactions",
          fields: [
            { name: "USER_ID", type: "string" },
            { name: "ITEM_ID", type: "string" },
            { name: "TIMESTAMP", type: "long" }
          ]
        }
      })
    )
    // The Avro schema goes over the wire as a JSON string, as CreateSchema takes it.
    expect(typeof lastCall().body.schema).toBe("string")
    const dataset = await run(
      personalize.create({
        kind: "Dataset",
        name: "shop-interactions",
        datasetGroupArn: group,
        schemaArn: schema,
        datasetType: "Interactions"
      })
    )
    expect(dataset).toBe(`${account}:dataset/shop/INTERACTIONS`)
    const job = await run(
      personalize.create({
        kind: "DatasetImportJob",
        name: "shop-import-1",
        datasetArn: dataset,
        dataLocation: "s3://bucket/interactions.csv",
        importMode: "INCREMENTAL",
        roleArn: "arn:aws:iam::123456789012:role/personalize"
      })
    )
    expect(lastCall().body).toMatchObject({
      jobName: "shop-import-1",
      dataSource: { dataLocation: "s3://bucket/interactions.csv" }
    })
    const tracker = await run(
      personalize.create({ kind: "EventTracker", name: "shop-tracker", datasetGroupArn: group })
    )
    const filter = await run(
      personalize.create({
        kind: "Filter",
        name: "no-bought",
        datasetGroupArn: group,
        filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")'
      })
    )
    const solution = await run(
      personalize.create({
        kind: "Solution",
        name: "shop-sims",
        datasetGroupArn: group,
        recipeArn: "arn:aws:personalize:::recipe/aws-sims"
      })
    )
    const version = await run(
      personalize.create({ kind: "SolutionVersion", name: "v1", solutionArn: solution, trainingMode: "FULL" })
    )
    expect(version.startsWith(`${solution}/`)).toBe(true)
    const campaign = await run(
      personalize.create({
        kind: "Campaign",
        name: "shop-sims-campaign",
        solutionVersionArn: version,
        minProvisionedTPS: 2
      })
    )
    const recommender = await run(
      personalize.create({
        kind: "Recommender",
        name: "shop-picks",
        datasetGroupArn: group,
        recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you"
      })
    )
    const batchInput = {
      solutionVersionArn: version,
      inputPath: "s3://b/in.json",
      outputPath: "s3://b/out/",
      roleArn: "arn:aws:iam::123456789012:role/p"
    }
    const inference = await run(
      personalize.create({ kind: "BatchInferenceJob", name: "shop-batch", ...batchInput, numResults: 25 })
    )
    expect(lastCall().body).toMatchObject({
      jobInput: { s3DataSource: { path: "s3://b/in.json" } },
      jobOutput: { s3DataDestination: { path: "s3://b/out/" } }
    })
    const segment = await run(personalize.create({ kind: "BatchSegmentJob", name: "shop-segment", ...batchInput }))

    const created: ReadonlyArray<readonly [P.ResourceKind, P.ResourceArn, string | undefined]> = [
      ["DatasetGroup", group, undefined],
      ["Schema", schema, undefined],
      ["Dataset", dataset, group],
      ["DatasetImportJob", job, dataset],
      ["EventTracker", tracker, group],
      ["Filter", filter, group],
      ["Solution", solution, group],
      ["SolutionVersion", version, solution],
      ["Campaign", campaign, solution],
      ["Recommender", recommender, group],
      ["BatchInferenceJob", inference, version],
      ["BatchSegmentJob", segment, version]
    ]
    expect(new Set(created.map(([k]) => k))).toEqual(new Set(P.ResourceKinds))
    for (const [kind, arn, parent] of created) {
      const d = await run(personalize.describe(kind, arn))
      expect(d.kind).toBe(kind)
      expect(d.arn).toBe(arn)
      // Schemas have no status; batch jobs' "IN PROGRESS" and everyone's "CREATE PENDING" normalise.
      expect(d.status).toBe(
        kind === "Schema" ? undefined : kind.startsWith("Batch") ? "CREATE_IN_PROGRESS" : "CREATE_PENDING"
      )
      const page = await run(
        personalize.list({ kind, ...(parent === undefined ? {} : { parentArn: parent as P.ResourceArn }) })
      )
      expect(
        page.items.map((i) => i.arn),
        `${kind} under ${parent}: ${JSON.stringify(lastCall())}`
      ).toContain(arn)
    }
    // ListFilters answers under the one capitalised key, "Filters".
    expect((await run(personalize.list({ kind: "Filter", parentArn: group }))).items.map((f) => f.name)).toEqual([
      "no-bought"
    ])
    expect((await run(personalize.describe("EventTracker", tracker))).attributes.trackingId).toBe("tracking-1")
  })

  it("updates a campaign (latestCampaignUpdate), stops and starts a recommender, stops training, deletes", async () => {
    const [campaign] = (await run(personalize.list({ kind: "Campaign" }))).items
    const [recommender] = (await run(personalize.list({ kind: "Recommender" }))).items
    const [version] = (await run(personalize.list({ kind: "SolutionVersion" }))).items
    if (campaign === undefined || recommender === undefined || version === undefined) throw new Error("setup")

    await run(personalize.update({ kind: "Campaign", arn: campaign.arn, minProvisionedTPS: 5 }))
    expect(lastCall()).toMatchObject({
      op: "UpdateCampaign",
      body: { campaignArn: campaign.arn, minProvisionedTPS: 5 }
    })
    const updated = await run(personalize.describe("Campaign", campaign.arn))
    expect(updated.latestUpdate?.status).toBe("CREATE_IN_PROGRESS")

    await run(personalize.stop("Recommender", recommender.arn))
    expect(lastCall().op).toBe("StopRecommender")
    expect((await run(personalize.describe("Recommender", recommender.arn))).status).toBe("STOP_PENDING")
    await run(personalize.start("Recommender", recommender.arn))
    expect(lastCall().op).toBe("StartRecommender")

    await run(personalize.stop("SolutionVersion", version.arn))
    expect(lastCall().op).toBe("StopSolutionVersionCreation")
    // "CREATE_STOPPING" (the spelling of that operation's doc) is the same status as "CREATE STOPPING".
    expect((await run(personalize.describe("SolutionVersion", version.arn))).status).toBe("CREATE_STOPPING")

    await run(personalize.delete("Campaign", campaign.arn))
    expect(lastCall().op).toBe("DeleteCampaign")
    expect((await run(personalize.describe("Campaign", campaign.arn))).status).toBe("DELETE_PENDING")
    const gone = await fail(personalize.delete("Filter", `${account}:filter/none` as P.ResourceArn))
    expect(gone._tag).toBe("ResourceNotFound")
  })
})
