import { Schema } from "effect"
import { kindTable, type ResourceKind } from "./ResourceKind.ts"

/** A Personalize resource name: 1–63 characters, `^[a-zA-Z0-9][a-zA-Z0-9\-_]*` (aws-facts §1.1). */
export const ResourceName = Schema.String.check(
  Schema.isMinLength(1),
  Schema.isMaxLength(63),
  Schema.isPattern(/^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/, { expected: "a name of letters, digits, - and _" })
).pipe(Schema.brand("ResourceName"))
export type ResourceName = typeof ResourceName.Type

/** A Personalize ARN (max 256, `arn:<partition>:personalize:…`). */
export const ResourceArn = Schema.String.check(
  Schema.isMaxLength(256),
  Schema.isPattern(/^arn:([a-z\d-]+):personalize:.*:.*:.+$/, { expected: "a Personalize ARN" })
).pipe(Schema.brand("ResourceArn"))
export type ResourceArn = typeof ResourceArn.Type

/** Where resources live: partition, region and account of the ARNs. */
export interface Location {
  readonly partition: string
  readonly region: string
  readonly account: string
}

/** The location the offline twin and simulations use. */
export const simulatedLocation: Location = { partition: "aws", region: "us-east-1", account: "123456789012" }

/**
 * The ARN of a resource. `id` is the name for most kinds; datasets use `<datasetGroupName>/<TYPE>` and
 * solution versions `<solutionName>/<versionId>` (the doc examples' forms).
 */
export const arnFor = (kind: ResourceKind, id: string, at: Location): ResourceArn =>
  `arn:${at.partition}:personalize:${at.region}:${at.account}:${kindTable[kind].arnSegment}/${id}` as ResourceArn

/** The resource id part of an ARN (everything after `<segment>/`). */
export const idOfArn = (arn: string): string => arn.slice(arn.indexOf("/") + 1)
