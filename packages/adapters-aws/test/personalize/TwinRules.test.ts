// The twin's content rules (docs/aws-facts.md §1.6), one test each, as a user meets them: the real SDK
// client against a running `twin serve` (a fresh one per test, on 127.0.0.1), answered with AWS's
// exception names. A test whose name says "UNCONFIRMED" encodes behaviour AWS does not document (the
// call that refuses it, or the exception type); §1.6 says what is and is not documented.
import {
  CreateBatchInferenceJobCommand,
  CreateBatchSegmentJobCommand,
  CreateCampaignCommand,
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateDatasetImportJobCommand,
  CreateFilterCommand,
  CreateRecommenderCommand,
  CreateSchemaCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  DescribeSolutionCommand,
  DescribeSolutionVersionCommand,
  GetSolutionMetricsCommand,
  ListSolutionVersionsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand
} from "@aws-sdk/client-personalize"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type ServedTwin, serveTwin } from "../support/servedTwin.ts"
import {
  activeGroup,
  errorName,
  groupWithInteractions,
  imported,
  interactionsAvro,
  role,
  trainedVersion,
  until
} from "../support/twinSteps.ts"

let twin: ServedTwin
beforeEach(async () => {
  twin = await serveTwin({ speed: 100_000 })
})
afterEach(() => twin.stop())

const recipe = (name: string) => `arn:aws:personalize:::recipe/${name}`

