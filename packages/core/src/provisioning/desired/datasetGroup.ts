import type { Deployment } from "../../config/Deployment.ts"
import { type DesiredResource, resourceKey } from "../DesiredResource.ts"
import { fixed, optional, tagsOf } from "./fields.ts"

/** The dataset group: the root every other resource hangs under. */
export const desiredDatasetGroup = (deployment: Deployment): DesiredResource => {
  const group = deployment.datasetGroup
  return {
    key: resourceKey("DatasetGroup", group.name),
    kind: "DatasetGroup",
    name: group.name,
    dependsOn: [],
    fields: () => ({ domain: fixed(group.domain ?? null) }),
    createInput: () => ({
      kind: "DatasetGroup",
      name: group.name,
      ...optional("domain", group.domain),
      ...optional("roleArn", group.roleArn),
      ...optional("kmsKeyArn", group.kmsKeyArn),
      ...tagsOf(group.tags)
    })
  }
}
