import { Result, Schema } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  ArnOf,
  arnParent,
  arnRegion,
  datasetId,
  formatArn,
  kindTraits,
  parseArn,
  ResourceArn,
  ResourceKinds,
  recipeId,
  solutionVersionId
} from "../../src/personalize/index.ts"

const name = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,20}$/)
const scope = fc.record({
  partition: fc.constantFrom("aws", "aws-cn", "aws-us-gov"),
  region: fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1"),
  account: fc.stringMatching(/^\d{12}$/)
})

describe("Personalize ARNs", () => {
  it("parse(format(kind, id)) gives back the scope, the kind and the id, for every kind", () =>
    fc.assert(
      fc.property(scope, fc.constantFrom(...ResourceKinds), name, name, (s, kind, first, second) => {
        const id = kindTraits[kind].arnIdParts === 2 ? `${first}/${second}` : first
        const arn = formatArn(s, kind, id)
        expect(Schema.is(ResourceArn)(arn)).toBe(true)
        expect(parseArn(arn)).toEqual({ ...s, kind, id, name: id.slice(id.lastIndexOf("/") + 1) })
        expect(arnRegion(arn)).toBe(s.region)
      })
    ))

  it("names the parent a dataset and a solution version carry in their ARN, and no other", () => {
    const s = { partition: "aws", region: "eu-west-1", account: "123456789012" }
    expect(arnParent(formatArn(s, "Dataset", datasetId("shop", "interactions")))).toBe(
      "arn:aws:personalize:eu-west-1:123456789012:dataset-group/shop"
    )
    expect(arnParent(formatArn(s, "SolutionVersion", solutionVersionId("rank", "1a2b")))).toBe(
      "arn:aws:personalize:eu-west-1:123456789012:solution/rank"
    )
    expect(arnParent("arn:aws:personalize:eu-west-1:123456789012:solution/rank/$LATEST")).toBe(
      "arn:aws:personalize:eu-west-1:123456789012:solution/rank"
    )
    expect(arnParent(formatArn(s, "Campaign", "c"))).toBeUndefined()
  })

  it.each([
    ["a recipe (no region, no account)", "arn:aws:personalize:::recipe/aws-user-personalization"],
    ["an unknown segment", "arn:aws:personalize:us-east-1:123456789012:widget/w"],
    ["a short account", "arn:aws:personalize:us-east-1:1234:campaign/c"],
    ["another service", "arn:aws:sns:us-east-1:123456789012:campaign/c"],
    ["a bad name", "arn:aws:personalize:us-east-1:123456789012:campaign/-c"],
    ["a three-part solution id", "arn:aws:personalize:us-east-1:123456789012:solution/a/b/c"],
    ["a two-part campaign id", "arn:aws:personalize:us-east-1:123456789012:campaign/a/b"]
  ])("does not parse %s", (_, arn) => expect(parseArn(arn)).toBeUndefined())

  it("reads recipe ids, and nothing else as one", () => {
    expect(recipeId("arn:aws:personalize:::recipe/aws-personalized-ranking-v2")).toBe("aws-personalized-ranking-v2")
    expect(recipeId("arn:aws:personalize:us-east-1:123456789012:campaign/c")).toBeUndefined()
  })

  it("ArnOf accepts only the kinds it names, and says which it wanted", () => {
    const CampaignOrRecommender = Schema.decodeUnknownResult(ArnOf(["Campaign", "Recommender"]))
    expect(Result.isSuccess(CampaignOrRecommender("arn:aws:personalize:us-east-1:123456789012:recommender/r"))).toBe(
      true
    )
    const wrong = CampaignOrRecommender("arn:aws:personalize:us-east-1:123456789012:solution/s")
    expect(Result.isFailure(wrong) && String(wrong.failure)).toContain("not a Personalize campaign or recommender ARN")
  })
})
