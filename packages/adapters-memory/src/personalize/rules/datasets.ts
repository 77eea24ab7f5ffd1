import { Config, Personalize as P } from "@personalize-ops/core"
import { Effect, Option } from "effect"
import { checkImport, type ImportCheck } from "../importCheck.ts"
import { type Entry, statusOf } from "../twinStore.ts"
import {
  alreadyExists,
  type CreateOf,
  checkName,
  checkRoleArn,
  countInFlight,
  find,
  findActive,
  inFlight,
  insert,
  inUse,
  invalid,
  type KindRules,
  limit,
  requireStatus,
  type TwinState,
  type UpdateOf
} from "./context.ts"

const createDatasetGroup = Effect.fnUntraced(function* (input: CreateOf<"DatasetGroup">, twin: TwinState, now: number) {
  yield* checkName(twin.store, "DatasetGroup", input.name, now)
  if (input.roleArn !== undefined) yield* checkRoleArn("DatasetGroup", input.roleArn)
  if (twin.store.countAlive("DatasetGroup", now) >= twin.quotas.datasetGroups)
    return yield* limit("DatasetGroup", `More than ${twin.quotas.datasetGroups} dataset groups in this region`)
  const attributes = {
    ...(input.domain === undefined ? {} : { domain: input.domain }),
    ...(input.roleArn === undefined ? {} : { roleArn: input.roleArn }),
    ...(input.kmsKeyArn === undefined ? {} : { kmsKeyArn: input.kmsKeyArn })
  }
  return insert(twin, now, {
    kind: "DatasetGroup",
    name: input.name,
    path: input.name,
    parentArn: undefined,
    attributes
  })
})

const deleteDatasetGroup = (entry: Entry, twin: TwinState, now: number) => {
  const blocking = (["Dataset", "EventTracker", "Solution", "Filter", "Recommender"] as const).filter(
    (k) => twin.store.countChildren(entry.arn, k, now) > 0
  )
  return blocking.length > 0
    ? inUse(entry, `delete the dataset group's ${blocking.join(", ")} resources first`)
    : Effect.void
}

const createSchema = Effect.fnUntraced(function* (input: CreateOf<"Schema">, twin: TwinState, now: number) {
  yield* checkName(twin.store, "Schema", input.name, now)
  const text = JSON.stringify(input.schema)
  // The shape rules every schema follows (the config validator's, from core): flat, allowed types, names.
  yield* schemaProblems("Schema", "schema", Config.checkAvroShape(input.schema))
  if (twin.store.countAlive("Schema", now) >= twin.quotas.schemas)
    return yield* limit("Schema", `More than ${twin.quotas.schemas} schemas`)
  const attributes = { schema: text, ...(input.domain === undefined ? {} : { domain: input.domain }) }
  return insert(twin, now, {
    kind: "Schema",
    name: input.name,
    path: input.name,
    parentArn: undefined,
    attributes,
    avro: input.schema
  })
})

/** The first of a schema's problems as an InvalidInput on `field` (the path inside the schema named). */
const schemaProblems = (kind: P.ResourceKind, field: string, problems: ReadonlyArray<Config.SchemaProblem>) => {
  const first = problems[0]
  if (first === undefined) return Effect.void
  const path = first.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")
  return invalid(kind, field, `Invalid schema${path === "" ? "" : ` at ${path.replace(/^\./, "")}`}: ${first.message}`)
}

/**
 * CreateDataset / UpdateDataset: the schema must follow the rules of the dataset type in the group's
 * domain (core's `checkDatasetSchema`, the validator's), and a domain schema goes with a group of its domain.
 */
const schemaFitsDataset = (schema: Entry, datasetType: Config.DatasetType, group: Entry) => {
  const schemaDomain = schema.attributes.domain as Config.Domain | undefined
  const groupDomain = group.attributes.domain as Config.Domain | undefined
  if (schemaDomain !== groupDomain)
    return invalid(
      "Dataset",
      "schemaArn",
      `the schema's domain (${schemaDomain ?? "none"}) differs from the dataset group's (${groupDomain ?? "none"})`
    )
  return schemaProblems(
    "Dataset",
    "schemaArn",
    Config.checkDatasetSchema(schema.avro as Config.AvroSchema, datasetType, groupDomain)
  )
}

const deleteSchema = (entry: Entry, twin: TwinState, now: number) =>
  twin.store.alive("Dataset", now).some((d) => d.attributes.schemaArn === entry.arn)
    ? inUse(entry, "a dataset uses this schema; delete it first")
    : Effect.void

const createDataset = Effect.fnUntraced(function* (input: CreateOf<"Dataset">, twin: TwinState, now: number) {
  yield* checkName(twin.store, "Dataset", input.name, now)
  const group = yield* findActive(twin.store, "DatasetGroup", input.datasetGroupArn, now, "datasetGroupArn")
  const schema = yield* find(twin.store, "Schema", input.schemaArn, now)
  yield* schemaFitsDataset(schema, input.datasetType, group)
  const path = P.datasetId(group.name, input.datasetType)
  const existing = twin.store.lookup(P.formatArn(twin.scope, "Dataset", path), now)
  if (existing !== undefined)
    return yield* alreadyExists("Dataset", existing.arn, `the dataset group already has a ${input.datasetType} dataset`)
  const attributes = {
    datasetType: input.datasetType,
    schemaArn: input.schemaArn,
    datasetGroupArn: input.datasetGroupArn
  }
  return insert(twin, now, { kind: "Dataset", name: input.name, path, parentArn: group.arn, attributes })
})

