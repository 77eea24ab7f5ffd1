import { assert, describe, it } from "@effect/vitest"
import { Monitoring, Notify, Personalize } from "@personalize-ops/core"
import { Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import { afterAll, beforeAll } from "vitest"
import { layerAwsPersonalize, layerSnsNotifications } from "../../src/index.ts"
import { PersonalizeClients } from "../../src/sdk/PersonalizeClients.ts"
import { SnsClients } from "../../src/sdk/SnsClients.ts"
import {
  type LocalAws,
  localCredentials,
  type LocalAwsReply as Reply,
  startLocalAws
} from "../../src/testing/localAws.ts"

const acct = "123456789012"
const eu = (path: string) => `arn:aws:personalize:eu-west-1:${acct}:${path}`
let server: LocalAws
let reply: (op: string, body: Record<string, unknown>) => Reply = () => ({ json: {} })
beforeAll(async () => {
  server = await startLocalAws((op, body) => reply(op, body))
})
afterAll(() => server.close())
const options = () => ({ endpoint: server.endpoint, credentials: localCredentials })

/** A small Personalize: two campaigns on one ranking solution, a recommender, one deleted mid-listing. */
const personalize = (op: string, body: Record<string, unknown>): Reply => {
  switch (op) {
    case "ListCampaigns":
      return body.nextToken === undefined
        ? {
            json: {
              campaigns: [{ campaignArn: eu("campaign/a") }, { campaignArn: eu("campaign/gone") }],
              nextToken: "2"
            }
          }
        : { json: { campaigns: [{ campaignArn: eu("campaign/b") }] } }
    case "ListRecommenders":
      return { json: { recommenders: [{ recommenderArn: eu("recommender/r") }] } }
    case "DescribeCampaign": {
      const arn = body.campaignArn as string
      if (arn.endsWith("/gone")) return { error: "ResourceNotFoundException", message: "gone" }
      return {
        json: {
          campaign: {
            campaignArn: arn,
            name: arn.slice(arn.lastIndexOf("/") + 1),
            status: "ACTIVE",
            minProvisionedTPS: 7,
            solutionVersionArn: eu("solution/rank/1a2b3c"),
            creationDateTime: 1_700_000_000,
            latestCampaignUpdate: { status: "CREATE IN_PROGRESS" }
          }
        }
      }
    }
    case "DescribeSolution":
      return {
        json: {
          solution: {
            solutionArn: String(body.solutionArn),
            name: "rank",
            datasetGroupArn: String(body.solutionArn).replace(/solution\/.*$/, "dataset-group/retail"),
            recipeArn: "arn:aws:personalize:::recipe/aws-personalized-ranking",
            latestSolutionVersion: { status: "ACTIVE", creationDateTime: 1_700_100_000 }
          }
        }
      }
    case "ListSolutions": {
      const group = String(body.datasetGroupArn)
      return { json: { solutions: [{ solutionArn: group.replace(/dataset-group\/.*$/, "solution/rank") }] } }
    }
    case "ListSolutionVersions":
      return {
        json: {
          solutionVersions: [
            { solutionVersionArn: `${body.solutionArn}/0a`, status: "CREATE FAILED", creationDateTime: 1_700_050_000 },
            { solutionVersionArn: `${body.solutionArn}/1b`, status: "ACTIVE", creationDateTime: 1_700_100_000 }
          ]
        }
      }
    case "DescribeRecommender":
      return {
        json: {
          recommender: {
            recommenderArn: eu("recommender/r"),
            name: "r",
            status: "ACTIVE",
            datasetGroupArn: eu("dataset-group/shop"),
            recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you",
            creationDateTime: 1_700_000_000,
            recommenderConfig: { minRecommendationRequestsPerSecond: 4, enableMetadataWithRecommendations: true }
          }
        }
      }
    case "UpdateCampaign":
    case "UpdateRecommender":
    case "StopRecommender":
      return { json: {} }
    case "DeleteCampaign":
      return { error: "ResourceInUseException", message: "busy" }
    default:
      return { error: "UnknownOperationException" }
  }
}

describe("the monitor's projection over the AWS Personalize adapter (awsJson1_1, real SDK stack)", () => {
  it.effect("lists campaigns and recommenders of a region with their minimum, recipe and dataset group", () =>
    Effect.gen(function* () {
      reply = personalize
      server.received.length = 0
      const { resources: listed, unavailable } = yield* Personalize.listMonitored("eu-west-1")
      assert.deepStrictEqual(unavailable, [])
      assert.deepStrictEqual(
        listed.map((r) => [
          r.arn,
          r.kind,
          r.minTPS,
          r.datasetGroupName,
          r.recipeArn,
          r.latestUpdateStatus,
          r.createdAt
        ]),
        [
          [
            eu("campaign/a"),
            "campaign",
            7,
            "retail",
            "arn:aws:personalize:::recipe/aws-personalized-ranking",
            "CREATE_IN_PROGRESS",
            1_700_000_000_000
          ],
          [
            eu("campaign/b"),
            "campaign",
            7,
            "retail",
            "arn:aws:personalize:::recipe/aws-personalized-ranking",
            "CREATE_IN_PROGRESS",
            1_700_000_000_000
          ],
          [
            eu("recommender/r"),
            "recommender",
            4,
            "shop",
            "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you",
            undefined,
            1_700_000_000_000
          ]
        ]
      )
      // The immutable solution is described once for both campaigns; every call went to eu-west-1.
      assert.strictEqual(server.received.filter((r) => r.operation === "DescribeSolution").length, 1)
      assert.isTrue(server.received.every((r) => r.region === "eu-west-1" && r.service === "personalize"))
      assert.strictEqual(Monitoring.requestMetric(listed[0]!), "GetPersonalizedRanking")

      const fresh = yield* Personalize.latestSolutionVersions([eu("dataset-group/retail")])
      assert.deepStrictEqual(fresh, [
        {
          solutionArn: eu("solution/rank"),
          solutionName: "rank",
          datasetGroupArn: eu("dataset-group/retail"),
          region: "eu-west-1",
          lastSolutionVersionAt: 1_700_100_000_000,
          lastSolutionVersionStatus: "ACTIVE"
        }
      ])
    }).pipe(Effect.provide(layerAwsPersonalize().pipe(Layer.provide(PersonalizeClients.layerOptions(options())))))
  )

  it.effect("updates a recommender's minimum keeping its other settings; maps in-use and not-found", () =>
    Effect.gen(function* () {
      reply = personalize
      server.received.length = 0
      yield* Personalize.updateMinTps(eu("recommender/r"), 2)
      const update = server.received.find((r) => r.operation === "UpdateRecommender")
      assert.deepStrictEqual(update?.body, {
        recommenderArn: eu("recommender/r"),
        recommenderConfig: { minRecommendationRequestsPerSecond: 2, enableMetadataWithRecommendations: true }
      })
      yield* Personalize.updateMinTps(eu("campaign/a"), 3)
      assert.deepStrictEqual(server.received.at(-1)?.body, { campaignArn: eu("campaign/a"), minProvisionedTPS: 3 })
      const busy = yield* Effect.flip(Personalize.removeMonitored(eu("campaign/a")))
      assert.strictEqual(busy._tag, "ResourceInUse")
      const gone = yield* Effect.flip(Personalize.describeMonitored(eu("campaign/gone")))
      assert.strictEqual(gone._tag, "ResourceNotFound")
      yield* Personalize.removeMonitored(eu("recommender/r"))
      assert.strictEqual(server.received.at(-1)?.operation, "StopRecommender")
    }).pipe(Effect.provide(layerAwsPersonalize().pipe(Layer.provide(PersonalizeClients.layerOptions(options())))))
  )
})

describe("regions (the seed's dashboard builder used the previous loop's client)", () => {
  it.effect("sends every call to the region of the ARN it concerns", () =>
    Effect.gen(function* () {
      reply = personalize
      server.received.length = 0
      yield* Personalize.latestSolutionVersions([
        `arn:aws:personalize:ap-southeast-2:${acct}:dataset-group/au`,
        eu("dataset-group/retail")
      ])
      yield* Personalize.updateMinTps(`arn:aws:personalize:us-west-2:${acct}:campaign/west`, 2)
      yield* Personalize.removeMonitored(`arn:aws:personalize:ca-central-1:${acct}:recommender/north`)
      assert.deepStrictEqual(
        server.received.map((r) => [r.operation, r.region]),
        [
          ["ListSolutions", "ap-southeast-2"],
          ["DescribeSolution", "ap-southeast-2"],
          ["ListSolutionVersions", "ap-southeast-2"],
          ["ListSolutions", "eu-west-1"],
          ["DescribeSolution", "eu-west-1"],
          ["ListSolutionVersions", "eu-west-1"],
          ["UpdateCampaign", "us-west-2"],
          ["StopRecommender", "ca-central-1"]
        ]
      )
    }).pipe(Effect.provide(layerAwsPersonalize().pipe(Layer.provide(PersonalizeClients.layerOptions(options())))))
  )
})

describe("throttling", () => {
  /** Runs an effect that sleeps on the TestClock between real HTTP round trips. */
  const withVirtualBackoff = <A, E, R>(self: Effect.Effect<A, E, R>) =>
    Effect.gen(function* () {
      const fiber = yield* Effect.forkChild(self)
      for (let i = 0; i < 40; i++) {
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))
        yield* TestClock.adjust("5 seconds")
      }
      return yield* Fiber.join(fiber)
    })

  it.effect("uses a recent description when Describe stays throttled, and skips a resource it never saw", () =>
    Effect.gen(function* () {
      reply = personalize
      const before = (yield* Personalize.listMonitored("eu-west-1")).resources
      reply = (op, body) =>
        op === "DescribeCampaign" && String(body.campaignArn).endsWith("/a")
          ? { error: "ThrottlingException", message: "Rate exceeded" }
          : op === "ListCampaigns"
            ? { json: { campaigns: [{ campaignArn: eu("campaign/a") }, { campaignArn: eu("campaign/new") }] } }
            : op === "DescribeCampaign"
              ? { error: "ThrottlingException", message: "Rate exceeded" }
              : personalize(op, body)
      const { resources: after, unavailable } = yield* withVirtualBackoff(Personalize.listMonitored("eu-west-1"))
      assert.deepStrictEqual(
        after.map((r) => r.arn),
        [eu("campaign/a"), eu("recommender/r")]
      )
      assert.deepStrictEqual(unavailable, [eu("campaign/new")])
      assert.deepStrictEqual(after[0], before[0])
      assert.isAbove(server.received.filter((r) => r.operation === "DescribeCampaign").length, 4)
    }).pipe(Effect.provide(layerAwsPersonalize().pipe(Layer.provide(PersonalizeClients.layerOptions(options())))))
  )
})

