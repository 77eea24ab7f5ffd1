import type { SolutionSpec } from "../../config/Deployment.ts"
import { type DesiredResource, type ResourceKey, resourceKey } from "../DesiredResource.ts"
import { arn, tagsOf, truncate } from "./fields.ts"

/** A solution's current version, keyed by the solution's name; training reads the imported data. */
export const desiredSolutionVersion = (
  solution: SolutionSpec,
  importKeys: ReadonlyArray<ResourceKey>
): DesiredResource => {
  const solutionKey = resourceKey("Solution", solution.name)
  return {
    key: resourceKey("SolutionVersion", solution.name),
    kind: "SolutionVersion",
    name: solution.name,
    dependsOn: [solutionKey, ...importKeys],
    fields: () => ({}),
    createInput: (arnOf) => ({
      kind: "SolutionVersion",
      name: truncate(`${solution.name}-v1`),
      solutionArn: arn(arnOf, solutionKey),
      // Provisioning creates a version only when the solution has no ACTIVE one, and UPDATE needs an ACTIVE
      // FULL version (aws-facts §1.4): so this one trains FULL, as the MLOps solution does; UPDATE is for retraining.
      trainingMode: "FULL",
      ...tagsOf(solution.versionTags)
    })
  }
}
