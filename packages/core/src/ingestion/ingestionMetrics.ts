import { downsampleValues, type EmfDocument } from "../emf/renderEmf.ts"
import type { IngestionReport } from "./ingest.ts"

/** The default CloudWatch namespace of ingestion metrics. */
export const ingestionMetricsNamespace = "PersonalizeOps/Ingestion"

/** The EMF document of one invocation: counters, and PutEvents latency (downsampled to 100 values). */
export const ingestionMetrics = (
  report: IngestionReport,
  options: { readonly namespace: string; readonly handler: string; readonly timestamp: number }
): EmfDocument => {
  const c = report.counters
  return {
    namespace: options.namespace,
    timestamp: options.timestamp,
    dimensions: { Handler: options.handler },
    metrics: [
      { name: "Received", unit: "Count", value: c.received },
      { name: "Sent", unit: "Count", value: c.sent },
      { name: "Skipped", unit: "Count", value: c.skipped },
      { name: "Invalid", unit: "Count", value: c.invalid },
      { name: "Failed", unit: "Count", value: c.failed },
      { name: "DeadLettered", unit: "Count", value: c.deadLettered },
      { name: "PutEventsCalls", unit: "Count", value: c.putEventsCalls },
      { name: "PutUsersCalls", unit: "Count", value: c.putUsersCalls },
      { name: "PutItemsCalls", unit: "Count", value: c.putItemsCalls },
      { name: "PropertiesDropped", unit: "Count", value: c.propertiesDropped },
      ...(report.putEventsLatencyMillis.length === 0
        ? []
        : [
            {
              name: "PutEventsLatency",
              unit: "Milliseconds" as const,
              value: downsampleValues(report.putEventsLatencyMillis)
            }
          ])
    ]
  }
}
