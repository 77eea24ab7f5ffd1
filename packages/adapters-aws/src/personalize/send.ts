import type { PersonalizeClient } from "@aws-sdk/client-personalize"
import { Personalize as P } from "@personalize-ops/core"
import { Effect } from "effect"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import type { ClientsByRegion } from "../sdk/clients.ts"
import { decodeMembers, type Members } from "./decode.ts"
import type { Call } from "./kindSpecs.ts"

/** The region a call goes to: the ARN's; `undefined` means the adapter's default client. */
export const regionOf = (arn: string | undefined): string | undefined =>
  arn === undefined ? undefined : P.arnRegion(arn)

/** One SDK call of the port: the region's client, the one retry policy, exceptions as the port's errors. */
export type Send = (
  operation: string,
  kind: P.ResourceKind,
  call: Call,
  region: string | undefined,
  arn?: string
) => Effect.Effect<Members, P.PersonalizeError>

export const makeSend =
  (clients: ClientsByRegion<PersonalizeClient>): Send =>
  (operation, kind, call, region, arn) =>
    awsCall(operation, (abortSignal) => call(clients(region), { abortSignal })).pipe(
      retryThrottled(),
      Effect.mapError((e: AwsCallError) =>
        P.fromException(e.name, { operation, kind, message: e.detail, ...(arn === undefined ? {} : { arn }) })
      ),
      Effect.flatMap((response) => decodeMembers(operation)(response))
    )
