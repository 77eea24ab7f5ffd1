import type { Jobs, Kernel } from "@personalize-ops/core"
import type { APIGatewayProxyResultV2 } from "aws-lambda"
import { Effect, type Layer } from "effect"
import { makeLambdaHandler } from "../runtime.ts"
import { fromApiGatewayV2, toApiGatewayV2 } from "./apiGatewayV2.ts"
import { JobsSettings } from "./JobsSettings.ts"
import { makeJobsRouter } from "./router.ts"

/**
 * The dashboard Lambda handler (function URL or HTTP API, payload 2.0). It does no authentication:
 * put it behind an API Gateway JWT authorizer (then `JOBS_OPERATOR_GROUP` names the group actions
 * need) or the function URL's `AWS_IAM` auth type. Actions only on `JOBS_ACTION_QUEUES`' jobs.
 */
export const makeJobsHttpHandler = <E>(
  layer: Layer.Layer<JobsSettings | Kernel.EventStore | Jobs.JobReadModel | Jobs.BatchActions, E>
) => {
  const program = (event: unknown) =>
    Effect.gen(function* () {
      const settings = yield* JobsSettings
      const request = fromApiGatewayV2(event, settings.basePath, settings.groupsClaim)
      if (typeof request === "string") return { statusCode: 400, body: request } satisfies APIGatewayProxyResultV2
      const route = makeJobsRouter({
        rules: settings.rules,
        stuck: settings.stuck,
        basePath: settings.basePath,
        ...(settings.actionQueues === undefined ? {} : { actionQueues: settings.actionQueues }),
        ...(settings.operatorGroup === undefined ? {} : { operatorGroup: settings.operatorGroup })
      })
      return toApiGatewayV2(yield* route(request))
    })
  return makeLambdaHandler(layer, program)
}
