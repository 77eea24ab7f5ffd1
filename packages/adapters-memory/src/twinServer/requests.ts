import { type Config, Input, Personalize as P } from "@personalize-ops/core"
import { Effect, Result, Schema } from "effect"

type Body = Record<string, unknown>

const opt = Schema.optionalKey
const Str = Schema.String
const Arn = P.ResourceArn
const Tags = Schema.Array(Schema.Struct({ tagKey: Str, tagValue: Str }))
const Json = Schema.Record(Str, Schema.Unknown)
/** RoleArn members: the twin's rules refuse an empty or malformed one (core roleArnProblem). */
const RoleArn = Str
const Domain = Schema.Literals(["ECOMMERCE", "VIDEO_ON_DEMAND"])

/** Decodes a request body; a bad member is InvalidInputException naming it, as AWS's validation does. */
export const decodeBody = <S extends Schema.ConstraintDecoder<unknown>>(
  kind: P.ResourceKind,
  schema: S,
  body: unknown
): Effect.Effect<S["Type"], P.InvalidInput> => {
  const decoded = Input.decodeWithIssues(schema, { errors: "first" })(body)
  if (Result.isSuccess(decoded)) return Effect.succeed(decoded.success)
  const first = decoded.failure.issues[0]
  const path = first?.path ?? ""
  return Effect.fail(
    new P.InvalidInput({
      kind,
      field: path,
      message: `1 validation error detected: Value at '${path}' failed to satisfy constraint: ${first?.message ?? "invalid"}`
    })
  )
}

/** Drops the members that are undefined (the port's optional fields are exact). */
const withoutUndefined = <T extends Body>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>
  }

/** A CreateSchema body carries the Avro schema as a string; it must parse as a JSON object. */
const parseAvro = (text: string): Effect.Effect<Config.AvroSchema, P.InvalidInput> =>
  Effect.try({
    try: () => JSON.parse(text) as unknown,
    catch: () => new P.InvalidInput({ kind: "Schema", field: "schema", message: "The schema is not valid JSON." })
  }).pipe(
    Effect.flatMap((value) =>
      typeof value === "object" && value !== null && Array.isArray((value as Body).fields)
        ? Effect.succeed(value as Config.AvroSchema)
        : Effect.fail(
            new P.InvalidInput({ kind: "Schema", field: "schema", message: "The schema is not a valid Avro record." })
          )
    )
  )

const jobFields = {
  jobName: Str,
  solutionVersionArn: Arn,
  filterArn: opt(Arn),
  numResults: opt(Schema.Number),
  jobInput: Schema.Struct({ s3DataSource: Schema.Struct({ path: Str }) }),
  jobOutput: Schema.Struct({ s3DataDestination: Schema.Struct({ path: Str }) }),
  roleArn: RoleArn,
  tags: opt(Tags)
}

