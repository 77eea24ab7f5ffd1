import { Result } from "effect"

/** CloudWatch EMF limits (aws-facts §4.6). */
export const EmfLimits = {
  metricsPerDirective: 100,
  dimensionKeysPerSet: 30,
  valuesPerMetric: 100,
  dimensionValueChars: 1024
} as const

/** The units CloudWatch accepts for a metric. */
export type EmfUnit =
  | "Seconds"
  | "Microseconds"
  | "Milliseconds"
  | "Bytes"
  | "Kilobytes"
  | "Megabytes"
  | "Gigabytes"
  | "Terabytes"
  | "Bits"
  | "Kilobits"
  | "Megabits"
  | "Gigabits"
  | "Terabits"
  | "Percent"
  | "Count"
  | "Bytes/Second"
  | "Kilobytes/Second"
  | "Megabytes/Second"
  | "Gigabytes/Second"
  | "Terabytes/Second"
  | "Bits/Second"
  | "Kilobits/Second"
  | "Megabits/Second"
  | "Gigabits/Second"
  | "Terabits/Second"
  | "Count/Second"
  | "None"

/** One metric value (or up to 100 values) with its unit. */
export interface EmfMetric {
  readonly name: string
  readonly unit?: EmfUnit
  readonly value: number | ReadonlyArray<number>
  /** 1 for high resolution, 60 (the default) for standard. */
  readonly storageResolution?: 1 | 60
}

/** One EMF document: a namespace, one dimension set, metrics, and extra searchable properties. */
export interface EmfDocument {
  readonly namespace: string
  /** Epoch milliseconds. */
  readonly timestamp: number
  readonly dimensions: Readonly<Record<string, string>>
  readonly metrics: ReadonlyArray<EmfMetric>
  /** Logged alongside, not metrics (e.g. a request id). */
  readonly properties?: Readonly<Record<string, unknown>>
}

/**
 * Reduces a list of values to at most `max` by taking evenly spaced order statistics, so the
 * percentiles CloudWatch computes stay close to those of the full list.
 */
export const downsampleValues = (
  values: ReadonlyArray<number>,
  max: number = EmfLimits.valuesPerMetric
): ReadonlyArray<number> => {
  if (values.length <= max) return values
  const sorted = [...values].sort((a, b) => a - b)
  return Array.from({ length: max }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (max - 1))] as number)
}

/** Serialises one EMF document to a single JSON line, or says which EMF rule it breaks. */
export const renderEmf = (doc: EmfDocument): Result.Result<string, string> => {
  const dimensionKeys = Object.keys(doc.dimensions)
  if (dimensionKeys.length > EmfLimits.dimensionKeysPerSet)
    return Result.fail(`${dimensionKeys.length} dimensions; EMF allows ${EmfLimits.dimensionKeysPerSet}`)
  if (doc.metrics.length > EmfLimits.metricsPerDirective)
    return Result.fail(`${doc.metrics.length} metrics; EMF allows ${EmfLimits.metricsPerDirective}`)
  const root: Record<string, unknown> = { ...doc.properties }
  for (const [key, value] of Object.entries(doc.dimensions)) {
    if (value.length > EmfLimits.dimensionValueChars) return Result.fail(`dimension ${key} is too long`)
    root[key] = value
  }
  for (const m of doc.metrics) {
    if (m.name in root) return Result.fail(`metric ${m.name} collides with another member`)
    const values = typeof m.value === "number" ? [m.value] : m.value
    if (values.length > EmfLimits.valuesPerMetric)
      return Result.fail(`metric ${m.name} has ${values.length} values; EMF allows ${EmfLimits.valuesPerMetric}`)
    if (!values.every(Number.isFinite)) return Result.fail(`metric ${m.name} has a non-finite value`)
    root[m.name] = m.value
  }
  const directive = {
    Namespace: doc.namespace,
    Dimensions: [dimensionKeys],
    Metrics: doc.metrics.map((m) => ({
      Name: m.name,
      Unit: m.unit ?? "None",
      ...(m.storageResolution === undefined ? {} : { StorageResolution: m.storageResolution })
    }))
  }
  return Result.succeed(JSON.stringify({ _aws: { Timestamp: doc.timestamp, CloudWatchMetrics: [directive] }, ...root }))
}
