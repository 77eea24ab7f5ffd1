// The twin's content rules (docs/aws-facts.md §1.6), one test each, as a user meets them: the real SDK
// client against a running `twin serve`, answered with AWS's exception names.
import {
  CreateBatchInferenceJobCommand,
  CreateBatchSegmentJobCommand,
  CreateCampaignCommand,
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateDatasetImportJobCommand,
  CreateFilterCommand,
  CreateRecommenderCommand,
  CreateSchemaCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  DescribeDatasetImportJobCommand,
  DescribeSolutionCommand,
  DescribeSolutionVersionCommand,
  ListSolutionVersionsCommand,
  TagResourceCommand
} from "@aws-sdk/client-personalize"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type ServedTwin, serveTwin } from "../support/servedTwin.ts"

let twin: ServedTwin
beforeAll(async () => {
  twin = await serveTwin({ speed: 100_000 })
})
afterAll(() => twin.stop())

const errorName = (promise: Promise<unknown>) =>
  promise.then(
    () => "succeeded",
    (e: { readonly name: string }) => e.name
  )

const until = async (read: () => Promise<string | undefined>, status = "ACTIVE") => {
  for (let i = 0; i < 400; i++) {
    if ((await read()) === status) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`not ${status}`)
}

const interactionsAvro = (fields: ReadonlyArray<Record<string, unknown>>) =>
  JSON.stringify({ type: "record", name: "Interactions", fields })

const groupWithInteractions = async (name: string) => {
  const { datasetGroupArn } = await twin.client.send(new CreateDatasetGroupCommand({ name }))
  const { schemaArn } = await twin.client.send(
    new CreateSchemaCommand({
      name: `${name}-interactions`,
      schema: interactionsAvro([
        { name: "USER_ID", type: "string" },
        { name: "ITEM_ID", type: "string" },
        { name: "TIMESTAMP", type: "long" },
        { name: "EVENT_TYPE", type: "string" }
      ])
    })
  )
  await until(
    async () => (await twin.client.send(new DescribeDatasetGroupCommand({ datasetGroupArn }))).datasetGroup?.status
  )
  const { datasetArn } = await twin.client.send(
    new CreateDatasetCommand({ name: `${name}-i`, datasetGroupArn, schemaArn, datasetType: "Interactions" })
  )
  await until(async () => (await twin.client.send(new DescribeDatasetCommand({ datasetArn }))).dataset?.status)
  return { datasetGroupArn: datasetGroupArn as string, datasetArn: datasetArn as string }
}

const role = "arn:aws:iam::123456789012:role/PersonalizeRole"

/** An ACTIVE FULL version of a solution of `recipe` (auto-training off), on a group with imported data. */
const trainedVersion = async (datasetGroupArn: string, name: string, recipe: string) => {
  const { solutionArn } = await twin.client.send(
    new CreateSolutionCommand({
      name,
      datasetGroupArn,
      recipeArn: `arn:aws:personalize:::recipe/${recipe}`,
      performAutoTraining: false
    })
  )
  await until(async () => (await twin.client.send(new DescribeSolutionCommand({ solutionArn }))).solution?.status)
  const { solutionVersionArn } = await twin.client.send(
    new CreateSolutionVersionCommand({ solutionArn, trainingMode: "FULL" })
  )
  await until(
    async () =>
      (await twin.client.send(new DescribeSolutionVersionCommand({ solutionVersionArn }))).solutionVersion?.status
  )
  return solutionVersionArn as string
}

