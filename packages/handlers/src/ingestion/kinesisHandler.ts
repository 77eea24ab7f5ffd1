// Lambda entry point (bundle this file alone): Kinesis (Segment's Kinesis destination) → PutEvents.
import { layerIngestionAws } from "./layerIngestionAws.ts"
import { makeKinesisHandler } from "./makeKinesisHandler.ts"

/** The Kinesis ingestion handler; configure the event source mapping with `ReportBatchItemFailures`. */
export const handler = makeKinesisHandler(layerIngestionAws)

// Build the runtime in Lambda's init phase: the settings are decoded and validated before the first
// event arrives, and a bad setting fails the cold start with a SettingsError naming the variable.
await handler.init()
