import type { BatchJobSpec, Deployment, Tag } from "./Deployment.ts"
import { personalizeOpsFormatVersion } from "./formats/PersonalizeOpsFormat.ts"

const tagsOf = (tags: ReadonlyArray<Tag>) => (tags.length === 0 ? {} : { tags: tags.map((t) => ({ ...t })) })
const some = <K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [k in K]?: V }

const batchJob = (job: BatchJobSpec, inference: boolean) => ({
  ...some("name", job.name),
  inputPath: job.inputPath ?? "",
  outputPath: job.outputPath ?? "",
  ...some("roleArn", job.roleArn),
  ...some("numResults", job.numResults),
  ...some("filterName", job.filterName),
  ...some("filterArn", job.filterArn),
  ...some("maxAge", job.maxAge),
  ...(inference ? some("batchInferenceJobConfig", job.jobConfig) : {}),
  ...some("schedule", job.schedule?.expression),
  ...tagsOf(job.tags)
})

/**
 * Writes a deployment in our own format (`personalize-ops/v1`), e.g. to convert an MLOps solution
 * config. Tags are written per resource (already merged with the defaults), so decoding the result
 * gives the same deployment back.
 */
export const encodeConfig = (d: Deployment) => ({
  format: personalizeOpsFormatVersion,
  ...some("roleArn", d.roleArn),
  datasetGroup: {
    name: d.datasetGroup.name,
    ...some("domain", d.datasetGroup.domain),
    ...some("roleArn", d.datasetGroup.roleArn),
    ...some("kmsKeyArn", d.datasetGroup.kmsKeyArn),
    ...some("maxAge", d.datasetGroup.maxAge),
    ...some("scheduleTimezone", d.datasetGroup.scheduleTimezone),
    ...tagsOf(d.datasetGroup.tags)
  },
  datasets: Object.fromEntries(
    d.datasets.map((ds) => [
      ds.type,
      {
        name: ds.name,
        schemaName: ds.schema.name,
        schema: ds.schema.avro,
        imports: ds.imports.map((job) => ({
          ...some("name", job.name),
          dataLocation: job.dataLocation,
          importMode: job.importMode,
          ...some("roleArn", job.roleArn),
          ...some("publishAttributionMetricsToS3", job.publishAttributionMetricsToS3),
          ...some("schedule", job.schedule?.expression),
          ...tagsOf(job.tags)
        })),
        ...tagsOf(ds.tags)
      }
    ])
  ),
  ...(d.eventTracker === undefined
    ? {}
    : { eventTracker: { name: d.eventTracker.name, ...tagsOf(d.eventTracker.tags) } }),
  filters: d.filters.map((f) => ({ name: f.name, filterExpression: f.filterExpression, ...tagsOf(f.tags) })),
  solutions: d.solutions.map((s) => ({
    name: s.name,
    ...some("recipeArn", s.recipeArn),
    ...some("performAutoML", s.performAutoML),
    ...some("performHPO", s.performHPO),
    ...some("performAutoTraining", s.performAutoTraining),
    ...some("maxAge", s.maxAge),
    ...some("eventType", s.eventType),
    ...some("solutionConfig", s.solutionConfig),
    solutionVersion: { trainingMode: s.trainingMode, ...tagsOf(s.versionTags) },
    schedules: { ...some("full", s.schedules.full?.expression), ...some("update", s.schedules.update?.expression) },
    campaigns: s.campaigns.map((c) => ({
      name: c.name,
      minProvisionedTPS: c.minProvisionedTPS,
      ...some("minProvisionedTPSManaged", c.minProvisionedTPSManaged),
      ...some("campaignConfig", c.campaignConfig),
      ...tagsOf(c.tags)
    })),
    batchInferenceJobs: s.batchInferenceJobs.map((j) => batchJob(j, true)),
    batchSegmentJobs: s.batchSegmentJobs.map((j) => batchJob(j, false)),
    ...tagsOf(s.tags)
  })),
  recommenders: d.recommenders.map((r) => ({
    name: r.name,
    recipeArn: r.recipeArn,
    ...some("recommenderConfig", r.recommenderConfig),
    ...tagsOf(r.tags)
  }))
})
