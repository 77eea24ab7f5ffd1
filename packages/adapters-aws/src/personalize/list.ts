import { Personalize as P } from "@personalize-ops/core"
import { Effect, Schema } from "effect"
import { decodeMember, type Members, toDescription } from "./decode.ts"
import { kindSpecs } from "./kindSpecs.ts"
import { regionOf, type Send } from "./send.ts"

/** The summaries of a ListX page (absent: none). */
const Summaries = Schema.UndefinedOr(Schema.Array(Schema.Record(Schema.String, Schema.Unknown)))
const NextToken = Schema.UndefinedOr(Schema.String)

/** What one listed summary gives: a description, nothing (deleted meanwhile) or an ARN that could not be described. */
interface Listed {
  readonly item?: P.ResourceDescription
  readonly unavailable?: P.ResourceArn
}

/** A listed resource of a kind whose summaries lack the compared fields, described. */
const describeListed = (
  describe: P.Personalize["Service"]["describe"],
  kind: P.ResourceKind,
  arn: P.ResourceArn
): Effect.Effect<Listed, P.PersonalizeError> =>
  describe(kind, arn).pipe(
    Effect.map((item): Listed => ({ item })),
    // Deleted between List and Describe: not there any more.
    Effect.catchTag("ResourceNotFound", () => Effect.succeed<Listed>({})),
    Effect.catchTag("Throttled", () => Effect.succeed<Listed>({ unavailable: arn }))
  )

/** One summary of a page, at `path` in the response: decoded, or described when its kind's summaries fall short. */
const listed = (
  describe: P.Personalize["Service"]["describe"],
  input: P.ListInput,
  raw: Members,
  operation: string,
  path: ReadonlyArray<string | number>
): Effect.Effect<Listed, P.PersonalizeError> => {
  const spec = kindSpecs[input.kind]
  if (spec.describeListed)
    return decodeMember(P.ResourceArn, operation)(raw[spec.arnKey], ...path, spec.arnKey).pipe(
      Effect.flatMap((arn) => describeListed(describe, input.kind, arn))
    )
  return toDescription(input.kind, raw, operation, path).pipe(
    // Summaries omit the parent; the caller asked by it.
    Effect.map(
      (d): Listed => ({
        item: d.parentArn === undefined && input.parentArn !== undefined ? { ...d, parentArn: input.parentArn } : d
      })
    )
  )
}

/** The port's page of the listed rows. */
const pageOf = (rows: ReadonlyArray<Listed>, nextToken: string | undefined): P.ResourcePage => {
  const unavailable = rows.flatMap((r) => (r.unavailable === undefined ? [] : [r.unavailable]))
  return {
    items: rows.flatMap((r) => (r.item === undefined ? [] : [r.item])),
    ...(nextToken === undefined ? {} : { nextToken }),
    ...(unavailable.length > 0 ? { unavailable } : {})
  }
}

/** List one page; kinds whose summaries lack the compared fields are described item by item. */
export const listPage = (
  send: Send,
  describe: P.Personalize["Service"]["describe"],
  input: P.ListInput
): Effect.Effect<P.ResourcePage, P.PersonalizeError> => {
  const spec = kindSpecs[input.kind]
  const operation = `List${input.kind}s`
  const page = { maxResults: input.maxResults, nextToken: input.nextToken }
  const parent =
    spec.listParentKey === undefined || input.parentArn === undefined ? {} : { [spec.listParentKey]: input.parentArn }
  const region = input.parentArn === undefined ? input.region : regionOf(input.parentArn)
  return send(operation, input.kind, spec.list(page, parent), region).pipe(
    Effect.flatMap((response) =>
      Effect.all([
        decodeMember(Summaries, operation)(response[spec.listKey], spec.listKey),
        decodeMember(NextToken, operation)(response.nextToken, "nextToken")
      ])
    ),
    Effect.flatMap(([items = [], nextToken]) =>
      Effect.forEach(items, (raw, i) => listed(describe, input, raw, operation, [spec.listKey, i]), {
        concurrency: 4
      }).pipe(Effect.map((rows) => pageOf(rows, nextToken)))
    )
  )
}
