import { Result, Schema } from "effect"
import { kindTraits, type ResourceKind } from "./ResourceKind.ts"

const namePattern = /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/
const arnPattern = /^arn:([a-z\d-]+):personalize:.*:.*:.+$/

/** A Personalize resource name (aws-facts §1.1: 1–63 chars, `^[a-zA-Z0-9][a-zA-Z0-9\-_]*`). */
export const ResourceName = Schema.String.check(
  Schema.isMinLength(1),
  Schema.isMaxLength(63),
  Schema.isPattern(namePattern)
).pipe(Schema.brand("ResourceName"))
export type ResourceName = typeof ResourceName.Type

/** A Personalize ARN (aws-facts §1.1: max 256, `arn:<partition>:personalize:…`). */
export const ResourceArn = Schema.String.check(Schema.isMaxLength(256), Schema.isPattern(arnPattern)).pipe(
  Schema.brand("ResourceArn")
)
export type ResourceArn = typeof ResourceArn.Type

/** Why a name is not a valid Personalize name, or undefined when it is. */
export const nameProblem = (name: string): string | undefined =>
  name.length < 1 || name.length > 63
    ? `name must be 1–63 characters, got ${name.length}`
    : namePattern.test(name)
      ? undefined
      : `name "${name}" must match ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*`

/** Checks a name without Schema machinery (hot path in the twin and the planner). */
export const makeName = (name: string): Result.Result<ResourceName, string> => {
  const problem = nameProblem(name)
  return problem === undefined ? Result.succeed(name as ResourceName) : Result.fail(problem)
}

/** The account and region resources live in. */
export interface ArnScope {
  readonly partition: string
  readonly region: string
  readonly account: string
}

export const defaultScope: ArnScope = { partition: "aws", region: "us-east-1", account: "000000000000" }

/**
 * Builds the ARN of a resource from the table in `kindTraits`. A solution version lives under its
 * solution (`solution/<solution>/<versionId>`), a dataset under its group (`dataset/<group>/<TYPE>`),
 * which is why `path` is the resource id and not always the bare name.
 */
export const makeArn = (scope: ArnScope, kind: ResourceKind, path: string): ResourceArn =>
  `arn:${scope.partition}:personalize:${scope.region}:${scope.account}:${kindTraits[kind].arnSegment}/${path}` as ResourceArn

/** The resource id of a dataset: `<datasetGroupName>/<DATASET_TYPE>`, as Personalize names them. */
export const datasetPath = (datasetGroupName: string, datasetType: string): string =>
  `${datasetGroupName}/${datasetType.toUpperCase()}`

/** The resource id of a solution version: `<solutionName>/<versionId>`. */
export const solutionVersionPath = (solutionName: string, versionId: string): string => `${solutionName}/${versionId}`
