import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"
import { Config, Notify, Workflow } from "../../src/index.ts"

const bucket = "data"
const role = "arn:aws:iam::123456789012:role/Personalize"

/** A bucket over a set of keys (every other key is absent). */
const bucketWith = (keys: ReadonlyArray<string>): Workflow.ConfigBucket["Service"] => ({
  get: (_b, key) => Effect.succeed(keys.includes(key) ? { text: "{}", eTag: "e" } : undefined),
  holds: (b, prefix) => Effect.succeed(b === bucket ? keys.some((k) => k.startsWith(prefix)) : "unknown")
})

const decode = (config: unknown) => {
  const decoded = Config.decodeConfig(config)
  if (!decoded.valid) throw new Error(JSON.stringify(decoded.issues))
  return decoded.deployment
}

const schema = (name: string, fields: ReadonlyArray<string>) => ({
  type: "record",
  name,
  namespace: "com.amazonaws.personalize.schema",
  fields: fields.map((f) => ({
    name: f,
    type: f === "TIMESTAMP" ? "long" : "string",
    ...(f === "GENRE" ? { categorical: true } : {})
  })),
  version: "1.0"
})

/** personalize-pipeline params.json: data in `<Type>/` next to the config. */
const pipeline = {
  datasetGroup: { name: "movies" },
  datasets: {
    Interactions: { name: "movies-interactions", schema: schema("Interactions", ["USER_ID", "ITEM_ID", "TIMESTAMP"]) },
    Items: { name: "movies-items", schema: schema("Items", ["ITEM_ID", "GENRE"]) }
  },
  solution: { name: "movies-solution", recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization" },
  campaign: { name: "movies-campaign", minProvisionedTPS: 1 }
}

const resolve = (config: unknown, keys: ReadonlyArray<string>, context: Partial<Workflow.ResolveContext> = {}) =>
  resolveIn(config, keys, { bucket, configKey: "params.json", roleArn: role, ...context })

const resolveIn = (config: unknown, keys: ReadonlyArray<string>, context: Workflow.ResolveContext) =>
  Effect.runPromise(
    Effect.result(
      Workflow.resolveDeployment(decode(config), context).pipe(
        Effect.provideService(Workflow.ConfigBucket, bucketWith(keys))
      )
    )
  )

describe("S3 trigger input", () => {
  it("decodes keys as S3 encodes them and names an execution per key and ETag (≤ 80 safe characters)", () => {
    const event = {
      Records: [
        {
          eventName: "ObjectCreated:Put",
          s3: { bucket: { name: bucket }, object: { key: "train/my+shop/config%281%29.json", eTag: '"abc"' } }
        }
      ]
    }
    const objects = Workflow.uploadedObjects(event)
    if (Result.isFailure(objects)) throw new Error("decode")
    expect(objects.success).toEqual([
      { bucket, key: "train/my shop/config(1).json", eTag: "abc", eventName: "ObjectCreated:Put" }
    ])
    const name = Workflow.executionNameFor("train/my shop/config(1).json", "abc")
    expect(name).toMatch(/^[0-9A-Za-z_-]{1,80}$/)
    expect(name).toBe(Workflow.executionNameFor("train/my shop/config(1).json", "abc"))
    expect(name).not.toBe(Workflow.executionNameFor("train/my shop/config(1).json", "abd"))
    const long = Workflow.executionNameFor(`train/${"x".repeat(200)}/config.json`, "e")
    expect(long.length).toBeLessThanOrEqual(80)
  })

  it("a malformed event is every issue with its path", () => {
    const decoded = Workflow.uploadedObjects({ Records: [{ eventName: "ObjectCreated:Put", s3: { bucket: {} } }] })
    expect(Result.isFailure(decoded) && decoded.failure.issues.map((i) => i.path)).toEqual([
      "Records[0].s3.bucket.name",
      "Records[0].s3.object"
    ])
  })
})

describe("data and roles, resolved as the replaced systems do", () => {
  it("data in <config folder>/<type>/ is imported; a dataset without data is created, not imported", async () => {
    const out = await resolve(pipeline, ["Interactions/part-1.csv"])
    if (Result.isFailure(out)) throw out.failure
    const [interactions, items] = out.success.deployment.datasets
    expect(interactions?.imports.map((i) => i.dataLocation)).toEqual([`s3://${bucket}/Interactions/`])
    expect(items?.imports).toEqual([])
    expect(out.success.notProvided).toEqual([
      { dataset: "movies-items", type: "Items", looked: [`s3://${bucket}/Items/`, `s3://${bucket}/Items.csv`] }
    ])
    expect(out.success.deployment.roleArn).toBe(role)
  })

  it("<type>.csv is the second place looked; the folder is the config's own", async () => {
    const out = await resolve(pipeline, ["shop/Interactions.csv", "shop/Items/items.csv"], {
      configKey: "shop/params.json"
    })
    if (Result.isFailure(out)) throw out.failure
    expect(out.success.deployment.datasets.map((d) => d.imports.map((i) => i.dataLocation))).toEqual([
      [`s3://${bucket}/shop/Interactions.csv`],
      [`s3://${bucket}/shop/Items/`]
    ])
  })

  it("no role anywhere: a typed error naming the field; the KMS key comes from the settings with the role", async () => {
    const noRole = await resolveIn(pipeline, ["Interactions/a.csv"], { bucket, configKey: "params.json" })
    expect(Result.isFailure(noRole) && noRole.failure).toMatchObject({
      _tag: "DeploymentUnresolved",
      field: "datasets.Interactions.imports[0].roleArn"
    })
    const kms = "arn:aws:kms:us-east-1:123456789012:key/abcd"
    const withKey = await resolve(pipeline, ["Interactions/a.csv"], { kmsKeyArn: kms })
    if (Result.isFailure(withKey)) throw withKey.failure
    expect(withKey.success.deployment.datasetGroup).toMatchObject({ kmsKeyArn: kms, roleArn: role })
    const badRole = await resolve({ ...pipeline }, ["Interactions/a.csv"], { roleArn: "not-a-role" })
    expect(Result.isFailure(badRole) && badRole.failure.message).toContain("is not an IAM role ARN")
  })

  it("a placeholder that stays unresolved is refused, naming the field", async () => {
    const ours = {
      format: "personalize-ops/v1",
      roleArn: role,
      datasetGroup: { name: "g" },
      datasets: {
        Interactions: {
          name: "g-interactions",
          schema: schema("Interactions", ["USER_ID", "ITEM_ID", "TIMESTAMP"]),
          imports: [{ dataLocation: "s3://{region}/x/" }]
        }
      }
    }
    const out = await resolve(ours, [])
    expect(Result.isFailure(out) && out.failure).toMatchObject({
      _tag: "DeploymentUnresolved",
      field: "datasets.Interactions.imports[0].dataLocation"
    })
  })
})

describe("resolving a deployment: where data is, which role, what is refused", () => {
  /** Our own format: one dataset importing from `dataLocation`, with optional root fields. */
  const ours = (dataLocation: string, extra: Record<string, unknown> = {}) => ({
    format: "personalize-ops/v1",
    datasetGroup: { name: "g" },
    datasets: {
      Interactions: {
        name: "g-interactions",
        schema: schema("Interactions", ["USER_ID", "ITEM_ID", "TIMESTAMP"]),
        imports: [{ dataLocation }]
      }
    },
    ...extra
  })
  const located = (out: Awaited<ReturnType<typeof resolve>>) => {
    if (Result.isFailure(out)) throw out.failure
    return {
      locations: out.success.deployment.datasets.flatMap((d) => d.imports.map((i) => i.dataLocation)),
      notProvided: out.success.notProvided
    }
  }

  it("our format: {bucket} is the upload's bucket and the location is looked at as written", async () => {
    expect(located(await resolve(ours("s3://{bucket}/in/"), ["in/a.csv"]))).toEqual({
      locations: [`s3://${bucket}/in/`],
      notProvided: []
    })
    expect(located(await resolve(ours("s3://{bucket}/in/"), ["other/a.csv"]))).toEqual({
      locations: [],
      notProvided: [{ dataset: "g-interactions", type: "Interactions", looked: [`s3://${bucket}/in/`] }]
    })
  })

  it("a location in another bucket is used as written, unlooked at; with no bucket told, every location is", async () => {
    expect(located(await resolve(ours("s3://elsewhere/in/"), []))).toEqual({
      locations: ["s3://elsewhere/in/"],
      notProvided: []
    })
    expect(located(await resolveIn(ours("s3://elsewhere/in/"), [], { roleArn: role }))).toEqual({
      locations: ["s3://elsewhere/in/"],
      notProvided: []
    })
  })

  it("with no bucket told, a {bucket} left in a location is refused, naming the field and the placeholder", async () => {
    const out = await resolveIn(ours("s3://{bucket}/in/"), [], { roleArn: role })
    if (Result.isSuccess(out)) throw new Error("resolved")
    expect(out.failure).toMatchObject({
      _tag: "DeploymentUnresolved",
      field: "datasets.Interactions.imports[0].dataLocation",
      detail: '"s3://{bucket}/in/" still holds the placeholder {bucket}'
    })
    expect(out.failure.message).toBe(
      'datasets.Interactions.imports[0].dataLocation: "s3://{bucket}/in/" still holds the placeholder {bucket}'
    )
  })

  it("the config's role wins over the deployment's; a blank role is no role", async () => {
    const configRole = "arn:aws:iam::123456789012:role/FromConfig"
    const out = await resolve(ours("s3://{bucket}/in/", { roleArn: configRole }), ["in/a.csv"])
    if (Result.isFailure(out)) throw out.failure
    expect(out.success.deployment.roleArn).toBe(configRole)
    expect(out.success.deployment.datasetGroup).not.toHaveProperty("roleArn")
    const blank = await resolve(ours("s3://{bucket}/in/"), ["in/a.csv"], { roleArn: "  " })
    expect(Result.isFailure(blank) && blank.failure).toMatchObject({
      field: "datasets.Interactions.imports[0].roleArn",
      detail:
        "no Personalize role: set roleArn in the config or the deployment's PERSONALIZE_ROLE_ARN (a request never goes out with an empty role)"
    })
  })

  it("a KMS key needs a key ARN and a role for the dataset group (the config's own group role is kept)", async () => {
    const noData = ours("s3://elsewhere/in/")
    const badKey = await resolve(noData, [], { kmsKeyArn: "not-a-key" })
    expect(Result.isFailure(badKey) && badKey.failure).toMatchObject({
      field: "datasetGroup.kmsKeyArn",
      detail: '"not-a-key" is not a KMS key ARN'
    })
    const kms = "arn:aws:kms:us-east-1:123456789012:key/abcd"
    const groupRole = "arn:aws:iam::123456789012:role/Group"
    const own = await resolve({ ...noData, datasetGroup: { name: "g", roleArn: groupRole } }, [], { kmsKeyArn: kms })
    if (Result.isFailure(own)) throw own.failure
    expect(own.success.deployment.datasetGroup).toMatchObject({ kmsKeyArn: kms, roleArn: groupRole })
    const noDatasets = { format: "personalize-ops/v1", datasetGroup: { name: "g", kmsKeyArn: kms } }
    const noRole = await resolveIn(noDatasets, [], { bucket })
    expect(Result.isFailure(noRole) && noRole.failure).toMatchObject({ field: "datasetGroup.roleArn" })
  })

  it("batch job paths get the bucket; a batch job with no role or a placeholder left is refused, naming it", async () => {
    const withJobs = (paths: { readonly inputPath: string; readonly outputPath: string }) => ({
      format: "personalize-ops/v1",
      datasetGroup: { name: "g" },
      solutions: [
        {
          name: "s",
          recipeArn: "arn:aws:personalize:::recipe/aws-user-personalization",
          batchInferenceJobs: [{ inputPath: "s3://fixed/in.json", outputPath: "s3://fixed/out/" }, paths]
        }
      ]
    })
    const paths = { inputPath: "s3://{bucket}/batch/in.json", outputPath: "s3://{bucket}/batch/out/" }
    const out = await resolve(withJobs(paths), [])
    if (Result.isFailure(out)) throw out.failure
    expect(out.success.deployment.solutions[0]?.batchInferenceJobs.map((j) => [j.inputPath, j.outputPath])).toEqual([
      ["s3://fixed/in.json", "s3://fixed/out/"],
      [`s3://${bucket}/batch/in.json`, `s3://${bucket}/batch/out/`]
    ])
    const noRole = await resolveIn(withJobs(paths), [], { bucket })
    expect(Result.isFailure(noRole) && noRole.failure).toMatchObject({
      field: "solutions[0].batchInferenceJobs[0].roleArn"
    })
    const unresolved = await resolveIn(withJobs(paths), [], { roleArn: role })
    expect(Result.isFailure(unresolved) && unresolved.failure).toMatchObject({
      field: "solutions[0].batchInferenceJobs[1].inputPath"
    })
    const outputLeft = await resolveIn(
      withJobs({ inputPath: "s3://fixed/in2.json", outputPath: "s3://{bucket}/o/" }),
      [],
      { roleArn: role }
    )
    expect(Result.isFailure(outputLeft) && outputLeft.failure).toMatchObject({
      field: "solutions[0].batchInferenceJobs[1].outputPath"
    })
  })
})

describe("notifications per protocol", () => {
  const state = Workflow.executionInput({ mode: "apply", config: {}, datasetGroup: "shop", correlationId: "c-1" })
  it("a failure lists each cause with the dependents it left unattempted; SMS stays short", () => {
    const failed = {
      ...state,
      status: "failed" as const,
      iteration: 4,
      failures: [
        {
          kind: "SolutionVersion",
          name: "ranking-v1",
          cause: "Create failed. Dataset has fewer than 1000 interactions.",
          dependents: [{ kind: "Campaign", name: "ranking-campaign" }]
        }
      ]
    }
    const n = Workflow.executionNotification(failed, "us-east-1")
    expect(n.subject).toBe("personalize-ops: shop provisioning failed")
    expect(n.protocols?.email).toContain(
      "SolutionVersion ranking-v1: Create failed. Dataset has fewer than 1000 interactions. (not attempted: Campaign ranking-campaign)"
    )
    expect(n.protocols?.json).toMatchObject({ status: "UPDATE FAILED", datasetGroup: "shop", correlationId: "c-1" })
    expect(n.protocols?.sms.length).toBeLessThanOrEqual(140)
    expect(n.protocols?.sms).toContain("FAILED")
  })

  it("a task error caught by the state machine is the cause", () => {
    const n = Workflow.executionNotification(
      { ...state, error: { Error: "TaskInputInvalid", Cause: "config.datasetGroup: Missing key" } },
      "us-east-1"
    )
    expect(n.protocols?.json["causes"]).toEqual(["TaskInputInvalid: config.datasetGroup: Missing key"])
  })
})

describe("S3 trigger: build or tear down", () => {
  const upload = (key: string) => ({
    Records: [{ eventName: "ObjectCreated:Put", s3: { bucket: { name: bucket }, object: { key, eTag: "e1" } } }]
  })
  const run = (key: string) => {
    const started: Array<{ name: string; input: string }> = []
    const sent: Array<string> = []
    const program = Workflow.triggerTask(upload(key), { prefix: "train/", region: "us-east-1" }).pipe(
      Effect.provideService(Workflow.ConfigBucket, {
        get: (_b, k) => Effect.succeed(k === key ? { text: JSON.stringify(pipeline), eTag: "e1" } : undefined),
        holds: () => Effect.succeed("unknown" as const)
      }),
      Effect.provideService(Workflow.Executions, {
        start: (name, input) =>
          Effect.sync(() => {
            started.push({ name, input })
            return { executionArn: `arn:${name}`, started: true }
          })
      }),
      Effect.provideService(Notify.Notifications, { publish: (n) => Effect.sync(() => void sent.push(n.subject)) })
    )
    return Effect.runPromise(program).then((outcomes) => ({ outcomes, started, sent }))
  }

  it("`<name>.destroy.json` starts a teardown of that config (no role needed to delete); `<name>.json` a build", async () => {
    expect(Workflow.modeOfKey("train/shop/params.destroy.json")).toBe("destroy")
    expect(Workflow.modeOfKey("train/shop/params.json")).toBe("apply")
    const teardown = await run("train/movies/params.destroy.json")
    expect(teardown.outcomes.map((o) => o._tag)).toEqual(["Started"])
    const input = JSON.parse(teardown.started[0]?.input ?? "{}") as Workflow.ProvisioningExecution
    expect(input.mode).toBe("destroy")
    expect(input.datasetGroup).toBe("movies")
    // The same config uploaded to build: no role in the config or the settings → refused, naming the field.
    const build = await run("train/movies/params.json")
    expect(build.outcomes.map((o) => o._tag)).toEqual(["Invalid"])
    expect(build.started).toEqual([])
    const invalid = build.outcomes[0]
    expect(invalid?._tag === "Invalid" && invalid.issues[0]?.path).toBe("datasets.Interactions.imports[0].roleArn")
    expect(build.sent).toEqual(["personalize-ops: invalid config train/movies/params.json"])
  })
})
