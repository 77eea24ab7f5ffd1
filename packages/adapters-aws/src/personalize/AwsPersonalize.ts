import {
  CreateBatchInferenceJobCommand,
  CreateBatchSegmentJobCommand,
  CreateCampaignCommand,
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateDatasetImportJobCommand,
  CreateEventTrackerCommand,
  CreateFilterCommand,
  CreateRecommenderCommand,
  CreateSchemaCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  DeleteCampaignCommand,
  DeleteDatasetCommand,
  DeleteDatasetGroupCommand,
  DeleteEventTrackerCommand,
  DeleteFilterCommand,
  DeleteRecommenderCommand,
  DeleteSchemaCommand,
  DeleteSolutionCommand,
  DescribeBatchInferenceJobCommand,
  DescribeBatchSegmentJobCommand,
  DescribeCampaignCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  DescribeDatasetImportJobCommand,
  DescribeEventTrackerCommand,
  DescribeFilterCommand,
  DescribeRecommenderCommand,
  DescribeSchemaCommand,
  DescribeSolutionCommand,
  DescribeSolutionVersionCommand,
  ListBatchInferenceJobsCommand,
  ListBatchSegmentJobsCommand,
  ListCampaignsCommand,
  ListDatasetGroupsCommand,
  ListDatasetImportJobsCommand,
  ListDatasetsCommand,
  ListEventTrackersCommand,
  ListFiltersCommand,
  ListRecommendersCommand,
  ListSchemasCommand,
  ListSolutionsCommand,
  ListSolutionVersionsCommand,
  PersonalizeClient,
  StartRecommenderCommand,
  StopRecommenderCommand,
  StopSolutionVersionCreationCommand,
  UpdateCampaignCommand,
  UpdateDatasetCommand,
  UpdateRecommenderCommand,
  UpdateSolutionCommand
} from "@aws-sdk/client-personalize"
import { Personalize as P } from "@personalize-ops/core"
import { Clock, Effect, Layer, Schema } from "effect"
import { type AwsClientOptions, clientConfig, regionalClients } from "../monitoring/clientOptions.ts"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"

/** The one thing the adapter needs of the SDK client (keeps the command generics out of the table). */
interface Sender {
  readonly send: (command: unknown, options?: { readonly abortSignal?: AbortSignal }) => Promise<unknown>
}

type Raw = { readonly [key: string]: unknown }
type Input = { readonly [key: string]: unknown }
type CommandOf = (input: Input) => unknown

/** Per kind: which SDK commands, and the member names of its requests and responses (aws-facts §1.2). */
interface KindSpec {
  readonly arnKey: string
  readonly nameKey: "name" | "jobName"
  readonly describe: CommandOf
  readonly describeKey: string
  readonly list: CommandOf
  readonly listKey: string
  readonly listParentKey?: string
  readonly remove?: CommandOf
  /** Response members copied into `attributes` (the fields the planner compares). */
  readonly attributes: ReadonlyArray<string>
  readonly latestUpdateKey?: string
  /** List summaries lack the compared fields: describe each listed resource. */
  readonly describeListed: boolean
}

const c =
  (Cmd: new (input: never) => unknown): CommandOf =>
  (input) =>
    new Cmd(input as never)

