/** One value of an Embedded Metric Format record. */
export interface EmfMetric {
  readonly name: string
  readonly value: number
  readonly unit?: "Count" | "Count/Second" | "Percent" | "Milliseconds" | "None"
}

/** EMF limits (aws-facts §4.6): 100 metrics per directive, 30 dimension keys. */
export const EmfLimits = { metrics: 100, dimensions: 30 } as const

/**
 * Renders CloudWatch Embedded Metric Format log lines (one per 100 metrics): written to stdout by a
 * Lambda they become metrics in its region without a PutMetricData call.
 */
export const renderEmf = (input: {
  readonly namespace: string
  readonly timestamp: number
  readonly dimensions?: { readonly [name: string]: string }
  readonly metrics: ReadonlyArray<EmfMetric>
  readonly properties?: { readonly [name: string]: unknown }
}): ReadonlyArray<string> => {
  const dims = input.dimensions ?? {}
  const keys = Object.keys(dims).slice(0, EmfLimits.dimensions)
  const lines: Array<string> = []
  for (let i = 0; i < input.metrics.length; i += EmfLimits.metrics) {
    const part = input.metrics.slice(i, i + EmfLimits.metrics)
    const record: Record<string, unknown> = {
      ...input.properties,
      ...Object.fromEntries(keys.map((k) => [k, dims[k]])),
      _aws: {
        Timestamp: input.timestamp,
        CloudWatchMetrics: [
          {
            Namespace: input.namespace,
            Dimensions: [keys],
            Metrics: part.map((m) => ({ Name: m.name, Unit: m.unit ?? "None" }))
          }
        ]
      }
    }
    for (const m of part) record[m.name] = m.value
    lines.push(JSON.stringify(record))
  }
  return lines
}
