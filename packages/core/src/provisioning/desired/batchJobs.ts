import type { BatchJobSpec, SolutionSpec } from "../../config/Deployment.ts"
import { datedOutputPrefix, runBase, runName } from "../../maintenance/BatchRuns.ts"
import { batchJobBaseName } from "../../maintenance/Schedules.ts"
import type { ResourceArn } from "../../personalize/Arn.ts"
import type { DesiredDefaults, DesiredResource } from "../DesiredResource.ts"
import { resourceKey } from "../DesiredResource.ts"
import { arn, fixed, optional, tagsOf } from "./fields.ts"

export type BatchKind = "BatchInferenceJob" | "BatchSegmentJob"

const labels = { BatchInferenceJob: "batch-inference", BatchSegmentJob: "batch-segment" } as const

/** Where batch jobs read and write by default (the MLOps layout: `<prefix>/<group>/<solution>/`). */
export interface BatchContext {
  readonly groupName: string
  readonly defaultRoleArn: string | undefined
  readonly defaults: DesiredDefaults
}

/**
 * A solution's batch inference or batch segment jobs, as runs: each is keyed by its base name (the
 * config's name, or the generated one scheduled runs use too), and each create is a new job named
 * `<base>-<YYYYMMDD-HHMMSS>` whose output lands under `<outputPath>/<YYYY-MM-DD>/<run name>/`, as a
 * scheduled run's does. The newest run, on whichever version of the solution, is current when it ran
 * with the config's filter and `numResults`: apply starts a run when the job has none, or when one of
 * those changed. A retrain alone starts none (a new version every week under auto-training would
 * start a batch job at every apply): runs on new versions are what the job's `schedule` is for.
 */
export const desiredBatchJobs = (
  kind: BatchKind,
  solution: SolutionSpec,
  jobs: ReadonlyArray<BatchJobSpec>,
  context: BatchContext
): ReadonlyArray<DesiredResource> => {
  const versionKey = resourceKey("SolutionVersion", solution.name)
  const prefix = `${context.defaults.batchPrefix}/${context.groupName}/${solution.name}`
  return jobs.map((job, i) => {
    const base = batchJobBaseName(solution.name, labels[kind], i, job.name)
    const filterKey = job.filterName === undefined ? undefined : resourceKey("Filter", job.filterName)
    const roleArn = job.roleArn ?? context.defaultRoleArn ?? ""
    // A filter of this deployment by name, or one outside it by ARN (the MLOps solution's filterArn).
    const filterArn = (arnOf: (key: string) => ResourceArn | undefined) =>
      filterKey === undefined ? (job.filterArn as ResourceArn | undefined) : arn(arnOf, filterKey)
    return {
      // The key is the base as a run's name keeps it (long bases are shortened to fit the stamp).
      key: resourceKey(kind, runBase(runName(base, 0))),
      kind,
      name: base,
      dependsOn: filterKey === undefined ? [versionKey] : [versionKey, filterKey],
      run: true,
      fields: (arnOf) => ({
        filterArn: fixed(filterArn(arnOf) ?? null),
        // Compared only when the config sets it (the service may fill in its own default).
        ...(job.numResults === undefined ? {} : { numResults: fixed(job.numResults) })
      }),
      createInput: (arnOf, { at }) => {
        const name = runName(base, at)
        return {
          kind,
          name,
          solutionVersionArn: arn(arnOf, versionKey),
          inputPath: job.inputPath ?? `${prefix}/job_config.json`,
          outputPath: datedOutputPrefix(job.outputPath ?? `${prefix}/`, at, name),
          roleArn,
          ...optional("filterArn", filterArn(arnOf)),
          ...optional("numResults", job.numResults),
          ...optional("jobConfig", job.jobConfig),
          ...tagsOf(job.tags)
        }
      }
    }
  })
}
