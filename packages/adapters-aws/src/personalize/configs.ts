// The pass-through config members of the create/update requests (solutionConfig, campaignConfig, …) arrive
// untyped from the deployment file: decoded here into the SDK's shapes, a bad member an `InvalidInput`
// naming its path, instead of cast into the command.
import { Input, Personalize as P } from "@personalize-ops/core"
import { Effect, Result, Schema } from "effect"

const Strings = Schema.mutable(Schema.Array(Schema.String))
const StringMap = Schema.Record(Schema.String, Schema.String)
const ColumnsByDataset = Schema.Record(Schema.String, Strings)
const opt = Schema.optionalKey

const TrainingDataConfig = Schema.Struct({
  excludedDatasetColumns: opt(ColumnsByDataset),
  includedDatasetColumns: opt(ColumnsByDataset)
})
const AutoTrainingConfig = Schema.Struct({ schedulingExpression: opt(Schema.String) })
const EventsConfig = Schema.Struct({
  eventParametersList: opt(
    Schema.mutable(
      Schema.Array(
        Schema.Struct({
          eventType: opt(Schema.String),
          eventValueThreshold: opt(Schema.Number),
          weight: opt(Schema.Number)
        })
      )
    )
  )
})
const NumberRanges = Schema.mutable(
  Schema.Array(Schema.Struct({ name: opt(Schema.String), minValue: opt(Schema.Number), maxValue: opt(Schema.Number) }))
)
const RankingInfluence = Schema.Struct({ FRESHNESS: opt(Schema.Number), POPULARITY: opt(Schema.Number) })

/** CreateSolution's `solutionConfig` (aws-facts: the SolutionConfig shape). */
const SolutionConfig = Schema.Struct({
  eventValueThreshold: opt(Schema.String),
  hpoConfig: opt(
    Schema.Struct({
      hpoObjective: opt(
        Schema.Struct({ type: opt(Schema.String), metricName: opt(Schema.String), metricRegex: opt(Schema.String) })
      ),
      hpoResourceConfig: opt(
        Schema.Struct({ maxNumberOfTrainingJobs: opt(Schema.String), maxParallelTrainingJobs: opt(Schema.String) })
      ),
      algorithmHyperParameterRanges: opt(
        Schema.Struct({
          integerHyperParameterRanges: opt(NumberRanges),
          continuousHyperParameterRanges: opt(NumberRanges),
          categoricalHyperParameterRanges: opt(
            Schema.mutable(Schema.Array(Schema.Struct({ name: opt(Schema.String), values: opt(Strings) })))
          )
        })
      )
    })
  ),
  algorithmHyperParameters: opt(StringMap),
  featureTransformationParameters: opt(StringMap),
  autoMLConfig: opt(Schema.Struct({ metricName: opt(Schema.String), recipeList: opt(Strings) })),
  eventsConfig: opt(EventsConfig),
  optimizationObjective: opt(
    Schema.Struct({
      itemAttribute: opt(Schema.String),
      objectiveSensitivity: opt(Schema.Literals(["LOW", "MEDIUM", "HIGH", "OFF"]))
    })
  ),
  trainingDataConfig: opt(TrainingDataConfig),
  autoTrainingConfig: opt(AutoTrainingConfig)
})

/** UpdateSolution's `solutionUpdateConfig`. */
const SolutionUpdateConfig = Schema.Struct({
  autoTrainingConfig: opt(AutoTrainingConfig),
  eventsConfig: opt(EventsConfig)
})

/** CreateCampaign's and UpdateCampaign's `campaignConfig`. */
const CampaignConfig = Schema.Struct({
  itemExplorationConfig: opt(StringMap),
  enableMetadataWithRecommendations: opt(Schema.Boolean),
  syncWithLatestSolutionVersion: opt(Schema.Boolean),
  rankingInfluence: opt(RankingInfluence)
})

/** CreateRecommender's and UpdateRecommender's `recommenderConfig`. */
const RecommenderConfig = Schema.Struct({
  itemExplorationConfig: opt(StringMap),
  minRecommendationRequestsPerSecond: opt(Schema.Number),
  trainingDataConfig: opt(TrainingDataConfig),
  enableMetadataWithRecommendations: opt(Schema.Boolean)
})

/** CreateBatchInferenceJob's `batchInferenceJobConfig`. */
const BatchInferenceJobConfig = Schema.Struct({
  itemExplorationConfig: opt(StringMap),
  rankingInfluence: opt(RankingInfluence)
})

/** The config schemas by request member. */
export const configSchemas = {
  solutionConfig: SolutionConfig,
  solutionUpdateConfig: SolutionUpdateConfig,
  campaignConfig: CampaignConfig,
  recommenderConfig: RecommenderConfig,
  batchInferenceJobConfig: BatchInferenceJobConfig
} as const

type ConfigMember = keyof typeof configSchemas

/**
 * Decodes one config member of `kind`'s request (absent stays absent). A member the SDK shape does not
 * have, or of the wrong type, fails as `InvalidInput` naming its path, e.g. `solutionConfig.hpoConfig`.
 */
export const decodeConfig = <M extends ConfigMember>(
  kind: P.ResourceKind,
  member: M,
  value: unknown
): Effect.Effect<(typeof configSchemas)[M]["Type"] | undefined, P.InvalidInput> => {
  if (value === undefined) return Effect.succeed(undefined)
  const decoded = Input.decodeWithIssues(configSchemas[member], { onExcessProperty: "error", at: [member] })(value)
  return Result.isSuccess(decoded)
    ? Effect.succeed(decoded.success)
    : Effect.fail(
        new P.InvalidInput({
          kind,
          field: decoded.failure.issues[0]?.path ?? member,
          message: Input.showInputIssues(decoded.failure.issues)
        })
      )
}
