// Lambda entry point (bundle this file alone): Segment's direct Lambda destination → PutEvents.
import { layerIngestionAws } from "./layerIngestionAws.ts"
import { makeSegmentHandler } from "./makeSegmentHandler.ts"

/** The Segment destination handler: one event per invocation. */
export const handler = makeSegmentHandler(layerIngestionAws)

// Build the runtime in Lambda's init phase: the settings are decoded and validated before the first
// event arrives, and a bad setting fails the cold start with a SettingsError naming the variable.
await handler.init()
