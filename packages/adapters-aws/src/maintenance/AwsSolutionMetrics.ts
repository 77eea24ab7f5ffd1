import { GetSolutionMetricsCommand, PersonalizeClient, type PersonalizeClientConfig } from "@aws-sdk/client-personalize"
import { Maintenance, Personalize as P } from "@personalize-ops/core"
import { Effect, Layer } from "effect"
import { type AwsCallError, awsCall, retryThrottled } from "../sdk/AwsCall.ts"

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

/** The SolutionMetricsSource port on `@aws-sdk/client-personalize` (one SDK attempt: `retryThrottled` retries). */
export const layerAwsSolutionMetrics = (
  config: PersonalizeClientConfig = {}
): Layer.Layer<Maintenance.SolutionMetricsSource> =>
  Layer.sync(Maintenance.SolutionMetricsSource, () =>
    makeAwsSolutionMetrics(new PersonalizeClient({ maxAttempts: 1, ...config }))
  )
