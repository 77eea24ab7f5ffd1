import type { DatasetSpec } from "../../config/Deployment.ts"
import { type DesiredResource, type ResourceKey, resourceKey } from "../DesiredResource.ts"
import { arn, fixed, optional, tagsOf, truncate } from "./fields.ts"

/**
 * A dataset's import jobs, chained: the service refuses a second import on a dataset while one
 * runs. Unnamed jobs get a deterministic name so that applying twice finds the same job.
 */
export const desiredDatasetImportJobs = (
  dataset: DatasetSpec,
  defaultRoleArn: string | undefined
): ReadonlyArray<DesiredResource> => {
  const datasetKey = resourceKey("Dataset", dataset.name)
  let previous: ResourceKey | undefined
  return dataset.imports.map((job, i) => {
    const name = job.name ?? truncate(`${dataset.name}-import${i === 0 ? "" : `-${i + 1}`}`)
    const key = resourceKey("DatasetImportJob", name)
    const roleArn = job.roleArn ?? defaultRoleArn
    const dependsOn = previous === undefined ? [datasetKey] : [datasetKey, previous]
    previous = key
    return {
      key,
      kind: "DatasetImportJob",
      name,
      dependsOn,
      fields: () => ({ dataLocation: fixed(job.dataLocation), importMode: fixed(job.importMode) }),
      createInput: (arnOf) => ({
        kind: "DatasetImportJob",
        name,
        datasetArn: arn(arnOf, datasetKey),
        dataLocation: job.dataLocation,
        importMode: job.importMode,
        ...optional("roleArn", roleArn),
        ...optional("publishAttributionMetricsToS3", job.publishAttributionMetricsToS3),
        ...tagsOf(job.tags)
      })
    }
  })
}
