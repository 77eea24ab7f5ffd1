import type { Monitoring } from "@personalize-ops/core"

/** Our metric dimensions in CloudWatch's shape. */
export const sdkDimensions = (dimensions: ReadonlyArray<Monitoring.Dimension>) =>
  dimensions.map((d) => ({ Name: d.name, Value: d.value }))
