import { Personalize as P } from "@personalize-ops/core"
import { Effect, type Option } from "effect"
import { statusAt, type Timelines } from "../timelines.ts"
import type { Quotas } from "../timings.ts"
import { type Entry, type NewEntry, statusOf, type TwinStore } from "../twinStore.ts"

/** What every rule reads: the store, the seeded timelines, quotas, the ARN scope and the data reader. */
export interface TwinState {
  readonly store: TwinStore
  readonly timelines: Timelines
  readonly quotas: Quotas
  readonly scope: P.ArnScope
  readonly dataSource: Option.Option<P.DataSource["Service"]>
}

/** The create request of one kind (batch jobs share one request shape). */
export type CreateOf<K extends P.ResourceKind> = P.CreateInput extends infer I
  ? I extends { readonly kind: infer L }
    ? K extends L
      ? I & { readonly kind: K }
      : never
    : never
  : never

/** The update request of one updatable kind. */
export type UpdateOf<K extends P.ResourceKind> = Extract<P.UpdateInput, { readonly kind: K }>

export type UpdatableKind = P.UpdateInput["kind"]

/**
 * The rules of one kind. `create` checks a CreateX request and inserts the entry; `update` checks an
 * UpdateX request and returns the fields the update applies once ACTIVE; `deleteGuard` says why the
 * resource cannot be deleted yet (children, work in progress).
 */
export interface KindRules<K extends P.ResourceKind> {
  readonly create: (input: CreateOf<K>, twin: TwinState, now: number) => Effect.Effect<Entry, P.PersonalizeError>
  readonly update?: K extends UpdatableKind
    ? (
        input: UpdateOf<K>,
        entry: Entry,
        twin: TwinState,
        now: number
      ) => Effect.Effect<Record<string, unknown>, P.PersonalizeError>
    : never
  readonly deleteGuard?: (entry: Entry, twin: TwinState, now: number) => Effect.Effect<void, P.PersonalizeError>
}

export const inFlight = (status: P.Status): boolean => !P.isTerminal(status)

/**
 * Builds an error without capturing a stack trace (as effect's own SchemaError does). The twin answers
 * errors on hot paths (an apply retrying against an in-flight quota asks thousands of times) and the
 * stack capture dominated; callers read the tag and the message, never the twin's stack.
 */
export const quietly = <E>(make: () => E): E => {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return make()
  } finally {
    Error.stackTraceLimit = limit
  }
}

/** The errors answered lately, by tag and fields: an error is an immutable value, so one answer serves them all. */
const answered = new Map<string, P.PersonalizeError>()

/**
 * The error with these fields, built once: a call retried against a quota or an in-flight training gets the
 * same answer many times, and building a Schema class validates its fields each time. Bounded: the map
 * is emptied when it grows past a few hundred answers.
 */
const reused = <E extends P.PersonalizeError>(key: string, make: () => E): Effect.Effect<never, E> => {
  let error = answered.get(key) as E | undefined
  if (error === undefined) {
    if (answered.size >= 512) answered.clear()
    error = quietly(make)
    answered.set(key, error)
  }
  return Effect.fail(error)
}

export const invalid = (kind: P.ResourceKind, field: string, message: string) =>
  reused(`InvalidInput\0${kind}\0${field}\0${message}`, () => new P.InvalidInput({ kind, field, message }))

export const limit = (kind: P.ResourceKind, message: string) =>
  reused(`LimitExceeded\0${kind}\0${message}`, () => new P.LimitExceeded({ kind, message }))

export const inUse = (entry: Entry, message: string) =>
  reused(
    `ResourceInUse\0${entry.kind}\0${entry.arn}\0${message}`,
    () => new P.ResourceInUse({ kind: entry.kind, arn: entry.arn, message })
  )

export const throttled = (operation: string) =>
  reused(`Throttled\0${operation}`, () => new P.Throttled({ operation, message: "Rate exceeded" }))

export const alreadyExists = (kind: P.ResourceKind, arn: string, message: string) =>
  reused(
    `ResourceAlreadyExists\0${kind}\0${arn}\0${message}`,
    () => new P.ResourceAlreadyExists({ kind, arn, message })
  )

export const notFound = (kind: string, arn: string) =>
  reused(
    `ResourceNotFound\0${kind}\0${arn}`,
    () => new P.ResourceNotFound({ kind, arn, message: `Could not find resource ${arn}` })
  )

/** The live entry of that kind behind the ARN, if any. */
export const liveEntry = (store: TwinStore, kind: P.ResourceKind, arn: string, now: number): Entry | undefined => {
  const entry = store.lookup(arn, now)
  return entry?.kind === kind ? entry : undefined
}

/** The live entry of that kind behind the ARN, or ResourceNotFound. */
export const find = (store: TwinStore, kind: P.ResourceKind, arn: string, now: number) => {
  const entry = liveEntry(store, kind, arn, now)
  return entry === undefined ? notFound(kind, arn) : Effect.succeed(entry)
}

/** As `find`, and the resource must be ACTIVE (a parent that is not yet is an InvalidInput on `field`). */
export const findActive = (store: TwinStore, kind: P.ResourceKind, arn: string, now: number, field: string) => {
  const entry = liveEntry(store, kind, arn, now)
  if (entry === undefined) return notFound(kind, arn)
  const status = statusOf(entry, now)
  return status === "ACTIVE"
    ? Effect.succeed(entry)
    : invalid(kind, field, `${kind} ${arn} is in ${status} state; it must be ACTIVE`)
}

