// Every resource kind through the real SDK client stack against the Personalize twin served over HTTP
// (`personalize-ops twin serve`): create → describe → list under its parent → update / stop / start /
// delete where the API has them. The twin enforces the API's rules (parents ACTIVE, request shapes), so
// a request the adapter builds wrongly fails here.
import { Personalize as P } from "@personalize-ops/core"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeAwsPersonalize } from "../../src/personalize/AwsPersonalize.ts"
import { type ServedTwin, serveTwin } from "../support/servedTwin.ts"

const account = "arn:aws:personalize:us-east-1:000000000000"

let fast: ServedTwin
let personalize: P.Personalize["Service"]

beforeAll(async () => {
  fast = await serveTwin({ speed: 100_000 })
  personalize = makeAwsPersonalize(() => fast.client)
})
afterAll(() => fast.stop())

const run = <A>(effect: Effect.Effect<A, P.PersonalizeError>) => Effect.runPromise(effect)
const fail = <A>(effect: Effect.Effect<A, P.PersonalizeError>) => Effect.runPromise(Effect.flip(effect))

/** Polls DescribeX until the resource reaches `status` (the test timeout bounds it). */
const until = async (
  p: P.Personalize["Service"],
  kind: P.ResourceKind,
  arn: P.ResourceArn,
  done: (d: P.ResourceDescription) => boolean
) => {
  for (;;) {
    const d = await run(p.describe(kind, arn))
    if (done(d)) return d
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
const active = (kind: P.ResourceKind, arn: P.ResourceArn) => until(personalize, kind, arn, (d) => d.status === "ACTIVE")

const interactions: P.CreateInput & { kind: "Schema" } = {
  kind: "Schema",
  name: "shop-interactions",
  domain: "ECOMMERCE",
  schema: {
    type: "record",
    name: "Interactions",
    fields: [
      { name: "USER_ID", type: "string" },
      { name: "ITEM_ID", type: "string" },
      { name: "TIMESTAMP", type: "long" },
      { name: "EVENT_TYPE", type: "string" }
    ]
  }
}

describe("AWS Personalize adapter: every kind (real SDK client, served twin)", () => {
  it("creates, describes and lists every kind under its parent", async () => {
    const group = await run(personalize.create({ kind: "DatasetGroup", name: "shop", domain: "ECOMMERCE" }))
    const schema = await run(personalize.create(interactions))
    await active("DatasetGroup", group)
    const dataset = await run(
      personalize.create({
        kind: "Dataset",
        name: "shop-interactions",
        datasetGroupArn: group,
        schemaArn: schema,
        datasetType: "Interactions"
      })
    )
    expect(dataset).toBe(`${account}:dataset/shop/INTERACTIONS`)
    await active("Dataset", dataset)
    const job = await run(
      personalize.create({
        kind: "DatasetImportJob",
        name: "shop-import-1",
        datasetArn: dataset,
        dataLocation: "s3://bucket/interactions.csv",
        importMode: "FULL",
        roleArn: "arn:aws:iam::123456789012:role/personalize"
      })
    )
    // dataSource.dataLocation on the wire, back as the dataLocation attribute.
    expect((await run(personalize.describe("DatasetImportJob", job))).attributes.dataLocation).toBe(
      "s3://bucket/interactions.csv"
    )
    const tracker = await run(
      personalize.create({ kind: "EventTracker", name: "shop-tracker", datasetGroupArn: group })
    )
    const filter = await run(
      personalize.create({
        kind: "Filter",
        name: "no-bought",
        datasetGroupArn: group,
        filterExpression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")'
      })
    )
    const solution = await run(
      personalize.create({
        kind: "Solution",
        name: "shop-sims",
        datasetGroupArn: group,
        recipeArn: "arn:aws:personalize:::recipe/aws-sims",
        performAutoTraining: false
      })
    )
    // Batch segment jobs take a USER_SEGMENTATION recipe's version (the twin enforces the pairing).
    const affinity = await run(
      personalize.create({
        kind: "Solution",
        name: "shop-affinity",
        datasetGroupArn: group,
        recipeArn: "arn:aws:personalize:::recipe/aws-item-affinity",
        performAutoTraining: false
      })
    )
    await active("DatasetImportJob", job)
    await active("Solution", solution)
    const version = await run(
      personalize.create({ kind: "SolutionVersion", name: "v1", solutionArn: solution, trainingMode: "FULL" })
    )
    expect(version.startsWith(`${solution}/`)).toBe(true)
    await active("SolutionVersion", version)
    await active("Solution", affinity)
    const affinityVersion = await run(
      personalize.create({ kind: "SolutionVersion", name: "v1", solutionArn: affinity, trainingMode: "FULL" })
    )
    await active("SolutionVersion", affinityVersion)
    const campaign = await run(
      personalize.create({
        kind: "Campaign",
        name: "shop-sims-campaign",
        solutionVersionArn: version,
        minProvisionedTPS: 2
      })
    )
    const recommender = await run(
      personalize.create({
        kind: "Recommender",
        name: "shop-picks",
        datasetGroupArn: group,
        recipeArn: "arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you"
      })
    )
    const batchInput = {
      solutionVersionArn: version,
      inputPath: "s3://b/in.json",
      outputPath: "s3://b/out/",
      roleArn: "arn:aws:iam::123456789012:role/p"
    }
    const inference = await run(
      personalize.create({ kind: "BatchInferenceJob", name: "shop-batch", ...batchInput, numResults: 25 })
    )
    const segment = await run(
      personalize.create({
        kind: "BatchSegmentJob",
        name: "shop-segment",
        ...batchInput,
        solutionVersionArn: affinityVersion
      })
    )

    const created: ReadonlyArray<readonly [P.ResourceKind, P.ResourceArn, P.ResourceArn | undefined]> = [
      ["DatasetGroup", group, undefined],
      ["Schema", schema, undefined],
      ["Dataset", dataset, group],
      ["DatasetImportJob", job, dataset],
      ["EventTracker", tracker, group],
      ["Filter", filter, group],
      ["Solution", solution, group],
      ["SolutionVersion", version, solution],
      ["Campaign", campaign, solution],
      ["Recommender", recommender, group],
      ["BatchInferenceJob", inference, version],
      ["BatchSegmentJob", segment, affinityVersion]
    ]
    expect(new Set(created.map(([k]) => k))).toEqual(new Set(P.ResourceKinds))
    for (const [kind, arn, parent] of created) {
      const d = await run(personalize.describe(kind, arn))
      expect(d.kind).toBe(kind)
      expect(d.arn).toBe(arn)
      expect(d.status === undefined).toBe(kind === "Schema")
      const page = await run(personalize.list({ kind, ...(parent === undefined ? {} : { parentArn: parent }) }))
      expect(
        page.items.map((i) => i.arn),
        `${kind} under ${parent}`
      ).toContain(arn)
    }
    // ListFilters answers under the one capitalised key, "Filters".
    expect((await run(personalize.list({ kind: "Filter", parentArn: group }))).items.map((f) => f.name)).toEqual([
      "no-bought"
    ])
    expect((await run(personalize.describe("EventTracker", tracker))).attributes.trackingId).toEqual(expect.any(String))
  })

  it("updates a campaign (latestCampaignUpdate), stops and starts a recommender, updates it and a dataset (latestRecommenderUpdate, latestDatasetUpdate), deletes", async () => {
    const [campaign] = (await run(personalize.list({ kind: "Campaign" }))).items
    const [recommender] = (await run(personalize.list({ kind: "Recommender" }))).items
    if (campaign === undefined || recommender === undefined) throw new Error("setup")
    await active("Campaign", campaign.arn)
    await run(personalize.update({ kind: "Campaign", arn: campaign.arn, minProvisionedTPS: 5 }))
    const updated = await until(personalize, "Campaign", campaign.arn, (d) => d.latestUpdate?.status === "ACTIVE")
    expect(updated.latestUpdate?.minProvisionedTPS).toBe(5)
    expect(updated.attributes.minProvisionedTPS).toBe(5)

    await active("Recommender", recommender.arn)
    await run(personalize.stop("Recommender", recommender.arn))
    await until(personalize, "Recommender", recommender.arn, (d) => d.status === "INACTIVE")
    await run(personalize.start("Recommender", recommender.arn))
    await active("Recommender", recommender.arn)
    await run(
      personalize.update({
        kind: "Recommender",
        arn: recommender.arn,
        recommenderConfig: { minRecommendationRequestsPerSecond: 3 }
      })
    )
    const rescaled = await until(
      personalize,
      "Recommender",
      recommender.arn,
      (d) => d.latestUpdate?.status === "ACTIVE"
    )
    expect(rescaled.attributes.recommenderConfig).toMatchObject({ minRecommendationRequestsPerSecond: 3 })

    // UpdateDataset swaps in another schema that fits (latestDatasetUpdate).
    const [dataset] = (await run(personalize.list({ kind: "Dataset" }))).items
    if (dataset === undefined) throw new Error("setup")
    const reordered = await run(
      personalize.create({
        ...interactions,
        name: "shop-interactions-2",
        schema: { ...interactions.schema, fields: [...interactions.schema.fields].reverse() }
      })
    )
    await run(personalize.update({ kind: "Dataset", arn: dataset.arn, schemaArn: reordered }))
    const swapped = await until(personalize, "Dataset", dataset.arn, (d) => d.latestUpdate?.status === "ACTIVE")
    expect(swapped.attributes.schemaArn).toBe(reordered)

    await run(personalize.delete("Campaign", campaign.arn))
    // DELETE PENDING for a minute of twin time (under a millisecond here), then gone.
    for (;;) {
      const d = await Effect.runPromise(Effect.result(personalize.describe("Campaign", campaign.arn)))
      if (d._tag === "Failure") {
        expect(d.failure._tag).toBe("ResourceNotFound")
        break
      }
      expect(d.success.status).toMatch(/^DELETE_/)
    }
    const gone = await fail(personalize.delete("Filter", `${account}:filter/none` as P.ResourceArn))
    expect(gone._tag).toBe("ResourceNotFound")
  })

  it("stops a training solution version (CREATE STOPPING / CREATE STOPPED normalised)", async () => {
    // At 100× a training takes 36 s or more of wall time: the stop always finds it in flight.
    const slow = await serveTwin({ speed: 100 })
    try {
      const p = makeAwsPersonalize(() => slow.client)
      const group = await run(p.create({ kind: "DatasetGroup", name: "g" }))
      await until(p, "DatasetGroup", group, (d) => d.status === "ACTIVE")
      const solution = await run(
        p.create({
          kind: "Solution",
          name: "s",
          datasetGroupArn: group,
          recipeArn: "arn:aws:personalize:::recipe/aws-sims"
        })
      )
      await until(p, "Solution", solution, (d) => d.status === "ACTIVE")
      const version = await run(
        p.create({ kind: "SolutionVersion", name: "v", solutionArn: solution, trainingMode: "FULL" })
      )
      await run(p.stop("SolutionVersion", version))
      expect(["CREATE_STOPPING", "CREATE_STOPPED"]).toContain(
        (await run(p.describe("SolutionVersion", version))).status
      )
    } finally {
      await slow.stop()
    }
  })
})