const updateDataset = Effect.fnUntraced(function* (
  input: UpdateOf<"Dataset">,
  entry: Entry,
  twin: TwinState,
  now: number
) {
  yield* requireStatus(entry, now, ["ACTIVE"])
  const schema = yield* find(twin.store, "Schema", input.schemaArn, now)
  const group = yield* find(twin.store, "DatasetGroup", String(entry.parentArn), now)
  yield* schemaFitsDataset(schema, entry.attributes.datasetType as Config.DatasetType, group)
  return { schemaArn: input.schemaArn } as Record<string, unknown>
})

const deleteDataset = (entry: Entry, twin: TwinState, now: number) => {
  const { store } = twin
  if (store.childrenOf(entry.arn, "DatasetImportJob", now).some((j) => inFlight(statusOf(j, now))))
    return inUse(entry, "an import job on this dataset is in progress")
  const training = store
    .childrenOf(String(entry.parentArn), "Solution", now)
    .some((s) => store.childrenOf(s.arn, "SolutionVersion", now).some((v) => inFlight(statusOf(v, now))))
  return training ? inUse(entry, "a solution version of this dataset group is in progress") : Effect.void
}

/** What the import will find: unknown for remote data, a failure for a missing location, else the CSV check. */
const importCheck = Effect.fnUntraced(function* (
  input: CreateOf<"DatasetImportJob">,
  dataset: Entry,
  twin: TwinState,
  now: number
) {
  const schema = yield* find(twin.store, "Schema", String(dataset.attributes.schemaArn), now)
  const data: P.DataObject = Option.isSome(twin.dataSource)
    ? yield* twin.dataSource.value.read(input.dataLocation)
    : { _tag: "Remote" }
  if (data._tag === "Remote") return undefined
  if (data._tag === "Missing")
    return { _tag: "Failed", failureReason: `Input data location ${input.dataLocation} does not exist.` } as ImportCheck
  return checkImport(data.files, schema.avro as Config.AvroSchema, dataset.attributes.datasetType as Config.DatasetType)
})

const createDatasetImportJob = Effect.fnUntraced(function* (
  input: CreateOf<"DatasetImportJob">,
  twin: TwinState,
  now: number
) {
  const { store, quotas } = twin
  yield* checkName(store, "DatasetImportJob", input.name, now)
  const dataset = yield* findActive(store, "Dataset", input.datasetArn, now, "datasetArn")
  if (input.roleArn !== undefined) yield* checkRoleArn("DatasetImportJob", input.roleArn)
  if (!/^(s3|http|https):\/\/.+/.test(input.dataLocation) && Option.isNone(twin.dataSource))
    return yield* invalid("DatasetImportJob", "dataSource.dataLocation", "dataLocation must match (s3|http|https)://.+")
  const jobs = store.childrenOf(dataset.arn, "DatasetImportJob", now)
  if (input.importMode === "INCREMENTAL" && !jobs.some((j) => statusOf(j, now) === "ACTIVE"))
    return yield* invalid(
      "DatasetImportJob",
      "importMode",
      "INCREMENTAL import needs an earlier bulk import; use FULL for the first import"
    )
  if (jobs.some((j) => inFlight(statusOf(j, now))))
    return yield* inUse(dataset, "the dataset has an import job in progress")
  if (countInFlight(store, "DatasetImportJob", now) >= quotas.pendingImportJobs)
    return yield* limit(
      "DatasetImportJob",
      `More than ${quotas.pendingImportJobs} resources with PENDING or IN_PROGRESS status.`
    )
  const check = yield* importCheck(input, dataset, twin, now)
  const attributes = {
    datasetArn: input.datasetArn,
    dataLocation: input.dataLocation,
    importMode: input.importMode,
    ...(input.roleArn === undefined ? {} : { roleArn: input.roleArn })
  }
  return insert(twin, now, {
    kind: "DatasetImportJob",
    name: input.name,
    path: input.name,
    parentArn: dataset.arn,
    attributes,
    timeline: twin.timelines.create(
      "DatasetImportJob",
      now,
      check?._tag === "Failed" ? check.failureReason : undefined
    ),
    ...(check?._tag === "Ok" ? { imported: check.data } : {})
  })
})

export const datasetGroupRules: KindRules<"DatasetGroup"> = {
  create: createDatasetGroup,
  deleteGuard: deleteDatasetGroup
}
export const schemaRules: KindRules<"Schema"> = { create: createSchema, deleteGuard: deleteSchema }
export const datasetRules: KindRules<"Dataset"> = {
  create: createDataset,
  update: updateDataset,
  deleteGuard: deleteDataset
}
export const datasetImportJobRules: KindRules<"DatasetImportJob"> = { create: createDatasetImportJob }
