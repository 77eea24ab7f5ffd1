// SDK responses → the port's descriptions: one decoder for every kind, driven by `kindSpecs`.
import { Personalize as P } from "@personalize-ops/core"
import { Effect, Schema } from "effect"
import { kindSpecs, type Raw } from "./kindSpecs.ts"

const RawObject = Schema.Record(Schema.String, Schema.Unknown)
export const decodeRaw = Schema.decodeUnknownOption(RawObject)

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
  const parentArn = P.parentArnIn(kind, raw)
  const update = spec.latestUpdateKey === undefined ? undefined : (raw[spec.latestUpdateKey] as Raw | undefined)
  const updateStatus = typeof update?.status === "string" ? P.normaliseStatus(update.status) : undefined
  return Effect.succeed({
    kind,
    name,
    arn: arn as P.ResourceArn,
    status: P.kindTraits[kind].hasStatus ? (status ?? "ACTIVE") : undefined,
    ...(typeof raw.failureReason === "string" ? { failureReason: raw.failureReason } : {}),
    ...(parentArn === undefined ? {} : { parentArn }),
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
