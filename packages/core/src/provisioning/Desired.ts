import type { Deployment } from "../config/Deployment.ts"
import {
  type DesiredDefaults,
  type DesiredResource,
  defaultDesiredDefaults,
  type ResourceKey
} from "./DesiredResource.ts"
import { desiredBatchJobs } from "./desired/batchJobs.ts"
import { desiredCampaign } from "./desired/campaign.ts"
import { desiredDataset } from "./desired/dataset.ts"
import { desiredDatasetGroup } from "./desired/datasetGroup.ts"
import { desiredDatasetImportJobs } from "./desired/datasetImportJobs.ts"
import { desiredEventTracker } from "./desired/eventTracker.ts"
import { desiredFilter } from "./desired/filter.ts"
import { desiredRecommender } from "./desired/recommender.ts"
import { desiredSchema } from "./desired/schema.ts"
import { desiredSolution } from "./desired/solution.ts"
import { desiredSolutionVersion } from "./desired/solutionVersion.ts"

/** Per dataset: its schema (once per name: schemas are account-wide and may be shared), itself, its imports. */
const desiredDatasets = (deployment: Deployment, groupKey: ResourceKey): ReadonlyArray<DesiredResource> => {
  const schemas = new Set<string>()
  return deployment.datasets.flatMap((dataset) => {
    const schema = schemas.has(dataset.schema.name) ? [] : [desiredSchema(dataset.schema)]
    schemas.add(dataset.schema.name)
    return [...schema, desiredDataset(dataset, groupKey), ...desiredDatasetImportJobs(dataset, deployment.roleArn)]
  })
}

/**
 * Flattens a deployment into the resources it wants, parents before children, each with the keys it
 * depends on (one function per kind in `desired/`). Generated names (imports, batch jobs without one)
 * are deterministic so that applying twice finds the same resources instead of creating new ones.
 */
export const desiredResources = (
  deployment: Deployment,
  defaults: DesiredDefaults = defaultDesiredDefaults
): ReadonlyArray<DesiredResource> => {
  const group = desiredDatasetGroup(deployment)
  const datasets = desiredDatasets(deployment, group.key)
  const datasetKeys = datasets.filter((d) => d.kind === "Dataset").map((d) => d.key)
  const importKeys = datasets.filter((d) => d.kind === "DatasetImportJob").map((d) => d.key)
  const batch = { groupName: deployment.datasetGroup.name, defaultRoleArn: deployment.roleArn, defaults }
  const perSolution = deployment.solutions.flatMap((solution) => {
    const version = desiredSolutionVersion(solution, importKeys)
    return [
      desiredSolution(solution, group.key, datasetKeys),
      version,
      ...solution.campaigns.map((c) => desiredCampaign(c, version.key)),
      ...desiredBatchJobs("BatchInferenceJob", solution, solution.batchInferenceJobs, batch),
      ...desiredBatchJobs("BatchSegmentJob", solution, solution.batchSegmentJobs, batch)
    ]
  })
  const tracker = deployment.eventTracker
  return [
    group,
    ...datasets,
    ...(tracker === undefined ? [] : [desiredEventTracker(tracker, group.key)]),
    ...deployment.filters.map((f) => desiredFilter(f, group.key, datasetKeys)),
    ...perSolution,
    ...deployment.recommenders.map((r) => desiredRecommender(r, group.key, importKeys))
  ]
}