/** The table: every kind's commands and member names, once. */
export const kindSpecs: { readonly [K in P.ResourceKind]: KindSpec } = {
  DatasetGroup: {
    arnKey: "datasetGroupArn",
    nameKey: "name",
    describe: c(DescribeDatasetGroupCommand),
    describeKey: "datasetGroup",
    list: c(ListDatasetGroupsCommand),
    listKey: "datasetGroups",
    remove: c(DeleteDatasetGroupCommand),
    attributes: ["domain", "roleArn", "kmsKeyArn"],
    describeListed: false
  },
  Schema: {
    arnKey: "schemaArn",
    nameKey: "name",
    describe: c(DescribeSchemaCommand),
    describeKey: "schema",
    list: c(ListSchemasCommand),
    listKey: "schemas",
    remove: c(DeleteSchemaCommand),
    attributes: ["schema", "domain"],
    describeListed: true
  },
  Dataset: {
    arnKey: "datasetArn",
    nameKey: "name",
    describe: c(DescribeDatasetCommand),
    describeKey: "dataset",
    list: c(ListDatasetsCommand),
    listKey: "datasets",
    listParentKey: "datasetGroupArn",
    remove: c(DeleteDatasetCommand),
    attributes: ["datasetType", "schemaArn", "datasetGroupArn", "trackingId"],
    latestUpdateKey: "latestDatasetUpdate",
    describeListed: true
  },
  DatasetImportJob: {
    arnKey: "datasetImportJobArn",
    nameKey: "jobName",
    describe: c(DescribeDatasetImportJobCommand),
    describeKey: "datasetImportJob",
    list: c(ListDatasetImportJobsCommand),
    listKey: "datasetImportJobs",
    listParentKey: "datasetArn",
    attributes: ["datasetArn", "dataLocation", "importMode", "roleArn"],
    describeListed: true
  },
  EventTracker: {
    arnKey: "eventTrackerArn",
    nameKey: "name",
    describe: c(DescribeEventTrackerCommand),
    describeKey: "eventTracker",
    list: c(ListEventTrackersCommand),
    listKey: "eventTrackers",
    listParentKey: "datasetGroupArn",
    remove: c(DeleteEventTrackerCommand),
    attributes: ["datasetGroupArn", "trackingId"],
    describeListed: false
  },
  Filter: {
    arnKey: "filterArn",
    nameKey: "name",
    describe: c(DescribeFilterCommand),
    describeKey: "filter",
    list: c(ListFiltersCommand),
    // The one List response with a capitalised key (aws-facts §1.2).
    listKey: "Filters",
    listParentKey: "datasetGroupArn",
    remove: c(DeleteFilterCommand),
    attributes: ["datasetGroupArn", "filterExpression"],
    describeListed: true
  },
  Solution: {
    arnKey: "solutionArn",
    nameKey: "name",
    describe: c(DescribeSolutionCommand),
    describeKey: "solution",
    list: c(ListSolutionsCommand),
    listKey: "solutions",
    listParentKey: "datasetGroupArn",
    remove: c(DeleteSolutionCommand),
    attributes: [
      "datasetGroupArn",
      "recipeArn",
      "eventType",
      "performHPO",
      "performAutoML",
      "performAutoTraining",
      "solutionConfig"
    ],
    latestUpdateKey: "latestSolutionUpdate",
    describeListed: true
  },
  SolutionVersion: {
    arnKey: "solutionVersionArn",
    nameKey: "name",
    describe: c(DescribeSolutionVersionCommand),
    describeKey: "solutionVersion",
    list: c(ListSolutionVersionsCommand),
    listKey: "solutionVersions",
    listParentKey: "solutionArn",
    attributes: ["solutionArn", "trainingMode", "trainingType"],
    describeListed: false
  },
  Campaign: {
    arnKey: "campaignArn",
    nameKey: "name",
    describe: c(DescribeCampaignCommand),
    describeKey: "campaign",
    list: c(ListCampaignsCommand),
    listKey: "campaigns",
    listParentKey: "solutionArn",
    remove: c(DeleteCampaignCommand),
    attributes: ["solutionVersionArn", "minProvisionedTPS", "campaignConfig"],
    latestUpdateKey: "latestCampaignUpdate",
    describeListed: true
  },
  Recommender: {
    arnKey: "recommenderArn",
    nameKey: "name",
    describe: c(DescribeRecommenderCommand),
    describeKey: "recommender",
    list: c(ListRecommendersCommand),
    listKey: "recommenders",
    listParentKey: "datasetGroupArn",
    remove: c(DeleteRecommenderCommand),
    attributes: ["datasetGroupArn", "recipeArn", "recommenderConfig"],
    latestUpdateKey: "latestRecommenderUpdate",
    // Summaries lack latestRecommenderUpdate, which the monitor reads.
    describeListed: true
  },
  BatchInferenceJob: {
    arnKey: "batchInferenceJobArn",
    nameKey: "jobName",
    describe: c(DescribeBatchInferenceJobCommand),
    describeKey: "batchInferenceJob",
    list: c(ListBatchInferenceJobsCommand),
    listKey: "batchInferenceJobs",
    listParentKey: "solutionVersionArn",
    attributes: ["solutionVersionArn", "filterArn", "numResults", "roleArn"],
    describeListed: false
  },
  BatchSegmentJob: {
    arnKey: "batchSegmentJobArn",
    nameKey: "jobName",
    describe: c(DescribeBatchSegmentJobCommand),
    describeKey: "batchSegmentJob",
    list: c(ListBatchSegmentJobsCommand),
    listKey: "batchSegmentJobs",
    listParentKey: "solutionVersionArn",
    attributes: ["solutionVersionArn", "filterArn", "numResults", "roleArn"],
    describeListed: false
  }
}

