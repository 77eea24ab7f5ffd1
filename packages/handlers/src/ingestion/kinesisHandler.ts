// Lambda entry point (bundle this file alone): Kinesis (Segment's Kinesis destination) → PutEvents.
import { layerIngestionAws } from "./layerIngestionAws.ts"
import { makeKinesisHandler } from "./makeKinesisHandler.ts"

/** The Kinesis ingestion handler; configure the event source mapping with `ReportBatchItemFailures`. */
export const handler = makeKinesisHandler(layerIngestionAws)
