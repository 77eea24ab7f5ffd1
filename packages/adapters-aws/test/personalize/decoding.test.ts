// Personalize responses are decoded with Schema, and the pass-through configs of a request are decoded
// into the SDK's shapes: what is not the documented shape is a typed error naming the member, through
// the real SDK stack against a local awsJson1_1 endpoint that answers what each test sets.
import { assert, describe, it } from "@effect/vitest"
import { Personalize as P } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { layerAwsPersonalize } from "../../src/index.ts"
import { PersonalizeClients } from "../../src/sdk/PersonalizeClients.ts"
import { type LocalAwsHandler as Handler, localCredentials, startLocalAws } from "../../src/testing/localAws.ts"

const campaignArn = "arn:aws:personalize:us-east-1:000000000000:campaign/shop" as P.ResourceArn
const versionArn = "arn:aws:personalize:us-east-1:000000000000:solution/shop/1" as P.ResourceArn
const datasetGroupArn = "arn:aws:personalize:us-east-1:000000000000:dataset-group/shop" as P.ResourceArn

/** Runs `f` on the Personalize port of a local endpoint answering with `handler`; the requests are returned too. */
const onLocal = <A, E>(handler: Handler, f: (p: P.Personalize["Service"]) => Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    const server = yield* Effect.acquireRelease(
      Effect.promise(() => startLocalAws(handler)),
      (s) => Effect.promise(s.close)
    )
    const layer = layerAwsPersonalize().pipe(
      Layer.provide(
        PersonalizeClients.layerOptions({
          region: "us-east-1",
          endpoint: server.endpoint,
          credentials: localCredentials
        })
      )
    )
    const result = yield* Effect.flatMap(P.Personalize, f).pipe(Effect.provide(layer), Effect.result)
    return { result, received: server.received }
  }).pipe(Effect.scoped)

const campaign = (members: Record<string, unknown>) => ({
  campaign: {
    campaignArn,
    name: "shop",
    solutionVersionArn: versionArn,
    minProvisionedTPS: 1,
    status: "ACTIVE",
    creationDateTime: 1_700_000_000,
    lastUpdatedDateTime: 1_700_000_000,
    ...members
  }
})

describe("Personalize responses decoded with Schema", () => {
  it.live("a well-formed Describe decodes to the description", () =>
    Effect.gen(function* () {
      const { result } = yield* onLocal(
        () => ({
          json: campaign({
            latestCampaignUpdate: { status: "CREATE PENDING", minProvisionedTPS: 2, lastUpdatedDateTime: 1_700_000_100 }
          })
        }),
        (p) => p.describe("Campaign", campaignArn)
      )
      assert.strictEqual(result._tag, "Success")
      if (result._tag !== "Success") return
      assert.strictEqual(result.success.arn, campaignArn)
      assert.strictEqual(result.success.status, "ACTIVE")
      assert.strictEqual(result.success.creationDateTime, 1_700_000_000_000)
      assert.deepStrictEqual(result.success.latestUpdate, {
        status: "CREATE_PENDING",
        lastUpdatedDateTime: 1_700_000_100_000,
        minProvisionedTPS: 2
      })
    })
  )

  for (const [what, body, member] of [
    ["no resource member", {}, "campaign"],
    ["an ARN that is not a string", campaign({ campaignArn: 7 }), "campaign.campaignArn"],
    ["an ARN that is not a Personalize ARN", campaign({ campaignArn: "arn:aws:s3:::bucket" }), "campaign.campaignArn"],
    ["a status that is not a string", campaign({ status: 3 }), "campaign.status"],
    ["a mistyped update", campaign({ latestCampaignUpdate: { status: true } }), "campaign.latestCampaignUpdate.status"]
  ] as const)
    it.live(`a Describe response with ${what} fails as DecodeError naming ${member}`, () =>
      Effect.gen(function* () {
        const { result } = yield* onLocal(
          () => ({ json: body }),
          (p) => p.describe("Campaign", campaignArn)
        )
        assert.strictEqual(result._tag, "Failure")
        if (result._tag !== "Failure") return
        assert.strictEqual(result.failure._tag, "PersonalizeFailure")
        if (result.failure._tag !== "PersonalizeFailure") return
        assert.strictEqual(result.failure.exception, "DecodeError")
        assert.match(result.failure.message, new RegExp(`^${member.replaceAll(".", "\\.")}: `))
      })
    )

  it.live("a List page whose summaries are not a list fails naming the member; nextToken is decoded too", () =>
    Effect.gen(function* () {
      const bad = yield* onLocal(
        () => ({ json: { datasetGroups: "all of them" } }),
        (p) => p.list({ kind: "DatasetGroup" })
      )
      assert.strictEqual(bad.result._tag, "Failure")
      if (bad.result._tag === "Failure") assert.match(bad.result.failure.message, /^datasetGroups: /)
      const token = yield* onLocal(
        () => ({ json: { datasetGroups: [], nextToken: 5 } }),
        (p) => p.list({ kind: "DatasetGroup" })
      )
      assert.strictEqual(token.result._tag, "Failure")
      if (token.result._tag === "Failure") assert.match(token.result.failure.message, /^nextToken: /)
    })
  )

  it.live("a Create answer without the new ARN fails naming the member", () =>
    Effect.gen(function* () {
      const { result } = yield* onLocal(
        () => ({ json: {} }),
        (p) => p.create({ kind: "DatasetGroup", name: "shop" })
      )
      assert.strictEqual(result._tag, "Failure")
      if (result._tag === "Failure") assert.match(result.failure.message, /^datasetGroupArn: /)
    })
  )
})

