// The operations `twin serve` offers beyond create/describe/list/update/delete, through the real SDK
// client (the adapter's own tests cover the lifecycle ones: every kind, paging, stop/start). Started on
// 127.0.0.1 by the test and stopped after.
import {
  CreateDatasetExportJobCommand,
  CreateDatasetGroupCommand,
  CreateMetricAttributionCommand,
  DescribeRecipeCommand,
  ListDatasetGroupsCommand,
  ListDatasetsCommand,
  ListRecipesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand
} from "@aws-sdk/client-personalize"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type ServedTwin, serveTwin } from "../support/servedTwin.ts"
import { errorName, groupWithInteractions, role } from "../support/twinSteps.ts"

let twin: ServedTwin
beforeAll(async () => {
  twin = await serveTwin({ speed: 100_000 })
})
afterAll(() => twin.stop())

describe("twin serve operations (SDK)", () => {
  it("TagResource, ListTagsForResource, UntagResource; a create's tags are listed; an unknown ARN is ResourceNotFoundException", async () => {
    const { datasetGroupArn: resourceArn } = await twin.client.send(
      new CreateDatasetGroupCommand({ name: "tagged", tags: [{ tagKey: "team", tagValue: "recs" }] })
    )
    await twin.client.send(new TagResourceCommand({ resourceArn, tags: [{ tagKey: "env", tagValue: "dev" }] }))
    const listed = await twin.client.send(new ListTagsForResourceCommand({ resourceArn }))
    expect(listed.tags).toEqual([
      { tagKey: "team", tagValue: "recs" },
      { tagKey: "env", tagValue: "dev" }
    ])
    await twin.client.send(new UntagResourceCommand({ resourceArn, tagKeys: ["team"] }))
    expect((await twin.client.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual([
      { tagKey: "env", tagValue: "dev" }
    ])
    const missing = `${resourceArn}-none`
    expect(await errorName(twin.client.send(new ListTagsForResourceCommand({ resourceArn: missing })))).toBe(
      "ResourceNotFoundException"
    )
  })

  it("ListRecipes by domain, a page at a time; DescribeRecipe with its type; an unknown recipe is ResourceNotFoundException", async () => {
    const names: Array<string> = []
    let nextToken: string | undefined
    let pages = 0
    do {
      const page = await twin.client.send(new ListRecipesCommand({ domain: "ECOMMERCE", maxResults: 2, nextToken }))
      names.push(...(page.recipes ?? []).map((r) => r.name ?? ""))
      nextToken = page.nextToken
      pages++
    } while (nextToken !== undefined)
    expect(pages).toBeGreaterThan(1)
    expect(names).toContain("aws-ecomm-recommended-for-you")
    expect(names.every((n) => n.startsWith("aws-ecomm-"))).toBe(true)
    const { recipe } = await twin.client.send(
      new DescribeRecipeCommand({ recipeArn: "arn:aws:personalize:::recipe/aws-item-affinity" })
    )
    expect(recipe).toMatchObject({ name: "aws-item-affinity", recipeType: "USER_SEGMENTATION", status: "ACTIVE" })
    expect(
      await errorName(
        twin.client.send(new DescribeRecipeCommand({ recipeArn: "arn:aws:personalize:::recipe/aws-nothing" }))
      )
    ).toBe("ResourceNotFoundException")
  })

  it("List with paging and a parent filter: ListDatasets of one group, a page at a time; a bad nextToken is InvalidNextTokenException", async () => {
    const { datasetGroupArn } = await groupWithInteractions(twin.client, "paged")
    await groupWithInteractions(twin.client, "other")
    const first = await twin.client.send(new ListDatasetsCommand({ datasetGroupArn, maxResults: 1 }))
    expect(first.datasets?.map((d) => d.name)).toEqual(["paged-i"])
    expect(first.nextToken).toBeUndefined()
    const groups = await twin.client.send(new ListDatasetGroupsCommand({ maxResults: 1 }))
    expect(groups.datasetGroups).toHaveLength(1)
    const rest = await twin.client.send(new ListDatasetGroupsCommand({ nextToken: groups.nextToken }))
    expect(rest.datasetGroups?.length).toBeGreaterThan(0)
    expect(await errorName(twin.client.send(new ListDatasetGroupsCommand({ nextToken: "!!" })))).toBe(
      "InvalidNextTokenException"
    )
  })

  it("an operation it does not model answers UnsupportedOperationException naming it, never a success", async () => {
    const exportJob = twin.client.send(
      new CreateDatasetExportJobCommand({
        jobName: "export",
        datasetArn: "arn:aws:personalize:us-east-1:000000000000:dataset/x/INTERACTIONS",
        roleArn: role,
        jobOutput: { s3DataDestination: { path: "s3://bucket/out/" } }
      })
    )
    const error = await exportJob.then(
      () => undefined,
      (e: Error) => e
    )
    expect(error?.name).toBe("UnsupportedOperationException")
    expect(error?.message).toContain("CreateDatasetExportJob")
    expect(
      await errorName(
        twin.client.send(
          new CreateMetricAttributionCommand({
            name: "m",
            datasetGroupArn: "arn:aws:personalize:us-east-1:000000000000:dataset-group/x",
            metrics: [],
            metricsOutputConfig: { roleArn: role }
          })
        )
      )
    ).toBe("UnsupportedOperationException")
  })
})