const decoders = {
  DatasetGroup: (b: Body) =>
    decodeBody(
      "DatasetGroup",
      Schema.Struct({ name: Str, roleArn: opt(RoleArn), kmsKeyArn: opt(Str), domain: opt(Domain), tags: opt(Tags) }),
      b
    ).pipe(Effect.map((r): P.CreateInput => ({ kind: "DatasetGroup", ...r }))),
  Schema: (b: Body) =>
    decodeBody("Schema", Schema.Struct({ name: Str, schema: Str, domain: opt(Domain) }), b).pipe(
      Effect.flatMap((r) =>
        Effect.map(
          parseAvro(r.schema),
          (schema): P.CreateInput => withoutUndefined({ kind: "Schema", name: r.name, schema, domain: r.domain })
        )
      )
    ),
  Dataset: (b: Body) =>
    decodeBody(
      "Dataset",
      Schema.Struct({ name: Str, schemaArn: Arn, datasetGroupArn: Arn, datasetType: Str, tags: opt(Tags) }),
      b
    ).pipe(Effect.flatMap((r) => datasetInput(r))),
  DatasetImportJob: (b: Body) =>
    decodeBody(
      "DatasetImportJob",
      Schema.Struct({
        jobName: Str,
        datasetArn: Arn,
        dataSource: Schema.Struct({ dataLocation: Str }),
        roleArn: opt(RoleArn),
        importMode: opt(Schema.Literals(["FULL", "INCREMENTAL"])),
        publishAttributionMetricsToS3: opt(Schema.Boolean),
        tags: opt(Tags)
      }),
      b
    ).pipe(
      Effect.map(
        (r): P.CreateInput =>
          withoutUndefined({
            kind: "DatasetImportJob",
            name: r.jobName,
            datasetArn: r.datasetArn,
            dataLocation: r.dataSource.dataLocation,
            roleArn: r.roleArn,
            importMode: r.importMode ?? "FULL",
            publishAttributionMetricsToS3: r.publishAttributionMetricsToS3,
            tags: r.tags
          })
      )
    ),
  EventTracker: (b: Body) =>
    decodeBody("EventTracker", Schema.Struct({ name: Str, datasetGroupArn: Arn, tags: opt(Tags) }), b).pipe(
      Effect.map((r): P.CreateInput => ({ kind: "EventTracker", ...r }))
    ),
  Filter: (b: Body) =>
    decodeBody(
      "Filter",
      Schema.Struct({ name: Str, datasetGroupArn: Arn, filterExpression: Str, tags: opt(Tags) }),
      b
    ).pipe(Effect.map((r): P.CreateInput => ({ kind: "Filter", ...r }))),
  Solution: (b: Body) =>
    decodeBody(
      "Solution",
      Schema.Struct({
        name: Str,
        datasetGroupArn: Arn,
        recipeArn: opt(Str),
        performAutoML: opt(Schema.Boolean),
        performHPO: opt(Schema.Boolean),
        performAutoTraining: opt(Schema.Boolean),
        eventType: opt(Str),
        solutionConfig: opt(Json),
        tags: opt(Tags)
      }),
      b
    ).pipe(Effect.map((r): P.CreateInput => ({ kind: "Solution", ...r }))),
  SolutionVersion: (b: Body) =>
    decodeBody(
      "SolutionVersion",
      Schema.Struct({
        name: opt(Str),
        solutionArn: Arn,
        trainingMode: opt(Schema.Literals(["FULL", "UPDATE"])),
        tags: opt(Tags)
      }),
      b
    ).pipe(
      Effect.map(
        (r): P.CreateInput =>
          withoutUndefined({
            kind: "SolutionVersion",
            name: r.name ?? `version-${Math.floor(Date.now() / 1000).toString(36)}`,
            solutionArn: r.solutionArn,
            trainingMode: r.trainingMode ?? "FULL",
            tags: r.tags
          })
      )
    ),
  Campaign: (b: Body) =>
    decodeBody(
      "Campaign",
      Schema.Struct({
        name: Str,
        solutionVersionArn: Arn,
        minProvisionedTPS: opt(Schema.Number),
        campaignConfig: opt(Json),
        tags: opt(Tags)
      }),
      b
    ).pipe(Effect.map((r): P.CreateInput => ({ kind: "Campaign", ...r, minProvisionedTPS: r.minProvisionedTPS ?? 1 }))),
  Recommender: (b: Body) =>
    decodeBody(
      "Recommender",
      Schema.Struct({
        name: Str,
        datasetGroupArn: Arn,
        recipeArn: Str,
        recommenderConfig: opt(Json),
        tags: opt(Tags)
      }),
      b
    ).pipe(Effect.map((r): P.CreateInput => ({ kind: "Recommender", ...r }))),
  BatchInferenceJob: (b: Body) =>
    decodeBody("BatchInferenceJob", Schema.Struct({ ...jobFields, batchInferenceJobConfig: opt(Json) }), b).pipe(
      Effect.map((r) => batchInput("BatchInferenceJob", r, r.batchInferenceJobConfig))
    ),
  BatchSegmentJob: (b: Body) =>
    decodeBody("BatchSegmentJob", Schema.Struct(jobFields), b).pipe(
      Effect.map((r) => batchInput("BatchSegmentJob", r, undefined))
    )
} satisfies { readonly [K in P.ResourceKind]: (b: Body) => Effect.Effect<P.CreateInput, P.InvalidInput> }