describe("request configs decoded into the SDK's shapes", () => {
  it.live("a well-formed solutionConfig is sent as given", () =>
    Effect.gen(function* () {
      const solutionConfig = {
        hpoConfig: { hpoObjective: { type: "Maximize", metricName: "precision_at_25" } },
        algorithmHyperParameters: { hidden_dimension: "100" },
        autoMLConfig: { recipeList: ["arn:aws:personalize:::recipe/aws-user-personalization"] }
      }
      const { result, received } = yield* onLocal(
        () => ({ json: { solutionArn: "arn:aws:personalize:us-east-1:000000000000:solution/shop" } }),
        (p) => p.create({ kind: "Solution", name: "shop", datasetGroupArn, solutionConfig })
      )
      assert.strictEqual(result._tag, "Success")
      assert.deepStrictEqual(received[0]?.body["solutionConfig"], solutionConfig)
    })
  )

  for (const [what, input, field] of [
    [
      "an unknown member of solutionConfig",
      { kind: "Solution", name: "shop", datasetGroupArn, solutionConfig: { hpoConfig: {}, turbo: true } },
      "solutionConfig.turbo"
    ],
    [
      "a mistyped nested member",
      {
        kind: "Solution",
        name: "shop",
        datasetGroupArn,
        solutionConfig: { hpoConfig: { hpoResourceConfig: { maxNumberOfTrainingJobs: 4 } } }
      },
      "solutionConfig.hpoConfig.hpoResourceConfig.maxNumberOfTrainingJobs"
    ],
    [
      "a campaignConfig flag that is not a boolean",
      {
        kind: "Campaign",
        name: "shop",
        solutionVersionArn: versionArn,
        minProvisionedTPS: 1,
        campaignConfig: { syncWithLatestSolutionVersion: "yes" }
      },
      "campaignConfig.syncWithLatestSolutionVersion"
    ]
  ] as const)
    it.live(`${what} is InvalidInput naming ${field}, and nothing is sent`, () =>
      Effect.gen(function* () {
        const { result, received } = yield* onLocal(
          () => ({ json: {} }),
          (p) => p.create(input)
        )
        assert.strictEqual(result._tag, "Failure")
        if (result._tag !== "Failure") return
        assert.strictEqual(result.failure._tag, "InvalidInput")
        if (result.failure._tag === "InvalidInput") assert.strictEqual(result.failure.field, field)
        assert.strictEqual(received.length, 0)
      })
    )

  it.live("an update's recommenderConfig is decoded the same way", () =>
    Effect.gen(function* () {
      const { result } = yield* onLocal(
        () => ({ json: {} }),
        (p) =>
          p.update({
            kind: "Recommender",
            arn: "arn:aws:personalize:us-east-1:000000000000:recommender/shop" as P.ResourceArn,
            recommenderConfig: { minRecommendationRequestsPerSecond: "many" }
          })
      )
      assert.strictEqual(result._tag, "Failure")
      if (result._tag === "Failure" && result.failure._tag === "InvalidInput")
        assert.strictEqual(result.failure.field, "recommenderConfig.minRecommendationRequestsPerSecond")
      else assert.fail("expected InvalidInput")
    })
  )
})
