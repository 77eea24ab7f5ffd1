import type { DatasetSpec } from "../../config/Deployment.ts"
import { type DesiredResource, type ResourceKey, resourceKey } from "../DesiredResource.ts"
import { arn, changeable, fixed, tagsOf } from "./fields.ts"

/** A dataset in the group, on its schema. */
export const desiredDataset = (dataset: DatasetSpec, groupKey: ResourceKey): DesiredResource => {
  const schemaKey = resourceKey("Schema", dataset.schema.name)
  return {
    key: resourceKey("Dataset", dataset.name),
    kind: "Dataset",
    name: dataset.name,
    dependsOn: [groupKey, schemaKey],
    fields: (arnOf) => ({ datasetType: fixed(dataset.type), schemaArn: changeable(arn(arnOf, schemaKey)) }),
    createInput: (arnOf) => ({
      kind: "Dataset",
      name: dataset.name,
      datasetGroupArn: arn(arnOf, groupKey),
      schemaArn: arn(arnOf, schemaKey),
      datasetType: dataset.type,
      ...tagsOf(dataset.tags)
    })
  }
}
