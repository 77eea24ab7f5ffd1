import {
  type PersonalizeClient,
  StartRecommenderCommand,
  StopRecommenderCommand,
  StopSolutionVersionCreationCommand
} from "@aws-sdk/client-personalize"
import { Personalize as P } from "@personalize-ops/core"
import { Clock, Effect, Layer, Schema } from "effect"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import type { ClientsByRegion } from "../sdk/clients.ts"
import { PersonalizeClients } from "../sdk/PersonalizeClients.ts"
import { createCommand, updateCommand } from "./commands.ts"
import { decodeMember, decodeMembers, type Members, toDescription } from "./decode.ts"
import { type Call, deleteCommands, kindSpecs } from "./kindSpecs.ts"

/** How long a description may stand in for a throttled Describe (the monitor's 22-minute cache, from the seed). */
export const DescribeCacheMs = 22 * 60_000

/** The region a call goes to: the ARN's; `undefined` means the adapter's default client. */
const regionOf = (arn: string | undefined): string | undefined => (arn === undefined ? undefined : P.arnRegion(arn))

/** One SDK call of the port: the region's client, the one retry policy, exceptions as the port's errors. */
type Send = (
  operation: string,
  kind: P.ResourceKind,
  call: Call,
  region: string | undefined,
  arn?: string
) => Effect.Effect<Members, P.PersonalizeError>

const makeSend =
  (clients: ClientsByRegion<PersonalizeClient>): Send =>
  (operation, kind, call, region, arn) =>
    awsCall(operation, (abortSignal) => call(clients(region), { abortSignal })).pipe(
      retryThrottled(),
      Effect.mapError((e: AwsCallError) =>
        P.fromException(e.name, { operation, kind, message: e.detail, ...(arn === undefined ? {} : { arn }) })
      ),
      Effect.flatMap((response) => decodeMembers(operation)(response))
    )

/** The summaries of a ListX page (absent: none). */
const Summaries = Schema.UndefinedOr(Schema.Array(Schema.Record(Schema.String, Schema.Unknown)))
const NextToken = Schema.UndefinedOr(Schema.String)

/** Describe, answering a throttled call with the last description of the ARN younger than `DescribeCacheMs`. */
const describer = (send: Send): P.Personalize["Service"]["describe"] => {
  const described = new Map<string, { readonly at: number; readonly description: P.ResourceDescription }>()

  const describeOnce = (kind: P.ResourceKind, arn: P.ResourceArn) => {
    const spec = kindSpecs[kind]
    const operation = `Describe${kind}`
    return send(operation, kind, spec.describe(arn), regionOf(arn), arn).pipe(
      Effect.flatMap((response) => decodeMembers(operation)(response[spec.describeKey], spec.describeKey)),
      Effect.flatMap((raw) => toDescription(kind, raw, operation, [spec.describeKey]))
    )
  }

  return (kind, arn) =>
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
}

/** List one page; kinds whose summaries lack the compared fields are described item by item. */
const lister = (send: Send, describe: P.Personalize["Service"]["describe"]): P.Personalize["Service"]["list"] => {
  type Listed = { readonly item?: P.ResourceDescription; readonly unavailable?: P.ResourceArn }

  const listed = (
    input: P.ListInput,
    raw: Members,
    operation: string,
    path: ReadonlyArray<string | number>
  ): Effect.Effect<Listed, P.PersonalizeError> => {
    const spec = kindSpecs[input.kind]
    if (spec.describeListed)
      return decodeMember(P.ResourceArn, operation)(raw[spec.arnKey], ...path, spec.arnKey).pipe(
        Effect.flatMap((arn) =>
          describe(input.kind, arn).pipe(
            Effect.map((item): Listed => ({ item })),
            // Deleted between List and Describe: not there any more.
            Effect.catchTag("ResourceNotFound", () => Effect.succeed<Listed>({})),
            Effect.catchTag("Throttled", () => Effect.succeed<Listed>({ unavailable: arn }))
          )
        )
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

  return (input: P.ListInput) => {
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
        Effect.forEach(items, (raw, i) => listed(input, raw, operation, [spec.listKey, i]), { concurrency: 4 }).pipe(
          Effect.map((rows): P.ResourcePage => {
            const unavailable = rows.flatMap((r) => (r.unavailable === undefined ? [] : [r.unavailable]))
            return {
              items: rows.flatMap((r) => (r.item === undefined ? [] : [r.item])),
              ...(nextToken === undefined ? {} : { nextToken }),
              ...(unavailable.length > 0 ? { unavailable } : {})
            }
          })
        )
      )
    )
  }
}

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
export const makeAwsPersonalize = (clients: ClientsByRegion<PersonalizeClient>): P.Personalize["Service"] => {
  const send = makeSend(clients)
  const describe = describer(send)
  return P.Personalize.of({
    create: (input) => {
      const operation = `Create${input.kind}`
      return createCommand(input).pipe(
        Effect.flatMap(({ arnKey, call }) =>
          send(operation, input.kind, call, regionOf(P.parentArnIn(input.kind, input))).pipe(
            Effect.flatMap((response) => decodeMember(P.ResourceArn, operation)(response[arnKey], arnKey))
          )
        )
      )
    },
    describe,
    list: lister(send, describe),
    update: (input) =>
      updateCommand(input).pipe(
        Effect.flatMap((call) => send(`Update${input.kind}`, input.kind, call, regionOf(input.arn), input.arn)),
        Effect.asVoid
      ),
    delete: (kind, arn) => Effect.asVoid(send(`Delete${kind}`, kind, deleteCommands[kind](arn), regionOf(arn), arn)),
    stop: (kind, arn) =>
      Effect.asVoid(
        kind === "SolutionVersion"
          ? send(
              "StopSolutionVersionCreation",
              kind,
              (client, o) => client.send(new StopSolutionVersionCreationCommand({ solutionVersionArn: arn }), o),
              regionOf(arn),
              arn
            )
          : send(
              "StopRecommender",
              kind,
              (client, o) => client.send(new StopRecommenderCommand({ recommenderArn: arn }), o),
              regionOf(arn),
              arn
            )
      ),
    start: (kind, arn) =>
      Effect.asVoid(
        send(
          "StartRecommender",
          kind,
          (client, o) => client.send(new StartRecommenderCommand({ recommenderArn: arn }), o),
          regionOf(arn),
          arn
        )
      )
  })
}

/** The adapter's settings. */
export interface AwsPersonalizeOptions {
  /** The region of calls that name none (creates without a parent, lists without a region); else the client service's default. */
  readonly region?: string
}

/** The Personalize port on AWS, on the `PersonalizeClients` client service (one client per region, built on first use). */
export const layerAwsPersonalize = (
  options: AwsPersonalizeOptions = {}
): Layer.Layer<P.Personalize, never, PersonalizeClients> =>
  Layer.effect(
    P.Personalize,
    Effect.map(PersonalizeClients, (clients) => makeAwsPersonalize((region) => clients(region ?? options.region)))
  )
