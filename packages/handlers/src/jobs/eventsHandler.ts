// Lambda entry point (bundle this file alone): EventBridge `Batch Job State Change` → job streams + read model.
import { layerEventStoreAws } from "../eventStore.ts"
import { layerJobsEventsAws } from "./layerJobsEventsAws.ts"
import { makeJobsEventsHandler } from "./makeJobsEventsHandler.ts"

/** The EventBridge handler; rule pattern `{"source":["aws.batch"],"detail-type":["Batch Job State Change"]}`. */
export const handler = makeJobsEventsHandler(layerJobsEventsAws(layerEventStoreAws))

// Build the runtime in Lambda's init phase, so a bad setting (JOBS_TABLE, EVENT_STORE_TABLE, JOBS_RULES)
// fails the cold start with a SettingsError naming the variable rather than the first event.
await handler.init()
