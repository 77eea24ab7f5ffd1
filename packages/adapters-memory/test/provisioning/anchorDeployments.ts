import type { Config } from "@personalize-ops/core"

// The deployments the two anchor fixtures decode to, written out so these tests run without the fixtures
// (which live outside the repo; the cli tests decode the fixtures themselves where they are present).

const tags: ReadonlyArray<Config.Tag> = []
const schedules = {}

/** `/work/shared/fixtures/anchors/ml_ops/params.json` (personalize-pipeline v2 params). */
export const mlOpsDeployment = (dataRoot = "s3://ml-ops-input"): Config.Deployment => ({
  format: "personalize-pipeline",
  datasetGroup: { name: "MovieLensDemo", tags },
  datasets: [
    {
      type: "Interactions",
      name: "InteractionsDataset",
      schema: {
        name: "Interactions",
        avro: {
          type: "record",
          name: "Interactions",
          namespace: "com.amazonaws.personalize.schema",
          fields: [
            { name: "USER_ID", type: "string" },
            { name: "ITEM_ID", type: "string" },
            { name: "EVENT_TYPE", type: "string" },
            { name: "TIMESTAMP", type: "long" }
          ],
          version: "1.0"
        }
      },
      imports: [{ dataLocation: `${dataRoot}/Interactions`, importMode: "FULL", tags }],
      tags
    },
    {
      type: "Items",
      name: "ItemsDataset",
      schema: {
        name: "Items",
        avro: {
          type: "record",
          name: "Items",
          namespace: "com.amazonaws.personalize.schema",
          fields: [
            { name: "ITEM_ID", type: "string" },
            { name: "GENRE", type: "string", categorical: true },
            { name: "YEAR", type: "int" }
          ],
          version: "1.0"
        }
      },
      imports: [{ dataLocation: `${dataRoot}/Items`, importMode: "FULL", tags }],
      tags
    }
  ],
  eventTracker: { name: "MovieLensDemoEventTracker", tags },
  filters: [
    {
      name: "media-filter-1",
      filterExpression: "INCLUDE ItemID WHERE Items.YEAR >= 1970 AND Items.YEAR < 1980",
      tags
    }
  ],
  solutions: (
    [
      ["userPersonalizationSolution", "aws-user-personalization", "userPersonalizationCampaign"],
      ["simsSolution", "aws-sims", "simsCampaign"],
      ["personalizedRankingSolution", "aws-personalized-ranking", "personalizedRankingCampaign"]
    ] as const
  ).map(([name, recipe, campaign]) => ({
    name,
    recipeArn: `arn:aws:personalize:::recipe/${recipe}`,
    trainingMode: "FULL" as const,
    schedules,
    campaigns: [{ name: campaign, minProvisionedTPS: 1, tags }],
    batchInferenceJobs: [],
    batchSegmentJobs: [],
    tags,
    versionTags: tags
  })),
  recommenders: []
})

const solution = (
  name: string,
  recipe: string,
  extra: Partial<Pick<Config.SolutionSpec, "campaigns" | "batchInferenceJobs" | "batchSegmentJobs">> = {}
): Config.SolutionSpec => ({
  name,
  recipeArn: `arn:aws:personalize:::recipe/${recipe}`,
  trainingMode: "FULL",
  schedules,
  campaigns: extra.campaigns ?? [],
  batchInferenceJobs: extra.batchInferenceJobs ?? [],
  batchSegmentJobs: extra.batchSegmentJobs ?? [],
  tags,
  versionTags: tags
})

/** `/work/shared/fixtures/anchors/mlops-solution/sample_config.json` (MLOps solution serviceConfig). */
export const mlopsSolutionDeployment = (): Config.Deployment => ({
  format: "mlops-solution",
  datasetGroup: { name: "unit_test_new_datasetgroup", tags },
  roleArn: "arn:aws:iam::000000000000:role/PersonalizeRole",
  datasets: [
    {
      type: "Users",
      name: "unit_test_only_users",
      schema: {
        name: "unit_test_only_users_schema",
        avro: {
          type: "record",
          name: "users",
          namespace: "com.amazonaws.personalize.schema",
          fields: [
            { name: "USER_ID", type: "string" },
            { name: "AGE", type: "int" },
            { name: "GENDER", type: "string", categorical: true }
          ]
        }
      },
      // The MLOps S3 layout: train/<dataset group>/<type>.csv
      imports: [
        { dataLocation: "s3://data-bucket/train/unit_test_new_datasetgroup/users.csv", importMode: "FULL", tags }
      ],
      tags
    },
    {
      type: "Interactions",
      name: "unit_test_only_interactions",
      schema: {
        name: "unit_test_only_interactions_schema",
        avro: {
          type: "record",
          name: "interactions",
          namespace: "com.amazonaws.personalize.schema",
          fields: [
            { name: "ITEM_ID", type: "string" },
            { name: "USER_ID", type: "string" },
            { name: "TIMESTAMP", type: "long" },
            { name: "EVENT_TYPE", type: "string" },
            { name: "EVENT_VALUE", type: "float" }
          ]
        }
      },
      imports: [
        { dataLocation: "s3://data-bucket/train/unit_test_new_datasetgroup/interactions.csv", importMode: "FULL", tags }
      ],
      tags
    }
  ],
  eventTracker: { name: "unit_test_new_event_tracker", tags },
  filters: [
    {
      name: "clicked-or-streamed-2",
      filterExpression: 'INCLUDE ItemID WHERE Interactions.EVENT_TYPE in ("click", "stream")',
      tags
    },
    { name: "interacted-2", filterExpression: 'INCLUDE ItemID WHERE Interactions.EVENT_TYPE in ("*")', tags }
  ],
  solutions: [
    solution("affinity_item", "aws-item-affinity", { batchSegmentJobs: [{ tags }] }),
    solution("affinity_item_attribute", "aws-item-attribute-affinity", { batchSegmentJobs: [{ tags }] }),
    solution("unit_test_sims_new", "aws-sims"),
    solution("unit_test_popularity_count_new", "aws-popularity-count"),
    solution("unit_test_personalized_ranking_new", "aws-user-personalization", {
      campaigns: [{ name: "unit_test_personalized_ranking_new_campaign", minProvisionedTPS: 1, tags }]
    }),
    solution("unit_test_personalized_ranking_new_2", "aws-user-personalization", {
      campaigns: [{ name: "unit_test_personalized_ranking_2_campaign", minProvisionedTPS: 1, tags }],
      batchInferenceJobs: [{ tags }]
    })
  ],
  recommenders: []
})