describe("SNS notifications adapter (awsQuery)", () => {
  it.effect("publishes to the topic in the topic's region with a valid subject", () =>
    Effect.gen(function* () {
      server.received.length = 0
      reply = () => ({
        xml: `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`
      })
      const notifications = yield* Notify.Notifications
      yield* notifications.publish(
        Notify.campaignDeletedMessage({ arn: eu("campaign/legacy"), reason: "No requests in the last 24 hours" })
      )
      const [publish] = server.received
      assert.strictEqual(publish?.operation, "Publish")
      assert.strictEqual(publish?.region, "us-east-1")
      assert.strictEqual(publish?.body.TopicArn, `arn:aws:sns:us-east-1:${acct}:PersonalizeMonitorNotifications`)
      assert.strictEqual(publish?.body.Subject, "Personalize campaign legacy deleted")
      assert.include(String(publish?.body.Message), '"ARN"')
      reply = () => ({ error: "AuthorizationError", message: "denied", status: 403 })
      const e = yield* Effect.flip(
        notifications.publish(Notify.campaignDeletedMessage({ arn: eu("campaign/x"), reason: "r" }))
      )
      assert.strictEqual(e._tag, "NotificationFailure")
      assert.strictEqual(e.name, "AuthorizationErrorException")
    }).pipe(
      Effect.provide(
        layerSnsNotifications(() => `arn:aws:sns:us-east-1:${acct}:PersonalizeMonitorNotifications`).pipe(
          Layer.provide(SnsClients.layerOptions(options()))
        )
      )
    )
  )
})