describe("twin serve enforces Personalize's content rules (SDK)", () => {
  it("CreateSchema: a nested record is InvalidInputException (schema shape, core checkAvroShape)", async () => {
    const schema = interactionsAvro([{ name: "USER_ID", type: { type: "record", name: "x", fields: [] } }])
    expect(await errorName(twin.client.send(new CreateSchemaCommand({ name: "nested", schema })))).toBe(
      "InvalidInputException"
    )
  })

  it("CreateDataset: an Interactions schema without TIMESTAMP is InvalidInputException (core checkDatasetSchema)", async () => {
    const { datasetGroupArn } = await twin.client.send(new CreateDatasetGroupCommand({ name: "no-ts" }))
    const { schemaArn } = await twin.client.send(
      new CreateSchemaCommand({
        name: "no-ts",
        schema: interactionsAvro([
          { name: "USER_ID", type: "string" },
          { name: "ITEM_ID", type: "string" }
        ])
      })
    )
    await until(
      async () => (await twin.client.send(new DescribeDatasetGroupCommand({ datasetGroupArn }))).datasetGroup?.status
    )
    expect(
      await errorName(
        twin.client.send(
          new CreateDatasetCommand({ name: "no-ts", datasetGroupArn, schemaArn, datasetType: "Interactions" })
        )
      )
    ).toBe("InvalidInputException")
  })

  it("CreateFilter: bad grammar and an unknown dataset field are InvalidInputException", async () => {
    const { datasetGroupArn } = await groupWithInteractions("filters")
    const create = (name: string, filterExpression: string) =>
      errorName(twin.client.send(new CreateFilterCommand({ name, datasetGroupArn, filterExpression })))
    expect(await create("grammar", 'EXCLUDE ItemID Interactions.EVENT_TYPE IN ("x")')).toBe("InvalidInputException")
    expect(await create("unknown", 'EXCLUDE ItemID WHERE Interactions.COLOUR IN ("red")')).toBe("InvalidInputException")
    expect(await create("no-items", "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)")).toBe("InvalidInputException")
    expect(await create("good", 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")')).toBe("succeeded")
  })

  it("recipes: a use case cannot back a solution, a custom recipe cannot back a recommender, an unknown recipe is not found", async () => {
    const { datasetGroupArn } = await twin.client.send(
      new CreateDatasetGroupCommand({ name: "shop", domain: "ECOMMERCE" })
    )
    await until(
      async () => (await twin.client.send(new DescribeDatasetGroupCommand({ datasetGroupArn }))).datasetGroup?.status
    )
    expect(
      await errorName(
        twin.client.send(
          new CreateSolutionCommand({
            name: "use-case",
            datasetGroupArn,
            recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you"
          })
        )
      )
    ).toBe("InvalidInputException")
    expect(
      await errorName(
        twin.client.send(
          new CreateRecommenderCommand({
            name: "custom",
            datasetGroupArn,
            recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization"
          })
        )
      )
    ).toBe("InvalidInputException")
    expect(
      await errorName(
        twin.client.send(
          new CreateRecommenderCommand({
            name: "vod",
            datasetGroupArn,
            recipeArn: "arn:aws:personalize:::recipe/aws-vod-top-picks"
          })
        )
      )
    ).toBe("InvalidInputException")
    expect(
      await errorName(
        twin.client.send(
          new CreateSolutionCommand({
            name: "nothing",
            datasetGroupArn,
            recipeArn: "arn:aws:personalize:::recipe/aws-nothing"
          })
        )
      )
    ).toBe("ResourceNotFoundException")
  })

  it("role ARNs: an empty or malformed roleArn is InvalidInputException", async () => {
    expect(await errorName(twin.client.send(new CreateDatasetGroupCommand({ name: "empty-role", roleArn: "" })))).toBe(
      "InvalidInputException"
    )
    const { datasetArn } = await groupWithInteractions("roles")
    expect(
      await errorName(
        twin.client.send(
          new CreateDatasetImportJobCommand({
            jobName: "bad-role",
            datasetArn,
            dataSource: { dataLocation: "s3://bucket/i.csv" },
            roleArn: "arn:aws:iam::123:role/short-account"
          })
        )
      )
    ).toBe("InvalidInputException")
  })

  it("tags: more than 50 keys is TooManyTagsException; a key over 128 or a value over 256 characters is InvalidInputException", async () => {
    const { datasetGroupArn } = await twin.client.send(new CreateDatasetGroupCommand({ name: "tagged" }))
    const tags = Array.from({ length: 51 }, (_, i) => ({ tagKey: `k${i}`, tagValue: "v" }))
    expect(await errorName(twin.client.send(new TagResourceCommand({ resourceArn: datasetGroupArn, tags })))).toBe(
      "TooManyTagsException"
    )
    const tag = (tagKey: string, tagValue: string) =>
      errorName(
        twin.client.send(new TagResourceCommand({ resourceArn: datasetGroupArn, tags: [{ tagKey, tagValue }] }))
      )
    expect(await tag("k".repeat(129), "v")).toBe("InvalidInputException")
    expect(await tag("k", "v".repeat(257))).toBe("InvalidInputException")
    expect(await tag("k".repeat(128), "v".repeat(256))).toBe("succeeded")
  })

  it("recipe ↔ job: an item-affinity (USER_SEGMENTATION) version backs batch segment jobs only, and only it backs one", async () => {
    // A fresh twin: the others' dataset groups fill the region's quota of 5.
    await twin.stop()
    twin = await serveTwin({ speed: 100_000 })
    const { datasetGroupArn, datasetArn } = await groupWithInteractions("segments")
    const { datasetImportJobArn } = await twin.client.send(
      new CreateDatasetImportJobCommand({
        jobName: "interactions",
        datasetArn,
        dataSource: { dataLocation: "s3://bucket/interactions.csv" },
        roleArn: role
      })
    )
    await until(
      async () =>
        (await twin.client.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn }))).datasetImportJob?.status
    )
    const affinity = await trainedVersion(datasetGroupArn, "affinity", "aws-item-affinity")
    const personal = await trainedVersion(datasetGroupArn, "personal", "aws-user-personalization")
    const io = (solutionVersionArn: string) => ({
      solutionVersionArn,
      jobInput: { s3DataSource: { path: "s3://bucket/in.json" } },
      jobOutput: { s3DataDestination: { path: "s3://bucket/out/" } },
      roleArn: role
    })
    expect(
      await errorName(twin.client.send(new CreateCampaignCommand({ name: "affinity", solutionVersionArn: affinity })))
    ).toBe("InvalidInputException")
    expect(
      await errorName(
        twin.client.send(new CreateBatchInferenceJobCommand({ jobName: "affinity-inference", ...io(affinity) }))
      )
    ).toBe("InvalidInputException")
    expect(
      await errorName(
        twin.client.send(new CreateBatchSegmentJobCommand({ jobName: "personal-segments", ...io(personal) }))
      )
    ).toBe("InvalidInputException")
    expect(
      await errorName(
        twin.client.send(new CreateBatchSegmentJobCommand({ jobName: "affinity-segments", ...io(affinity) }))
      )
    ).toBe("succeeded")
    expect(
      await errorName(
        twin.client.send(new CreateBatchInferenceJobCommand({ jobName: "personal-inference", ...io(personal) }))
      )
    ).toBe("succeeded")
    expect(
      await errorName(twin.client.send(new CreateCampaignCommand({ name: "personal", solutionVersionArn: personal })))
    ).toBe("succeeded")
  })

  it("auto-training (default on): an AUTOMATIC solution version appears an hour after the solution is ACTIVE", async () => {
    // A fresh twin: the others' dataset groups fill the region's quota of 5.
    await twin.stop()
    twin = await serveTwin({ speed: 100_000 })
    const { datasetGroupArn } = await groupWithInteractions("auto")
    const { solutionArn } = await twin.client.send(
      new CreateSolutionCommand({
        name: "auto",
        datasetGroupArn,
        recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization"
      })
    )
    await until(async () => (await twin.client.send(new DescribeSolutionCommand({ solutionArn }))).solution?.status)
    await until(async () => {
      const { solutionVersions } = await twin.client.send(new ListSolutionVersionsCommand({ solutionArn }))
      return solutionVersions?.[0]?.trainingType
    }, "AUTOMATIC")
  })
})
