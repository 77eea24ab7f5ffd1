import fc from "fast-check"
import type { Personalize } from "../../src/index.ts"

const regionArb = fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-2")
const nameArb = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,20}$/)

/** A campaign or recommender with a consistent ARN/region, in one of a few dataset groups. */
export const resourceArb: fc.Arbitrary<Personalize.MonitoredResource> = fc
  .record({
    region: regionArb,
    kind: fc.constantFrom("campaign" as const, "recommender" as const),
    name: nameArb,
    dg: fc.constantFrom("movies", "retail", "news", "books"),
    ranking: fc.boolean(),
    minTPS: fc.integer({ min: 1, max: 2000 }),
    createdAt: fc.integer({ min: 0, max: 60 * 24 * 3_600_000 })
  })
  .map((r) => ({
    arn: `arn:aws:personalize:${r.region}:123456789012:${r.kind}/${r.name}`,
    name: r.name,
    kind: r.kind,
    region: r.region,
    datasetGroupArn: `arn:aws:personalize:${r.region}:123456789012:dataset-group/${r.dg}`,
    datasetGroupName: r.dg,
    ...(r.ranking ? { recipeArn: "arn:aws:personalize:::recipe/aws-personalized-ranking" } : {}),
    minTPS: r.minTPS,
    status: "ACTIVE",
    createdAt: r.createdAt
  }))