/** The name is valid and not taken by a live resource of the kind (within the solution for versions). */
export const checkName = (
  store: TwinStore,
  kind: P.ResourceKind,
  name: string,
  now: number,
  parentArn?: string
): Effect.Effect<void, P.PersonalizeError> => {
  const problem = P.nameProblem(name)
  if (problem !== undefined) return invalid(kind, "name", problem)
  const existing = store.named(kind, name, parentArn, now)
  return existing === undefined ? Effect.void : alreadyExists(kind, existing.arn, `${kind} ${name} already exists`)
}

/**
 * An empty or malformed role ARN is an InvalidInput on `roleArn` (aws-facts §1.1 RoleArn: min length 1 and
 * the IAM role pattern), the same at the port as on the wire: a request never goes out with an empty role.
 */
export const checkRoleArn = (kind: P.ResourceKind, roleArn: string, field = "roleArn") => {
  const problem = P.roleArnProblem(roleArn)
  return problem === undefined ? Effect.void : invalid(kind, field, problem)
}

/** A solution's versions back only what its recipe's type serves (USER_SEGMENTATION: batch segment jobs only). */
export const canServe = (solution: Entry, kind: P.ServingKind, field: string) => {
  const problem = P.servingProblem(solution.attributes.recipeArn as string | undefined, kind)
  return problem === undefined ? Effect.void : invalid(kind, field, problem)
}

/** The fields of the group's dataset of a type, as filters see them; undefined when the group has none. */
export const datasetFields = (
  store: TwinStore,
  groupArn: string,
  datasetType: string,
  now: number
): ReadonlyArray<P.FilterableField> | undefined => {
  const dataset = store.childrenOf(groupArn, "Dataset", now).find((d) => d.attributes.datasetType === datasetType)
  if (dataset === undefined) return undefined
  const schema = store.lookup(String(dataset.attributes.schemaArn), now)
  return P.filterableFields(schema?.avro ?? { fields: [] })
}

/** Resources of a kind that are PENDING or IN_PROGRESS (the in-flight quotas). */
export const countInFlight = (store: TwinStore, kind: P.ResourceKind, now: number): number =>
  store.countInFlight(kind, now)

/** ResourceInUse unless the entry is in one of the allowed statuses. */
export const requireStatus = (entry: Entry, now: number, allowed: ReadonlyArray<P.Status>) => {
  const status = statusOf(entry, now)
  return allowed.includes(status)
    ? Effect.void
    : inUse(entry, `${entry.kind} is in ${status} state; the operation needs ${allowed.join(" or ")}`)
}

/** ResourceInUse while an update of the entry is in flight. */
export const noUpdateInFlight = (entry: Entry, now: number) =>
  entry.update !== undefined && inFlight(statusAt(entry.update.timeline, now).status)
    ? inUse(entry, `${entry.kind} has an update in progress`)
    : Effect.void

/** The interactions a training run sees now, or undefined when some data is remote (unknown). */
export const trainingData = (
  store: TwinStore,
  groupArn: string,
  now: number
): ReadonlyArray<readonly [string, string]> | undefined => {
  const dataset = store.childrenOf(groupArn, "Dataset", now).find((d) => d.attributes.datasetType === "Interactions")
  if (dataset === undefined) return []
  let rows: Array<readonly [string, string]> = []
  for (const job of store.childrenOf(dataset.arn, "DatasetImportJob", now)) {
    if (statusOf(job, now) !== "ACTIVE") continue
    if (job.imported?.interactions === undefined) return undefined
    rows =
      job.attributes.importMode === "INCREMENTAL"
        ? [...rows, ...job.imported.interactions]
        : [...job.imported.interactions]
  }
  return rows
}

/** Inserts a new entry with its ARN built from the scope; the timeline defaults to the kind's create timeline. */
export const insert = (
  twin: TwinState,
  now: number,
  entry: {
    readonly kind: P.ResourceKind
    readonly name: string
    readonly path: string
    readonly parentArn: P.ResourceArn | undefined
    readonly attributes: Record<string, unknown>
    readonly timeline?: Entry["timeline"]
    readonly avro?: Entry["avro"]
    readonly imported?: Entry["imported"]
    readonly trainedOn?: number
  },
  byService = false
): Entry => {
  // Field by field (no rest or conditional spreads, which were most of a create's own cost), in the
  // order a snapshot writes them.
  const fields: { -readonly [K in keyof NewEntry]: NewEntry[K] } = {
    kind: entry.kind,
    name: entry.name,
    parentArn: entry.parentArn,
    attributes: entry.attributes,
    arn: P.formatArn(twin.scope, entry.kind, entry.path),
    createdAt: now,
    timeline: entry.timeline ?? twin.timelines.create(entry.kind, now)
  }
  if (entry.avro !== undefined) fields.avro = entry.avro
  if (entry.imported !== undefined) fields.imported = entry.imported
  if (entry.trainedOn !== undefined) fields.trainedOn = entry.trainedOn
  return twin.store.insert(fields, byService)
}