const RawObject = Schema.Record(Schema.String, Schema.Unknown)
const decodeRaw = Schema.decodeUnknownOption(RawObject)

const epoch = (v: unknown): number =>
  v instanceof Date ? v.getTime() : typeof v === "number" ? v * 1000 : typeof v === "string" ? Date.parse(v) : 0

/** Turns one SDK resource object into the port's description; names the member that is missing. */
export const toDescription = (
  kind: P.ResourceKind,
  raw: Raw,
  operation: string
): Effect.Effect<P.ResourceDescription, P.PersonalizeError> => {
  const spec = kindSpecs[kind]
  const arn = raw[spec.arnKey]
  if (typeof arn !== "string")
    return Effect.fail(
      new P.PersonalizeFailure({ operation, exception: "DecodeError", message: `response has no ${spec.arnKey}` })
    )
  const rawName = raw[spec.nameKey]
  // Solution version summaries carry no name; the version id is the last ARN segment.
  const name = typeof rawName === "string" ? rawName : (P.parseArn(arn)?.name ?? arn)
  const status = typeof raw.status === "string" ? P.normaliseStatus(raw.status) : undefined
  if (typeof raw.status === "string" && status === undefined)
    return Effect.fail(
      new P.PersonalizeFailure({
        operation,
        exception: "DecodeError",
        message: `unknown status "${raw.status}" of ${arn}`
      })
    )
  const attributes: Record<string, unknown> = {}
  for (const key of spec.attributes) if (raw[key] !== undefined) attributes[key] = raw[key]
  const dataSource = raw.dataSource as Raw | undefined
  if (typeof dataSource?.dataLocation === "string") attributes.dataLocation = dataSource.dataLocation
  const parentKey = spec.listParentKey
  const parentArn =
    kind === "Campaign" && typeof raw.solutionVersionArn === "string"
      ? P.arnParent(raw.solutionVersionArn)
      : parentKey === undefined
        ? undefined
        : raw[parentKey]
  const update = spec.latestUpdateKey === undefined ? undefined : (raw[spec.latestUpdateKey] as Raw | undefined)
  const updateStatus = typeof update?.status === "string" ? P.normaliseStatus(update.status) : undefined
  return Effect.succeed({
    kind,
    name,
    arn: arn as P.ResourceArn,
    status: P.kindTraits[kind].hasStatus ? (status ?? "ACTIVE") : undefined,
    ...(typeof raw.failureReason === "string" ? { failureReason: raw.failureReason } : {}),
    ...(typeof parentArn === "string" ? { parentArn: parentArn as P.ResourceArn } : {}),
    attributes,
    ...(update === undefined || updateStatus === undefined
      ? {}
      : {
          latestUpdate: {
            status: updateStatus,
            lastUpdatedDateTime: epoch(update.lastUpdatedDateTime),
            ...(typeof update.failureReason === "string" ? { failureReason: update.failureReason } : {}),
            ...(typeof update.solutionVersionArn === "string"
              ? { solutionVersionArn: update.solutionVersionArn as P.ResourceArn }
              : {}),
            ...(typeof update.minProvisionedTPS === "number" ? { minProvisionedTPS: update.minProvisionedTPS } : {})
          }
        }),
    creationDateTime: epoch(raw.creationDateTime),
    lastUpdatedDateTime: epoch(raw.lastUpdatedDateTime)
  })
}

const withoutUndefined = (o: Input): Input => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

