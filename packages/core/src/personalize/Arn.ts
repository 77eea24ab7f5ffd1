import { Schema } from "effect"
import { kindTraits, type ResourceKind, ResourceKinds } from "./ResourceKind.ts"

/**
 * Personalize ARNs, in one place: the branded schema, parse, format, region and parent. Every ARN the
 * code builds or takes apart goes through here (aws-facts §1.1 for the API's pattern, §1.2 for the
 * per-kind templates, which live in `kindTraits`).
 */

/** The API's own `Arn` constraint (aws-facts §1.1): max 256, `arn:<partition>:personalize:…`. */
const apiPattern = /^arn:([a-z\d-]+):personalize:.*:.*:.+$/

/** A Personalize ARN, as the API accepts it (a recipe's, a `$LATEST` version's, a resource's). */
export const ResourceArn = Schema.String.check(Schema.isMaxLength(256), Schema.isPattern(apiPattern)).pipe(
  Schema.brand("ResourceArn")
)
export type ResourceArn = typeof ResourceArn.Type

/** The partition, region and account resources live in. */
export interface ArnScope {
  readonly partition: string
  readonly region: string
  readonly account: string
}

export const defaultScope: ArnScope = { partition: "aws", region: "us-east-1", account: "000000000000" }

/** A resource ARN taken apart: `arn:<partition>:personalize:<region>:<account>:<segment>/<id>`. */
export interface ArnParts extends ArnScope {
  readonly kind: ResourceKind
  /** The resource id after the segment: `<name>`, or `<group>/<TYPE>` (dataset), `<solution>/<versionId>`. */
  readonly id: string
  /** The last part of the id: the resource's name (a version id for a solution version, the type for a dataset). */
  readonly name: string
}

const resourcePattern = /^arn:([a-z\d-]+):personalize:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):([a-z-]+)\/(.+)$/
/** One part of a resource id: a name, a dataset type, a version id, or `$LATEST`. */
const idPartPattern = /^(?:[a-zA-Z0-9][a-zA-Z0-9\-_]*|\$LATEST)$/

/** `<segment>/<number of id parts>` → kind, from the one table. */
const kindBySegment: ReadonlyMap<string, ResourceKind> = new Map(
  ResourceKinds.map((kind) => [`${kindTraits[kind].arnSegment}/${kindTraits[kind].arnIdParts}`, kind])
)

/** Takes a resource ARN apart; `undefined` when it is not the ARN of a kind in `ResourceKinds`. */
export const parseArn = (arn: string): ArnParts | undefined => {
  if (arn.length > 256) return undefined
  const m = resourcePattern.exec(arn)
  if (m === null) return undefined
  const [, partition, region, account, segment, id] = m as unknown as readonly [
    string,
    string,
    string,
    string,
    string,
    string
  ]
  const parts = id.split("/")
  if (!parts.every((p) => idPartPattern.test(p))) return undefined
  const kind = kindBySegment.get(`${segment}/${parts.length}`)
  return kind === undefined ? undefined : { partition, region, account, kind, id, name: parts[parts.length - 1]! }
}

/** Builds a resource's ARN from the table in `kindTraits`; `id` is the resource id (see `datasetId`, `solutionVersionId`). */
export const formatArn = (scope: ArnScope, kind: ResourceKind, id: string): ResourceArn =>
  `arn:${scope.partition}:personalize:${scope.region}:${scope.account}:${kindTraits[kind].arnSegment}/${id}` as ResourceArn

/** The resource id of a dataset: `<datasetGroupName>/<DATASET_TYPE>`, as Personalize names them. */
export const datasetId = (datasetGroupName: string, datasetType: string): string =>
  `${datasetGroupName}/${datasetType.toUpperCase()}`

/** The resource id of a solution version: `<solutionName>/<versionId>`. */
export const solutionVersionId = (solutionName: string, versionId: string): string => `${solutionName}/${versionId}`

/** The region of a resource ARN (the client to call it with), or `undefined` when it is not one. */
export const arnRegion = (arn: string): string | undefined => parseArn(arn)?.region

/**
 * The parent's ARN when the ARN itself names it: a dataset's group, a solution version's solution
 * (the kinds with a two-part id). Other kinds' parents are only in their descriptions.
 */
export const arnParent = (arn: string): ResourceArn | undefined => {
  const parts = parseArn(arn)
  if (parts === undefined || kindTraits[parts.kind].arnIdParts !== 2) return undefined
  const parent = kindTraits[parts.kind].parent
  return parent === undefined ? undefined : formatArn(parts, parent, parts.id.slice(0, parts.id.indexOf("/")))
}

const spoken = (kind: ResourceKind) => kind.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()

/** A string that is the ARN of a resource of one of `kinds`; decoding says which kinds were expected. */
export const ArnOf = (kinds: ReadonlyArray<ResourceKind>) =>
  Schema.String.check(
    Schema.makeFilter((s: string) => {
      const kind = parseArn(s)?.kind
      return kind !== undefined && kinds.includes(kind)
        ? undefined
        : `"${s}" is not a Personalize ${kinds.map(spoken).join(" or ")} ARN (arn:aws:personalize:<region>:<account>:${kindTraits[kinds[0] ?? "Campaign"].arnSegment}/<name>)`
    })
  )

const recipePattern = /^arn:[a-z\d-]+:personalize:::recipe\/([A-Za-z0-9_.-]+)$/

/** The id of an AWS-owned recipe ARN (`arn:aws:personalize:::recipe/<id>`: no region, no account), or undefined. */
export const recipeId = (arn: string): string | undefined => recipePattern.exec(arn)?.[1]

/** An IAM role ARN as Personalize's `RoleArn` shape constrains it (aws-facts §1.1: max 256, this pattern). */
const roleArnPattern = /^arn:[a-z\d-]+:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/

/** Why a role ARN would be refused (empty, too long, not an IAM role ARN), or undefined. */
export const roleArnProblem = (s: string): string | undefined =>
  s.length === 0
    ? "the role ARN is empty"
    : s.length > 256
      ? "a role ARN must be at most 256 characters"
      : roleArnPattern.test(s)
        ? undefined
        : `"${s}" is not an IAM role ARN (e.g. arn:aws:iam::123456789012:role/PersonalizeRole)`
