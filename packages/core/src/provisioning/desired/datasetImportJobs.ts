import type { DatasetSpec, ImportMode } from "../../config/Deployment.ts"
import type { ResourceArn } from "../../personalize/Arn.ts"
import { type DesiredResource, type ResourceKey, resourceKey } from "../DesiredResource.ts"
import type { Observed } from "../Observed.ts"
import { arn, fixed, optional, tagsOf, truncate } from "./fields.ts"

/** Whether a dataset already has a finished import (Personalize refuses INCREMENTAL without one). */
const hasBulkImport = (observed: Observed, datasetArn: ResourceArn | undefined): boolean => {
  if (datasetArn === undefined) return false
  for (const r of observed.resources.values())
    if (r.kind === "DatasetImportJob" && r.parentArn === datasetArn && r.status === "ACTIVE") return true
  return false
}

/**
 * The mode a dataset's first import runs in: an INCREMENTAL import on a dataset with no earlier bulk
 * import is refused by Personalize, so it runs FULL (the MLOps solution imports FULL); with one, as asked.
 */
const firstImportMode = (mode: ImportMode, observed: Observed, datasetArn: ResourceArn | undefined): ImportMode =>
  mode === "INCREMENTAL" && !hasBulkImport(observed, datasetArn) ? "FULL" : mode

/**
 * A dataset's import jobs, chained: the service refuses a second import on a dataset while one
 * runs. Unnamed jobs get a deterministic name so that applying twice finds the same job. The first
 * one, when INCREMENTAL on a dataset with nothing imported yet, runs FULL (the plan says so).
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
    // Later imports in the chain run after the first one finished: INCREMENTAL is theirs to ask for.
    const decided = i === 0 && job.importMode === "INCREMENTAL"
    return {
      key,
      kind: "DatasetImportJob",
      name,
      dependsOn,
      // A first INCREMENTAL import's mode was decided when it was created (FULL or INCREMENTAL): not compared.
      fields: () => ({
        dataLocation: fixed(job.dataLocation),
        ...(decided ? {} : { importMode: fixed(job.importMode) })
      }),
      ...(decided
        ? {
            createNote: (arnOf, observed) =>
              firstImportMode(job.importMode, observed, arnOf(datasetKey)) === "FULL"
                ? "INCREMENTAL needs an earlier bulk import: the dataset's first import runs FULL"
                : undefined
          }
        : {}),
      createInput: (arnOf, { observed }) => ({
        kind: "DatasetImportJob",
        name,
        datasetArn: arn(arnOf, datasetKey),
        dataLocation: job.dataLocation,
        importMode: decided ? firstImportMode(job.importMode, observed, arnOf(datasetKey)) : job.importMode,
        ...optional("roleArn", roleArn),
        ...optional("publishAttributionMetricsToS3", job.publishAttributionMetricsToS3),
        ...tagsOf(job.tags)
      })
    }
  })
}
