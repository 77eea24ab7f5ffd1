import { Effect, Result, Schema } from "effect"
import type { BatchJobSpec, DatasetSpec, Deployment, ImportJobSpec, SolutionSpec } from "../config/Deployment.ts"
import { bucketPlaceholder } from "../config/formats/MlopsSolutionFormat.ts"
import { KmsKeyArn, RoleArn, s3Location } from "../config/ResourceFields.ts"
import { type BucketFailure, ConfigBucket } from "./ports.ts"
import { folderOf } from "./S3Event.ts"

/**
 * A deployment cannot be sent to Personalize as it stands: a request would go out with an empty role
 * or an unresolved placeholder. `field` names where (`datasets.Interactions.imports[0].roleArn`).
 */
export class DeploymentUnresolved extends Schema.TaggedError<DeploymentUnresolved>()("DeploymentUnresolved", {
  field: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `${this.field}: ${this.detail}`
  }
}

/** Where the config came from and what the deployment's settings supply. */
export interface ResolveContext {
  /**
   * The bucket the config was uploaded to (what `{bucket}` stands for). Absent (a CLI run told no
   * bucket): locations stay as written, and one still holding `{bucket}` is refused naming its field.
   */
  readonly bucket?: string
  /**
   * The config's key; its folder is where the replaced systems look for the data. Absent: the folder
   * the format's own convention writes (`train/<dataset group>/` for the MLOps solution's configs).
   */
  readonly configKey?: string
  /** The Personalize role of the deployment (used when the config names none). */
  readonly roleArn?: string
  /** The KMS key of the deployment (used when the config names none). */
  readonly kmsKeyArn?: string
}

/** A dataset whose data was not found: created, not imported. */
export interface DataNotProvided {
  readonly dataset: string
  readonly type: string
  /** The locations looked at, in order. */
  readonly looked: ReadonlyArray<string>
}

export interface ResolvedDeployment {
  readonly deployment: Deployment
  readonly notProvided: ReadonlyArray<DataNotProvided>
}

const placeholder = /\{[A-Za-z_]+\}/

const join = (folder: string, name: string) => (folder === "" ? name : `${folder}/${name}`)

/**
 * The data of one import, where the replaced systems look for it: for a config in the MLOps solution's
 * or personalize-pipeline's format, `<config folder>/<type>/` (a prefix of CSVs) first, then
 * `<config folder>/<type>.csv`; for our format, the location as written. Undefined when nothing is there.
 */
const locateData = (
  job: ImportJobSpec,
  format: Deployment["format"],
  context: ResolveContext
): Effect.Effect<{ readonly location?: string; readonly looked: ReadonlyArray<string> }, BucketFailure, ConfigBucket> =>
  Effect.gen(function* () {
    const bucket = yield* ConfigBucket
    const name = context.bucket
    if (name === undefined) return { location: job.dataLocation, looked: [] }
    const written = job.dataLocation.split(bucketPlaceholder).join(name)
    const parts = s3Location(written)
    if (parts === undefined || parts.bucket !== name) return { location: written, looked: [] }
    const candidates: Array<string> = []
    if (format === "personalize-ops" || !job.dataLocation.startsWith(`s3://${bucketPlaceholder}/`))
      candidates.push(parts.key)
    else {
      // The conventional location ends in the dataset type's folder (`…/interactions/`).
      const typePath = parts.key.replace(/\/+$/, "")
      const type = typePath.split("/").pop() ?? ""
      const folder = folderOf(context.configKey ?? typePath)
      candidates.push(`${join(folder, type)}/`, `${join(folder, type)}.csv`)
    }
    const looked = candidates.map((path) => `s3://${name}/${path}`)
    for (const [i, path] of candidates.entries()) {
      const held = yield* bucket.holds(name, path)
      if (held !== false) return { location: looked[i] as string, looked }
    }
    return { looked }
  })

const checkRole = (field: string, value: string | undefined) => {
  if (value === undefined || value.trim() === "")
    return Result.fail(
      new DeploymentUnresolved({
        field,
        detail:
          "no Personalize role: set roleArn in the config or the deployment's PERSONALIZE_ROLE_ARN (a request never goes out with an empty role)"
      })
    )
  const decoded = Schema.decodeUnknownResult(RoleArn)(value)
  return Result.isSuccess(decoded)
    ? Result.succeed(value)
    : Result.fail(new DeploymentUnresolved({ field, detail: `"${value}" is not an IAM role ARN` }))
}

/** Every string field a request takes from the deployment, with its path, for the placeholder check. */
const stringFields = (d: Deployment): ReadonlyArray<readonly [string, string | undefined]> => [
  ["roleArn", d.roleArn],
  ["datasetGroup.roleArn", d.datasetGroup.roleArn],
  ["datasetGroup.kmsKeyArn", d.datasetGroup.kmsKeyArn],
  ...d.datasets.flatMap((ds) =>
    ds.imports.flatMap(
      (job, i): ReadonlyArray<readonly [string, string | undefined]> => [
        [`datasets.${ds.type}.imports[${i}].dataLocation`, job.dataLocation],
        [`datasets.${ds.type}.imports[${i}].roleArn`, job.roleArn]
      ]
    )
  ),
  ...d.solutions.flatMap(batchJobFields)
]