const datasetTypes: ReadonlyArray<Config.DatasetType> = [
  "Interactions",
  "Items",
  "Users",
  "Actions",
  "Action_Interactions"
]

/** CreateDataset takes the dataset type case-insensitively (aws-facts §1.1). */
const datasetInput = (r: {
  readonly name: string
  readonly schemaArn: P.ResourceArn
  readonly datasetGroupArn: P.ResourceArn
  readonly datasetType: string
  readonly tags?: ReadonlyArray<Config.Tag>
}): Effect.Effect<P.CreateInput, P.InvalidInput> => {
  const datasetType = datasetTypes.find((t) => t.toUpperCase() === r.datasetType.toUpperCase())
  return datasetType === undefined
    ? Effect.fail(
        new P.InvalidInput({
          kind: "Dataset",
          field: "datasetType",
          message: `datasetType must be one of ${datasetTypes.join(", ")}`
        })
      )
    : Effect.succeed({ kind: "Dataset", ...r, datasetType })
}

const batchInput = (
  kind: "BatchInferenceJob" | "BatchSegmentJob",
  r: Schema.Struct.Type<typeof jobFields>,
  jobConfig: Body | undefined
): P.CreateInput =>
  withoutUndefined({
    kind,
    name: r.jobName,
    solutionVersionArn: r.solutionVersionArn,
    inputPath: r.jobInput.s3DataSource.path,
    outputPath: r.jobOutput.s3DataDestination.path,
    roleArn: r.roleArn,
    filterArn: r.filterArn,
    numResults: r.numResults,
    jobConfig,
    tags: r.tags
  })

/** CreateX's body as the port's create request. */
export const createInput = (kind: P.ResourceKind, body: Body): Effect.Effect<P.CreateInput, P.InvalidInput> =>
  decoders[kind](body)

const updateDecoders = {
  Dataset: (b: Body) =>
    decodeBody("Dataset", Schema.Struct({ datasetArn: Arn, schemaArn: Arn }), b).pipe(
      Effect.map((r): P.UpdateInput => ({ kind: "Dataset", arn: r.datasetArn, schemaArn: r.schemaArn }))
    ),
  Solution: (b: Body) =>
    decodeBody(
      "Solution",
      Schema.Struct({ solutionArn: Arn, performAutoTraining: opt(Schema.Boolean), solutionUpdateConfig: opt(Json) }),
      b
    ).pipe(
      Effect.map(
        ({ solutionArn, ...r }): P.UpdateInput => withoutUndefined({ kind: "Solution", arn: solutionArn, ...r })
      )
    ),
  Campaign: (b: Body) =>
    decodeBody(
      "Campaign",
      Schema.Struct({
        campaignArn: Arn,
        solutionVersionArn: opt(Arn),
        minProvisionedTPS: opt(Schema.Number),
        campaignConfig: opt(Json)
      }),
      b
    ).pipe(
      Effect.map(
        ({ campaignArn, ...r }): P.UpdateInput => withoutUndefined({ kind: "Campaign", arn: campaignArn, ...r })
      )
    ),
  Recommender: (b: Body) =>
    decodeBody("Recommender", Schema.Struct({ recommenderArn: Arn, recommenderConfig: Json }), b).pipe(
      Effect.map(
        (r): P.UpdateInput => ({ kind: "Recommender", arn: r.recommenderArn, recommenderConfig: r.recommenderConfig })
      )
    )
} satisfies { readonly [K in P.UpdateInput["kind"]]: (b: Body) => Effect.Effect<P.UpdateInput, P.InvalidInput> }

/** UpdateX's body as the port's update request. */
export const updateInput = (kind: P.UpdateInput["kind"], body: Body): Effect.Effect<P.UpdateInput, P.InvalidInput> =>
  updateDecoders[kind](body)
