import type { FilterSpec } from "../../config/Deployment.ts"
import { type DesiredResource, type ResourceKey, resourceKey } from "../DesiredResource.ts"
import { arn, fixed, tagsOf } from "./fields.ts"

/** A filter; its expression names dataset fields, so the datasets come first. */
export const desiredFilter = (
  filter: FilterSpec,
  groupKey: ResourceKey,
  datasetKeys: ReadonlyArray<ResourceKey>
): DesiredResource => ({
  key: resourceKey("Filter", filter.name),
  kind: "Filter",
  name: filter.name,
  dependsOn: [groupKey, ...datasetKeys],
  fields: () => ({ filterExpression: fixed(filter.filterExpression) }),
  createInput: (arnOf) => ({
    kind: "Filter",
    name: filter.name,
    datasetGroupArn: arn(arnOf, groupKey),
    filterExpression: filter.filterExpression,
    ...tagsOf(filter.tags)
  })
})
