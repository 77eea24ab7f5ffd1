import type { SolutionSpec } from "../../config/Deployment.ts"
import { type DesiredResource, type ResourceKey, resourceKey } from "../DesiredResource.ts"
import { arn, fixed, flag, optional, tagsOf } from "./fields.ts"

/** A solution (recipe and training settings); only performAutoTraining can be updated in place. */
export const desiredSolution = (
  solution: SolutionSpec,
  groupKey: ResourceKey,
  datasetKeys: ReadonlyArray<ResourceKey>
): DesiredResource => ({
  key: resourceKey("Solution", solution.name),
  kind: "Solution",
  name: solution.name,
  dependsOn: [groupKey, ...datasetKeys],
  fields: () => ({
    recipeArn: fixed(solution.recipeArn ?? null),
    eventType: fixed(solution.eventType ?? null),
    performHPO: flag(solution.performHPO, false),
    performAutoML: flag(solution.performAutoML, false),
    performAutoTraining: flag(solution.performAutoTraining, true, true)
  }),
  createInput: (arnOf) => ({
    kind: "Solution",
    name: solution.name,
    datasetGroupArn: arn(arnOf, groupKey),
    ...optional("recipeArn", solution.recipeArn),
    ...optional("performAutoML", solution.performAutoML),
    ...optional("performHPO", solution.performHPO),
    ...optional("performAutoTraining", solution.performAutoTraining),
    ...optional("eventType", solution.eventType),
    ...optional("solutionConfig", solution.solutionConfig),
    ...tagsOf(solution.tags)
  })
})
