// The twin's content rules (docs/aws-facts.md §1.6), one test each, as a user meets them: the real SDK
// client against a running `twin serve`, answered with AWS's exception names.
import {
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateDatasetImportJobCommand,
  CreateFilterCommand,
  CreateRecommenderCommand,
  CreateSchemaCommand,
  CreateSolutionCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  DescribeSolutionCommand,
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

  it("tags: more than 50 keys is TooManyTagsException", async () => {
    const { datasetGroupArn } = await twin.client.send(new CreateDatasetGroupCommand({ name: "tagged" }))
    const tags = Array.from({ length: 51 }, (_, i) => ({ tagKey: `k${i}`, tagValue: "v" }))
    expect(await errorName(twin.client.send(new TagResourceCommand({ resourceArn: datasetGroupArn, tags })))).toBe(
      "TooManyTagsException"
    )
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
