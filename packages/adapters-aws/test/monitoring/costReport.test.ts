// monitor report's cost over the AWS adapters: Personalize (awsJson1_1, the real SDK stack, against a
// table-driven local endpoint) lists the campaigns and their minimum, CloudWatch (the stateful local
// CloudWatch) answers GetMetricData with the `AWS/Personalize` request sums put there beforehand.
import { assert, describe, it } from "@effect/vitest"
import { Monitoring } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { afterAll, beforeAll } from "vitest"
import { layerAwsPersonalize, layerCloudWatchMetrics } from "../../src/index.ts"
import { CloudWatchClients } from "../../src/sdk/CloudWatchClients.ts"
import { PersonalizeClients } from "../../src/sdk/PersonalizeClients.ts"
import {
  type LocalAws,
  localCredentials,
  type LocalAwsReply as Reply,
  startLocalAws
} from "../../src/testing/localAws.ts"
import { startStatefulCloudWatch } from "../../src/testing/localCloudWatch.ts"

const acct = "123456789012"
const us = (path: string) => `arn:aws:personalize:us-east-1:${acct}:${path}`
let personalize: LocalAws
let cloudWatch: Awaited<ReturnType<typeof startStatefulCloudWatch>>
const DAY = 86_400_000

/** Two campaigns (minimum 10 and 2) on a user-personalization solution; no recommender. */
const reply = (op: string, body: Record<string, unknown>): Reply => {
  switch (op) {
    case "ListCampaigns":
      return { json: { campaigns: [{ campaignArn: us("campaign/over") }, { campaignArn: us("campaign/busy") }] } }
    case "ListRecommenders":
      return { json: { recommenders: [] } }
    case "DescribeCampaign": {
      const arn = String(body.campaignArn)
      return {
        json: {
          campaign: {
            campaignArn: arn,
            name: arn.slice(arn.lastIndexOf("/") + 1),
            status: "ACTIVE",
            minProvisionedTPS: arn.endsWith("/over") ? 10 : 2,
            solutionVersionArn: us("solution/up/1a"),
            creationDateTime: 0
          }
        }
      }
    }
    case "DescribeSolution":
      return {
        json: {
          solution: {
            solutionArn: us("solution/up"),
            name: "up",
            datasetGroupArn: us("dataset-group/retail"),
            recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization"
          }
        }
      }
    default:
      return { error: "UnknownOperationException" }
  }
}

beforeAll(async () => {
  personalize = await startLocalAws(reply)
  cloudWatch = await startStatefulCloudWatch()
})
afterAll(async () => {
  await personalize.close()
  await cloudWatch.close()
})
const options = (endpoint: string) => ({ endpoint, credentials: localCredentials })

describe("monitor report over the AWS adapters", () => {
  it.effect("reads the campaigns' five-minute request sums through GetMetricData and prices them", () =>
    Effect.gen(function* () {
      const metrics = yield* Monitoring.Metrics
      const end = 3 * DAY
      // over: 4 requests/s all day; busy: 5 requests/s, but only for the last 12 hours.
      const points = (arn: string, perSecond: number, from: number) =>
        Array.from({ length: (end - from) / 300_000 }, (_, i) => ({
          metricName: "GetRecommendations",
          dimensions: [{ name: "CampaignArn", value: arn }],
          value: perSecond * 300,
          unit: "Count" as const,
          timestamp: from + i * 300_000
        }))
      yield* metrics.putMetricData("us-east-1", Monitoring.PersonalizeNamespace, [
        ...points(us("campaign/over"), 4, end - DAY),
        ...points(us("campaign/busy"), 5, end - DAY / 2)
      ])
      yield* TestClock.setTime(end + 60_000)
      const prices: Monitoring.PriceTable = {
        currency: "USD",
        source: "test",
        asOf: "2026-11-27",
        regions: { "us-east-1": { campaignTpsHour: [{ price: 0.2 }] } }
      }
      const report = yield* Monitoring.costReport(
        { campaigns: "all", recommenders: "all", regions: ["us-east-1"] },
        prices,
        24
      )
      assert.strictEqual(report.end, end)
      const row = (name: string) => report.rows.find((r) => r.name === name)!
      assert.deepInclude(row("over"), { minTPS: 10, averageTPS: 4, billedUnitHours: 240, unusedUnitHours: 144 })
      assert.deepStrictEqual(row("over").cost, { window: 48, perMonth: 1460, unused: 28.8, unitPrice: 0.2 })
      // busy: 12 idle hours at its minimum (2), then 12 hours at 5 → 24 + 60 TPS-hours.
      assert.deepInclude(row("busy"), {
        minTPS: 2,
        averageTPS: 2.5,
        peakTPS: 5,
        billedUnitHours: 84,
        unusedUnitHours: 24
      })
      assert.deepStrictEqual(report.totals, { window: 64.8, perMonth: 1971, unused: 33.6 })
    }).pipe(
      Effect.provide(
        Layer.merge(
          layerAwsPersonalize().pipe(Layer.provide(PersonalizeClients.layerOptions(options(personalize.endpoint)))),
          layerCloudWatchMetrics.pipe(Layer.provide(CloudWatchClients.layerOptions(options(cloudWatch.endpoint))))
        )
      )
    )
  )
})