describe("twin serve enforces Personalize's content rules (SDK)", () => {
  it("CreateSchema: a nested record is InvalidInputException (schema shape, core checkAvroShape) (UNCONFIRMED: the docs state the rule, not that CreateSchema is the call that refuses it)", async () => {
    const schema = interactionsAvro([{ name: "USER_ID", type: { type: "record", name: "x", fields: [] } }])
    expect(await errorName(twin.client.send(new CreateSchemaCommand({ name: "nested", schema })))).toBe(
      "InvalidInputException"
    )
  })

  it("CreateDataset: an Interactions schema without TIMESTAMP is InvalidInputException (core checkDatasetSchema) (UNCONFIRMED: the docs list the required fields, not the call that refuses a schema without them)", async () => {
    const { schemaArn } = await twin.client.send(
      new CreateSchemaCommand({
        name: "no-ts",
        schema: interactionsAvro([
          { name: "USER_ID", type: "string" },
          { name: "ITEM_ID", type: "string" }
        ])
      })
    )
    const datasetGroupArn = await activeGroup(twin.client, "no-ts")
    expect(
      await errorName(
        twin.client.send(
          new CreateDatasetCommand({ name: "no-ts", datasetGroupArn, schemaArn, datasetType: "Interactions" })
        )
      )
    ).toBe("InvalidInputException")
  })

  it("CreateDataset: a schema of no domain in an ECOMMERCE dataset group is InvalidInputException (UNCONFIRMED: inferred from CreateSchema.domain; the check and its exception are not documented)", async () => {
    const { schemaArn } = await twin.client.send(
      new CreateSchemaCommand({
        name: "plain",
        schema: interactionsAvro([
          { name: "USER_ID", type: "string" },
          { name: "ITEM_ID", type: "string" },
          { name: "TIMESTAMP", type: "long" },
          { name: "EVENT_TYPE", type: "string" }
        ])
      })
    )
    const datasetGroupArn = await activeGroup(twin.client, "shop", "ECOMMERCE")
    expect(
      await errorName(
        twin.client.send(
          new CreateDatasetCommand({ name: "plain", datasetGroupArn, schemaArn, datasetType: "Interactions" })
        )
      )
    ).toBe("InvalidInputException")
  })

  it("CreateFilter: bad grammar, an unknown dataset field and a dataset the group lacks are InvalidInputException (UNCONFIRMED: Filter has a status and failureReason, so AWS may accept the call and fail the filter instead)", async () => {
    const { datasetGroupArn } = await groupWithInteractions(twin.client, "filters")
    const create = (name: string, filterExpression: string) =>
      errorName(twin.client.send(new CreateFilterCommand({ name, datasetGroupArn, filterExpression })))
    expect(await create("grammar", 'EXCLUDE ItemID Interactions.EVENT_TYPE IN ("x")')).toBe("InvalidInputException")
    expect(await create("unknown", 'EXCLUDE ItemID WHERE Interactions.COLOUR IN ("red")')).toBe("InvalidInputException")
    expect(await create("no-items", "INCLUDE ItemID WHERE Items.GENRE IN ($GENRE)")).toBe("InvalidInputException")
    expect(await create("good", 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")')).toBe("succeeded")
  })

  it("recipes: a use case cannot back a solution, a custom recipe cannot back a recommender, a use case of another domain cannot back a recommender (InvalidInputException), an unknown recipe is ResourceNotFoundException (UNCONFIRMED: the exception types)", async () => {
    const datasetGroupArn = await activeGroup(twin.client, "shop", "ECOMMERCE")
    const solution = (name: string, recipeArn: string) =>
      errorName(twin.client.send(new CreateSolutionCommand({ name, datasetGroupArn, recipeArn })))
    const recommender = (name: string, recipeArn: string) =>
      errorName(twin.client.send(new CreateRecommenderCommand({ name, datasetGroupArn, recipeArn })))
    expect(await solution("use-case", recipe("aws-ecomm-recommended-for-you"))).toBe("InvalidInputException")
    expect(await recommender("custom", recipe("aws-user-personalization"))).toBe("InvalidInputException")
    expect(await recommender("vod", recipe("aws-vod-top-picks"))).toBe("InvalidInputException")
    expect(await solution("nothing", recipe("aws-nothing"))).toBe("ResourceNotFoundException")
    expect(await solution("custom", recipe("aws-user-personalization"))).toBe("succeeded")
  })

  it("role ARNs: an empty or malformed roleArn is InvalidInputException (UNCONFIRMED: the exception; AWS may answer a model-constraint violation with ValidationException)", async () => {
    expect(await errorName(twin.client.send(new CreateDatasetGroupCommand({ name: "empty-role", roleArn: "" })))).toBe(
      "InvalidInputException"
    )
    const { datasetArn } = await groupWithInteractions(twin.client, "roles")
    expect(
      await errorName(
        twin.client.send(
          new CreateDatasetImportJobCommand({
            jobName: "bad-role",
            datasetArn,
            dataSource: { dataLocation: "s3://bucket/i.csv" },
            roleArn: "arn:aws:iam::123:role/short-account"
          })
        )
      )
    ).toBe("InvalidInputException")
  })

  it("tags: more than 50 keys on a resource is TooManyTagsException (TagResource and a create's tags); more than 50 keys to untag is TooManyTagKeysException", async () => {
    const keys = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => ({ tagKey: `k${from + i}`, tagValue: "v" }))
    expect(await errorName(twin.client.send(new CreateDatasetGroupCommand({ name: "over", tags: keys(51) })))).toBe(
      "TooManyTagsException"
    )
    const { datasetGroupArn } = await twin.client.send(
      new CreateDatasetGroupCommand({ name: "tagged", tags: keys(50) })
    )
    expect(
      await errorName(twin.client.send(new TagResourceCommand({ resourceArn: datasetGroupArn, tags: keys(1, 50) })))
    ).toBe("TooManyTagsException")
    // Overwriting a key it has is no new key.
    expect(
      await errorName(twin.client.send(new TagResourceCommand({ resourceArn: datasetGroupArn, tags: keys(1, 49) })))
    ).toBe("succeeded")
    const tagKeys = keys(51).map((t) => t.tagKey)
    expect(await errorName(twin.client.send(new UntagResourceCommand({ resourceArn: datasetGroupArn, tagKeys })))).toBe(
      "TooManyTagKeysException"
    )
    const { tags } = await twin.client.send(new ListTagsForResourceCommand({ resourceArn: datasetGroupArn }))
    expect(tags).toHaveLength(50)
  })

  it("tags: a key over 128 or a value over 256 characters, or outside the allowed characters, is InvalidInputException (UNCONFIRMED: the exception; AWS may answer a model-constraint violation with ValidationException)", async () => {
    const { datasetGroupArn } = await twin.client.send(new CreateDatasetGroupCommand({ name: "tagged" }))
    const tag = (tagKey: string, tagValue: string) =>
      errorName(
        twin.client.send(new TagResourceCommand({ resourceArn: datasetGroupArn, tags: [{ tagKey, tagValue }] }))
      )
    expect(await tag("k".repeat(129), "v")).toBe("InvalidInputException")
    expect(await tag("k", "v".repeat(257))).toBe("InvalidInputException")
    expect(await tag("", "v")).toBe("InvalidInputException")
    expect(await tag("k", "a|b")).toBe("InvalidInputException")
    expect(await tag("k".repeat(128), "v".repeat(256))).toBe("succeeded")
  })

  it("recipe ↔ job: an item-affinity (USER_SEGMENTATION) version backs batch segment jobs only, and only it backs one (InvalidInputException) (UNCONFIRMED: the exception type; the pairing is documented)", async () => {
    const { datasetGroupArn, datasetArn } = await groupWithInteractions(twin.client, "segments")
    await imported(twin.client, datasetArn)
    const affinity = await trainedVersion(twin.client, datasetGroupArn, "affinity", "aws-item-affinity")
    const personal = await trainedVersion(twin.client, datasetGroupArn, "personal", "aws-user-personalization")
    const io = (solutionVersionArn: string) => ({
      solutionVersionArn,
      jobInput: { s3DataSource: { path: "s3://bucket/in.json" } },
      jobOutput: { s3DataDestination: { path: "s3://bucket/out/" } },
      roleArn: role
    })
    expect(
      await errorName(twin.client.send(new CreateCampaignCommand({ name: "affinity", solutionVersionArn: affinity })))
    ).toBe("InvalidInputException")
    expect(
      await errorName(
        twin.client.send(new CreateBatchInferenceJobCommand({ jobName: "affinity-inference", ...io(affinity) }))
      )
    ).toBe("InvalidInputException")
    expect(
      await errorName(
        twin.client.send(new CreateBatchSegmentJobCommand({ jobName: "personal-segments", ...io(personal) }))
      )
    ).toBe("InvalidInputException")
    expect(
      await errorName(
        twin.client.send(new CreateBatchSegmentJobCommand({ jobName: "affinity-segments", ...io(affinity) }))
      )
    ).toBe("succeeded")
    expect(
      await errorName(
        twin.client.send(new CreateBatchInferenceJobCommand({ jobName: "personal-inference", ...io(personal) }))
      )
    ).toBe("succeeded")
    expect(
      await errorName(twin.client.send(new CreateCampaignCommand({ name: "personal", solutionVersionArn: personal })))
    ).toBe("succeeded")
  })

  it("auto-training (default on): an AUTOMATIC solution version (trainingMode AUTOTRAIN) appears an hour after the solution is ACTIVE, then one per schedule period (rate(1 day))", async () => {
    const { datasetGroupArn } = await groupWithInteractions(twin.client, "auto")
    const { solutionArn } = await twin.client.send(
      new CreateSolutionCommand({
        name: "auto",
        datasetGroupArn,
        recipeArn: recipe("aws-user-personalization"),
        solutionConfig: { autoTrainingConfig: { schedulingExpression: "rate(1 day)" } }
      })
    )
    await until(async () => (await twin.client.send(new DescribeSolutionCommand({ solutionArn }))).solution?.status)
    const versions = async () =>
      (await twin.client.send(new ListSolutionVersionsCommand({ solutionArn }))).solutionVersions ?? []
    await until(async () => (await versions())[0]?.trainingType, "AUTOMATIC")
    await until(async () => String((await versions()).length), "2")
    for (const v of await versions()) {
      expect(v.trainingType).toBe("AUTOMATIC")
      expect(v.trainingMode).toBe("AUTOTRAIN")
    }
  })

  it("auto-training off (performAutoTraining false): no automatic version, however long; a schedule outside rate(1–30 days) is InvalidInputException (UNCONFIRMED: the exception type)", async () => {
    const datasetGroupArn = await activeGroup(twin.client, "manual")
    const solution = (name: string, schedulingExpression?: string) =>
      twin.client.send(
        new CreateSolutionCommand({
          name,
          datasetGroupArn,
          recipeArn: recipe("aws-user-personalization"),
          performAutoTraining: schedulingExpression !== undefined,
          ...(schedulingExpression === undefined
            ? {}
            : { solutionConfig: { autoTrainingConfig: { schedulingExpression } } })
        })
      )
    expect(await errorName(solution("weekly-hours", "rate(31 days)"))).toBe("InvalidInputException")
    expect(await errorName(solution("cron", "cron(0 0 * * ? *)"))).toBe("InvalidInputException")
    const { solutionArn } = await solution("off")
    await until(async () => (await twin.client.send(new DescribeSolutionCommand({ solutionArn }))).solution?.status)
    // At speed 10^5, 400 ms of wall time is over 11 simulated hours: the hour has passed.
    await new Promise((r) => setTimeout(r, 400))
    const { solutionVersions } = await twin.client.send(new ListSolutionVersionsCommand({ solutionArn }))
    expect(solutionVersions).toEqual([])
  })

  it("GetSolutionMetrics per version: AWS's metric names, the same numbers for the same seed and steps, others for another seed; a version that is not ACTIVE is ResourceInUseException (UNCONFIRMED: the numbers are the twin's own, and the exception for a version not ACTIVE)", async () => {
    const metricsOn = async (served: ServedTwin) => {
      const { datasetGroupArn, datasetArn } = await groupWithInteractions(served.client, "metrics")
      await imported(served.client, datasetArn)
      const version = await trainedVersion(served.client, datasetGroupArn, "metrics", "aws-user-personalization")
      return (await served.client.send(new GetSolutionMetricsCommand({ solutionVersionArn: version }))).metrics
    }
    const first = await metricsOn(twin)
    expect(Object.keys(first ?? {}).sort()).toEqual(
      [
        "coverage",
        "mean_reciprocal_rank_at_25",
        "normalized_discounted_cumulative_gain_at_10",
        "normalized_discounted_cumulative_gain_at_25",
        "normalized_discounted_cumulative_gain_at_5",
        "precision_at_10",
        "precision_at_25",
        "precision_at_5"
      ].sort()
    )
    const again = await serveTwin({ speed: 100_000, seed: 1 })
    const other = await serveTwin({ speed: 100_000, seed: 2 })
    try {
      expect(await metricsOn(again)).toEqual(first)
      expect(await metricsOn(other)).not.toEqual(first)
    } finally {
      await again.stop()
      await other.stop()
    }
    // No data imported: the version fails (CREATE FAILED) and has no metrics.
    const { datasetGroupArn } = await groupWithInteractions(twin.client, "no-data")
    const { solutionArn } = await twin.client.send(
      new CreateSolutionCommand({
        name: "no-data",
        datasetGroupArn,
        recipeArn: recipe("aws-user-personalization"),
        performAutoTraining: false
      })
    )
    await until(async () => (await twin.client.send(new DescribeSolutionCommand({ solutionArn }))).solution?.status)
    const { solutionVersionArn } = await twin.client.send(new CreateSolutionVersionCommand({ solutionArn }))
    await until(
      async () =>
        (await twin.client.send(new DescribeSolutionVersionCommand({ solutionVersionArn }))).solutionVersion?.status,
      "CREATE FAILED"
    )
    expect(await errorName(twin.client.send(new GetSolutionMetricsCommand({ solutionVersionArn })))).toBe(
      "ResourceInUseException"
    )
  })
})
