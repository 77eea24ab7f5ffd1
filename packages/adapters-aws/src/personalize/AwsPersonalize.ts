import {
  type PersonalizeClient,
  StartRecommenderCommand,
  StopRecommenderCommand,
  StopSolutionVersionCreationCommand
} from "@aws-sdk/client-personalize"
import { Personalize as P } from "@personalize-ops/core"
import { Clock, Effect, Layer } from "effect"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import type { ClientsByRegion } from "../sdk/clients.ts"
import { PersonalizeClients } from "../sdk/PersonalizeClients.ts"
import { createCommand, updateCommand, withoutUndefined } from "./commands.ts"
import { decodeRaw, toDescription } from "./decode.ts"
import { deleteCommands, kindSpecs, type Raw, type Sender } from "./kindSpecs.ts"

/** How long a description may stand in for a throttled Describe (the monitor's 22-minute cache, from the seed). */
export const DescribeCacheMs = 22 * 60_000

/** The region a call goes to: the ARN's; `undefined` means the adapter's default client. */
const regionOf = (arn: string | undefined): string | undefined => (arn === undefined ? undefined : P.arnRegion(arn))

/** One SDK call of the port: the region's client, the one retry policy, exceptions as the port's errors. */
type Send = (
  operation: string,
  kind: P.ResourceKind,
  command: unknown,
  region: string | undefined,
  arn?: string
) => Effect.Effect<Raw, P.PersonalizeError>

const makeSend =
  (clients: ClientsByRegion<PersonalizeClient>): Send =>
  (operation, kind, command, region, arn) =>
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

/** Describe, answering a throttled call with the last description of the ARN younger than `DescribeCacheMs`. */
const describer = (send: Send): P.Personalize["Service"]["describe"] => {
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

  return (input: P.ListInput) => {
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
      const { arnKey, command } = createCommand(input)
      const operation = `Create${input.kind}`
      return send(operation, input.kind, command, regionOf(P.parentArnIn(input.kind, input))).pipe(
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
    list: lister(send, describe),
    update: (input) =>
      Effect.asVoid(send(`Update${input.kind}`, input.kind, updateCommand(input), regionOf(input.arn), input.arn)),
    delete: (kind, arn) =>
      Effect.asVoid(
        send(`Delete${kind}`, kind, deleteCommands[kind]({ [kindSpecs[kind].arnKey]: arn }), regionOf(arn), arn)
      ),
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
