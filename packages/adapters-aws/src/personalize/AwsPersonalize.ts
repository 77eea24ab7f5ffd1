import {
  type PersonalizeClient,
  StartRecommenderCommand,
  StopRecommenderCommand,
  StopSolutionVersionCreationCommand
} from "@aws-sdk/client-personalize"
import { Personalize as P } from "@personalize-ops/core"
import { Clock, Effect, Layer } from "effect"
import type { ClientsByRegion } from "../sdk/clients.ts"
import { PersonalizeClients } from "../sdk/PersonalizeClients.ts"
import { createCommand, updateCommand } from "./commands.ts"
import { decodeMember, decodeMembers, toDescription } from "./decode.ts"
import { deleteCommands, kindSpecs } from "./kindSpecs.ts"
import { listPage } from "./list.ts"
import { makeSend, regionOf, type Send } from "./send.ts"

/** How long a description may stand in for a throttled Describe (the monitor's 22-minute cache, from the seed). */
export const DescribeCacheMs = 22 * 60_000

/** Describe once, decoded. */
const describeOnce = (send: Send, kind: P.ResourceKind, arn: P.ResourceArn) => {
  const spec = kindSpecs[kind]
  const operation = `Describe${kind}`
  return send(operation, kind, spec.describe(arn), regionOf(arn), arn).pipe(
    Effect.flatMap((response) => decodeMembers(operation)(response[spec.describeKey], spec.describeKey)),
    Effect.flatMap((raw) => toDescription(kind, raw, operation, [spec.describeKey]))
  )
}

/** The last description of each ARN, with when it was read. */
type Described = Map<string, { readonly at: number; readonly description: P.ResourceDescription }>

/** Keeps a description of `arn`, stamped with the clock's time. */
const remember = (described: Described, arn: P.ResourceArn) => (description: P.ResourceDescription) =>
  Effect.map(Clock.currentTimeMillis, (at) => {
    described.set(arn, { at, description })
  })

/** Answers a throttled Describe with the last description of `arn` younger than `DescribeCacheMs`, else fails with it. */
const recentOr = (described: Described, arn: P.ResourceArn) => (e: P.Throttled) =>
  Effect.flatMap(Clock.currentTimeMillis, (now) => {
    const cached = described.get(arn)
    return cached !== undefined && now - cached.at < DescribeCacheMs
      ? Effect.succeed(cached.description)
      : Effect.fail(e)
  })

/** Describe, answering a throttled call with the last description of the ARN younger than `DescribeCacheMs`. */
const describer = (send: Send): P.Personalize["Service"]["describe"] => {
  const described: Described = new Map()
  return (kind, arn) =>
    describeOnce(send, kind, arn).pipe(
      Effect.tap(remember(described, arn)),
      Effect.catchTag("Throttled", recentOr(described, arn))
    )
}

/** Create, in the region of the resource's parent; the new resource's ARN. */
const createOne = (send: Send, input: P.CreateInput) => {
  const operation = `Create${input.kind}`
  return createCommand(input).pipe(
    Effect.flatMap(({ arnKey, call }) =>
      send(operation, input.kind, call, regionOf(P.parentArnIn(input.kind, input))).pipe(
        Effect.flatMap((response) => decodeMember(P.ResourceArn, operation)(response[arnKey], arnKey))
      )
    )
  )
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
    create: (input) => createOne(send, input),
    describe,
    list: (input) => listPage(send, describe, input),
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
