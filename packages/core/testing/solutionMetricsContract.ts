// The contract every SolutionMetricsSource adapter must pass, on a Personalize that trained the version.
// An adapter's test file calls `solutionMetricsContract("memory", () => layer)`; the layer must be fresh and
// provide the Personalize the source reads (the twin directly, or the SDK over HTTP to a served twin).
import { assert, describe, it } from "@effect/vitest"
import * as Maintenance from "@personalize-ops/core/maintenance"
import * as P from "@personalize-ops/core/personalize"
import { Effect, type Layer } from "effect"
import { active, domainGroupWithData, manualVersion } from "./personalizeContract.ts"

export const solutionMetricsContract = (
  name: string,
  makeLayer: () => Layer.Layer<P.Personalize | Maintenance.SolutionMetricsSource>
) =>
  describe(`SolutionMetricsSource contract: ${name}`, () => {
    it.effect(
      "reads a trained version's offline metrics, the same on every read; an unknown version is ResourceNotFound",
      () =>
        Effect.gen(function* () {
          const source = yield* Maintenance.SolutionMetricsSource
          const group = yield* domainGroupWithData
          const { version } = yield* manualVersion(group, "contract-metrics")
          yield* active("SolutionVersion", version)
          const metrics = yield* source.get(version)
          assert.includeMembers(Object.keys(metrics), ["coverage", "normalized_discounted_cumulative_gain_at_25"])
          for (const value of Object.values(metrics)) assert.isTrue(value >= 0 && value <= 1, `a ratio, got ${value}`)
          assert.deepStrictEqual(yield* source.get(version), metrics)
          const scope = P.parseArn(version) ?? P.defaultScope
          const unknown = P.formatArn(scope, "SolutionVersion", P.solutionVersionId("contract-metrics", "unknown1"))
          const error = yield* Effect.flip(source.get(unknown))
          assert.strictEqual(error._tag, "ResourceNotFound")
        }).pipe(Effect.provide(makeLayer()))
    )
  })
