import { GetSolutionMetricsCommand, type PersonalizeClient } from "@aws-sdk/client-personalize"
import { Maintenance, Personalize as P } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"
import { PersonalizeClients } from "../sdk/PersonalizeClients.ts"

/** GetSolutionMetrics through the SDK: a version's offline metrics; errors mapped like every Personalize call. */
export const makeAwsSolutionMetrics = (client: PersonalizeClient): Maintenance.SolutionMetricsSource["Service"] =>
  Maintenance.SolutionMetricsSource.of({
    get: (arn) =>
      awsCall("GetSolutionMetrics", (abortSignal) =>
        client.send(new GetSolutionMetricsCommand({ solutionVersionArn: arn }), { abortSignal })
      ).pipe(
        retryThrottled(),
        Effect.mapError((e: AwsCallError) =>
          P.fromException(e.name, { operation: "GetSolutionMetrics", kind: "SolutionVersion", message: e.detail, arn })
        ),
        Effect.map((out) => {
          const metrics: { [k: string]: number } = {}
          for (const [k, v] of Object.entries(out.metrics ?? {})) if (typeof v === "number") metrics[k] = v
          return metrics
        })
      )
  })

/** The SolutionMetricsSource port on the `PersonalizeClients` client service, with the client of `region` (default: the service's). */
export const layerAwsSolutionMetrics = (
  region?: string
): Layer.Layer<Maintenance.SolutionMetricsSource, never, PersonalizeClients> =>
  Layer.effect(
    Maintenance.SolutionMetricsSource,
    Effect.map(PersonalizeClients, (clients) => makeAwsSolutionMetrics(clients(region)))
  )
