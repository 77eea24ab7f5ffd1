// Every resource kind through the real SDK client stack, against the local awsJson1_1 Personalize of
// src/testing (driven by the adapter's own kind table: the response members each kind really uses):
// create → describe → list under its parent → update / stop / start / delete where the API has them.
import { PersonalizeClient } from "@aws-sdk/client-personalize"
import { Personalize as P } from "@personalize-ops/core"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeAwsPersonalize } from "../../src/personalize/AwsPersonalize.ts"
import { startFakePersonalize } from "../../src/testing/fakePersonalize.ts"

type Item = Record<string, unknown>
let fake: Awaited<ReturnType<typeof startFakePersonalize>>
const account = "arn:aws:personalize:us-east-1:123456789012"

let personalize: P.Personalize["Service"]

beforeAll(async () => {
  fake = await startFakePersonalize({ settle: "pending" })
  const client = new PersonalizeClient({
    endpoint: fake.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1
  })
  personalize = makeAwsPersonalize(() => client)
})
afterAll(() => fake.close())

const run = <A>(effect: Effect.Effect<A, P.PersonalizeError>) => Effect.runPromise(effect)
const fail = <A>(effect: Effect.Effect<A, P.PersonalizeError>) => Effect.runPromise(Effect.flip(effect))
const lastCall = () => fake.calls[fake.calls.length - 1] as { op: string; body: Item }

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
