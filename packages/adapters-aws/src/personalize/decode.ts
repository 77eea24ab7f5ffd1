// SDK responses → the port's descriptions: decoded with Schema, one decoder for every kind, driven by
// `kindSpecs`. A response that is not the documented shape fails as `PersonalizeFailure` ("DecodeError")
// naming the member, e.g. `campaign.latestCampaignUpdate.status: Expected string, got 3`.
import { Input, Personalize as P } from "@personalize-ops/core"
import { Effect, Result, Schema } from "effect"
import { kindSpecs } from "./kindSpecs.ts"

const opt = Schema.optionalKey

/** A response object, or one resource inside it. */
const Members = Schema.Record(Schema.String, Schema.Unknown)
export type Members = typeof Members.Type

/** A timestamp as the SDK hands it over (a Date), or epoch seconds / ISO text from other encoders. */
const Time = Schema.Union([Schema.Date, Schema.Number, Schema.String])

const epoch = (v: typeof Time.Type | undefined): number =>
  v === undefined ? 0 : v instanceof Date ? v.getTime() : typeof v === "number" ? v * 1000 : Date.parse(v)

/** The members every kind's resource may carry under the same names. */
const Common = Schema.Struct({
  status: opt(Schema.String),
  failureReason: opt(Schema.String),
  dataSource: opt(Schema.Struct({ dataLocation: opt(Schema.String) })),
  creationDateTime: opt(Time),
  lastUpdatedDateTime: opt(Time)
})

/** `latestCampaignUpdate`, `latestSolutionUpdate`, `latestRecommenderUpdate`. */
const LatestUpdate = Schema.Struct({
  status: opt(Schema.String),
  lastUpdatedDateTime: opt(Time),
  failureReason: opt(Schema.String),
  solutionVersionArn: opt(P.ResourceArn),
  minProvisionedTPS: opt(Schema.Number)
})

const decodeFailure = (operation: string, message: string) =>
  new P.PersonalizeFailure({ operation, exception: "DecodeError", message })

/** Decodes `value` (found at `path` of the response) with `schema`; a mismatch names the path. */
export const decodeMember =
  <S extends Schema.ConstraintDecoder<unknown>>(schema: S, operation: string) =>
  (value: unknown, ...path: ReadonlyArray<string | number>): Effect.Effect<S["Type"], P.PersonalizeFailure> => {
    const decoded = Input.decodeWithIssues(schema, { at: path })(value)
    return Result.isSuccess(decoded)
      ? Effect.succeed(decoded.success)
      : Effect.fail(decodeFailure(operation, Input.showInputIssues(decoded.failure.issues)))
  }

/** A response (or a resource in it) as an object of members. */
export const decodeMembers = (operation: string) => decodeMember(Members, operation)

const statusOf = (raw: string | undefined, arn: string, operation: string) => {
  if (raw === undefined) return Effect.succeed(undefined)
  const status = P.normaliseStatus(raw)
  return status === undefined
    ? Effect.fail(decodeFailure(operation, `unknown status "${raw}" of ${arn}`))
    : Effect.succeed(status)
}

/**
 * Turns one SDK resource object (at `path` of the response) into the port's description; names the
 * member that is missing or mistyped.
 */
export const toDescription = (
  kind: P.ResourceKind,
  raw: Members,
  operation: string,
  path: ReadonlyArray<string | number>
): Effect.Effect<P.ResourceDescription, P.PersonalizeError> =>
  Effect.gen(function* () {
    const spec = kindSpecs[kind]
    const arn = yield* decodeMember(P.ResourceArn, operation)(raw[spec.arnKey], ...path, spec.arnKey)
    const rawName = yield* decodeMember(Schema.UndefinedOr(Schema.String), operation)(
      raw[spec.nameKey],
      ...path,
      spec.nameKey
    )
    const common = yield* decodeMember(Common, operation)(raw, ...path)
    const update =
      spec.latestUpdateKey === undefined
        ? undefined
        : yield* decodeMember(Schema.UndefinedOr(LatestUpdate), operation)(
            raw[spec.latestUpdateKey],
            ...path,
            spec.latestUpdateKey
          )
    const status = yield* statusOf(common.status, arn, operation)
    const updateStatus = yield* statusOf(update?.status, arn, operation)
    const attributes: Record<string, unknown> = {}
    for (const key of spec.attributes) if (raw[key] !== undefined) attributes[key] = raw[key]
    if (common.dataSource?.dataLocation !== undefined) attributes.dataLocation = common.dataSource.dataLocation
    const parentArn = P.parentArnIn(kind, raw)
    return {
      kind,
      // Solution version summaries carry no name; the version id is the last ARN segment.
      name: rawName ?? P.parseArn(arn)?.name ?? arn,
      arn,
      status: P.kindTraits[kind].hasStatus ? (status ?? "ACTIVE") : undefined,
      ...(common.failureReason === undefined ? {} : { failureReason: common.failureReason }),
      ...(parentArn === undefined ? {} : { parentArn }),
      attributes,
      ...(update === undefined || updateStatus === undefined
        ? {}
        : {
            latestUpdate: {
              status: updateStatus,
              lastUpdatedDateTime: epoch(update.lastUpdatedDateTime),
              ...(update.failureReason === undefined ? {} : { failureReason: update.failureReason }),
              ...(update.solutionVersionArn === undefined ? {} : { solutionVersionArn: update.solutionVersionArn }),
              ...(update.minProvisionedTPS === undefined ? {} : { minProvisionedTPS: update.minProvisionedTPS })
            }
          }),
      creationDateTime: epoch(common.creationDateTime),
      lastUpdatedDateTime: epoch(common.lastUpdatedDateTime)
    }
  })