/** The string fields of a solution's batch jobs, with their paths. */
const batchJobFields = (
  s: Deployment["solutions"][number],
  si: number
): ReadonlyArray<readonly [string, string | undefined]> =>
  (["batchInferenceJobs", "batchSegmentJobs"] as const).flatMap((list) =>
    s[list].flatMap(
      (job, i): ReadonlyArray<readonly [string, string | undefined]> => [
        [`solutions[${si}].${list}[${i}].inputPath`, job.inputPath],
        [`solutions[${si}].${list}[${i}].outputPath`, job.outputPath],
        [`solutions[${si}].${list}[${i}].roleArn`, job.roleArn]
      ]
    )
  )

const substitute = (value: string | undefined, bucket: string | undefined) =>
  value === undefined || bucket === undefined ? value : value.split(bucketPlaceholder).join(bucket)

const batchJob = (job: BatchJobSpec, bucket: string | undefined): BatchJobSpec => {
  const inputPath = substitute(job.inputPath, bucket)
  const outputPath = substitute(job.outputPath, bucket)
  return {
    ...job,
    ...(inputPath === undefined ? {} : { inputPath }),
    ...(outputPath === undefined ? {} : { outputPath })
  }
}

const solution = (s: SolutionSpec, bucket: string | undefined): SolutionSpec => ({
  ...s,
  batchInferenceJobs: s.batchInferenceJobs.map((j) => batchJob(j, bucket)),
  batchSegmentJobs: s.batchSegmentJobs.map((j) => batchJob(j, bucket))
})

/** Checks every role a request will carry and every string for a leftover placeholder. */
const check = (d: Deployment): Result.Result<Deployment, DeploymentUnresolved> => {
  for (const [field, value] of stringFields(d))
    if (value !== undefined && placeholder.test(value))
      return Result.fail(
        new DeploymentUnresolved({
          field,
          detail: `"${value}" still holds the placeholder ${placeholder.exec(value)?.[0]}`
        })
      )
  for (const ds of d.datasets)
    for (const [i, job] of ds.imports.entries()) {
      const role = checkRole(`datasets.${ds.type}.imports[${i}].roleArn`, job.roleArn ?? d.roleArn)
      if (Result.isFailure(role)) return Result.fail(role.failure)
    }
  for (const [si, s] of d.solutions.entries())
    for (const list of ["batchInferenceJobs", "batchSegmentJobs"] as const)
      for (const [i, job] of s[list].entries()) {
        const role = checkRole(`solutions[${si}].${list}[${i}].roleArn`, job.roleArn ?? d.roleArn)
        if (Result.isFailure(role)) return Result.fail(role.failure)
      }
  const kms = d.datasetGroup.kmsKeyArn
  if (kms !== undefined) {
    if (Result.isFailure(Schema.decodeUnknownResult(KmsKeyArn)(kms)))
      return Result.fail(
        new DeploymentUnresolved({ field: "datasetGroup.kmsKeyArn", detail: `"${kms}" is not a KMS key ARN` })
      )
    // CreateDatasetGroup needs the role that may use the key whenever a key is given.
    const role = checkRole("datasetGroup.roleArn", d.datasetGroup.roleArn)
    if (Result.isFailure(role)) return Result.fail(role.failure)
  }
  return Result.succeed(d)
}

/**
 * Resolves a decoded deployment as the replaced systems do, before anything is sent: `{bucket}` becomes
 * the upload's bucket; each dataset's data is looked for (`<config folder>/<type>/`, then `<type>.csv`
 * for the MLOps and pipeline formats) and a dataset whose data is absent is created but not imported;
 * the role and KMS key come from the config, else from the deployment's settings. Fails with a typed
 * error naming the field when a request would carry an empty role or an unresolved placeholder.
 */
export const resolveDeployment = (
  deployment: Deployment,
  context: ResolveContext
): Effect.Effect<ResolvedDeployment, DeploymentUnresolved | BucketFailure, ConfigBucket> =>
  Effect.gen(function* () {
    const notProvided: Array<DataNotProvided> = []
    const datasets: Array<DatasetSpec> = []
    for (const ds of deployment.datasets) {
      const imports: Array<ImportJobSpec> = []
      for (const job of ds.imports) {
        const found = yield* locateData(job, deployment.format, context)
        if (found.location === undefined) notProvided.push({ dataset: ds.name, type: ds.type, looked: found.looked })
        else imports.push({ ...job, dataLocation: found.location })
      }
      datasets.push({ ...ds, imports })
    }
    const roleArn = deployment.roleArn ?? context.roleArn
    const kmsKeyArn = deployment.datasetGroup.kmsKeyArn ?? context.kmsKeyArn
    const groupRole = deployment.datasetGroup.roleArn ?? (kmsKeyArn === undefined ? undefined : roleArn)
    const resolved: Deployment = {
      ...deployment,
      ...(roleArn === undefined ? {} : { roleArn }),
      datasetGroup: {
        ...deployment.datasetGroup,
        ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
        ...(groupRole === undefined ? {} : { roleArn: groupRole })
      },
      datasets,
      solutions: deployment.solutions.map((s) => solution(s, context.bucket))
    }
    const checked = check(resolved)
    if (Result.isFailure(checked)) return yield* checked.failure
    return { deployment: checked.success, notProvided }
  })
