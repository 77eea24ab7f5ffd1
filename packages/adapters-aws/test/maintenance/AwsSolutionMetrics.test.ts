import { assert, describe, it } from "@effect/vitest"
import { Maintenance, type Personalize as P } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll } from "vitest"
import { layerAwsSolutionMetrics } from "../../src/index.ts"
import { PersonalizeClients } from "../../src/sdk/PersonalizeClients.ts"
import { type LocalAws, localCredentials, startLocalAws } from "../../src/testing/localAws.ts"

const versionArn = "arn:aws:personalize:us-east-1:000000000000:solution/ranking/abc123" as P.ResourceArn
let local: LocalAws
beforeAll(async () => {
  local = await startLocalAws((operation, body) =>
    operation !== "GetSolutionMetrics"
      ? { error: "InvalidInputException", message: `unexpected ${operation}` }
      : body["solutionVersionArn"] === versionArn
        ? {
            json: {
              solutionVersionArn: versionArn,
              metrics: { normalized_discounted_cumulative_gain_at_25: 0.3127, coverage: 0.71 }
            }
          }
        : { error: "ResourceNotFoundException", message: "Could not find solution version" }
  )
})
afterAll(() => local.close())

const layer = () =>
  layerAwsSolutionMetrics("us-east-1").pipe(
    Layer.provide(PersonalizeClients.layerOptions({ endpoint: local.endpoint, credentials: localCredentials }))
  )

describe("AWS SolutionMetricsSource (GetSolutionMetrics through the SDK)", () => {
  it.effect("returns the version's offline metrics", () =>
    Effect.gen(function* () {
      const source = yield* Maintenance.SolutionMetricsSource
      assert.deepStrictEqual(yield* source.get(versionArn), {
        normalized_discounted_cumulative_gain_at_25: 0.3127,
        coverage: 0.71
      })
      assert.deepStrictEqual(local.received.at(-1)?.body, { solutionVersionArn: versionArn })
    }).pipe(Effect.provide(layer()))
  )

  it.effect("an unknown version is the typed ResourceNotFound", () =>
    Effect.gen(function* () {
      const source = yield* Maintenance.SolutionMetricsSource
      const error = yield* Effect.flip(source.get(`${versionArn}x` as P.ResourceArn))
      assert.strictEqual(error._tag, "ResourceNotFound")
    }).pipe(Effect.provide(layer()))
  )
})