const createCommand = (input: P.CreateInput): { readonly command: unknown; readonly arnKey: string } => {
  const tags = "tags" in input && input.tags !== undefined && input.tags.length > 0 ? input.tags : undefined
  switch (input.kind) {
    case "DatasetGroup":
      return {
        command: new CreateDatasetGroupCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "datasetGroupArn"
      }
    case "Schema":
      return {
        command: new CreateSchemaCommand(
          withoutUndefined({ name: input.name, schema: JSON.stringify(input.schema), domain: input.domain }) as never
        ),
        arnKey: "schemaArn"
      }
    case "Dataset":
      return {
        command: new CreateDatasetCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "datasetArn"
      }
    case "DatasetImportJob":
      return {
        command: new CreateDatasetImportJobCommand(
          withoutUndefined({
            jobName: input.name,
            datasetArn: input.datasetArn,
            dataSource: { dataLocation: input.dataLocation },
            roleArn: input.roleArn,
            importMode: input.importMode,
            publishAttributionMetricsToS3: input.publishAttributionMetricsToS3,
            tags
          }) as never
        ),
        arnKey: "datasetImportJobArn"
      }
    case "EventTracker":
      return {
        command: new CreateEventTrackerCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "eventTrackerArn"
      }
    case "Filter":
      return {
        command: new CreateFilterCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "filterArn"
      }
    case "Solution":
      return {
        command: new CreateSolutionCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "solutionArn"
      }
    case "SolutionVersion":
      return {
        command: new CreateSolutionVersionCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "solutionVersionArn"
      }
    case "Campaign":
      return {
        command: new CreateCampaignCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "campaignArn"
      }
    case "Recommender":
      return {
        command: new CreateRecommenderCommand(withoutUndefined({ ...input, kind: undefined, tags }) as never),
        arnKey: "recommenderArn"
      }
    case "BatchInferenceJob":
    case "BatchSegmentJob": {
      const common = {
        jobName: input.name,
        solutionVersionArn: input.solutionVersionArn,
        filterArn: input.filterArn,
        numResults: input.numResults,
        jobInput: { s3DataSource: { path: input.inputPath } },
        jobOutput: { s3DataDestination: { path: input.outputPath } },
        roleArn: input.roleArn,
        tags
      }
      return input.kind === "BatchInferenceJob"
        ? {
            command: new CreateBatchInferenceJobCommand(
              withoutUndefined({ ...common, batchInferenceJobConfig: input.jobConfig }) as never
            ),
            arnKey: "batchInferenceJobArn"
          }
        : { command: new CreateBatchSegmentJobCommand(withoutUndefined(common) as never), arnKey: "batchSegmentJobArn" }
    }
  }
}

const updateCommand = (input: P.UpdateInput): unknown => {
  switch (input.kind) {
    case "Dataset":
      return new UpdateDatasetCommand({ datasetArn: input.arn, schemaArn: input.schemaArn })
    case "Solution":
      return new UpdateSolutionCommand(
        withoutUndefined({
          solutionArn: input.arn,
          performAutoTraining: input.performAutoTraining,
          solutionUpdateConfig: input.solutionUpdateConfig
        }) as never
      )
    case "Campaign":
      return new UpdateCampaignCommand(
        withoutUndefined({
          campaignArn: input.arn,
          solutionVersionArn: input.solutionVersionArn,
          minProvisionedTPS: input.minProvisionedTPS,
          campaignConfig: input.campaignConfig
        }) as never
      )
    case "Recommender":
      return new UpdateRecommenderCommand({
        recommenderArn: input.arn,
        recommenderConfig: input.recommenderConfig as never
      })
  }
}

/** How long a description may stand in for a throttled Describe (the monitor's 22-minute cache, from the seed). */
export const DescribeCacheMs = 22 * 60_000

/** The ARN a create request names its parent by: its region is the region to create in. */
const parentOfCreate = (input: P.CreateInput): string | undefined =>
  "datasetGroupArn" in input
    ? input.datasetGroupArn
    : "datasetArn" in input
      ? input.datasetArn
      : "solutionArn" in input
        ? input.solutionArn
        : "solutionVersionArn" in input
          ? input.solutionVersionArn
          : undefined

