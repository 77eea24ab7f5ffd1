import type { Deployment } from "../config/Deployment.ts"
import type { ResourceArn } from "../personalize/Names.ts"
import type { CreateInput } from "../personalize/Resource.ts"
import type { ResourceKind } from "../personalize/ResourceKind.ts"
import { canonicalSchema } from "./canonical.ts"

/** A resource's identity in a plan: kind and name (a solution's versions share the key of their solution). */
export type ResourceKey = string

export const resourceKey = (kind: ResourceKind, name: string): ResourceKey => `${kind}:${name}`

/** A field compared between config and service: its desired value, and whether UpdateX can change it. */
export interface DesiredField {
  readonly value: unknown
  readonly updatable: boolean
  /** Compare only the keys the config sets (service-filled defaults are not drift). */
  readonly subset?: boolean
}

/** Resolves a dependency's ARN at apply time (undefined when it does not exist yet). */
export type ArnOf = (key: ResourceKey) => ResourceArn | undefined

/** One resource the deployment wants, with its dependencies and how to create it. */
export interface DesiredResource {
  readonly key: ResourceKey
  readonly kind: ResourceKind
  readonly name: string
  readonly dependsOn: ReadonlyArray<ResourceKey>
  /** Fields compared with the observed resource; ARN-valued fields name the key they point at. */
  readonly fields: (arnOf: ArnOf) => { readonly [field: string]: DesiredField }
  readonly createInput: (arnOf: ArnOf) => CreateInput
}

/** Defaults the config may leave out. */
export interface DesiredDefaults {
  /** Where batch jobs read and write when the config does not say (MLOps layout: `<prefix>/<group>/<solution>/`). */
  readonly batchPrefix: string
}

export const defaultDesiredDefaults: DesiredDefaults = { batchPrefix: "s3://personalize-ops-batch" }

const truncate = (name: string) => name.slice(0, 63)
const arn = (arnOf: ArnOf, key: ResourceKey) => arnOf(key) ?? (`pending:${key}` as ResourceArn)
const fixed = (value: unknown): DesiredField => ({ value, updatable: false })
const changeable = (value: unknown, subset = false): DesiredField => ({ value, updatable: true, subset })
const tagsOf = (tags: ReadonlyArray<{ readonly tagKey: string; readonly tagValue: string }>) =>
  tags.length === 0 ? {} : { tags }

/**
 * Flattens a deployment into the resources it wants, parents before children, each with the keys it
 * depends on. Generated names (imports, batch jobs without one) are deterministic so that applying
 * twice finds the same resources instead of creating new ones.
 */
