// The twin over HTTP, spoken to with plain fetch in awsJson1.1 (the SDK-level tests live in
// adapters-aws, which may depend on the AWS SDK; this package may not).
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startTwinServer, type TwinServer } from "../../src/index.ts"

type Json = Record<string, unknown>

const call = async (server: TwinServer, operation: string, body: Json, target = `AmazonPersonalize.${operation}`) => {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target },
    body: JSON.stringify(body)
  })
  return { status: res.status, errorType: res.headers.get("x-amzn-errortype"), body: (await res.json()) as Json }
}

// speed 1: statuses stay where they start for the length of the test.
let slow: TwinServer
beforeAll(async () => {
  slow = await startTwinServer({ speed: 1 })
})
afterAll(() => slow.close())

describe("twin serve (awsJson1.1 over HTTP)", () => {
  it("answers with AWS member names, status spellings and epoch-second timestamps", async () => {
    const before = Date.now() / 1000
    const created = await call(slow, "CreateDatasetGroup", { name: "shop", domain: "ECOMMERCE" })
    expect(created.body).toEqual({
      datasetGroupArn: "arn:aws:personalize:us-east-1:000000000000:dataset-group/shop",
      domain: "ECOMMERCE"
    })
    const described = await call(slow, "DescribeDatasetGroup", { datasetGroupArn: created.body.datasetGroupArn })
    const group = described.body.datasetGroup as Json
    expect(group).toMatchObject({ name: "shop", status: "CREATE PENDING", domain: "ECOMMERCE" })
    expect(group.creationDateTime).toBeGreaterThanOrEqual(Math.floor(before))
    expect(group.creationDateTime).toBeLessThan(before + 3600)
  })

  it("lists summaries (only the members of the model's XSummary) under the List result key", async () => {
    await call(slow, "CreateDatasetGroup", { name: "listed", roleArn: "arn:aws:iam::123456789012:role/p" })
    const page = await call(slow, "ListDatasetGroups", { maxResults: 1 })
    const items = page.body.datasetGroups as Array<Json>
    expect(items).toHaveLength(1)
    expect(Object.keys(items[0] as Json).sort()).toEqual(
      ["creationDateTime", "datasetGroupArn", "domain", "lastUpdatedDateTime", "name", "status"].sort()
    )
    expect(typeof page.body.nextToken).toBe("string")
    const rest = await call(slow, "ListDatasetGroups", { nextToken: page.body.nextToken })
    expect((rest.body.datasetGroups as Array<Json>).map((g) => g.name)).toEqual(["listed"])
    expect(rest.body.nextToken).toBeUndefined()
  })

  it("errors carry AWS's __type and message, in the body and the x-amzn-errortype header", async () => {
    const missing = await call(slow, "DescribeDatasetGroup", {
      datasetGroupArn: "arn:aws:personalize:us-east-1:000000000000:dataset-group/none"
    })
    expect(missing).toMatchObject({ status: 400, errorType: "ResourceNotFoundException" })
    expect(missing.body.__type).toBe("ResourceNotFoundException")
    const again = await call(slow, "CreateDatasetGroup", { name: "shop" })
    expect(again.body.__type).toBe("ResourceAlreadyExistsException")
    const bad = await call(slow, "CreateDatasetGroup", { name: 42 })
    expect(bad.body.__type).toBe("InvalidInputException")
    expect(String(bad.body.message)).toContain("'name'")
    const token = await call(slow, "ListDatasetGroups", { nextToken: "!!" })
    expect(token.body.__type).toBe("InvalidNextTokenException")
  })

  it("an operation it does not model is an UnsupportedOperationException naming it, never a success", async () => {
    const r = await call(slow, "CreateDatasetExportJob", { jobName: "x" })
    expect(r.status).toBe(400)
    expect(r.body).toEqual({
      __type: "UnsupportedOperationException",
      message: "The personalize-ops twin does not model AmazonPersonalize.CreateDatasetExportJob."
    })
    const other = await call(slow, "DescribeThing", {}, "AmazonSomethingElse.DescribeThing")
    expect(other.body.__type).toBe("UnknownOperationException")
  })

  it("tags: TagResource, ListTagsForResource, UntagResource", async () => {
    const arn = "arn:aws:personalize:us-east-1:000000000000:dataset-group/shop"
    expect(
      (await call(slow, "TagResource", { resourceArn: arn, tags: [{ tagKey: "team", tagValue: "recs" }] })).status
    ).toBe(200)
    expect((await call(slow, "ListTagsForResource", { resourceArn: arn })).body).toEqual({
      tags: [{ tagKey: "team", tagValue: "recs" }]
    })
    await call(slow, "UntagResource", { resourceArn: arn, tagKeys: ["team"] })
    expect((await call(slow, "ListTagsForResource", { resourceArn: arn })).body).toEqual({ tags: [] })
  })

  it("recipes: ListRecipes by domain, DescribeRecipe with its type", async () => {
    const vod = await call(slow, "ListRecipes", { domain: "VIDEO_ON_DEMAND" })
    const names = (vod.body.recipes as Array<Json>).map((r) => r.name)
    expect(names).toContain("aws-vod-top-picks")
    expect(names.every((n) => String(n).startsWith("aws-vod-"))).toBe(true)
    const sims = await call(slow, "DescribeRecipe", { recipeArn: "arn:aws:personalize:::recipe/aws-sims" })
    expect(sims.body.recipe).toMatchObject({ name: "aws-sims", recipeType: "RELATED_ITEMS", status: "ACTIVE" })
    const none = await call(slow, "DescribeRecipe", { recipeArn: "arn:aws:personalize:::recipe/aws-nothing" })
    expect(none.body.__type).toBe("ResourceNotFoundException")
  })

  it("time runs at --speed: at 10^6 a dataset group is ACTIVE by the next call", async () => {
    const fast = await startTwinServer({ speed: 1_000_000 })
    try {
      const { body } = await call(fast, "CreateDatasetGroup", { name: "quick" })
      await new Promise((resolve) => setTimeout(resolve, 200))
      const d = await call(fast, "DescribeDatasetGroup", body)
      expect((d.body.datasetGroup as Json).status).toBe("ACTIVE")
    } finally {
      await fast.close()
    }
  })
})