/** The region a call goes to: the ARN's; `undefined` means the adapter's default client. */
const regionOf = (arn: string | undefined): string | undefined => (arn === undefined ? undefined : P.arnRegion(arn))

/** The SDK client for a region (`undefined`: the default one, for region-less calls). */
export type PersonalizeClients = (region: string | undefined) => PersonalizeClient

/**
 * The Personalize port on `@aws-sdk/client-personalize`, across regions: each call uses the client
 * of the region its ARN (or its parent's, or `ListInput.region`) names. Every call goes through
 * `awsCall` (the one place SDK rejections become `AwsCallError`) and `retryThrottled`; exception
 * names become the port's typed errors through core's exception table. Responses are decoded at the
 * edge. A Describe still throttled after the retries answers with the last description of that ARN
 * when it is younger than `DescribeCacheMs` (Describe throttles easily under a monitor of many
 * resources); a listed resource deleted before its Describe is left out of the page, one throttled
 * with no recent description is named in `unavailable`.
 */
export const makeAwsPersonalize = (clients: PersonalizeClients): P.Personalize["Service"] => {
  const send = (operation: string, kind: P.ResourceKind, command: unknown, region: string | undefined, arn?: string) =>
    awsCall(operation, (abortSignal) => (clients(region) as unknown as Sender).send(command, { abortSignal })).pipe(
      retryThrottled(),
      Effect.mapError((e: AwsCallError) =>
        P.fromException(e.name, { operation, kind, message: e.detail, ...(arn === undefined ? {} : { arn }) })
      ),
      Effect.flatMap((response) =>
        decodeRaw(response)._tag === "Some"
          ? Effect.succeed(response as Raw)
          : Effect.fail(
              new P.PersonalizeFailure({ operation, exception: "DecodeError", message: "response is not an object" })
            )
      )
    )

  const described = new Map<string, { readonly at: number; readonly description: P.ResourceDescription }>()

  const describeOnce = (kind: P.ResourceKind, arn: P.ResourceArn) => {
    const spec = kindSpecs[kind]
    const operation = `Describe${kind}`
    return send(operation, kind, spec.describe({ [spec.arnKey]: arn }), regionOf(arn), arn).pipe(
      Effect.flatMap((response) => {
        const raw = response[spec.describeKey]
        return decodeRaw(raw)._tag === "Some"
          ? toDescription(kind, raw as Raw, operation)
          : Effect.fail(
              new P.PersonalizeFailure({
                operation,
                exception: "DecodeError",
                message: `response has no ${spec.describeKey}`
              })
            )
      })
    )
  }

  const describe: P.Personalize["Service"]["describe"] = (kind, arn) =>
    describeOnce(kind, arn).pipe(
      Effect.tap((description) =>
        Effect.map(Clock.currentTimeMillis, (at) => {
          described.set(arn, { at, description })
        })
      ),
      Effect.catchTag("Throttled", (e) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          const cached = described.get(arn)
          return cached !== undefined && now - cached.at < DescribeCacheMs
            ? Effect.succeed(cached.description)
            : Effect.fail(e)
        })
      )
    )

  type Listed = { readonly item?: P.ResourceDescription; readonly unavailable?: P.ResourceArn }

  const listed = (input: P.ListInput, raw: Raw, operation: string): Effect.Effect<Listed, P.PersonalizeError> => {
    const spec = kindSpecs[input.kind]
    const arn = raw[spec.arnKey]
    if (spec.describeListed && typeof arn === "string")
      return describe(input.kind, arn as P.ResourceArn).pipe(
        Effect.map((item): Listed => ({ item })),
        // Deleted between List and Describe: not there any more.
        Effect.catchTag("ResourceNotFound", () => Effect.succeed<Listed>({})),
        Effect.catchTag("Throttled", () => Effect.succeed<Listed>({ unavailable: arn as P.ResourceArn }))
      )
    return toDescription(input.kind, raw, operation).pipe(
      // Summaries omit the parent; the caller asked by it.
      Effect.map(
        (d): Listed => ({
          item: d.parentArn === undefined && input.parentArn !== undefined ? { ...d, parentArn: input.parentArn } : d
        })
      )
    )
  }

  return P.Personalize.of({
    create: (input) => {
      const { arnKey, command } = createCommand(input)
      const operation = `Create${input.kind}`
      return send(operation, input.kind, command, regionOf(parentOfCreate(input))).pipe(
        Effect.flatMap((response) =>
          typeof response[arnKey] === "string"
            ? Effect.succeed(response[arnKey] as P.ResourceArn)
            : Effect.fail(
                new P.PersonalizeFailure({ operation, exception: "DecodeError", message: `response has no ${arnKey}` })
              )
        )
      )
    },
    describe,
    list: (input) => {
      const spec = kindSpecs[input.kind]
      const operation = `List${input.kind}s`
      const request = withoutUndefined({
        maxResults: input.maxResults,
        nextToken: input.nextToken,
        ...(spec.listParentKey === undefined || input.parentArn === undefined
          ? {}
          : { [spec.listParentKey]: input.parentArn })
      })
      const region = input.parentArn === undefined ? input.region : regionOf(input.parentArn)
      return send(operation, input.kind, spec.list(request), region).pipe(
        Effect.flatMap((response) => {
          const items = Array.isArray(response[spec.listKey]) ? (response[spec.listKey] as ReadonlyArray<Raw>) : []
          return Effect.forEach(items, (raw) => listed(input, raw, operation), { concurrency: 4 }).pipe(
            Effect.map((rows): P.ResourcePage => {
              const unavailable = rows.flatMap((r) => (r.unavailable === undefined ? [] : [r.unavailable]))
              return {
                items: rows.flatMap((r) => (r.item === undefined ? [] : [r.item])),
                ...(typeof response.nextToken === "string" ? { nextToken: response.nextToken } : {}),
                ...(unavailable.length > 0 ? { unavailable } : {})
              }
            })
          )
        })
      )
    },
    update: (input) =>
      Effect.asVoid(send(`Update${input.kind}`, input.kind, updateCommand(input), regionOf(input.arn), input.arn)),
    delete: (kind, arn) => {
      const spec = kindSpecs[kind]
      if (spec.remove === undefined)
        return Effect.fail(new P.InvalidInput({ kind, field: "kind", message: `${kind} cannot be deleted` }))
      return Effect.asVoid(send(`Delete${kind}`, kind, spec.remove({ [spec.arnKey]: arn }), regionOf(arn), arn))
    },
    stop: (kind, arn) =>
      Effect.asVoid(
        kind === "SolutionVersion"
          ? send(
              "StopSolutionVersionCreation",
              kind,
              new StopSolutionVersionCreationCommand({ solutionVersionArn: arn }),
              regionOf(arn),
              arn
            )
          : send("StopRecommender", kind, new StopRecommenderCommand({ recommenderArn: arn }), regionOf(arn), arn)
      ),
    start: (kind, arn) =>
      Effect.asVoid(
        send("StartRecommender", kind, new StartRecommenderCommand({ recommenderArn: arn }), regionOf(arn), arn)
      )
  })
}

/** Client settings: the default region (for region-less calls), plus the shared endpoint/credential options. */
export interface AwsPersonalizeOptions extends AwsClientOptions {
  /** The region of calls that name none (creates without a parent, lists without a region); else the SDK's default. */
  readonly region?: string
}

/** The Personalize port on AWS: one client per region, built on first use and kept for the layer's life. */
export const layerAwsPersonalize = (options: AwsPersonalizeOptions = {}): Layer.Layer<P.Personalize> =>
  Layer.sync(P.Personalize, () => {
    const regional = regionalClients((region) => new PersonalizeClient(clientConfig(region, options)))
    let fallback: PersonalizeClient | undefined
    return makeAwsPersonalize((region) => {
      const wanted = region ?? options.region
      if (wanted !== undefined) return regional(wanted)
      if (fallback === undefined) {
        // No region named anywhere: the SDK's own resolution (AWS_REGION, the profile).
        const { region: _unnamed, ...settings } = clientConfig("", options)
        fallback = new PersonalizeClient(settings)
      }
      return fallback
    })
  })
