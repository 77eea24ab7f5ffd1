// Lambda entry point (bundle this file alone): Segment's direct Lambda destination → PutEvents.
import { layerIngestionAws } from "./layerIngestionAws.ts"
import { makeSegmentHandler } from "./makeSegmentHandler.ts"

/** The Segment destination handler: one event per invocation. */
export const handler = makeSegmentHandler(layerIngestionAws)
