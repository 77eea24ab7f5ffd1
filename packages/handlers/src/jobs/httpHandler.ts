// Lambda entry point (bundle this file alone): the jobs dashboard and JSON API (function URL / HTTP API, payload 2.0).
import { layerEventStoreAws } from "../eventStore.ts"
import { layerJobsAws } from "./layerJobsAws.ts"
import { makeJobsHttpHandler } from "./makeJobsHttpHandler.ts"

/** The HTTP handler. It does no authentication: use the function URL's AWS_IAM auth or an API Gateway authorizer. */
export const handler = makeJobsHttpHandler(layerJobsAws(layerEventStoreAws))

await handler.init()
