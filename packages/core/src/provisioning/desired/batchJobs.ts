import type { BatchJobSpec, SolutionSpec } from "../../config/Deployment.ts"
import type { ResourceArn } from "../../personalize/Arn.ts"
import type { DesiredDefaults, DesiredResource } from "../DesiredResource.ts"
import { resourceKey } from "../DesiredResource.ts"
import { arn, optional, tagsOf, truncate } from "./fields.ts"

type BatchKind = "BatchInferenceJob" | "BatchSegmentJob"

const labels: { readonly [K in BatchKind]: string } = {
  BatchInferenceJob: "batch-inference",
  BatchSegmentJob: "batch-segment"
}

/** Where batch jobs read and write by default (the MLOps layout: `<prefix>/<group>/<solution>/`). */
export interface BatchContext {
  readonly groupName: string
  readonly defaultRoleArn: string | undefined
  readonly defaults: DesiredDefaults
}

/** A solution's batch inference or batch segment jobs, on its current version (and a filter, if named). */
export const desiredBatchJobs = (
  kind: BatchKind,
  solution: SolutionSpec,
  jobs: ReadonlyArray<BatchJobSpec>,
  context: BatchContext
): ReadonlyArray<DesiredResource> => {
  const versionKey = resourceKey("SolutionVersion", solution.name)
  const prefix = `${context.defaults.batchPrefix}/${context.groupName}/${solution.name}`
  return jobs.map((job, i) => {
    const name = job.name ?? truncate(`${solution.name}-${labels[kind]}${i === 0 ? "" : `-${i + 1}`}`)
    const filterKey = job.filterName === undefined ? undefined : resourceKey("Filter", job.filterName)
    const roleArn = job.roleArn ?? context.defaultRoleArn ?? ""
    return {
      key: resourceKey(kind, name),
      kind,
      name,
      dependsOn: filterKey === undefined ? [versionKey] : [versionKey, filterKey],
      fields: () => ({}),
      createInput: (arnOf) => ({
        kind,
        name,
        solutionVersionArn: arn(arnOf, versionKey),
        inputPath: job.inputPath ?? `${prefix}/job_config.json`,
        outputPath: job.outputPath ?? `${prefix}/${name}/`,
        roleArn,
        // A filter of this deployment by name, or one outside it by ARN (the MLOps solution's filterArn).
        ...optional(
          "filterArn",
          filterKey === undefined ? (job.filterArn as ResourceArn | undefined) : arnOf(filterKey)
        ),
        ...optional("numResults", job.numResults),
        ...optional("jobConfig", job.jobConfig),
        ...tagsOf(job.tags)
      })
    }
  })
}
