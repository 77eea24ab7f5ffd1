/**
 * Every Lambda entry point of the toolkit as data (see `LambdaEntry.ts` for a row's shape). An IaC app
 * (the CDK example in `examples/iac-cdk`, Terraform, SAM…) loops over `lambdaEntries`; the bundle script
 * and its test do too. Each capability keeps its rows in `<capability>/entries.ts`, so a new handler is
 * one row there.
 */
import { Result } from "effect"
import {
  type DeploymentResource,
  type DeploymentScopes,
  type IamStatement,
  noScopes,
  type ResourceArns
} from "./iam.ts"
import { ingestionEntries } from "./ingestion/entries.ts"
import { jobsEntries } from "./jobs/entries.ts"
import type { LambdaEntry } from "./LambdaEntry.ts"
import { maintenanceEntries } from "./maintenance/entries.ts"
import { monitoringEntries } from "./monitoring/entries.ts"
import { provisioningEntries } from "./provisioning/entries.ts"

export type { Capability, EnvSource, EnvVar, LambdaEntry, SdkClient, Trigger } from "./LambdaEntry.ts"

/** The Lambda entry points, one row each, capability by capability. */
export const lambdaEntries: ReadonlyArray<LambdaEntry> = [
  ...ingestionEntries,
  ...monitoringEntries,
  ...jobsEntries,
  ...provisioningEntries,
  ...maintenanceEntries
]

/** The entry named `name`, if any. */
export const lambdaEntry = (name: string): LambdaEntry | undefined => lambdaEntries.find((e) => e.name === name)

/**
 * The role statements of `entry` given the ARNs a deployment has; fails with the resources the entry
 * needs and `arns` lacks (a partial deployment must create them first).
 */
export const entryIamStatements = (
  entry: LambdaEntry,
  arns: Partial<ResourceArns>,
  scopes: DeploymentScopes = noScopes
): Result.Result<ReadonlyArray<IamStatement>, ReadonlyArray<DeploymentResource>> => {
  const missing = entry.resources.filter((r) => arns[r] === undefined)
  return missing.length > 0 ? Result.fail(missing) : Result.succeed(entry.iam(arns as ResourceArns, scopes))
}