export const desiredResources = (
  deployment: Deployment,
  defaults: DesiredDefaults = defaultDesiredDefaults
): ReadonlyArray<DesiredResource> => {
  const out: Array<DesiredResource> = []
  const group = deployment.datasetGroup
  const groupKey = resourceKey("DatasetGroup", group.name)
  out.push({
    key: groupKey,
    kind: "DatasetGroup",
    name: group.name,
    dependsOn: [],
    fields: () => ({ domain: fixed(group.domain ?? null) }),
    createInput: () => ({
      kind: "DatasetGroup",
      name: group.name,
      ...(group.domain === undefined ? {} : { domain: group.domain }),
      ...(group.roleArn === undefined ? {} : { roleArn: group.roleArn }),
      ...(group.kmsKeyArn === undefined ? {} : { kmsKeyArn: group.kmsKeyArn }),
      ...tagsOf(group.tags)
    })
  })

  const schemas = new Set<string>()
  const datasetKeys: Array<ResourceKey> = []
  const importKeys: Array<ResourceKey> = []
  for (const dataset of deployment.datasets) {
    const schemaKey = resourceKey("Schema", dataset.schema.name)
    if (!schemas.has(dataset.schema.name)) {
      schemas.add(dataset.schema.name)
      const schema = dataset.schema
      out.push({
        key: schemaKey,
        kind: "Schema",
        name: schema.name,
        dependsOn: [],
        fields: () => ({ schema: fixed(canonicalSchema(schema.avro)), domain: fixed(schema.domain ?? null) }),
        createInput: () => ({
          kind: "Schema",
          name: schema.name,
          schema: schema.avro,
          ...(schema.domain === undefined ? {} : { domain: schema.domain })
        })
      })
    }
    const datasetKey = resourceKey("Dataset", dataset.name)
    datasetKeys.push(datasetKey)
    out.push({
      key: datasetKey,
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
    })
    let previous: ResourceKey | undefined
    for (const [i, job] of dataset.imports.entries()) {
      const name = job.name ?? truncate(`${dataset.name}-import${i === 0 ? "" : `-${i + 1}`}`)
      const key = resourceKey("DatasetImportJob", name)
      importKeys.push(key)
      const roleArn = job.roleArn ?? deployment.roleArn
      out.push({
        key,
        kind: "DatasetImportJob",
        name,
        // One import at a time per dataset: the service refuses a second while one runs.
        dependsOn: previous === undefined ? [datasetKey] : [datasetKey, previous],
        fields: () => ({ dataLocation: fixed(job.dataLocation), importMode: fixed(job.importMode) }),
        createInput: (arnOf) => ({
          kind: "DatasetImportJob",
          name,
          datasetArn: arn(arnOf, datasetKey),
          dataLocation: job.dataLocation,
          importMode: job.importMode,
          ...(roleArn === undefined ? {} : { roleArn }),
          ...(job.publishAttributionMetricsToS3 === undefined
            ? {}
            : { publishAttributionMetricsToS3: job.publishAttributionMetricsToS3 }),
          ...tagsOf(job.tags)
        })
      })
      previous = key
    }
  }

  const tracker = deployment.eventTracker
  if (tracker !== undefined)
    out.push({
      key: resourceKey("EventTracker", tracker.name),
      kind: "EventTracker",
      name: tracker.name,
      dependsOn: [groupKey],
      fields: () => ({}),
      createInput: (arnOf) => ({
        kind: "EventTracker",
        name: tracker.name,
        datasetGroupArn: arn(arnOf, groupKey),
        ...tagsOf(tracker.tags)
      })
    })

  for (const filter of deployment.filters)
    out.push({
      key: resourceKey("Filter", filter.name),
      kind: "Filter",
      name: filter.name,
      // A filter expression names dataset fields, so the datasets must exist first.
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

  for (const solution of deployment.solutions) {
    const solutionKey = resourceKey("Solution", solution.name)
    out.push({
      key: solutionKey,
      kind: "Solution",
      name: solution.name,
      dependsOn: [groupKey, ...datasetKeys],
      fields: () => ({
        recipeArn: fixed(solution.recipeArn ?? null),
        eventType: fixed(solution.eventType ?? null),
        performHPO: fixed(solution.performHPO ?? false),
        performAutoML: fixed(solution.performAutoML ?? false),
        performAutoTraining: changeable(solution.performAutoTraining ?? true)
      }),
      createInput: (arnOf) => ({
        kind: "Solution",
        name: solution.name,
        datasetGroupArn: arn(arnOf, groupKey),
        ...(solution.recipeArn === undefined ? {} : { recipeArn: solution.recipeArn }),
        ...(solution.performAutoML === undefined ? {} : { performAutoML: solution.performAutoML }),
        ...(solution.performHPO === undefined ? {} : { performHPO: solution.performHPO }),
        ...(solution.performAutoTraining === undefined ? {} : { performAutoTraining: solution.performAutoTraining }),
        ...(solution.eventType === undefined ? {} : { eventType: solution.eventType }),
        ...(solution.solutionConfig === undefined ? {} : { solutionConfig: solution.solutionConfig }),
        ...tagsOf(solution.tags)
      })
    })
    const versionKey = resourceKey("SolutionVersion", solution.name)
    out.push({
      key: versionKey,
      kind: "SolutionVersion",
      name: solution.name,
      // Training reads the imported data.
      dependsOn: [solutionKey, ...importKeys],
      fields: () => ({}),
      createInput: (arnOf) => ({
        kind: "SolutionVersion",
        name: truncate(`${solution.name}-v1`),
        solutionArn: arn(arnOf, solutionKey),
        trainingMode: solution.trainingMode,
        ...tagsOf(solution.versionTags)
      })
    })
    for (const campaign of solution.campaigns)
      out.push({
        key: resourceKey("Campaign", campaign.name),
        kind: "Campaign",
        name: campaign.name,
        dependsOn: [versionKey],
        fields: (arnOf) => ({
          solutionVersionArn: changeable(arn(arnOf, versionKey)),
          minProvisionedTPS: changeable(campaign.minProvisionedTPS),
          campaignConfig: changeable(campaign.campaignConfig, true)
        }),
        createInput: (arnOf) => ({
          kind: "Campaign",
          name: campaign.name,
          solutionVersionArn: arn(arnOf, versionKey),
          minProvisionedTPS: campaign.minProvisionedTPS,
          ...(campaign.campaignConfig === undefined ? {} : { campaignConfig: campaign.campaignConfig }),
          ...tagsOf(campaign.tags)
        })
      })
    for (const [kind, jobs, label] of [
      ["BatchInferenceJob", solution.batchInferenceJobs, "batch-inference"],
      ["BatchSegmentJob", solution.batchSegmentJobs, "batch-segment"]
    ] as const)
      for (const [i, job] of jobs.entries()) {
        const name = job.name ?? truncate(`${solution.name}-${label}${i === 0 ? "" : `-${i + 1}`}`)
        const filterKey = job.filterName === undefined ? undefined : resourceKey("Filter", job.filterName)
        const prefix = `${defaults.batchPrefix}/${group.name}/${solution.name}`
        const roleArn = job.roleArn ?? deployment.roleArn ?? ""
        out.push({
          key: resourceKey(kind, name),
          kind,
          name,
          dependsOn: filterKey === undefined ? [versionKey] : [versionKey, filterKey],
          fields: () => ({}),
          createInput: (arnOf) => {
            const filterArn = filterKey === undefined ? undefined : arnOf(filterKey)
            return {
              kind,
              name,
              solutionVersionArn: arn(arnOf, versionKey),
              inputPath: job.inputPath ?? `${prefix}/job_config.json`,
              outputPath: job.outputPath ?? `${prefix}/${name}/`,
              roleArn,
              ...(filterArn === undefined ? {} : { filterArn }),
              ...(job.numResults === undefined ? {} : { numResults: job.numResults }),
              ...(job.jobConfig === undefined ? {} : { jobConfig: job.jobConfig }),
              ...tagsOf(job.tags)
            }
          }
        })
      }
  }

  for (const recommender of deployment.recommenders)
    out.push({
      key: resourceKey("Recommender", recommender.name),
      kind: "Recommender",
      name: recommender.name,
      dependsOn: [groupKey, ...importKeys],
      fields: () => ({
        recipeArn: fixed(recommender.recipeArn),
        recommenderConfig: changeable(recommender.recommenderConfig, true)
      }),
      createInput: (arnOf) => ({
        kind: "Recommender",
        name: recommender.name,
        datasetGroupArn: arn(arnOf, groupKey),
        recipeArn: recommender.recipeArn,
        ...(recommender.recommenderConfig === undefined ? {} : { recommenderConfig: recommender.recommenderConfig }),
        ...tagsOf(recommender.tags)
      })
    })
  return out
}

/** The comparable value of an observed attribute (schemas are compared as canonical JSON). */
export const observedValue = (field: string, attributes: { readonly [key: string]: unknown }): unknown => {
  const v = attributes[field]
  if (field === "schema") return canonicalSchema(v)
  return v === undefined ? null : v
}
