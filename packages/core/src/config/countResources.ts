import type { Deployment } from "./Deployment.ts"

/** How many resources of each kind a deployment declares (and how many schedules it sets). */
export interface ResourceCounts {
  readonly datasetGroups: number
  readonly schemas: number
  readonly datasets: number
  readonly importJobs: number
  readonly eventTrackers: number
  readonly filters: number
  readonly solutions: number
  readonly campaigns: number
  readonly batchInferenceJobs: number
  readonly batchSegmentJobs: number
  readonly recommenders: number
  readonly schedules: number
}

/** Counts what a deployment declares, per resource kind. */
export const countResources = (d: Deployment): ResourceCounts => {
  const jobs = d.solutions.flatMap((s) => [...s.batchInferenceJobs, ...s.batchSegmentJobs])
  const imports = d.datasets.flatMap((ds) => ds.imports)
  return {
    datasetGroups: 1,
    schemas: d.datasets.length,
    datasets: d.datasets.length,
    importJobs: imports.length,
    eventTrackers: d.eventTracker === undefined ? 0 : 1,
    filters: d.filters.length,
    solutions: d.solutions.length,
    campaigns: d.solutions.reduce((n, s) => n + s.campaigns.length, 0),
    batchInferenceJobs: d.solutions.reduce((n, s) => n + s.batchInferenceJobs.length, 0),
    batchSegmentJobs: d.solutions.reduce((n, s) => n + s.batchSegmentJobs.length, 0),
    recommenders: d.recommenders.length,
    schedules:
      imports.filter((i) => i.schedule !== undefined).length +
      jobs.filter((j) => j.schedule !== undefined).length +
      d.solutions.reduce((n, s) => n + (s.schedules.full ? 1 : 0) + (s.schedules.update ? 1 : 0), 0)
  }
}
