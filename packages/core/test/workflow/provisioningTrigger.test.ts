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
